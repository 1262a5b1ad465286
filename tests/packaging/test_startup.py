"""Fast start: the window paints before any work that can wait, and the benchmark can see it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from lmdesk.__main__ import _only_global_options
from lmdesk.app_context import AppContext
from lmdesk.views.first_paint import (
    FirstPaint,
    exit_after_paint_requested,
    open_every_view_requested,
    record_stamp,
)
from lmdesk.views.main_window import MainWindow
from lmdesk.views.registry import VIEW_SPECS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "gui"),
    [
        ([], True),
        (["--lang", "zh_CN"], True),
        (["--db", "/x/p.sqlite", "--lang=en"], True),
        (["--db=/x/p.sqlite"], True),
        (["--db"], False),  # missing value: the parser must say so
        (["selftest"], False),
        (["--lang", "en", "drugs"], False),
        (["--version"], False),
        (["-h"], False),
    ],
)
def test_only_global_options_decides_gui_fast_path(argv: list[str], gui: bool) -> None:
    assert _only_global_options(argv) is gui


def test_first_paint_fires_once_after_the_window_painted(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    probe = FirstPaint(window)
    fired: list[int] = []
    probe.painted.connect(lambda: fired.append(1))
    assert fired == []
    with qtbot.waitSignal(probe.painted, timeout=5000):
        window.show()
    window.repaint()
    qtbot.wait(20)
    assert fired == [1]


def test_first_paint_sees_a_widget_covered_by_its_children(qtbot) -> None:
    """A view is usually a container fully covered by its children: it never paints itself."""
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel("child"))
    qtbot.addWidget(container)
    probe = FirstPaint(container)
    with qtbot.waitSignal(probe.painted, timeout=5000):
        container.show()


def test_stamps_are_appended_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "stamps"
    record_stamp("paint", environ={})
    assert not target.exists()
    env = {"LMDESK_STARTUP_STAMPS": str(target)}
    record_stamp("paint", environ=env)
    record_stamp("ready", environ=env)
    lines = [line.split() for line in target.read_text(encoding="utf-8").splitlines()]
    assert [name for name, _ in lines] == ["paint", "ready"]
    assert float(lines[0][1]) <= float(lines[1][1])
    assert exit_after_paint_requested({"LMDESK_EXIT_AFTER_PAINT": "1"})
    assert not exit_after_paint_requested({})
    assert open_every_view_requested({"LMDESK_EXIT_AFTER_PAINT": "all-views"})
    assert not open_every_view_requested({"LMDESK_EXIT_AFTER_PAINT": "1"})


def test_stamp_to_an_unwritable_place_is_ignored(tmp_path: Path) -> None:
    record_stamp("paint", environ={"LMDESK_STARTUP_STAMPS": str(tmp_path / "no" / "such" / "f")})


def test_shell_can_wait_with_the_first_view(qtbot, ctx: AppContext) -> None:
    window = MainWindow(ctx, VIEW_SPECS, open_first_view=False)
    qtbot.addWidget(window)
    assert window.created_views() == {}
    assert not ctx.patients_opened()


def _run(code: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LMDESK_HOME=str(home), **env)
    full_env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=full_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_gui_paints_then_opens_the_database_and_quits_when_asked(tmp_path: Path) -> None:
    stamps = tmp_path / "stamps"
    proc = _run(
        "import sys; from lmdesk.__main__ import main; sys.exit(main([]))",
        tmp_path / "home",
        LMDESK_STARTUP_STAMPS=str(stamps),
        LMDESK_EXIT_AFTER_PAINT="1",
    )
    assert proc.returncode == 0, proc.stderr
    events = [line.split() for line in stamps.read_text(encoding="utf-8").splitlines()]
    names = [name for name, _ in events]
    assert names == [
        "imported",
        "qt-app",
        "shell-built",
        "paint",
        "patient-db",
        "view-built",
        "ready",
        "loaded",
    ]
    moments = [float(moment) for _, moment in events]
    assert moments == sorted(moments)
    assert (tmp_path / "home" / "patients.sqlite").is_file()  # opened after the paint


def test_memory_run_opens_every_view_through_the_real_start(tmp_path: Path) -> None:
    stamps = tmp_path / "stamps"
    code = textwrap.dedent(
        """
        import sys
        import lmdesk.views.main_window as mw
        opened = []
        original = mw.MainWindow.open_view
        def spy(self, key):
            opened.append(key)
            return original(self, key)
        mw.MainWindow.open_view = spy
        from lmdesk.__main__ import main
        from lmdesk.views.registry import VIEW_SPECS
        rc = main([])
        sys.exit(rc or (0 if opened == [s.key for s in VIEW_SPECS] else 1))
        """
    )
    proc = _run(
        code,
        tmp_path / "home",
        LMDESK_STARTUP_STAMPS=str(stamps),
        LMDESK_EXIT_AFTER_PAINT="all-views",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    events = [line.split()[0] for line in stamps.read_text(encoding="utf-8").splitlines()]
    assert events[-4:] == ["view-built", "ready", "loaded", "all-views"]


def test_nothing_heavy_is_imported_before_the_first_paint(tmp_path: Path) -> None:
    """sqlite-utils, numpy, pyqtgraph, pydantic and the CLI load after the window is on screen."""
    code = textwrap.dedent(
        """
        import sys
        import lmdesk.views.app as app_module
        seen = {}
        def at_first_paint(controller):
            seen["modules"] = set(sys.modules)
            seen["patients"] = controller.ctx.patients_opened()
            seen["views"] = dict(controller.window.created_views())
            controller.app.quit()
        app_module.finish_start = at_first_paint
        from lmdesk.__main__ import main
        assert main([]) == 0
        heavy = ("sqlite_utils", "numpy", "pyqtgraph", "pydantic", "lmdesk.cli")
        loaded = sorted(m for m in (*heavy, "lmdesk.store.patient_db") if m in seen["modules"])
        print("loaded:", loaded, "patients:", seen["patients"], "views:", sorted(seen["views"]))
        sys.exit(1 if loaded or seen["patients"] or seen["views"] else 0)
        """
    )
    proc = _run(code, tmp_path / "home")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_refused_patient_db_after_first_paint_exits_2_and_stays_untouched(tmp_path: Path) -> None:
    """The DB opens after the first paint now; a refusal must still end the run with exit 2."""
    import hashlib
    import sqlite3

    db = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtWidgets import QMessageBox
        shown = []
        QMessageBox.critical = staticmethod(lambda parent, title, text: shown.append(text))
        from lmdesk.__main__ import main
        rc = main(["--db", {str(db)!r}])
        print("shown:", shown)
        sys.exit(rc if shown else 99)
        """
    )
    proc = _run(code, tmp_path / "home")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "999" in proc.stdout
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
