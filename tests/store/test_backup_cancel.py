"""A backup can be stopped half-way (File > Back up now has a Cancel, issue 26): what stops
it leaves no file at all, neither the backup nor its partial copy, and an earlier backup of
the same name is untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lmdesk.store import backup
from lmdesk.store.backup import backup_to, is_good_database


class Stop(Exception):
    """What a cancelled job raises from its progress callback."""


def _database(path: Path, rows: int = 200) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE filler (x BLOB)")
    conn.executemany("INSERT INTO filler VALUES (?)", [(b"x" * 4000,) for _ in range(rows)])
    conn.commit()
    return conn


def test_progress_counts_pages_up_to_the_whole_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 16)
    source = _database(tmp_path / "live.sqlite")
    seen: list[tuple[int, int]] = []
    made = backup_to(
        source, tmp_path / "copy.sqlite", lambda done, total: seen.append((done, total))
    )
    total = seen[-1][1]
    assert len(seen) > 5 and seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert is_good_database(made)


@pytest.mark.parametrize("stop_at_step", [1, 3])
def test_what_the_progress_raises_stops_the_copy_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop_at_step: int
) -> None:
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 16)
    source = _database(tmp_path / "live.sqlite")
    backups = tmp_path / "backups"
    steps: list[int] = []

    def progress(done: int, total: int) -> None:
        steps.append(done)
        if len(steps) == stop_at_step:
            raise Stop

    with pytest.raises(Stop):
        backup_to(source, backups / "copy.sqlite", progress)
    assert len(steps) == stop_at_step
    assert list(backups.iterdir()) == []


def test_a_stopped_copy_leaves_an_earlier_backup_of_that_name_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 16)
    source = _database(tmp_path / "live.sqlite")
    earlier = backup_to(source, tmp_path / "backups" / "copy.sqlite")
    before = earlier.read_bytes()

    def stop(_done: int, _total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        backup_to(source, earlier, stop)
    assert earlier.read_bytes() == before
    assert [p.name for p in earlier.parent.iterdir()] == ["copy.sqlite"]
