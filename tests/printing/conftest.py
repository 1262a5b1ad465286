"""Printing tests: the shared sheet and response builders, and a Qt app with the CJK font."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

MODELS = Path(__file__).parents[1] / "models"
sys.path.insert(0, str(MODELS / "sheet"))
sys.path.insert(0, str(MODELS / "response"))


@pytest.fixture(autouse=True)
def printing_app(qapp: QCoreApplication) -> QCoreApplication:
    from lmdesk.printing.offscreen import ensure_gui_application

    return ensure_gui_application()
