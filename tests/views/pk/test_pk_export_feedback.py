"""PK exports say their outcome beside the buttons (a CSV export wrote its file without a
word), a failure is said instead of raised, and a long CSV can be cancelled leaving no file."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lmdesk.views.jobs import JobControl
from lmdesk.views.pk import plot_export
from lmdesk.views.pk.plot_export import write_csv


def test_each_export_says_where_it_saved(make_view: Any, qtbot: Any, tmp_path: Path) -> None:
    view = make_view()
    view.export(tmp_path / "c.png", "png")
    assert view.export_status.text() == f"Saved: {tmp_path / 'c.png'}"
    with qtbot.waitSignal(view.exported, timeout=30000):
        view.export(tmp_path / "c.csv", "csv")
    assert view.export_status.text() == f"Saved: {tmp_path / 'c.csv'}"
    assert view.export_status.isVisibleTo(view)


def test_an_export_that_cannot_write_says_so(make_view: Any, tmp_path: Path) -> None:
    view = make_view()
    (tmp_path / "a-file").write_text("not a folder")
    view.export(tmp_path / "a-file" / "c.svg", "svg")  # raised OSError out of the click
    assert view.export_status.text().startswith("Export failed:")
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_cancel_leaves_no_csv(
    make_view: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV job is held at its first progress report until Cancel is clicked."""
    monkeypatch.setattr(plot_export, "CSV_BLOCK_ROWS", 100)
    held, clicked = threading.Event(), threading.Event()
    report = JobControl.fraction

    def held_fraction(control: JobControl, done: int, total: int) -> None:
        held.set()
        clicked.wait(10)
        report(control, done, total)

    monkeypatch.setattr(JobControl, "fraction", held_fraction)
    view = make_view()
    job = view.export(tmp_path / "c.csv", "csv")
    assert job is not None and held.wait(10)
    view.export_progress.show()
    with qtbot.waitSignal(job.signals.cancelled, timeout=10000):
        view.export_progress.cancel_button.click()
        clicked.set()
    assert list(tmp_path.iterdir()) == []
    assert view.export_status.text() == "Export cancelled: no file was written."


def test_write_csv_reports_blocks_and_what_it_raises_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plot_export, "CSV_BLOCK_ROWS", 10)
    table = np.arange(25 * 3, dtype=float).reshape(25, 3)
    seen: list[tuple[int, int]] = []
    write_csv(tmp_path / "a.csv", ["a", "b", "c"], table, lambda d, t: seen.append((d, t)))
    assert seen == [(10, 25), (20, 25), (25, 25)]
    assert len((tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()) == 26

    def stop(_done: int, _total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_csv(tmp_path / "b.csv", ["a", "b", "c"], table, stop)
    assert not (tmp_path / "b.csv").exists()
