"""A pg_dump of the ward database can be cancelled (File > Back up now on the ward server):
pg_dump is ended, and neither the dump nor its partial file is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmdesk.store.server import dump
from lmdesk.store.server.dump import dump_to


class Stop(Exception):
    """What a cancelled job raises from its check."""


def test_a_check_that_raises_ends_pg_dump_and_leaves_no_file(
    ward_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dump, "CHECK_EVERY_S", 0.001)  # the check runs while pg_dump works
    checks: list[int] = []

    def stop() -> None:
        checks.append(1)
        raise Stop

    with pytest.raises(Stop):
        dump_to(ward_url, None, None, tmp_path / "ward.dump", stop)
    assert checks == [1]
    assert list(tmp_path.iterdir()) == []


def test_a_check_that_passes_lets_the_dump_finish(ward_url: str, tmp_path: Path) -> None:
    calls: list[int] = []
    made = dump_to(ward_url, None, None, tmp_path / "ward.dump", lambda: calls.append(1))
    assert made.read_bytes()[:5] == b"PGDMP"
    assert [p.name for p in tmp_path.iterdir()] == ["ward.dump"]
