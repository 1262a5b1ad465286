"""Screenshots of every screen and its important states, in one language, from a demo
ward database.

The window is 1280x800, the ward's usual screen (``--size`` for another); dialogs are
never made larger. Run under a virtual X server so the windows are real::

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python -m lmdesk.devtools.screenshots \
        --lang zh_CN --out docs/screenshots

Each main view is saved as ``main-<view>-<lang>.png`` (the whole window); each state of a
screen (a what-if overdose on the PK curves, a never-IT drug card, a graded lab value, the
plan dialog, ...) under the name the docs use, e.g. ``pk-what-if-overdose-<lang>.png``.
The scenes are listed in :mod:`lmdesk.devtools.screenshot_scenes` (``--list`` prints
them); ``--view`` and ``--scene`` (shell patterns, e.g. ``'pk-*'``) choose some. Scenes
of PDF pages need poppler's ``pdftoppm`` and are skipped without it.

The demo database (three patients; for the demo patient a pemetrexed course with one dose
given, one held and the course verified, an adverse event, a baseline and a follow-up
assessment) is made in a temporary folder; nothing outside ``--out`` is written. The
demo's free text is in the language of the run, as a ward would type it.
``--fresh-reference`` builds the reference DB from this checkout's sources first (into
the temporary folder) instead of using the shipped ``data/lm.sqlite``.
"""

from __future__ import annotations

import argparse
import fnmatch
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from lmdesk.app_context import AppContext
from lmdesk.devtools.screenshot_scenes import SCENES, describe
from lmdesk.devtools.screenshot_stage import Scene, Stage, settle
from lmdesk.i18n import current_language, set_language
from lmdesk.models.clock import FixedClock
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.patient import Patient, SystemicTherapy
from lmdesk.models.response.assessment import Assessment, parse_assessment
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.toxicity_rules import Attribution
from lmdesk.paths import AppPaths
from lmdesk.settings import Settings
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.scheduler_context import SchedulerStores

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

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
    histology: str
    others: tuple[str, str]


TEXTS = {
    "en": DemoTexts(
        "Zhang San",
        "neutrophils 1.2",
        "Nurse Li",
        "Dr Wang",
        "after session 1",
        "lung adenocarcinoma",
        ("Li Wei", "Wang Fang"),
    ),
    "zh_CN": DemoTexts(
        "张三", "中性粒细胞 1.2", "李护士", "王医生", "第 1 次后", "肺腺癌", ("李伟", "王芳")
    ),
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
    from lmdesk.devtools.users_demo import add_demo_staff

    ctx.sign_in(add_demo_staff(ctx)["d2031"])  # a registered prescriber is signed in
    texts = TEXTS[language]
    stores = SchedulerStores(ctx.reference, ctx.patients)
    for mrn, name, sex, gene, kps in (
        ("DEMO-0002", texts.others[0], "M", "alk", 80),
        ("DEMO-0003", texts.others[1], "F", "egfr_l858r", 60),
    ):
        stores.patients.add(Patient(mrn=mrn, name=name, sex=sex, driver_gene=gene, kps=kps))
    stores.patients.add(  # added last: the screens open on the most recently changed patient
        Patient(
            mrn="DEMO-0001",
            name=texts.name,
            sex="M",
            birth_date=date(1961, 5, 2),
            weight_kg=68.0,
            height_cm=172.0,
            histology=texts.histology,
            driver_gene="egfr_19del",
            lm_diagnosis_date=START - timedelta(days=10),
            kps=60,
            ecog=2,
            csf_flow="normal",
            systemic_therapy=(SystemicTherapy(drug="osimertinib", dose="160 mg/d"),),
        )
    )
    protocols = stores.protocols
    plan = plan_course(
        protocols.get(DEMO_PROTOCOL),
        PlanOptions(start=START, confirm_default_schedule=True),
        protocols.limits(),
        stores.catalog,
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
    second = course.sessions[1]
    held_at = datetime.combine(second.date, datetime.min.time()).astimezone() + timedelta(hours=9)
    course = courses.apply(course, act.hold(course, 2, texts.hold_reason, at=held_at))
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


def _selected(
    scenes: list[Scene], views: list[str] | None, patterns: list[str] | None
) -> list[Scene]:
    return [
        s
        for s in scenes
        if (not views or s.view in views)
        and (not patterns or any(fnmatch.fnmatchcase(s.key, p) for p in patterns))
    ]


def shoot(
    language: str,
    out: Path,
    keys: list[str] | None,
    width: int,
    height: int,
    *,
    scenes: list[str] | None = None,
    reference_db: Path | None = None,
    fresh_reference: bool = False,
    inspect: Callable[[str, QWidget], None] | None = None,
) -> tuple[list[Path], list[str]]:
    """Put the real main window into each chosen scene and save a PNG of each.

    ``keys`` choose main views, ``scenes`` scene keys (shell patterns); None means all.
    ``inspect(scene key, widget)`` sees each widget just before it is shot.
    Returns the files written and the scenes that failed (with why).
    """
    from PySide6.QtCore import QSize

    from lmdesk.views.app import GuiController, ensure_application

    chosen = _selected(SCENES, keys, scenes)
    if shutil.which("pdftoppm") is None:
        chosen = [s for s in chosen if not s.needs_pdftoppm]
    before = current_language()
    set_language(language)
    written: list[Path] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="lmdesk-shots-") as home:
        paths = AppPaths.resolve(environ={"LMDESK_HOME": home})
        if fresh_reference:
            from lmdesk.paths import reference_sources_dir
            from lmdesk.store.reference_build import build_reference

            reference_db = build_reference(reference_sources_dir(), Path(home) / "lm.sqlite")
        if reference_db is not None:
            paths = replace(paths, reference_db=reference_db)
        ctx = AppContext(
            paths=paths,
            settings=Settings(language=language),
            language=language,
            clock=FixedClock(NOW),
            user="demo",
        )
        try:
            make_demo(ctx, language)
            app = ensure_application()
            controller = GuiController(ctx, app)
            window = controller.window
            window.resize(width, height)
            window.show()
            settle(1.0)
            scratch = Path(home) / "scratch"
            scratch.mkdir()
            for scene in chosen:
                window.resize(width, height)  # a screen shown before may have grown it
                look = partial(inspect, scene.key) if inspect is not None else None
                stage = Stage(
                    ctx, window, language, scratch, inspect=look, screen=QSize(width, height)
                )
                try:
                    scene.run(stage)
                    if window.width() > width or window.height() > height:
                        grown = f"{window.width()}x{window.height()}"
                        print(f"note: {scene.key} grew the window to {grown}", file=sys.stderr)
                    if stage.image is None or stage.image.isNull():
                        raise RuntimeError("the scene took no picture")
                except Exception as exc:  # a devtool: report the scene, go on with the rest
                    traceback.print_exc()
                    failed.append(f"{scene.key}: {exc}")
                    _close_dialogs()
                    continue
                target = out / scene.file_name(language)
                stage.image.save(str(target))
                written.append(target)
            window.close()
            settle(0.2)
        finally:
            ctx.close()
            set_language(before)
    return written, failed


def _close_dialogs() -> None:
    """A failed scene must not leave a dialog over the next one."""
    from PySide6.QtWidgets import QApplication, QDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(TEXTS))
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--view", action="append", help="only the scenes of these view keys")
    parser.add_argument(
        "--scene", action="append", help="only these scene keys (shell patterns, e.g. 'pk-*')"
    )
    parser.add_argument("--list", action="store_true", help="list the scenes and stop")
    parser.add_argument("--size", default="1280x800", help="the window, WIDTHxHEIGHT")
    parser.add_argument(
        "--fresh-reference",
        action="store_true",
        help="build the reference DB from this checkout's sources first",
    )
    args = parser.parse_args(argv)
    if args.list:
        for key, view, doc in describe(_selected(SCENES, args.view, args.scene)):
            print(f"{key:34} {view:11} {doc}")
        return 0
    if args.lang is None:
        parser.error("--lang is required")
    width, height = (int(x) for x in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    written, failed = shoot(
        args.lang,
        args.out,
        args.view,
        width,
        height,
        scenes=args.scene,
        fresh_reference=args.fresh_reference,
    )
    for path in written:
        print(path)
    for why in failed:
        print(f"FAILED {why}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
