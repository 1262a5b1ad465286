"""User CLI tests run against a fresh reference build, never the committed data/lm.sqlite."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def fresh_reference(monkeypatch: pytest.MonkeyPatch, reference_db_path: Path) -> None:
    monkeypatch.setattr("lmdesk.paths.bundled_reference_db", lambda: reference_db_path)
