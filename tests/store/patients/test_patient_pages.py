"""Bounded patient reads for the screens: pages sorted in SQL, counts, and picker matches."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmdesk.models.clock import FixedClock
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.patient import Patient
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PICK_LIMIT, PatientRepository

PEOPLE = [
    ("C300", "Zhang San", "M", date(1960, 5, 1), 70),
    ("A100", "张三", "F", date(1971, 2, 3), 80),
    ("B200", "li si", None, None, None),
    ("D400", "Wang Zhang", "F", date(1950, 1, 1), 90),
    ("ZHANG1", "王五", "M", date(1980, 12, 31), 60),
]


@pytest.fixture
def repo(patient_db: PatientDB) -> PatientRepository:
    r = PatientRepository(patient_db)
    for mrn, name, sex, birth, kps in PEOPLE:
        r.add(Patient(mrn=mrn, name=name, sex=sex, birth_date=birth, kps=kps))
    return r


def test_page_sorts_in_sql_both_ways_on_each_order(repo: PatientRepository) -> None:
    assert [p.mrn for p in repo.page()] == ["A100", "B200", "C300", "D400", "ZHANG1"]
    names = [p.name for p in repo.page(order="name")]
    # case-insensitive, Chinese names by their pinyin (王五 as "wang wu"; issue 26)
    assert names == ["li si", "王五", "Wang Zhang", "Zhang San", "张三"]
    down = [p.mrn for p in repo.page(order="mrn", descending=True)]
    assert down == ["ZHANG1", "D400", "C300", "B200", "A100"]
    births = [p.birth_date for p in repo.page(order="birth_date")]
    assert births[0] is None and births[1:] == sorted(b for b in births if b)
    assert [p.sex for p in repo.page(order="sex")] == [None, "F", "F", "M", "M"]
    assert repo.page(order="updated", descending=True)[0].mrn == "ZHANG1"


def test_page_limit_offset_and_count_with_a_query(repo: PatientRepository) -> None:
    assert [p.mrn for p in repo.page(limit=2, offset=1)] == ["B200", "C300"]
    # "zhang" finds 张三 by its pinyin too (issue 26)
    assert [p.mrn for p in repo.page("zhang")] == ["A100", "C300", "D400", "ZHANG1"]
    assert [p.mrn for p in repo.page("ＺＨＡＮＧ", limit=1, offset=3)] == ["ZHANG1"]
    assert repo.count() == 5 and repo.count("zhang") == 4 and repo.count("zzz") == 0
    assert repo.count("%") == 5  # punctuation alone is no filter
    row = repo.page("张三")[0]
    assert (row.mrn, row.sex, row.birth_date, row.kps, row.driver_gene) == (
        "A100",
        "F",
        date(1971, 2, 3),
        80,
        "unknown",
    )
    assert row.label == "A100 — 张三"


def test_pick_puts_exact_mrn_then_prefixes_first(repo: PatientRepository) -> None:
    assert [p.mrn for p in repo.pick("zhang1")] == ["ZHANG1"]
    # MRN prefix, then name prefix (newest first), then anywhere in the name
    # (张三's pinyin "zhangsan" is a name prefix too, and it is newer than Zhang San)
    assert [p.mrn for p in repo.pick("zhang")] == ["ZHANG1", "A100", "C300", "D400"]
    assert [p.mrn for p in repo.pick("a1")] == ["A100"]
    assert repo.pick("")[0].mrn == "ZHANG1"  # most recently changed first
    assert repo.pick("nobody") == []


def test_pick_and_page_never_return_more_than_asked(patient_db: PatientDB) -> None:
    repo = PatientRepository(patient_db)
    for i in range(PICK_LIMIT + 7):
        repo.add(Patient(mrn=f"M{i:04d}", name=f"Chen {i}"))
    assert len(repo.pick("chen")) == PICK_LIMIT
    assert len(repo.pick("")) == PICK_LIMIT
    assert len(repo.page("chen", limit=10)) == 10
    assert repo.count("chen") == PICK_LIMIT + 7
    assert repo.pick("m0003")[0].mrn == "M0003"


def test_row_lookups(repo: PatientRepository) -> None:
    a = repo.by_mrn("A100")
    assert a.id is not None
    assert repo.row(a.id) == repo.row_by_mrn(" A100 ")
    assert repo.row(10_000) is None and repo.row_by_mrn("nope") is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=6), limit=st.integers(1, 7), offset=st.integers(0, 7))
def test_pages_are_slices_of_the_full_search(
    repo: PatientRepository, query: str, limit: int, offset: int
) -> None:
    """Any text, SQL wildcards included: a page is exactly a slice of the full search."""
    everyone = [p.mrn for p in repo.search(query, sort="mrn")]
    assert [p.mrn for p in repo.page(query, limit=limit, offset=offset)] == everyone[
        offset : offset + limit
    ]
    assert repo.count(query) == len(everyone)
    assert {p.mrn for p in repo.pick(query)} == set(everyone)


def _plan(pdb: PatientDB, sql: str, params: object) -> list[str]:
    return [r[3] for r in pdb.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]  # type: ignore[arg-type]


@pytest.mark.sqlite_only  # SQLite's query plan, read through its trace callback
def test_unfiltered_pages_walk_an_index_without_sorting(repo: PatientRepository) -> None:
    """Every sort order of an unfiltered page reads an index in order (no temp sort)."""
    pdb = repo._pdb
    seen: list[str] = []
    pdb.conn.set_trace_callback(seen.append)
    for order in ("mrn", "name", "sex", "birth_date", "updated"):
        for descending in (False, True):
            repo.page(order=order, descending=descending)  # type: ignore[arg-type]
    repo.count("zhang")
    repo.pick("zhang")
    pdb.conn.set_trace_callback(None)
    assert len(seen) == 12
    for sql in seen:
        plan = _plan(pdb, sql, ())
        scans = [p for p in plan if p.startswith("SCAN patients") and "INDEX" not in p]
        assert not scans, (sql, plan)
        if "OFFSET" in sql:
            assert not [p for p in plan if "TEMP B-TREE" in p], (sql, plan)


def test_migration_six_adds_the_sort_indexes(tmp_path: Path, clock: FixedClock) -> None:
    pdb = PatientDB.open(tmp_path / "p.sqlite", clock=clock, user="t", backups_dir=tmp_path)
    names = {r[0] for r in pdb.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"patients_name_nocase", "patients_sex", "patients_birth_date"} <= names
    pdb.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    mrns=st.lists(
        st.text("AB12-", min_size=1, max_size=4).filter(lambda m: m.strip("-")),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    pick=st.integers(0, 5),
)
def test_an_exact_mrn_comes_first(tmp_path_factory: Any, mrns: list[str], pick: int) -> None:
    from datetime import datetime

    path = tmp_path_factory.mktemp("pick") / "p.sqlite"
    clock = FixedClock(datetime(2027, 1, 4, 9, tzinfo=UTC))
    pdb = PatientDB.open(path, clock=clock, user="t", backups_dir=path.parent)
    repo = PatientRepository(pdb)
    for mrn in mrns:
        repo.add(Patient(mrn=mrn, name="Same Name"))
    wanted = mrns[pick % len(mrns)]
    found = repo.pick(wanted.lower())
    key = normalize_name(wanted)
    exact = [p.mrn for p in found if normalize_name(p.mrn) == key]
    assert wanted in exact
    assert [p.mrn for p in found[: len(exact)]] == exact  # every exact match before the rest
    pdb.close()
