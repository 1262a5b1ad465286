"""The scheduler's repositories and drug catalog, built from the two databases.

The CLI and the views both plan and follow courses; this keeps them wired the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from lmdesk.i18n import _
from lmdesk.models.drugs.name_index import DrugCatalog
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.drugs.never_it import refuse_never_it
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions
from lmdesk.models.scheduling.calendar_rules import interval_findings
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.gate import evaluate_gate, give_checked
from lmdesk.models.scheduling.gate_finding import LAB_RULES
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB


def drug_catalog(reference: ReferenceDB) -> DrugCatalog:
    """The drug-card catalog: never-IT names in every language, and the names of every
    drug a co-medication may be typed under."""
    return DrugRepository(reference).catalog()


@dataclass
class SchedulerStores:
    reference: ReferenceDB
    patients_db: PatientStore

    @cached_property
    def protocols(self) -> ProtocolRepository:
        return ProtocolRepository(self.reference, self.patients_db)

    @cached_property
    def patients(self) -> PatientRepository:
        return PatientRepository(self.patients_db)

    @cached_property
    def courses(self) -> CourseRepository:
        return CourseRepository(self.patients_db)

    @cached_property
    def catalog(self) -> DrugCatalog:
        return drug_catalog(self.reference)


#: The demo's second clinician (verification must not be by the planner).
SELFTEST_VERIFIER = "Selftest verifier"
#: The typed reason the demo overrides the gate's missing-labs stop with.
SELFTEST_OVERRIDE = "selftest demo"


def self_check(stores: SchedulerStores, today: date, user: str) -> str:
    """Plan, save, verify, give (through the pre-dose gate) and delay a demo course; prove a
    never-IT drug is refused."""
    protocols = stores.protocols.list()
    if not protocols:
        raise RuntimeError("no protocol templates in the reference database")
    plan = plan_course(
        stores.protocols.get("mtx-classic"),
        PlanOptions(start=today, maintenance_count=0),
        stores.protocols.limits(),
        stores.catalog,
    )
    induction = sum(1 for s in plan.sessions if s.phase == "induction")
    if induction != 8 or interval_findings([s.date for s in plan.sessions]):
        raise RuntimeError("mtx-classic plan breaks its schedule or interval rules")
    try:
        refuse_never_it("长春新碱", stores.catalog)
    except SafetyRefusal:
        pass
    else:
        raise RuntimeError("a never-IT drug was not refused")
    stores.patients.add(Patient(mrn="SELFTEST-1", name="Selftest"))
    moment = datetime.combine(today, time(9, 0))
    course = stores.courses.add(course_from_plan(plan, "SELFTEST-1", user, moment))
    course = stores.courses.apply(course, course_actions.verify(course, SELFTEST_VERIFIER, moment))
    course = _give_through_gate(stores, course, moment, user)
    course = stores.courses.apply(
        course,
        course_actions.delay(course, 2, course.sessions[1].date + timedelta(days=2), "selftest"),
    )
    if len(stores.courses.history(course.id or 0)) != 4:
        raise RuntimeError("course history incomplete")
    return _(
        "{n} protocols; demo course planned, verified, given through the pre-dose gate, "
        "delayed; never-IT refused"
    ).format(n=len(protocols))


def _give_through_gate(
    stores: SchedulerStores, course: Course, moment: datetime, user: str
) -> Course:
    """Give session 1 of the (verified) demo course the way the CLI and the GUI do.

    The demo records no labs, so the gate must stop for missing labs and nothing else: a
    give without a reason is refused, then the stop is overridden with the typed reason
    "selftest demo" (the override path is exercised and kept on the given record). Any
    other stop is a fault of the selftest, never overridden.
    """
    bedside = BedsideStores(stores.reference, stores.patients_db)
    inp = bedside.gate_input(course, 1, at=moment, given_by=user)
    stops = {f.rule for f in evaluate_gate(inp).stops}
    if not stops or not stops <= LAB_RULES:
        raise RuntimeError(f"the pre-dose gate stopped the demo dose for {sorted(stops)}")
    limits = stores.protocols.limits()
    try:
        give_checked(inp, now=moment, limits=limits)
    except SafetyRefusal:
        pass
    else:
        raise RuntimeError("the pre-dose gate let a dose through without labs")
    action, _result = give_checked(
        inp, now=moment, limits=limits, override_reason=SELFTEST_OVERRIDE
    )
    given = stores.courses.apply(course, action)
    record = given.sessions[0].given
    if record is None or record.override is None or record.override.reason != SELFTEST_OVERRIDE:
        raise RuntimeError("the gate override was not kept on the given record")
    return given


def resolve_it_drug(name: str, catalog: Any | None) -> str:
    """The card id of a drug typed by a clinician for an IT course, or a refusal.

    Never-IT names are refused first (``SafetyRefusal``), then unknown names (with close
    names) and systemic-only drugs. Without a catalog the normalised name is used.
    """
    typed = name.strip()
    if not typed:
        raise BadInputError(_("Enter the drug."))
    refuse_never_it(typed, catalog)
    if catalog is None:
        return normalize_name(typed)
    card = catalog.resolve(typed)
    if card is None:
        close = catalog.closest_names(typed)
        hint = _(" Did you mean: {names}?").format(names=", ".join(close)) if close else ""
        raise BadInputError(_("Unknown drug {name!r}.").format(name=typed) + hint)
    if card.it_status in ("never", "systemic"):
        raise SafetyRefusal(
            _(
                "{name} is not an intrathecal drug ({status}); it cannot be put on an IT course."
            ).format(name=card.name_en, status=card.it_status),
            rule="not_it_drug",
        )
    return str(card.id)


def systemic_as_cards(patient: Patient, catalog: Any | None) -> Patient:
    """Concurrent systemic drugs typed in any language become drug-card ids where known."""
    if catalog is None or not patient.systemic_therapy:
        return patient
    therapies = []
    for therapy in patient.systemic_therapy:
        card = catalog.resolve(therapy.drug)
        therapies.append(therapy.model_copy(update={"drug": card.id}) if card else therapy)
    return patient.model_copy(update={"systemic_therapy": tuple(therapies)})
