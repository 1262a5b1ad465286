"""Drug cards survive the round trip TOML -> reference DB -> DrugRepository unchanged."""

from pathlib import Path

import pytest
import sqlite_utils

from lmdesk.models.drugs.content import ContentError
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.drug_sources import REFERENCE_DIR, load_cards
from lmdesk.store.errors import ReferenceDataError
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.refsections import drugs as drugs_section
from lmdesk.store.refsections import meta


def test_catalog_round_trip_equals_sources(reference: ReferenceDB) -> None:
    repo = DrugRepository(reference)
    from_db = {c.id: c for c in repo.catalog().all()}
    from_files = {c.id: c for c in load_cards()}
    assert from_db == from_files


def test_catalog_is_cached(reference: ReferenceDB) -> None:
    repo = DrugRepository(reference)
    assert repo.catalog() is repo.catalog()


def test_bibliography_round_trip(reference: ReferenceDB) -> None:
    bib = DrugRepository(reference).bibliography()
    assert bib["R40"].citation.startswith("BC Cancer Protocol MOIT")
    assert bib["seed-52"].doi == "10.1186/s12916-025-04134-7"


def test_summary_columns_match_the_body(reference: ReferenceDB) -> None:
    rows = list(reference.db["drug_cards"].rows)
    never = sorted(r["id"] for r in rows if r["it_status"] == "never")
    assert "vincristine" in never and "bortezomib" in never
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)


def _build_minimal(tmp_path: Path, sources: Path) -> Path:
    path = tmp_path / "ref.sqlite"
    db = sqlite_utils.Database(path)
    meta.build(db, REFERENCE_DIR)
    drugs_section.build(db, sources)
    db.close()
    return path


def test_missing_table_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    db = sqlite_utils.Database(path)
    meta.build(db, REFERENCE_DIR)
    db.close()
    ref = ReferenceDB(path)
    try:
        with pytest.raises(ReferenceDataError, match="drug_cards"):
            DrugRepository(ref).catalog()
    finally:
        ref.close()


def test_content_error_stops_the_section(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    (sources / "drugs").mkdir(parents=True)
    (sources / "bibliography.toml").write_bytes((REFERENCE_DIR / "bibliography.toml").read_bytes())
    bad = (REFERENCE_DIR / "drugs" / "topotecan.toml").read_text(encoding="utf-8")
    (sources / "drugs" / "topotecan.toml").write_text(
        bad.replace('source = ["R36"]', 'source = ["R9999"]', 1), encoding="utf-8"
    )
    with pytest.raises(ContentError, match="R9999"):
        _build_minimal(tmp_path, sources)


def test_file_name_must_equal_id(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    (sources / "drugs").mkdir(parents=True)
    (sources / "bibliography.toml").write_bytes((REFERENCE_DIR / "bibliography.toml").read_bytes())
    (sources / "drugs" / "other.toml").write_bytes(
        (REFERENCE_DIR / "drugs" / "vincristine.toml").read_bytes()
    )
    with pytest.raises(ContentError, match="file name"):
        _build_minimal(tmp_path, sources)


def test_self_check_summary(reference: ReferenceDB) -> None:
    from lmdesk.store.drug_repo import self_check

    assert "every citation resolves" in self_check(DrugRepository(reference))
