"""Response assessments on a course in the patient DB, each change with its audit row.

Every write reads the course's assessments inside its transaction, computes the set as it
would be afterwards and checks it with ``models.response.dates`` (one baseline, follow-ups
after it and after the first IT session, nothing in the future) before touching a row; so
a refused change writes nothing, and a baseline move is one atomic unit with its audit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent, ParamValue
from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.patient import Patient
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.completeness import Role, check_completeness
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.models.response.csf import CsfFindings, MarkerValue
from lmdesk.models.response.dates import (
    check_assessment_set,
    check_baseline_fields,
    course_start,
)
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.audit import AuditEntry
from lmdesk.store.conflicts import stale_edit
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.dbapi import Connection
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.reference import ReferenceDB

ENTITY = "assessment"
_COLUMNS = "id, is_baseline, row_version, body"


def _from_row(row: tuple[Any, ...]) -> Assessment:
    ident, baseline, version, body = row
    return Assessment.model_validate_json(body).model_copy(
        update={"id": int(ident), "is_baseline": bool(baseline), "revision": int(version)}
    )


def _summary(a: Assessment, role: Role) -> dict[str, Any]:
    completeness = check_completeness(a, role)
    return {
        "assessment": a.model_dump(mode="json", exclude={"id"}),
        "missing": [i.key for i in completeness.missing],
    }


def _event(code: str, a: Assessment, **params: ParamValue) -> AuditEvent:
    return AuditEvent(
        code=code, params={"day": a.assessed_on.isoformat(), "course_id": a.course_id, **params}
    )


class AssessmentRepository:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients
        self._courses = CourseRepository(patients)

    # -- reading ----------------------------------------------------------------------------

    def get(self, assessment_id: int) -> Assessment:
        row = self._pdb.conn.execute(
            f"SELECT {_COLUMNS} FROM assessments WHERE id = ?", (assessment_id,)
        ).fetchone()
        if row is None:
            raise BadInputError(_("No assessment with id {id}.").format(id=assessment_id))
        return _from_row(row)

    def for_course(self, course_id: int, include_retracted: bool = False) -> list[Assessment]:
        """The course's assessments by date (then id)."""
        sql = f"SELECT {_COLUMNS} FROM assessments WHERE course_id = ?"
        if not include_retracted:
            sql += " AND status = 'active'"
        rows = self._pdb.conn.execute(sql + " ORDER BY assessed_on, id", (course_id,))
        return [_from_row(r) for r in rows.fetchall()]

    def history(self, assessment_id: int) -> list[AuditEntry]:
        return self._pdb.history(ENTITY, assessment_id)

    # -- checks -----------------------------------------------------------------------------

    def _check(self, course_id: int, after: Iterable[Assessment]) -> None:
        course = self._courses.get(course_id)
        check_assessment_set(after, course_start(course), self._pdb.clock.today())

    def _write(self, conn: Connection, previous: Assessment, new: Assessment) -> None:
        cur = conn.execute(
            "UPDATE assessments SET assessed_on = ?, is_baseline = ?, status = ?, kps = ?,"
            " ecog = ?, cytology = ?, body = ?, updated_at = ?, row_version = ?"
            " WHERE id = ? AND row_version = ?",
            (
                new.assessed_on.isoformat(),
                int(new.is_baseline),
                new.status,
                new.kps,
                new.ecog,
                new.csf.cytology,
                new.body_json(),
                self._pdb.now_iso(),
                new.revision,
                previous.id,
                previous.revision,
            ),
        )
        if cur.rowcount != 1:
            raise self._conflict(previous.id or 0)

    def _conflict(self, assessment_id: int) -> ConflictError:
        try:
            fresh: Assessment | None = self.get(assessment_id)
        except BadInputError:
            fresh = None
        return stale_edit(
            self._pdb,
            ENTITY,
            assessment_id,
            _("This assessment was changed by someone else; reload it and try again."),
            current=fresh,
        )

    def _demote(self, conn: Connection, old: Assessment) -> None:
        demoted = old.model_copy(update={"is_baseline": False, "revision": old.revision + 1})
        self._write(conn, old, demoted)
        self._pdb.audit(
            "assessment.baseline.unset",
            ENTITY,
            old.id or 0,
            {"is_baseline": True},
            {"is_baseline": False},
            event=_event("assessment.baseline.unset", old),
        )

    # -- writing ----------------------------------------------------------------------------

    def add(self, assessment: Assessment, *, as_baseline: bool = False) -> Assessment:
        """Save a new assessment; the course's first becomes its baseline (or ``as_baseline``)."""
        if assessment.id is not None:
            raise BadInputError(_("This assessment is already saved."))
        pdb = self._pdb
        with pdb.transaction() as conn:
            existing = self.for_course(assessment.course_id)
            old = next((a for a in existing if a.is_baseline), None)
            baseline = as_baseline or old is None
            new = assessment.model_copy(
                update={
                    "is_baseline": baseline,
                    "rated_against": None if baseline else (old.id if old else None),
                    "recorded_by": assessment.recorded_by or pdb.user,
                    "status": "active",
                    "revision": 1,
                }
            )
            if baseline:
                check_baseline_fields(new)
            others = [
                a.model_copy(update={"is_baseline": False}) if baseline else a for a in existing
            ]
            self._check(new.course_id, [*others, new])
            if baseline and old is not None:
                self._demote(conn, old)
            now = pdb.now_iso()
            cur = conn.execute(
                "INSERT INTO assessments (course_id, assessed_on, is_baseline, status, kps, ecog,"
                " cytology, body, created_at, updated_at, row_version)"
                " VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                (
                    new.course_id,
                    new.assessed_on.isoformat(),
                    int(baseline),
                    new.kps,
                    new.ecog,
                    new.csf.cytology,
                    new.body_json(),
                    now,
                    now,
                ),
            )
            saved = new.model_copy(update={"id": int(cur.fetchone()[0])})
            role: Role = "baseline" if baseline else "follow_up"
            pdb.audit(
                "assessment.add",
                ENTITY,
                saved.id or 0,
                None,
                _summary(saved, role),
                event=_event("assessment.add", new, role=role),
            )
        return saved

    def update(self, previous: Assessment, changed: Assessment) -> Assessment:
        """Store an edited assessment (same id and course); ratings now refer to the baseline."""
        if previous.id is None or changed.id != previous.id:
            raise BadInputError(_("The assessment must be saved before it can be changed."))
        if changed.course_id != previous.course_id:
            raise BadInputError(_("An assessment cannot be moved to another course."))
        pdb = self._pdb
        with pdb.transaction() as conn:
            existing = self.for_course(previous.course_id)
            stored = next((a for a in existing if a.id == previous.id), None)
            if stored is None or stored.revision != previous.revision:
                raise self._conflict(previous.id)
            baseline = next((a for a in existing if a.is_baseline), None)
            new = changed.model_copy(
                update={
                    "is_baseline": stored.is_baseline,
                    "rated_against": None
                    if stored.is_baseline or baseline is None
                    else baseline.id,
                    "recorded_by": stored.recorded_by,
                    "status": stored.status,
                    "revision": stored.revision + 1,
                }
            )
            if new.is_baseline:
                check_baseline_fields(new)
            self._check(new.course_id, [new if a.id == new.id else a for a in existing])
            self._write(conn, stored, new)
            role: Role = "baseline" if new.is_baseline else "follow_up"
            pdb.audit(
                "assessment.update",
                ENTITY,
                previous.id,
                _summary(stored, role),
                _summary(new, role),
                event=_event("assessment.update", new),
            )
        return new

    def set_baseline(self, assessment: Assessment) -> Assessment:
        """Make ``assessment`` the course's baseline; the previous one becomes a follow-up."""
        if assessment.id is None:
            raise BadInputError(_("The assessment must be saved first."))
        pdb = self._pdb
        with pdb.transaction() as conn:
            existing = self.for_course(assessment.course_id)
            stored = next((a for a in existing if a.id == assessment.id), None)
            if stored is None or stored.revision != assessment.revision:
                raise self._conflict(assessment.id)
            if stored.is_baseline:
                return stored
            new = stored.model_copy(
                update={"is_baseline": True, "rated_against": None, "revision": stored.revision + 1}
            )
            after = [
                new if a.id == new.id else a.model_copy(update={"is_baseline": False})
                for a in existing
            ]
            self._check(new.course_id, after)
            old = next((a for a in existing if a.is_baseline), None)
            if old is not None:
                self._demote(conn, old)
            self._write(conn, stored, new)
            pdb.audit(
                "assessment.baseline.set",
                ENTITY,
                assessment.id,
                {"is_baseline": False},
                {"is_baseline": True},
                event=_event("assessment.baseline.set", new),
            )
        return new

    def retract(self, assessment: Assessment, reason: str) -> Assessment:
        """Mark an assessment entered by mistake; it stays in the DB and the audit trail."""
        why = reason.strip()
        if not why:
            raise BadInputError(_("Enter the reason for retracting the assessment."))
        if assessment.id is None:
            raise BadInputError(_("The assessment must be saved first."))
        pdb = self._pdb
        with pdb.transaction() as conn:
            existing = self.for_course(assessment.course_id)
            stored = next((a for a in existing if a.id == assessment.id), None)
            if stored is None or stored.revision != assessment.revision:
                raise self._conflict(assessment.id)
            if stored.is_baseline and len(existing) > 1:
                raise BadInputError(
                    _("Mark another assessment as the baseline before retracting this one.")
                )
            new = stored.model_copy(
                update={
                    "status": "retracted",
                    "is_baseline": False,
                    "retract_reason": why,
                    "revision": stored.revision + 1,
                }
            )
            self._write(conn, stored, new)
            pdb.audit(
                "assessment.retract",
                ENTITY,
                assessment.id,
                {"status": "active"},
                {"status": "retracted", "reason": why},
                event=_event("assessment.retract", new, why=why),
            )
        return new


def assessment_self_check(reference: ReferenceDB, patients: PatientStore) -> str:
    """``lmdesk selftest``: on a demo course begun two weeks ago, a baseline before its first
    session and a follow-up today; the -35 % CSF marker change must predict response."""
    from lmdesk.store.scheduler_context import SchedulerStores

    stores = SchedulerStores(reference, patients)
    today = patients.clock.today()
    plan = plan_course(
        stores.protocols.get("mtx-classic"),
        PlanOptions(start=today - dt.timedelta(days=14), maintenance_count=0),
        stores.protocols.limits(),
        stores.catalog,
    )
    stores.patients.add(Patient(mrn="SELFTEST-RESPONSE", name="Selftest 自检"))
    course = stores.courses.add(
        course_from_plan(plan, "SELFTEST-RESPONSE", "selftest", patients.clock.now())
    )
    start = course_start(course)
    if course.id is None or start is None:
        raise RuntimeError("the demo course was not saved")
    repo = AssessmentRepository(patients)
    for day, cytology, value in (
        (start - dt.timedelta(days=1), "positive", "10"),
        (today, "negative", "6.5"),
    ):
        repo.add(
            Assessment(
                course_id=course.id,
                assessed_on=day,
                kps=60,
                csf=CsfFindings(
                    cytology=cytology,
                    markers=(MarkerValue(name="CEA", value=Decimal(value), unit="ng/mL"),),
                ),
            )
        )
    latest = CourseResponse.of(repo.for_course(course.id)).latest
    if latest is None or latest.markers[0].call != "predicts_response":
        raise RuntimeError("the -35 % CSF marker change was not judged a predicted response")
    if not patients.verify_audit().ok:
        raise RuntimeError("audit chain broken after saving assessments")
    return _("baseline + follow-up saved; CSF marker -35.0 % predicts response [R62]")
