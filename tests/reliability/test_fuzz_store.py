"""Property tests through the store: any text, number or date either becomes a valid,
round-tripping record or is refused with nothing written (no row, no audit row)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lmdesk.app_context import AppContext
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository

from .test_fuzz_parsers import NASTY

REFUSED = (BadInputError, SafetyRefusal, ValidationError)
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=300))
FUZZ = settings(
    max_examples=int(os.environ.get("LMDESK_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def counts(pdb: PatientDB) -> tuple[int, ...]:
    tables = ("patients", "courses", "course_sessions", "adverse_events", "audit")
    return tuple(pdb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


@pytest.fixture
def pdb(ctx: AppContext) -> Iterator[PatientDB]:
    db = ctx.patients
    yield db
    assert db.check().integrity == "ok"
    trail = db.verify_trail()  # the chain, and every course against the course it rebuilds
    assert trail.ok, [f.message for f in trail.findings]


@FUZZ
@given(mrn=text, name=text, birth=st.one_of(st.none(), st.dates()))
def test_any_patient_is_stored_whole_or_not_at_all(pdb: PatientDB, mrn, name, birth) -> None:
    repo = PatientRepository(pdb)
    before = counts(pdb)
    try:
        saved = repo.add(Patient(mrn=mrn, name=name, birth_date=birth))
    except REFUSED:
        assert counts(pdb) == before
        return
    assert counts(pdb)[0] == before[0] + 1 and counts(pdb)[-1] == before[-1] + 1
    again = repo.by_mrn(saved.mrn)
    assert again == saved and again.name == name.strip() and again.birth_date == birth
    if normalize_name(name):
        assert saved.id in [p.id for p in repo.search(name)]


@FUZZ
@given(query=text)
def test_patient_search_takes_any_text(pdb: PatientDB, query: str) -> None:
    repo = PatientRepository(pdb)
    if not counts(pdb)[0]:
        repo.add(Patient(mrn="Z1", name="Zhang"))
    found = repo.search(query)
    assert all(isinstance(p, Patient) for p in found)
    assert counts(pdb)[0] == 1  # SQL-like text changed nothing


@pytest.fixture
def course_setup(pdb: PatientDB, ctx: AppContext):
    PatientRepository(pdb).add(Patient(mrn="C1", name="Course"))
    protocols = ProtocolRepository(ctx.reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=dt.date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    repo = CourseRepository(pdb)
    course = repo.add(course_from_plan(plan, "C1", "Dr A", dt.datetime(2027, 1, 4, 9)))
    return repo, course.id, protocols.limits()


@FUZZ
@given(
    action=st.sampled_from(["give", "hold", "cancel", "delay", "reduce", "stop", "verify"]),
    n=st.one_of(st.integers(1, 3), st.integers(-2, 40)),
    words=text,
    dose=st.one_of(st.sampled_from([12.0, 10.0, 5.0]), st.floats()),
    day=st.dates(dt.date(2026, 1, 1), dt.date(2030, 1, 1)),
)
def test_any_course_action_is_stored_whole_or_not_at_all(
    pdb: PatientDB, course_setup, action, n, words, dose, day
) -> None:
    repo, course_id, limits = course_setup
    course = repo.get(course_id)
    at = dt.datetime(2027, 1, 4, 10, 0)
    before = counts(pdb)
    try:
        if action == "give":
            result = act.give(
                course, n, at=at, dose_mg=dose, route="lp", given_by=words, limits=limits
            )
        elif action == "hold":
            result = act.hold(course, n, words)
        elif action == "cancel":
            result = act.cancel(course, n, words)
        elif action == "delay":
            result = act.delay(course, n, day, words)
        elif action == "reduce":
            result = act.reduce_from(course, n, dose, words)
        elif action == "stop":
            result = act.stop(course, words, at, words)
        else:
            result = act.verify(course, words, at)
        saved = repo.apply(course, result)
    except REFUSED:
        assert counts(pdb) == before
        assert repo.get(course_id) == course
        return
    assert repo.get(course_id) == saved
    for s in saved.sessions:
        assert s.dose_mg > 0 and s.dose_mg < float("inf")
        if s.given is not None:
            assert 0 < s.given.dose_mg < float("inf")
    assert counts(pdb)[-1] == before[-1] + 1


@FUZZ
@given(
    term=text,
    grade=st.integers(-3, 9),
    onset=st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    note=text,
    lab_value=st.one_of(st.none(), text),
    course_offset=st.integers(-1, 2),
)
def test_any_adverse_event_is_stored_whole_or_not_at_all(
    pdb: PatientDB, course_setup, term, grade, onset, note, lab_value, course_offset
) -> None:
    _repo, course_id, _limits = course_setup
    aes = AdverseEventRepository(pdb)
    before = counts(pdb)
    try:
        saved = aes.record(
            AdverseEvent(
                course_id=course_id + course_offset,
                version="5.0",
                term=term,
                grade=grade,
                onset=onset,
                lab_value=lab_value,
                attribution="it_drug",
                note=note,
            )
        )
    except REFUSED:
        assert counts(pdb) == before
        return
    assert aes.get(saved.id or 0) == saved
    assert 1 <= saved.grade <= 5 and saved.onset <= dt.date(2027, 1, 4)


def test_the_properties_are_not_vacuous(pdb: PatientDB, course_setup) -> None:
    """Valid input in the same shapes is stored (so the 'refused' branch is not all we see)."""
    repo, course_id, limits = course_setup
    course = repo.get(course_id)
    saved = repo.apply(
        course,
        act.give(
            course,
            1,
            at=dt.datetime(2027, 1, 4, 10),
            dose_mg=12.0,
            route="lp",
            given_by="😷 Nurse ＡＢ \u202e",
            limits=limits,
        ),
    )
    assert repo.get(course_id).sessions[0].given.given_by == "😷 Nurse ＡＢ \u202e"
    assert saved.revision == 1
    with pytest.raises(BadInputError):
        repo.apply(
            saved,
            act.give(
                saved,
                2,
                at=dt.datetime(2027, 1, 4, 10),
                dose_mg=float("inf"),
                route="lp",
                given_by="x",
                limits=limits,
            ),
        )


@pytest.mark.parametrize("mrn", ["\x1dA100", "A100\x1f", "A\n100"])
def test_mrn_with_a_control_character_is_refused(pdb: PatientDB, mrn: str) -> None:
    """Found by the property test: '\\x1fA' was stored but by_mrn() could not find it again."""
    with pytest.raises(ValidationError):
        PatientRepository(pdb).add(Patient(mrn=mrn, name="X"))
    assert counts(pdb)[0] == 0
