"""A native crash leaves every thread's stack in the log folder; Qt's warnings reach the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning

from lmdesk.views.diagnostics import CRASH_LOG_NAME, install_qt_messages


def test_a_segfault_dumps_the_stacks_into_the_crash_log(tmp_path: Path) -> None:
    code = (
        "import faulthandler, pathlib, sys\n"
        "from lmdesk.views.diagnostics import enable_faulthandler\n"
        "enable_faulthandler(pathlib.Path(sys.argv[1]))\n"
        "faulthandler._sigsegv()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "logs")], env=env, capture_output=True
    )
    assert done.returncode != 0
    text = (tmp_path / "logs" / CRASH_LOG_NAME).read_text(encoding="utf-8")
    assert "Segmentation fault" in text
    assert 'File "<string>", line 4' in text
    if os.name == "posix":
        assert (tmp_path / "logs" / CRASH_LOG_NAME).stat().st_mode & 0o777 == 0o600


def test_qt_warnings_go_to_the_lmdesk_log(caplog: pytest.LogCaptureFixture) -> None:
    previous = install_qt_messages(chain=False)  # pytest-qt's handler back afterwards
    try:
        with caplog.at_level(logging.DEBUG, logger="lmdesk.qt"):
            qWarning("QPainter::begin: Paint device returned engine == 0")
    finally:
        qInstallMessageHandler(previous)
    records = [r for r in caplog.records if r.name == "lmdesk.qt"]
    assert [(r.levelno, r.getMessage()) for r in records] == [
        (logging.WARNING, "QPainter::begin: Paint device returned engine == 0")
    ]


def test_run_gui_installs_both_before_the_window_is_built() -> None:
    import inspect

    from lmdesk.views import app

    source = inspect.getsource(app.run_gui)
    assert "enable_faulthandler(ctx.paths.logs_dir)" in source
    assert "install_qt_messages()" in source
    assert source.index("install_qt_messages()") < source.index("GuiController(")
