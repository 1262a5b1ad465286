"""Choose a patient by typing MRN or name (either script) — never listing every patient.

Each keystroke runs one bounded query (``PatientRepository.pick``: at most ``limit`` rows,
exact MRN first, then MRN and name prefixes, newest first), so the picker costs the same
with 10 or 10,000 patients. Keyboard first: type, arrows, Enter. Enter alone chooses only
an unambiguous hit (an exact MRN or the only match): a wrong patient is a clinical incident.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _, ngettext
from lmdesk.models.drugs.names import normalize_name
from lmdesk.store.patient_repo import PICK_LIMIT, PatientRepository, PatientRow
from lmdesk.views.common.patient_context import PatientContext


def _item_text(row: PatientRow) -> str:
    """MRN — name, then sex and birth date: two patients of one name must look different."""
    sex = {"F": _("F"), "M": _("M")}.get(row.sex or "", "")
    born = row.birth_date.isoformat() if row.birth_date else ""
    extra = " · ".join(x for x in (sex, born) if x)
    return f"{row.label}   ({extra})" if extra else row.label


class PatientPicker(QWidget):
    """Emits ``chosen(patient id)`` when the user (or ``select_*``) picks a patient, and
    ``naming(bool)`` when the field starts or stops naming the chosen patient (the user types
    another name: the chosen patient's actions must not stay live meanwhile)."""

    chosen = Signal(int)
    naming = Signal(bool)

    def __init__(
        self,
        patients: PatientRepository,
        parent: QWidget | None = None,
        limit: int = PICK_LIMIT,
        *,
        compact: bool = False,
        shared: PatientContext | None = None,
    ) -> None:
        """``compact``: for a narrow side panel, the match count goes under the field.
        ``shared``: the window's patient context, published to and followed."""
        super().__init__(parent)
        self._patients = patients
        self._shared = shared
        self._follow_when_shown = False
        self._named = True
        if shared is not None:
            shared.changed.connect(self._shared_changed)
        self._limit = limit
        self._current: PatientRow | None = None
        self._results: list[PatientRow] = []
        self.edit = QLineEdit()
        self.edit.setObjectName("patient_picker")
        self.edit.setClearButtonEnabled(True)
        if not compact:  # room for "MRN — name" of a long name
            sample = "W0000000 — 王王王王 Wangwang"
            self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(sample) + 32)
        self.list_model = QStandardItemModel(self)
        self.completer = QCompleter(self.list_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.edit.textEdited.connect(self.search)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.returnPressed.connect(self._enter)
        self.edit.installEventFilter(self)
        self.hint = QLabel()
        self.hint.setObjectName("patient_picker_hint")
        self.hint.hide()
        row = QVBoxLayout(self) if compact else QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 0 if compact else 1)  # stretch only sideways
        row.addWidget(self.hint)
        self.retranslate()

    # -- state --------------------------------------------------------------------------

    def popup(self) -> QAbstractItemView:
        """The list of matches under the field."""
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes one on demand
        return popup

    def focus(self) -> None:
        """Put the cursor in the field, text selected, ready to type (views bind Ctrl+F)."""
        self.edit.setFocus()
        self.edit.selectAll()

    def current(self) -> PatientRow | None:
        return self._current

    def current_id(self) -> int | None:
        return self._current.id if self._current else None

    def current_mrn(self) -> str | None:
        return self._current.mrn if self._current else None

    def results(self) -> list[PatientRow]:
        """The patients the list offers for the text typed last (at most ``limit``)."""
        return list(self._results)

    def names_current(self) -> bool:
        """True while the field shows the chosen patient (not a name being typed)."""
        return self._current is not None and self.edit.text() == self._current.label

    def choose(self, row: PatientRow | None, emit: bool = True, *, share: bool = True) -> None:
        """Make ``row`` the chosen patient; ``share`` publishes it to the other screens."""
        self._current = row
        self.popup().hide()
        self.edit.setText(row.label if row else "")
        if not self.edit.hasFocus():
            self.edit.setCursorPosition(0)  # a narrow box shows the MRN, not the name's end
        self._set_hint("")
        self._text_changed()
        if share and row is not None and self._shared is not None:
            self._shared.set_mrn(row.mrn)
        if emit and row is not None:
            self.chosen.emit(row.id)

    def select_mrn(self, mrn: str, emit: bool = True, *, share: bool = True) -> bool:
        row = self._patients.row_by_mrn(mrn)
        if row is not None:
            self.choose(row, emit, share=share)
        return row is not None

    def select_id(self, patient_id: int, emit: bool = True) -> bool:
        row = self._patients.row(patient_id)
        if row is not None:
            self.choose(row, emit)
        return row is not None

    def refresh(self, fallback_to_recent: bool = True) -> None:
        """Re-read the chosen patient (it may have been edited elsewhere) without emitting;
        with none chosen, take the most recently changed patient, if any."""
        row = self._patients.row(self._current.id) if self._current else None
        if row is None and self._shared is not None and self._shared.mrn():
            row = self._patients.row_by_mrn(self._shared.mrn())  # the patient of the window
        if row is None and fallback_to_recent:
            recent = self._patients.pick("", limit=1)
            row = recent[0] if recent else None
        self.choose(row, emit=False, share=False)

    # -- the window's shared patient -----------------------------------------------------

    def _shared_changed(self, mrn: str) -> None:
        if self._current is not None and self._current.mrn == mrn:
            return
        if self.isVisible():
            self.follow_shared()
        else:
            self._follow_when_shown = True

    def follow_shared(self) -> None:
        """Choose the window's patient here too (emitting ``chosen`` for the screen)."""
        self._follow_when_shown = False
        mrn = self._shared.mrn() if self._shared is not None else ""
        if mrn and (self._current is None or self._current.mrn != mrn):
            self.select_mrn(mrn, emit=True, share=False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._follow_when_shown:
            self.follow_shared()

    def _text_changed(self, *_args: object) -> None:
        named = self.names_current()
        if named != self._named:
            self._named = named
            self.naming.emit(named)

    # -- typing -------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Offer the best ``limit`` matches for ``text`` in the pop-up list."""
        label = self._current.label if self._current else ""
        if label and len(text) > len(label) and text.startswith(label):
            text = text[len(label) :]  # typing after the chosen patient starts a new search
            self.edit.setText(text)
        elif label and len(text) > len(label) and text.endswith(label):
            text = text[: -len(label)]  # and so does typing before it (the cursor at the MRN)
            self.edit.setText(text)
        self._results = self._patients.pick(text, self._limit)
        self.list_model.clear()
        for i, row in enumerate(self._results):
            item = QStandardItem(_item_text(row))
            item.setData(i, Qt.ItemDataRole.UserRole)
            self.list_model.appendRow(item)
        if not text.strip():
            self._set_hint("")
        elif not self._results:
            self._set_hint(_("No patient matches"))
        elif len(self._results) >= self._limit:
            self._set_hint(_("First {n} matches: type more").format(n=self._limit))
        else:
            n = len(self._results)
            self._set_hint(ngettext("{n} match", "{n} matches", n).format(n=n))
        popup = self.popup()
        if not self._results:
            popup.hide()
            return
        self._show_list()
        if self._unambiguous(text) is not None:
            popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _show_list(self) -> None:
        """Open the list under the field, wide enough for MRN, name, sex and birth date."""
        popup = self.popup()
        scrollbar = popup.verticalScrollBar()
        extra = (scrollbar.sizeHint().width() if scrollbar else 0) + 2 * popup.frameWidth() + 8
        rect = self.edit.rect()
        rect.setWidth(max(rect.width(), popup.sizeHintForColumn(0) + extra))
        self.completer.complete(rect)

    def _unambiguous(self, text: str) -> PatientRow | None:
        if len(self._results) == 1:
            return self._results[0]
        key = normalize_name(text)
        exact = [row for row in self._results if normalize_name(row.mrn) == key]
        return exact[0] if len(exact) == 1 else None  # "A-1" and "A1" both exact: ask

    def _activated(self, index: QModelIndex) -> None:
        position = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(position, int) and 0 <= position < len(self._results):
            self.choose(self._results[position])

    def _enter(self) -> None:
        text = self.edit.text()
        if not text.strip() or (self._current is not None and text == self._current.label):
            return
        row = self._unambiguous(text)
        if row is not None:
            self.choose(row)
        elif self._results:
            self._show_list()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Entering the field selects its text, so typing replaces the chosen patient;
        leaving it (or Escape) without choosing puts the chosen patient back."""
        if watched is self.edit:
            kind = event.type()
            if kind == QEvent.Type.FocusIn:
                QTimer.singleShot(0, self.edit, self.edit.selectAll)
            elif (kind == QEvent.Type.FocusOut and not self.popup().isVisible()) or (
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
            ):
                self._restore()
        return super().eventFilter(watched, event)

    def _restore(self) -> None:
        label = self._current.label if self._current else ""
        if self.edit.text() != label:
            self.edit.setText(label)
        self._set_hint("")

    def _set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))  # an empty line would push the fields below down

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(_("Type MRN or name (姓名)…"))
        self.edit.setToolTip(
            _("Type part of the MRN or name; choose with the arrow keys and Enter (Ctrl+F).")
        )
