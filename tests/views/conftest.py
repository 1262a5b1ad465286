"""GUI fixtures: the QApplication pytest-qt made, set up like lmdesk's (bundled CJK font)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def lmdesk_app(qapp: QApplication) -> QApplication:
    from lmdesk.views.app import ensure_application

    return ensure_application()
