"""The drug card has a print preview (only the regimen sheet had one), painting the PDF's
pages; its keys are menu commands (Find, Print standard keys; Ctrl+D, Ctrl+E)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from lmdesk.app_context import AppContext
from lmdesk.views.commands import offered
from lmdesk.views.drugs.drug_view import DrugCardsView


def _printing_to(path: Path, accept: bool = True) -> type[QDialog]:
    class FakePreview(QDialog):
        paintRequested = Signal(object)

        def exec(self) -> int:
            from PySide6.QtPrintSupport import QPrinter

            if not accept:
                return QDialog.DialogCode.Rejected.value
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(path))
            self.paintRequested.emit(printer)
            return QDialog.DialogCode.Accepted.value

    return FakePreview


def _view(qtbot, ctx: AppContext) -> DrugCardsView:
    view = DrugCardsView(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.search.setText("methotrexate")
    qtbot.waitUntil(lambda: view.current is not None and view.current.id == "methotrexate")
    return view


def test_the_card_previews_and_prints_its_pdf_pages(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    view = _view(qtbot, ctx)
    out = tmp_path / "card.pdf"
    view.preview_factory = _printing_to(out)
    view.print_button.click()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Methotrexate" in text and "Page 1 of" in text
    assert view.export_status.text() == "Sent to the printer."
    view.preview_factory = _printing_to(tmp_path / "x.pdf", accept=False)
    view.preview_and_print()
    assert view.export_status.text() == "Not printed."


def test_the_cards_keys_are_menu_commands(qtbot, ctx: AppContext) -> None:
    view = _view(qtbot, ctx)
    keys = {
        a.property("shortcut").toString() for a in offered(view, "file") + offered(view, "edit")
    }
    assert {"Ctrl+D", "Ctrl+E"} <= keys
    assert QKeySequence(QKeySequence.StandardKey.Print).toString() in keys
    assert QKeySequence(QKeySequence.StandardKey.Find).toString() in keys
