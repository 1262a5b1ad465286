"""What the real start does at each stage: first paint, first view ready, first view loaded.

One child process runs ``lmdesk`` (offscreen) and records, at each stage, which modules are
loaded and what is on screen. The tests check what may (not) be there yet: they assert what
is imported and shown, never how long it took (timed tests flake).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import json, logging, sys
    import lmdesk.views.app as app_module

    seen = {}
    real_finish, real_started, real_loaded = (
        app_module.finish_start, app_module._started, app_module._loaded
    )

    def stage(controller):
        import PySide6.QtCore as qtcore
        ctx, window = controller.ctx, controller.window
        view = window.current_view()
        focus = controller.app.focusWidget()
        out = {
            "modules": sorted(sys.modules),
            "qt_namespace": "Qt" in vars(qtcore),
            "fonts": bool(controller.app.property("lmdesk_fonts")),
            "reference_open": "reference" in vars(ctx),
            "patients_open": ctx.patients_opened(),
            "views": sorted(window.created_views()),
            "empty_text": window.empty.text(),
            "focus": focus.objectName() if focus is not None else None,
            "log_handlers": [type(h).__name__ for h in logging.getLogger("lmdesk").handlers],
        }
        if view is not None and hasattr(view, "results_model"):
            out.update(
                rows=view.results_model.rowCount(),
                listed=len(view.listing),
                selected=view._selected_id(),
                current=view.current.id if view.current is not None else None,
                cards_loaded=view.loader.is_loaded(),
                page_text=view.browser.toPlainText()[:200],
                compare_built=view.compare_tab.is_built(),
            )
        return out

    def finish(controller):
        seen["paint"] = stage(controller)
        real_finish(controller)

    def started(controller):
        seen["ready"] = stage(controller)
        real_started(controller)

    def loaded(controller):
        seen["loaded"] = stage(controller)
        real_loaded(controller)

    app_module.finish_start, app_module._started, app_module._loaded = finish, started, loaded
    from lmdesk.__main__ import main
    code = main(sys.argv[1:])
    print("STAGES " + json.dumps(seen))
    sys.exit(code)
    """
)


@cache
def _stages(language: str, home: str) -> dict[str, dict[str, Any]]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        LMDESK_HOME=home,
        LMDESK_EXIT_AFTER_PAINT="1",
    )
    env.pop("DISPLAY", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--lang", language],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("STAGES "))
    stages: dict[str, dict[str, Any]] = json.loads(line.removeprefix("STAGES "))
    assert set(stages) == {"paint", "ready", "loaded"}, stages.keys()
    return stages


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return _stages("en", str(tmp_path_factory.mktemp("home-en")))


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return _stages("zh_CN", str(tmp_path_factory.mktemp("home-zh")))


NOT_BEFORE_PAINT = [
    "sqlite_utils",
    "numpy",
    "pyqtgraph",
    "pydantic",
    "lmdesk.cli",
    "lmdesk.store.patient_db",
    "lmdesk.store.reference",
    "logging.handlers",  # the log file opens after the first view is ready
    "lmdesk.views.about_dialog",
    "lmdesk.views.drugs.drug_view",
]

NOT_BEFORE_READY = [
    "sqlite_utils",
    "numpy",
    "pyqtgraph",
    "pydantic",
    "lmdesk.models.drugs.card",
    "lmdesk.views.drugs.pdf_export",
    "logging.handlers",
    "hashlib",  # audit hashes load with the first audited change, not at start-up
]


@pytest.mark.parametrize("module", NOT_BEFORE_PAINT)
def test_nothing_that_can_wait_loads_before_the_first_paint(english, module: str) -> None:
    assert module not in english["paint"]["modules"]


def test_first_paint_is_the_bare_shell(english) -> None:
    paint = english["paint"]
    assert not paint["qt_namespace"], "PySide's Qt namespace costs ~15 ms: not before the paint"
    assert not paint["reference_open"] and not paint["patients_open"]
    assert paint["views"] == []
    assert paint["empty_text"] == "", "no 'No views are installed.' flash while the view loads"
    assert paint["log_handlers"] == ["HeldRecords"]


@pytest.mark.parametrize("module", NOT_BEFORE_READY)
def test_the_full_cards_are_not_parsed_before_the_view_is_ready(english, module: str) -> None:
    assert module not in english["ready"]["modules"]


def test_at_ready_the_list_is_filled_and_the_search_box_takes_the_keys(english) -> None:
    ready = english["ready"]
    assert ready["patients_open"], "the patient DB is checked before the first view is ready"
    assert ready["views"] == ["drugs"]
    assert ready["rows"] == ready["listed"] >= 20
    assert ready["focus"] == "drug_search"
    assert ready["selected"] is not None
    assert ready["current"] is None and not ready["cards_loaded"]
    assert not ready["compare_built"], "the Compare tab is built when it is first opened"
    assert ready["fonts"], "the view shows Chinese names: the CJK font is registered before it"


def test_at_loaded_the_selected_card_is_on_the_page(english) -> None:
    ready, loaded = english["ready"], english["loaded"]
    assert loaded["cards_loaded"]
    assert loaded["current"] == ready["selected"]
    assert loaded["page_text"], "the card page shows the card"
    assert "pydantic" in loaded["modules"] and "lmdesk.models.drugs.card" in loaded["modules"]
    assert loaded["log_handlers"] == ["RotatingFileHandler"], "held records went to the file"


def test_english_registers_the_cjk_font_after_the_first_paint(english) -> None:
    assert not english["paint"]["fonts"]


def test_chinese_registers_the_cjk_font_before_the_first_paint(chinese) -> None:
    assert chinese["paint"]["fonts"]
    assert chinese["ready"]["rows"] == chinese["ready"]["listed"]
    assert chinese["loaded"]["page_text"]
