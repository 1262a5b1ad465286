"""Save dialogs start in the folder the last file went to, across screens and runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmdesk.app_context import AppContext
from lmdesk.settings import load_settings
from lmdesk.views import file_dialogs
from lmdesk.views.file_dialogs import SaveDialog, save_dialog


class FakeDialog:
    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.starts: list[str] = []

    def __call__(self, parent, title: str, start: str, file_filter: str) -> tuple[str, str]:
        self.starts.append(start)
        return self.answer, file_filter


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeDialog:
    (tmp_path / "exports").mkdir()
    dialog = FakeDialog(str(tmp_path / "exports" / "sheet.pdf"))
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", dialog)
    return dialog


def test_the_next_dialog_starts_where_the_last_file_went(
    qtbot, ctx: AppContext, fake: FakeDialog, tmp_path: Path
) -> None:
    ask = save_dialog(ctx)
    assert ask(None, "Export", "sheet.pdf", "PDF (*.pdf)") == str(
        tmp_path / "exports" / "sheet.pdf"
    )
    assert fake.starts[0] == str(Path.home() / "sheet.pdf")  # nothing remembered yet
    fake.answer = ""  # the user cancels the next one
    save_dialog(ctx)(None, "Export curves", "pk.csv", "CSV (*.csv)")
    assert fake.starts[1] == str(tmp_path / "exports" / "pk.csv")
    # kept for the next run, in this workstation's settings
    assert load_settings(ctx.paths.settings_file).last_folder == str(tmp_path / "exports")


def test_a_cancelled_dialog_forgets_nothing(ctx: AppContext, fake: FakeDialog, tmp_path) -> None:
    ctx.settings.last_folder = str(tmp_path / "exports")
    fake.answer = ""
    SaveDialog(ctx.settings)(None, "t", "a.png", "")
    assert ctx.settings.last_folder == str(tmp_path / "exports")


def test_a_folder_that_is_gone_falls_back_to_home(
    ctx: AppContext, fake: FakeDialog, tmp_path
) -> None:
    ctx.settings.last_folder = str(tmp_path / "gone")
    fake.answer = ""
    SaveDialog(ctx.settings)(None, "t", "a.png", "")
    assert fake.starts == [str(Path.home() / "a.png")]


def test_the_pk_screen_offers_the_remembered_folder(
    qtbot, ctx: AppContext, fake: FakeDialog, tmp_path: Path
) -> None:
    from lmdesk.views.pk.pk_view import PkView

    ctx.settings.last_folder = str(tmp_path / "exports")
    view = PkView(ctx)
    qtbot.addWidget(view)
    fake.answer = ""
    view.ask_export("csv")
    assert fake.starts == [str(tmp_path / "exports" / "pk.csv")]
