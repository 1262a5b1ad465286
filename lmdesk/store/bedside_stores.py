"""The bedside repositories wired together: assembles the pre-dose gate's input for a session
from every course, lab, medication and adverse event of the patient, and lists the sessions
due on a day (the worklist query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from lmdesk.i18n import _
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.errors import BadInputError, LmdeskError
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.gate import GateInput, evaluate_gate
from lmdesk.models.scheduling.protocol import DrugNames, Route
from lmdesk.models.scheduling.worklist import WorklistItem, sort_worklist, worklist_status
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.labs_repo import LabsRepository
from lmdesk.store.medications_repo import MedicationsRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.ward_policy_repo import WardPolicyRepository

#: Sessions still to be given on a day, of active courses (date, MRN, course, session).
_DUE = """
SELECT s.date, p.mrn, p.name, c.id, s.n
FROM course_sessions s JOIN courses c ON c.id = s.course_id JOIN patients p ON p.id = c.patient_id
WHERE s.date = ? AND s.status IN ('planned', 'delayed') AND c.status = 'active'
ORDER BY s.date, p.mrn, c.id, s.n
"""


@dataclass(frozen=True)
class DueSession:
    day: date
    mrn: str
    patient_name: str
    course_id: int
    session: int


@dataclass
class BedsideStores:
    reference: ReferenceDB
    patients_db: PatientStore

    @cached_property
    def patients(self) -> PatientRepository:
        return PatientRepository(self.patients_db)

    @cached_property
    def courses(self) -> CourseRepository:
        return CourseRepository(self.patients_db)

    @cached_property
    def labs(self) -> LabsRepository:
        return LabsRepository(self.patients_db)

    @cached_property
    def medications(self) -> MedicationsRepository:
        return MedicationsRepository(self.patients_db)

    @cached_property
    def adverse_events(self) -> AdverseEventRepository:
        return AdverseEventRepository(self.patients_db)

    @cached_property
    def policy(self) -> WardPolicyRepository:
        return WardPolicyRepository(self.patients_db)

    @cached_property
    def drug_names(self) -> DrugNames:
        """Card id -> (English, Chinese) name, from the drug list (no card models loaded)."""
        try:
            listings = DrugRepository(self.reference).listings()
        except LmdeskError:
            return {}
        return {d.id: (d.name_en, d.name_zh) for d in listings}

    @cached_property
    def ctcae(self) -> CtcaeRepo:
        return CtcaeRepo(self.reference)

    def patient_adverse_events(self, courses: list[Course]) -> list[AdverseEvent]:
        return [
            e for c in courses if c.id is not None for e in self.adverse_events.for_course(c.id)
        ]

    def ae_term_names(self, events: list[AdverseEvent]) -> dict[str, tuple[str, str]]:
        """Each event's CTCAE term -> (English, Chinese) name ("" where the reference has no
        Chinese), as the printed sheet names them."""
        names: dict[str, tuple[str, str]] = {}
        if not self.ctcae.available():
            return names
        for e in events:
            term = self.ctcae.term(e.version, e.term)
            if term is not None:
                names[e.term] = (term.term, term.name_zh or "")
        return names

    def _groups(self, events: list[AdverseEvent]) -> dict[str, str | None]:
        groups: dict[str, str | None] = {}
        if not self.ctcae.available():
            return groups
        for e in events:
            term = self.ctcae.term(e.version, e.term)
            groups[e.term] = term.group if term is not None else None
        return groups

    def gate_input(
        self,
        course: Course,
        session: int,
        *,
        at: datetime,
        route: Route | None = None,
        dose_mg: float | None = None,
        given_by: str = "",
    ) -> GateInput:
        """What the gate needs for ``session`` of ``course`` given at ``at``."""
        found = course.session(session)
        if found is None:
            raise BadInputError(_("The course has no session {n}.").format(n=session))
        mrn = course.patient_mrn
        courses = self.courses.for_patient(mrn)
        events = self.patient_adverse_events(courses)
        return GateInput(
            course=course,
            session=session,
            at=at,
            route=route or found.route,
            dose_mg=dose_mg if dose_mg is not None else found.dose_mg,
            patient=self.patients.by_mrn(mrn),
            patient_courses=tuple(courses),
            labs=tuple(self.labs.for_patient(mrn)),
            medications=tuple(self.medications.for_patient(mrn)),
            adverse_events=tuple(events),
            ae_groups=self._groups(events),
            policy=self.policy.get(),
            given_by=given_by,
            drug_names=self.drug_names,
        )

    def due_on(self, day: date) -> list[DueSession]:
        rows = self.patients_db.conn.execute(_DUE, (day.isoformat(),)).fetchall()
        return [
            DueSession(date.fromisoformat(d), str(m), str(n), int(c), int(s))
            for d, m, n, c, s in rows
        ]

    def worklist(self, day: date, now: datetime) -> list[WorklistItem]:
        """The sessions due on ``day`` with the gate's status, sorted (``lmdesk today`` and the
        Today's IT doses screen); a day other than today is checked at now's time of day."""
        at = now if day == now.date() else datetime.combine(day, now.timetz())
        items: list[WorklistItem] = []
        for due in self.due_on(day):
            course = self.courses.get(due.course_id)
            session = course.session(due.session)
            if session is None:
                continue
            result = evaluate_gate(self.gate_input(course, due.session, at=at))
            items.append(
                WorklistItem(
                    day=due.day,
                    mrn=due.mrn,
                    patient_name=due.patient_name,
                    course_id=due.course_id,
                    session=due.session,
                    drug=session.drug,
                    dose_mg=session.dose_mg,
                    route=session.route,
                    status=worklist_status(result),
                    stops=result.stops,
                    warnings=result.warnings,
                )
            )
        return sort_worklist(items)
