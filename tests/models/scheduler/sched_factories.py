"""Small protocol/course builders shared by the scheduler model tests."""

from __future__ import annotations

from datetime import date, datetime

from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import CoMedication, DoseRange, Phase, Protocol

LIMITS = DoseLimits(
    [
        DoseLimit(
            drug="methotrexate",
            usual_min_mg=10,
            usual_max_mg=12.5,
            ceiling_mg=15,
            usual_source="R42",
            ceiling_source="R42",
        ),
        DoseLimit(
            drug="pemetrexed",
            route="lp",
            usual_min_mg=10,
            usual_max_mg=15,
            ceiling_mg=50,
            usual_source="R50",
            ceiling_source="R65",
        ),
        DoseLimit(
            drug="pemetrexed",
            route="ommaya",
            usual_min_mg=30,
            usual_max_mg=30,
            ceiling_mg=50,
            usual_source="R57",
            ceiling_source="R65",
        ),
    ]
)


def mtx_classic() -> Protocol:
    return Protocol(
        id="mtx-classic",
        name_en="MTX classic",
        drug="methotrexate",
        dose=DoseRange(min_mg=10, max_mg=15, default_mg=12),
        phases=(
            Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=4),
            Phase(kind="consolidation", period_days=7, repeats=4),
            Phase(kind="maintenance", period_months=1),
        ),
        checks=("blood_count", "csf_sample"),
    )


def pemetrexed_cycles() -> Protocol:
    return Protocol(
        id="pem-cycles",
        name_en="Pemetrexed D1/D8 q21d",
        drug="pemetrexed",
        routes=("ommaya",),
        dose=DoseRange(min_mg=30, max_mg=30, default_mg=30),
        phases=(Phase(kind="cycle", period_days=21, offsets_days=(0, 7), repeats=3),),
        co_medications=(CoMedication(drug="dexamethasone", dose="5 mg", route="it"),),
    )


def make_course(protocol: Protocol | None = None, **options: object) -> Course:
    # The default start of maintenance is not sourced: these courses confirm it, as the
    # clinician must before saving.
    options.setdefault("confirm_default_schedule", True)
    plan = plan_course(
        protocol or mtx_classic(),
        PlanOptions(start=date(2027, 1, 4), **options),  # type: ignore[arg-type]
        LIMITS,
        None,
    )
    return course_from_plan(plan, "MRN1", "Dr Planner", datetime(2027, 1, 1, 9, 0))
