"""CLI tests act as signed-in staff: the password in ``LMDESK_PASSWORD``, ``cli_staff`` helpers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from cli_staff import PASSWORD


@pytest.fixture(autouse=True)
def staff_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMDESK_PASSWORD", PASSWORD)
    monkeypatch.delenv("LMDESK_NEW_PASSWORD", raising=False)
