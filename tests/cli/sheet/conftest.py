"""Sheet CLI tests: a fresh reference build, and the shared sheet builders importable."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "models" / "sheet"))


@pytest.fixture(autouse=True)
def fresh_reference(monkeypatch: pytest.MonkeyPatch, reference_db_path: Path) -> None:
    monkeypatch.setattr("lmdesk.paths.bundled_reference_db", lambda: reference_db_path)
