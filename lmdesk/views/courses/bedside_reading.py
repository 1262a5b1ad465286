"""What the Courses screen's "Before the dose" panel shows for a session, read from the stores:
the pre-dose gate of a session still to give, the patient's labs and antithrombotics, the
course's adverse events and their terms' names.

Apart from ``course_view`` so the view only says which course and session, the panel
(``bedside_panel``) only shows, and this reads.
"""

from __future__ import annotations

from lmdesk.models.clock import Clock
from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling.course import Course, Session
from lmdesk.models.scheduling.gate import GateResult, evaluate_gate
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.views.courses.bedside_panel import BedsideFacts


def read_bedside_facts(
    stores: BedsideStores, course: Course, session: Session | None, clock: Clock
) -> BedsideFacts:
    """The facts for ``session`` of ``course``, the gate as of ``clock``'s now (none where
    the gate cannot be evaluated)."""
    mrn = course.patient_mrn
    result: GateResult | None = None
    if session is not None and session.status in ("planned", "delayed"):
        try:
            result = evaluate_gate(stores.gate_input(course, session.n, at=clock.now()))
        except LmdeskError:
            result = None
    events = stores.adverse_events.for_course(course.id) if course.id is not None else []
    return BedsideFacts(
        session=session,
        result=result,
        labs=tuple(stores.labs.for_patient(mrn)),
        medications=tuple(stores.medications.for_patient(mrn)),
        adverse_events=tuple(events),
        ae_terms=stores.ae_term_names(events),
    )
