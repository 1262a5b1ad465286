"""Screenshots of every screen, in one language, from a demo ward database.

Run under a virtual X server so the windows are real::

    xvfb-run -a .venv/bin/python -m lmdesk.devtools.screenshots --lang zh_CN --out docs/screenshots

The demo database (a patient, a pemetrexed course with one dose given, one held and the
course verified, an adverse event, a baseline and a follow-up assessment) is made in a
temporary folder; nothing outside ``--out`` is written. The demo's free text is in the
language of the run, as a ward would type it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from lmdesk.app_context import AppContext
from lmdesk.i18n import set_language
from lmdesk.models import course_actions as act
from lmdesk.models.clock import FixedClock
from lmdesk.models.course import course_from_plan
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.patient import Patient
from lmdesk.models.planning import PlanOptions, plan_course
from lmdesk.models.response.assessment import Assessment, parse_assessment
from lmdesk.models.toxicity_rules import Attribution
from lmdesk.paths import AppPaths
from lmdesk.settings import Settings
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.scheduler_context import SchedulerStores

DEMO_PROTOCOL = "pemetrexed-pan2019"
NOW = datetime(2027, 1, 20, 10, 30).astimezone()
START = date(2027, 1, 4)


@dataclass(frozen=True)
class DemoTexts:
    name: str
    hold_reason: str
    nurse: str
    verifier: str
    ae_note: str


TEXTS = {
    "en": DemoTexts("Zhang San", "neutrophils 1.2", "Nurse Li", "Dr Wang", "after session 1"),
    "zh_CN": DemoTexts("张三", "中性粒细胞 1.2", "李护士", "王医生", "第 1 次后"),
}


def _assessment(course_id: int | None, day: date, kps: int, ecog: int, cea: str) -> Assessment:
    """An assessment with performance status, gait and a positive CSF with its CEA level."""
    return parse_assessment(
        {
            "course_id": course_id,
            "assessed_on": day,
            "kps": kps,
            "ecog": ecog,
            "neuro": {"gait": str(ecog)},
            "csf": {
                "cytology": "positive",
                "markers": [{"name": "CEA", "value": cea, "unit": "ng/mL"}],
            },
        }
    )


def make_demo(ctx: AppContext, language: str) -> None:
    """The ward data every screen is shown with."""
    texts = TEXTS[language]
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stores.patients.add(
        Patient(mrn="DEMO-0001", name=texts.name, sex="M", birth_date=date(1961, 5, 2))
    )
    protocols = stores.protocols
    plan = plan_course(
        protocols.get(DEMO_PROTOCOL), PlanOptions(start=START), protocols.limits(), stores.catalog
    )
    courses = stores.courses
    course = courses.add(course_from_plan(plan, "DEMO-0001", "Dr Chen", NOW - timedelta(days=17)))
    assessments = AssessmentRepository(ctx.patients)
    assessments.add(_assessment(course.id, START - timedelta(days=1), 60, 2, "48.0"))
    first = course.sessions[0]
    given_at = datetime.combine(first.date, datetime.min.time()).astimezone() + timedelta(hours=9)
    course = courses.apply(
        course,
        act.give(
            course,
            1,
            at=given_at,
            dose_mg=first.dose_mg,
            route=first.route,
            given_by=texts.nurse,
            limits=protocols.limits(),
        ),
    )
    course = courses.apply(course, act.hold(course, 2, texts.hold_reason))
    course = courses.apply(course, act.verify(course, texts.verifier, NOW - timedelta(days=16)))
    AdverseEventRepository(ctx.patients).record(
        AdverseEvent(
            course_id=course.id or 0,
            version="6.0",
            term="Neutrophil count decreased",
            grade=2,
            onset=first.date + timedelta(days=4),
            lab_value="1.2",
            lab_unit="10^9/L",
            attribution=Attribution.IT_DRUG,
            note=texts.ae_note,
        )
    )
    assessments.add(_assessment(course.id, NOW.date() - timedelta(days=1), 70, 1, "29.5"))


def _settle(seconds: float) -> None:
    """Let workers finish and the window repaint."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(language: str, out: Path, keys: list[str] | None, width: int, height: int) -> list[Path]:
    """Open every view of the real main window and save a PNG of each."""
    from lmdesk.views.app import GuiController, ensure_application

    set_language(language)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="lmdesk-shots-") as home:
        paths = AppPaths.resolve(environ={"LMDESK_HOME": home})
        ctx = AppContext(
            paths=paths,
            settings=Settings(language=language),
            language=language,
            clock=FixedClock(NOW),
            user="demo",
        )
        make_demo(ctx, language)
        app = ensure_application()
        controller = GuiController(ctx, app)
        window = controller.window
        window.resize(width, height)
        window.show()
        _settle(1.0)
        for spec in window.specs:
            if keys and spec.key not in keys:
                continue
            view = window.open_view(spec.key)
            show_course = getattr(view, "show_course", None)
            if callable(show_course):  # the assessment screen starts with no course chosen
                show_course(1)
            _settle(2.0)
            target = out / f"main-{spec.key}-{language}.png"
            window.grab().save(str(target))
            written.append(target)
        window.close()
        ctx.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(TEXTS), required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--view", action="append", help="only these view keys")
    parser.add_argument("--size", default="1366x800")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    for path in shoot(args.lang, args.out, args.view, width, height):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
