"""Adverse events on a course in the patient DB, each change with its audit row.

Applying a step changes the course only through the scheduler (``CourseRepository.apply``
with a ``course_actions`` result); the AE's ``action_taken`` is set in the same transaction,
so a course change and its reason are never half-saved.
"""

from __future__ import annotations

from typing import Any

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.ctcae.adverse_event import AdverseEvent, check_onset
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.course_actions import ActionResult
from lmdesk.store.audit import AuditEntry
from lmdesk.store.conflicts import stale_edit
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.dbapi import Connection
from lmdesk.store.patient_store import PatientStore

ENTITY = "adverse_event"


def _summary(ae: AdverseEvent) -> dict[str, Any]:
    return ae.model_dump(mode="json", exclude={"id"})


class AdverseEventRepository:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients

    def _check_course(self, conn: Connection, course_id: int) -> None:
        if conn.execute("SELECT 1 FROM courses WHERE id = ?", (course_id,)).fetchone() is None:
            raise BadInputError(_("No course with id {id}.").format(id=course_id))

    def record(self, ae: AdverseEvent) -> AdverseEvent:
        """Save a new AE on its course; returns it with its id."""
        pdb = self._pdb
        check_onset(ae.onset, pdb.clock.now().date())
        now = pdb.now_iso()
        new = ae.model_copy(update={"recorded_by": ae.recorded_by or pdb.user, "revision": 1})
        with pdb.transaction() as conn:
            self._check_course(conn, ae.course_id)
            cur = conn.execute(
                "INSERT INTO adverse_events (course_id, ctcae_version, term, grade, onset_date,"
                " attribution, action_taken, status, body, created_at, updated_at, row_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                (
                    new.course_id,
                    new.version,
                    new.term,
                    new.grade,
                    new.onset.isoformat(),
                    new.attribution.value,
                    new.action_taken,
                    new.status,
                    new.model_dump_json(exclude={"id"}),
                    now,
                    now,
                ),
            )
            saved = new.model_copy(update={"id": int(cur.fetchone()[0])})
            pdb.audit(
                "ae.record",
                ENTITY,
                saved.id or 0,
                None,
                {"ae": _summary(saved)},
                event=AuditEvent(
                    code="ae.record",
                    params={
                        "term": new.term,
                        "grade": new.grade,
                        "version": new.version,
                        "onset": new.onset.isoformat(),
                        "course_id": new.course_id,
                    },
                ),
            )
        return saved

    def _update(self, conn: Connection, previous: AdverseEvent, new: AdverseEvent) -> None:
        cur = conn.execute(
            "UPDATE adverse_events SET action_taken = ?, status = ?, body = ?, updated_at = ?,"
            " row_version = ? WHERE id = ? AND row_version = ?",
            (
                new.action_taken,
                new.status,
                new.model_dump_json(exclude={"id"}),
                self._pdb.now_iso(),
                new.revision,
                previous.id,
                previous.revision,
            ),
        )
        if cur.rowcount != 1:
            raise stale_edit(
                self._pdb,
                ENTITY,
                previous.id or 0,
                _("This adverse event was changed by someone else; reload it and try again."),
            )

    def set_action(self, ae: AdverseEvent, action: str) -> AdverseEvent:
        """Record what was done about the AE without changing the course (e.g. 'none')."""
        if ae.id is None:
            raise BadInputError(_("The adverse event must be saved first."))
        new = AdverseEvent.model_validate(
            {**ae.model_dump(), "action_taken": action, "revision": ae.revision + 1}
        )
        with self._pdb.transaction() as conn:
            self._update(conn, ae, new)
            self._pdb.audit(
                "ae.action",
                ENTITY,
                ae.id,
                {"action_taken": ae.action_taken},
                {"action_taken": action},
                event=AuditEvent(code="ae.action", params={"action": action}),
            )
        return new

    def apply_step(
        self, ae: AdverseEvent, courses: CourseRepository, course: Course, result: ActionResult
    ) -> tuple[AdverseEvent, Course]:
        """Apply a scheduler action for this AE: the course change (audited by the scheduler)
        and the AE's action, in one transaction."""
        if ae.id is None or course.id != ae.course_id:
            raise BadInputError(_("The step must be applied to the AE's own course."))
        new = ae.model_copy(update={"action_taken": result.action, "revision": ae.revision + 1})
        with self._pdb.transaction() as conn:
            changed = courses.apply(course, result)
            self._update(conn, ae, new)
            self._pdb.audit(
                f"ae.step.{result.action}",
                ENTITY,
                ae.id,
                {"action_taken": ae.action_taken},
                {"action_taken": result.action, "course_id": course.id},
                event=AuditEvent(
                    code=f"ae.step.{result.action}",
                    params={"step": result.action, "course_id": course.id},
                ),
            )
        return new, changed

    def retract(self, ae: AdverseEvent, reason: str) -> AdverseEvent:
        """Mark an AE entered by mistake; it stays in the DB and the audit trail."""
        why = reason.strip()
        if not why:
            raise BadInputError(_("Enter the reason for retracting the adverse event."))
        if ae.id is None:
            raise BadInputError(_("The adverse event must be saved first."))
        new = ae.model_copy(
            update={"status": "retracted", "note": why, "revision": ae.revision + 1}
        )
        with self._pdb.transaction() as conn:
            self._update(conn, ae, new)
            self._pdb.audit(
                "ae.retract",
                ENTITY,
                ae.id,
                {"status": ae.status},
                {"status": "retracted", "reason": why},
                event=AuditEvent(code="ae.retract", params={"why": why}),
            )
        return new

    def get(self, ae_id: int) -> AdverseEvent:
        row = self._pdb.conn.execute(
            "SELECT body FROM adverse_events WHERE id = ?", (ae_id,)
        ).fetchone()
        if row is None:
            raise BadInputError(_("No adverse event with id {id}.").format(id=ae_id))
        return AdverseEvent.model_validate_json(row[0]).model_copy(update={"id": ae_id})

    def for_course(self, course_id: int, include_retracted: bool = False) -> list[AdverseEvent]:
        """The course's AEs by onset date (the timeline next to the doses)."""
        sql = "SELECT id, body FROM adverse_events WHERE course_id = ?"
        if not include_retracted:
            sql += " AND status = 'active'"
        rows = self._pdb.conn.execute(sql + " ORDER BY onset_date, id", (course_id,)).fetchall()
        return [
            AdverseEvent.model_validate_json(body).model_copy(update={"id": int(i)})
            for i, body in rows
        ]

    def history(self, ae_id: int) -> list[AuditEntry]:
        return self._pdb.history(ENTITY, ae_id)
