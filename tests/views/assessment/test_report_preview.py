"""The response summary has a print preview (only the regimen sheet had one): it paints the
summary's pages, a print is audited, a cancelled preview prints nothing; Save and Print are
menu commands with the standard keys."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).parent))

from test_assessment_view import Answers, _course, _pick_course, _view

from lmdesk.models.response.assessment import parse_assessment
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.views.commands import offered


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


def _with_baseline(ctx: Any) -> int:
    course_id = _course(ctx)
    AssessmentRepository(ctx.patients).add(
        parse_assessment({"course_id": course_id, "assessed_on": date(2026, 12, 11), "kps": 60})
    )
    return course_id


def test_the_summary_previews_prints_and_is_audited(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    course_id = _with_baseline(ctx)
    view = _view(qtbot, ctx, Answers())
    _pick_course(qtbot, view)
    out = tmp_path / "printed.pdf"
    view.preview_factory = _printing_to(out)
    view.print_button.click()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Response assessment summary" in text and "Page 1 of 1" in text
    assert view.report_status.text() == "Summary sent to the printer (1 page)."
    history = ctx.patients.history("course", course_id)
    printed = [e for e in history if e.action == "assessment.report"]
    assert printed and printed[-1].after["file_name"] == "printer"


def test_a_cancelled_summary_preview_prints_nothing(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    course_id = _with_baseline(ctx)
    view = _view(qtbot, ctx, Answers())
    _pick_course(qtbot, view)
    view.preview_factory = _printing_to(tmp_path / "x.pdf", accept=False)
    view.preview_report()
    assert view.report_status.text() == "Not printed."
    actions = [e.action for e in ctx.patients.history("course", course_id)]
    assert "assessment.report" not in actions


def test_save_and_print_are_menu_commands_with_standard_keys(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx, Answers())
    file_keys = [a.property("shortcut") for a in offered(view, "file")]
    edit_keys = [a.property("shortcut") for a in offered(view, "edit")]
    assert QKeySequence(QKeySequence.StandardKey.Print) in file_keys
    assert QKeySequence(QKeySequence.StandardKey.Save) in edit_keys
