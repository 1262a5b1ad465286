"""The committed reference DB is exactly what the sources build."""

from __future__ import annotations

from pathlib import Path

from lmdesk.paths import bundled_reference_db, reference_sources_dir
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.reference_build import build_reference, content_dump


def test_committed_reference_db_equals_a_fresh_build(reference_db_path: Path) -> None:
    committed = content_dump(bundled_reference_db())
    fresh = content_dump(reference_db_path)
    assert committed == fresh, "rebuild with: lmdesk db build-reference, and commit data/lm.sqlite"


def test_build_is_deterministic(tmp_path: Path) -> None:
    a = build_reference(reference_sources_dir(), tmp_path / "a.sqlite")
    b = build_reference(reference_sources_dir(), tmp_path / "b.sqlite")
    assert content_dump(a) == content_dump(b)


def test_reference_db_carries_version_and_review_date(reference: ReferenceDB) -> None:
    assert reference.content_version
    assert len(reference.reviewed_on) == 10


def test_reference_db_is_opened_read_only(reference: ReferenceDB) -> None:
    import sqlite3

    import pytest

    with pytest.raises(sqlite3.OperationalError):
        reference.conn.execute("CREATE TABLE x (y)")


def test_a_failed_build_leaves_the_old_file(tmp_path: Path) -> None:
    import pytest

    target = build_reference(reference_sources_dir(), tmp_path / "lm.sqlite")
    before = content_dump(target)
    broken = tmp_path / "sources"
    broken.mkdir()
    (broken / "meta.toml").write_text("content_version = 1\n")
    with pytest.raises(Exception):  # noqa: B017 - any validation error
        build_reference(broken, target)
    assert content_dump(target) == before
    assert not (tmp_path / "lm.sqlite.building").exists()
