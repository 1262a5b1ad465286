"""Courses and their sessions in the patient DB, plus the holiday list.

A course is written as a whole (row + session rows) in ONE transaction together with
its audit row. ``row_version`` equals the course's ``revision``: an update is applied
only if the stored version is the one the change was computed from, else
``ConflictError`` (someone else changed the course meanwhile).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent, bilingual
from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.course_actions import ActionResult
from lmdesk.store.audit import AuditEntry
from lmdesk.store.conflicts import stale_edit
from lmdesk.store.dbapi import INTEGRITY_ERRORS, Connection
from lmdesk.store.patient_store import PatientStore

ENTITY = "course"


def _body(course: Course) -> str:
    return course.model_dump_json(exclude={"id"})


def _changes(before: Course, after: Course) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parts that differ (changed sessions by number, changed top-level fields)."""
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    b: dict[str, Any] = {}
    a: dict[str, Any] = {}
    for key in new:
        if key in ("sessions", "revision"):
            continue
        if old.get(key) != new[key]:
            b[key], a[key] = old.get(key), new[key]
    old_s = {s["n"]: s for s in old["sessions"]}
    changed = [s for s in new["sessions"] if old_s.get(s["n"]) != s]
    if changed:
        b["sessions"] = [old_s.get(s["n"]) for s in changed]
        a["sessions"] = changed
    b["revision"], a["revision"] = before.revision, after.revision
    return b, a


class CourseRepository:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients

    def _patient_id(self, conn: Connection, mrn: str) -> int:
        row = conn.execute("SELECT id FROM patients WHERE mrn = ?", (mrn,)).fetchone()
        if row is None:
            raise BadInputError(_("No patient with MRN {mrn}.").format(mrn=mrn))
        return int(row[0])

    def _write_sessions(self, conn: Connection, course_id: int, course: Course) -> None:
        conn.execute("DELETE FROM course_sessions WHERE course_id = ?", (course_id,))
        conn.executemany(
            "INSERT INTO course_sessions (course_id, n, date, status, drug, dose_mg, route, body,"
            " row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    course_id,
                    s.n,
                    s.date.isoformat(),
                    s.status,
                    s.drug,
                    s.dose_mg,
                    s.route,
                    s.model_dump_json(),
                    course.revision,
                )
                for s in course.sessions
            ],
        )

    def add(self, course: Course) -> Course:
        """Save a new course (planned from a reviewed plan); returns it with its id."""
        if not course.schedule_confirmed:
            raise BadInputError(
                _(
                    "The course holds a default schedule the sources do not confirm: confirm "
                    "it or enter the interval and number of doses before saving."
                )
            )
        pdb = self._pdb
        now = pdb.now_iso()
        with pdb.transaction() as conn:
            patient_id = self._patient_id(conn, course.patient_mrn)
            cur = conn.execute(
                "INSERT INTO courses (patient_id, protocol_id, drug, route, status, body,"
                " created_at, updated_at, row_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    patient_id,
                    course.protocol.id,
                    course.protocol.drug,
                    course.route,
                    course.status,
                    _body(course),
                    now,
                    now,
                    course.revision,
                ),
            )
            saved = course.model_copy(update={"id": int(cur.fetchone()[0])})
            assert saved.id is not None
            self._write_sessions(conn, saved.id, saved)
            protocol = course.protocol
            pdb.audit(
                "course.add",
                ENTITY,
                saved.id,
                None,
                {"course": saved.model_dump(mode="json")},
                event=AuditEvent(
                    code="course.add",
                    params={
                        "protocol": bilingual(
                            protocol.name_en, protocol.name_zh or protocol.name_en
                        ),
                        "protocol_id": protocol.id,
                        "sessions": len(course.sessions),
                        "start": course.sessions[0].date.isoformat() if course.sessions else "",
                    },
                ),
            )
        return saved

    def apply(self, previous: Course, result: ActionResult) -> Course:
        """Store the outcome of a ``course_actions`` function, with its audit row."""
        new = result.course
        if previous.id is None or new.id != previous.id:
            raise BadInputError(_("The course must be saved before it can be changed."))
        pdb = self._pdb
        before, after = _changes(previous, new)
        with pdb.transaction() as conn:
            cur = conn.execute(
                "UPDATE courses SET status = ?, body = ?, updated_at = ?, row_version = ?"
                " WHERE id = ? AND row_version = ?",
                (new.status, _body(new), pdb.now_iso(), new.revision, new.id, previous.revision),
            )
            if cur.rowcount != 1:
                raise self._conflict(new.id)
            self._write_sessions(conn, new.id, new)
            pdb.audit(result.event.code, ENTITY, new.id, before, after, event=result.event)
        return new

    def _conflict(self, course_id: int) -> ConflictError:
        """The stale-edit error, carrying the course as stored now and its latest change."""
        message = _("This course was changed by someone else; reload it and try again.")
        return stale_edit(self._pdb, ENTITY, course_id, message, current=self.get(course_id))

    def get(self, course_id: int) -> Course:
        row = self._pdb.conn.execute(
            "SELECT body FROM courses WHERE id = ?", (course_id,)
        ).fetchone()
        if row is None:
            raise BadInputError(_("No course with id {id}.").format(id=course_id))
        return Course.model_validate_json(row[0]).model_copy(update={"id": course_id})

    def for_patient(self, mrn: str) -> list[Course]:
        rows = self._pdb.conn.execute(
            "SELECT c.id, c.body FROM courses c JOIN patients p ON p.id = c.patient_id"
            " WHERE p.mrn = ? ORDER BY c.id",
            (mrn,),
        ).fetchall()
        return [Course.model_validate_json(b).model_copy(update={"id": int(i)}) for i, b in rows]

    def other_it_dates(self, mrn: str, exclude_course_id: int | None = None) -> frozenset[date]:
        """IT session days of the patient's other courses: every dose given in any course
        (a stopped, cancelled or replaced one included) and the open sessions of active ones.

        Planning and delays keep the interval rules against these: the rules protect the
        patient, not a single course.
        """
        days: set[date] = set()
        for course in self.for_patient(mrn):
            if course.id == exclude_course_id:
                continue
            for s in course.sessions:
                if s.given is not None:
                    days.add(s.given.at.date())
                elif s.is_open and course.status == "active":
                    days.add(s.date)
        return frozenset(days)

    def history(self, course_id: int) -> list[AuditEntry]:
        return self._pdb.history(ENTITY, course_id)

    def record_calendar_export(self, course_id: int, file_name: str) -> None:
        """Audit that the course's sessions left the app as a calendar file."""
        with self._pdb.transaction():
            self._pdb.audit(
                "course.ics",
                ENTITY,
                course_id,
                None,
                {"file_name": file_name},
                event=AuditEvent(code="course.ics", params={"file_name": file_name}),
            )

    # -- holidays (user-maintained list used when avoiding days) --------------------------

    def holidays(self) -> dict[date, str]:
        rows = self._pdb.conn.execute("SELECT day, label FROM holidays ORDER BY day").fetchall()
        return {date.fromisoformat(d): str(label) for d, label in rows}

    def add_holiday(self, day: date, label: str = "") -> None:
        pdb = self._pdb
        with pdb.transaction() as conn:
            try:
                conn.execute(
                    "INSERT INTO holidays (day, label) VALUES (?, ?)",
                    (day.isoformat(), label.strip()),
                )
            except INTEGRITY_ERRORS:
                raise BadInputError(
                    _("{day} is already on the holiday list.").format(day=day.isoformat())
                ) from None
            pdb.audit(
                "holiday.add",
                "holiday",
                day.isoformat(),
                None,
                {"label": label.strip()},
                event=AuditEvent(
                    code="holiday.add", params={"day": day.isoformat(), "label": label.strip()}
                ),
            )

    def remove_holiday(self, day: date) -> None:
        pdb = self._pdb
        with pdb.transaction() as conn:
            row = conn.execute(
                "SELECT label FROM holidays WHERE day = ?", (day.isoformat(),)
            ).fetchone()
            if row is None:
                raise BadInputError(
                    _("{day} is not on the holiday list.").format(day=day.isoformat())
                )
            conn.execute("DELETE FROM holidays WHERE day = ?", (day.isoformat(),))
            pdb.audit(
                "holiday.remove",
                "holiday",
                day.isoformat(),
                {"label": row[0]},
                None,
                event=AuditEvent(
                    code="holiday.remove", params={"day": day.isoformat(), "label": str(row[0])}
                ),
            )
