"""The give dialog: asks when, how much, by which route and who gives, and shows the pre-dose
gate's findings for that moment before the dose can be marked given.

The gate lives in ``models.scheduling.gate``; the dialog runs it through the ``check``
callable it is given (re-run whenever an answer changes), refuses Give while a stop that no
reason can lift stands, and asks for a typed reason before an overridable stop is overridden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.drugs.overdose import OverdoseCard
from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling.course import Session
from lmdesk.models.scheduling.gate import GateResult, meaningful_text
from lmdesk.models.scheduling.protocol import Route
from lmdesk.views.common.overdose_dialog import OverdoseDialog
from lmdesk.views.courses.gate_findings import STOP_COLOUR, FindingsTable, status_html
from lmdesk.views.users.sign_in import password_edit

if TYPE_CHECKING:
    from lmdesk.models.users.user import User


@dataclass(frozen=True)
class GiveInput:
    at: datetime
    dose_mg: float
    route: Route
    given_by: str
    batch: str = ""
    dose_reason: str = ""
    override_reason: str = ""
    signed_by: User | None = None  # who gives, authenticated in the dialog (issue 23)


#: ``authorize(login, password, overriding)``: the authenticated giver holding the right to
#: give (and, when ``overriding`` a stop, to override it); else an ``LmdeskError``.
GiveAuthorize = Callable[[str, str, bool], "User"]

#: ``check(at, route, dose_mg, given_by)``: the gate's result for these answers.
GateCheck = Callable[[datetime, Route, float, str], GateResult]


class GiveDialog(QDialog):
    """``answer`` holds the accepted input; ``gate_result`` the gate's last result.

    With the drug's ``overdose_card`` (``store.overdose_repo``), "Overdose card…" opens it for
    the dose as typed; ``drug_name`` is the drug's name in the screen's language.
    """

    def __init__(
        self,
        session: Session,
        now: datetime,
        user: str,
        check: GateCheck,
        parent: QWidget | None = None,
        overdose_card: OverdoseCard | None = None,
        drug_name: str = "",
        authorize: GiveAuthorize | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("give_dialog")
        self._authorize = authorize
        self.session = session
        self._now = now
        self._check = check
        self._overdose_card = overdose_card
        self._drug_name = drug_name
        self.overdose_dialog: OverdoseDialog | None = None
        self.answer: GiveInput | None = None
        self.gate_result: GateResult | None = None
        self.when = QDateTimeEdit(
            QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
        )
        self.when.setDisplayFormat("yyyy-MM-dd ddd HH:mm")
        self.dose = QDoubleSpinBox()
        self.dose.setRange(0.01, 1000)
        self.dose.setDecimals(2)
        self.dose.setSuffix(" mg")
        self.dose.setValue(session.dose_mg)
        self.route = QComboBox()
        self.route.addItem("", "lp")
        self.route.addItem("", "ommaya")
        self.route.setCurrentIndex(max(0, self.route.findData(session.route)))
        self.who = QLineEdit(user)
        self.who.setObjectName("giver_login")
        self.password = password_edit("giver_password")
        self.batch = QLineEdit()
        self.dose_reason = QLineEdit()
        self.status = QLabel()
        self.status.setObjectName("gate_status")
        self.findings = FindingsTable()
        self.findings.setMinimumHeight(220)
        self.override_label = QLabel()
        self.override = QLineEdit()
        self.override.setObjectName("override_reason")
        self.error = QLabel()
        self.error.setObjectName("give_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {STOP_COLOUR}; font-weight: bold;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.give_button = QPushButton()
        self.give_button.setObjectName("give_button")
        self.buttons.addButton(self.give_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.give_button.clicked.connect(self.try_give)
        self.overdose_button = QPushButton()
        self.overdose_button.setObjectName("overdose_button")
        self.overdose_button.clicked.connect(self._open_overdose)
        self.buttons.addButton(self.overdose_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.overdose_button.setVisible(overdose_card is not None)

        self.form = QFormLayout()
        self._labels = [QLabel() for _i in range(7)]
        for label, field in zip(
            self._labels,
            (
                self.when,
                self.dose,
                self.route,
                self.who,
                self.password,
                self.batch,
                self.dose_reason,
            ),
            strict=True,
        ):
            self.form.addRow(label, field)
        self.form.setRowVisible(self.password, authorize is not None)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.override_label)
        layout.addWidget(self.override)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)
        for signal in (
            self.when.dateTimeChanged,
            self.dose.valueChanged,
            self.route.currentIndexChanged,
        ):
            signal.connect(self.recheck)
        self.who.editingFinished.connect(self.recheck)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Session {n} given").format(n=self.session.n))
        for label, text in zip(
            self._labels,
            (
                _("Date and time"),
                _("Dose"),
                _("Route (INTRATHECAL)"),
                _("Given by (login name)") if self._authorize else _("Given by"),
                _("Password of who gives"),
                _("Batch (optional)"),
                _("Reason if above the usual dose"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.route.setItemText(0, _("Lumbar puncture"))
        self.route.setItemText(1, _("Ommaya reservoir"))
        self.give_button.setText(_("Give"))
        self.overdose_button.setText(_("Overdose card…"))
        self.override_label.setText(
            _(
                "To override a stop, a prescriber on the IT register gives the dose and "
                "types why (audited, printed):"
            )
            if self._authorize
            else _(
                "To override a stop, the clinician giving the dose types why (audited, printed):"
            )
        )
        self.findings.retranslate()
        self.recheck()

    # -- answers ------------------------------------------------------------------------

    def at(self) -> datetime:
        q = self.when.dateTime()
        return datetime(
            q.date().year(),
            q.date().month(),
            q.date().day(),
            q.time().hour(),
            q.time().minute(),
            tzinfo=self._now.tzinfo,
        )

    def _route(self) -> Route:
        value: Route = self.route.currentData()
        return value

    def recheck(self, *_args: object) -> None:
        """Run the gate for the answers as they stand and show what it says."""
        try:
            self.gate_result = self._check(
                self.at(), self._route(), self.dose.value(), self.who.text()
            )
        except LmdeskError as err:
            self.gate_result = None
            self.status.setText(_("The gate cannot check these answers: {why}").format(why=err))
            self.findings.show_findings(())
            self.give_button.setEnabled(False)
            return
        result = self.gate_result
        self.status.setText(_("Pre-dose gate: {status}").format(status=status_html(result)))
        self.findings.show_findings(result.findings)
        hard = [f for f in result.stops if not f.overridable]
        self.give_button.setEnabled(not hard)
        overridable = bool(result.stops) and not hard
        self.override_label.setVisible(overridable)
        self.override.setVisible(overridable)
        if hard:
            self.error.setText(
                _("Cannot be given: {why} This stop cannot be overridden.").format(
                    why=hard[0].message
                )
            )
        else:
            self.error.clear()

    def try_give(self) -> bool:
        """Accept when the gate allows it; otherwise say why and stay open."""
        self.recheck()
        result = self.gate_result
        if result is None:
            return False
        hard = [f for f in result.stops if not f.overridable]
        if hard:
            return False
        who = meaningful_text(self.who.text())
        if not who:
            self.error.setText(_("Say who gives the dose (a named clinician)."))
            return False
        reason = meaningful_text(self.override.text())
        if result.stops and not reason:
            self.error.setText(
                _(
                    "The gate stops this dose. To give it anyway, type why the stop is "
                    "overridden (blank or invisible text is not a reason)."
                )
            )
            self.override.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        signer: User | None = None
        if self._authorize is not None:
            password = self.password.text()
            self.password.clear()
            try:
                signer = self._authorize(self.who.text().strip(), password, bool(result.stops))
            except LmdeskError as err:
                self.error.setText(str(err))
                self.password.setFocus(Qt.FocusReason.OtherFocusReason)
                return False
            who = signer.display_name
        self.answer = GiveInput(
            at=self.at(),
            dose_mg=self.dose.value(),
            route=self._route(),
            given_by=who,
            signed_by=signer,
            batch=self.batch.text(),
            dose_reason=self.dose_reason.text(),
            override_reason=reason if result.stops else "",
        )
        self.accept()
        return True

    def _open_overdose(self) -> None:
        """The drug's sourced overdose card, for the dose as it stands in the dialog."""
        if self._overdose_card is None:
            return
        self.overdose_dialog = OverdoseDialog(
            self._overdose_card,
            dose_mg=self.dose.value(),
            drug_name=self._drug_name,
            parent=self,
        )
        self.overdose_dialog.open()
