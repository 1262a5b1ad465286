"""Courses, patients and limits for the regimen-sheet tests (models, store, CLI, views)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import CoMedication, DoseRange, Phase, Protocol
from lmdesk.models.sheet.document import SheetData, SheetSettings

TZ = timezone(timedelta(hours=8))
PRINTED = datetime(2027, 1, 4, 9, 0, tzinfo=TZ)

LIMITS = DoseLimits(
    [
        DoseLimit(
            drug="pemetrexed",
            route="lp",
            usual_min_mg=10,
            usual_max_mg=15,
            ceiling_mg=50,
            usual_source="R50; R53",
            ceiling_source="R65",
        ),
        DoseLimit(drug="methotrexate", usual_max_mg=12.5, ceiling_mg=15, usual_source="R44"),
    ]
)
DATA = SheetData(
    reference_version="2026.11.1",
    drug_names={
        "pemetrexed": ("Pemetrexed", "培美曲塞"),
        "dexamethasone": ("Dexamethasone", "地塞米松"),
        "folic-acid": ("Folic acid", "叶酸"),
        "methotrexate": ("Methotrexate", "甲氨蝶呤"),
    },
    citations={"R53": "PMLM phase I/II (NCT05289908)"},
)


def pmlm(sessions_in_maintenance: int = 0) -> Protocol:
    phases = [
        Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=2, source="R53"),
        Phase(kind="consolidation", period_days=7, repeats=4, source="R53"),
    ]
    if sessions_in_maintenance:
        phases.append(Phase(kind="maintenance", period_days=7, repeats=sessions_in_maintenance))
    return Protocol(
        id="pemetrexed-pmlm",
        name_en="Pemetrexed IT 15 mg by LP (PMLM)",
        name_zh="培美曲塞鞘内注射 15 mg 腰穿(PMLM)",
        drug="pemetrexed",
        routes=("lp",),
        dose=DoseRange(min_mg=10, max_mg=50, default_mg=15, source="R53"),
        phases=tuple(phases),
        co_medications=(
            CoMedication(drug="dexamethasone", dose="5 mg", route="it", source="R53"),
            CoMedication(drug="folic-acid", dose="400 µg daily", route="oral", source="R53"),
        ),
        checks=("blood_count", "liver_function", "csf_sample"),
        sources=("R53", "R54"),
        unconfirmed=("Maintenance frequency",),
    )


def make_course(
    protocol: Protocol | None = None, *, course_id: int | None = 7, **options: object
) -> Course:
    plan = plan_course(
        protocol or pmlm(),
        PlanOptions(**{"start": date(2027, 1, 4), **options}),  # type: ignore[arg-type]
        LIMITS,
        None,
    )
    course = course_from_plan(plan, "MRN-001", "Dr Wang", datetime(2027, 1, 1, 9, 0, tzinfo=TZ))
    return course.model_copy(update={"id": course_id, "revision": 1 if course_id else 0})


def patient() -> Patient:
    return Patient(
        mrn="MRN-001",
        name="Zhang San 张三",
        sex="F",
        birth_date=date(1960, 5, 1),
        weight_kg=58,
        histology="Lung adenocarcinoma",
        driver_gene="egfr_19del",
        it_access="lp",
        kps=70,
        ecog=2,
    )


def settings(language: str = "en") -> SheetSettings:
    return SheetSettings(hospital="City Hospital", ward="Oncology 3", language=language)  # type: ignore[arg-type]
