"""Small widgets the assessment form is made of: choices that retranslate themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from lmdesk.i18n import N_, _

NOT_RECORDED = N_("- not recorded -")


class ChoiceBox(QComboBox):
    """A choice among labelled values; the first entry is "not recorded" (value None).

    Labels are N_() msgids, translated on ``retranslate()``; the chosen value survives a
    language switch.
    """

    chosen = Signal()

    def __init__(
        self,
        options: Sequence[tuple[Any, str]],
        parent: QWidget | None = None,
        *,
        blank: str = NOT_RECORDED,
        prefix_value: bool = False,
    ) -> None:
        super().__init__(parent)
        self._options = [(None, blank), *options]
        self._prefix = prefix_value
        for value, _label in self._options:
            self.addItem("", value)
        self.currentIndexChanged.connect(lambda _i: self.chosen.emit())
        self.retranslate()

    def retranslate(self) -> None:
        for index, (value, label) in enumerate(self._options):
            text = _(label)
            if self._prefix and value is not None:
                text = f"{value} - {text}"
            self.setItemText(index, text)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(index if index >= 0 else 0)


class Note(QLabel):
    """A grey explanatory line (a source, a "not confirmed") that retranslates itself."""

    def __init__(self, message: str, suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message = message
        self._suffix = suffix
        self.setWordWrap(True)
        self.setStyleSheet("color: #555555;")
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(_(self._message) + (f" {self._suffix}" if self._suffix else ""))


def labelled(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())
