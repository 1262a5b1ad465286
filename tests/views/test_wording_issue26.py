"""Words shown the same way everywhere (issue 26): one name for the bilingual option, no
doubled ellipses in Chinese, and plurals that agree with their count ("1 match")."""

from __future__ import annotations

from typing import Any

import pytest
from babel.messages.pofile import read_po

from lmdesk.devtools.catalogs import po_files
from lmdesk.i18n import set_language
from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views.assessment.assessment_view import AssessmentView
from lmdesk.views.common.patient_picker import PatientPicker
from lmdesk.views.sheet.sheets_view import SheetsView


def _items(box: Any) -> dict[str, str]:
    return {str(box.itemData(i)): box.itemText(i) for i in range(box.count())}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_bilingual_option_has_one_name_on_every_screen(
    qtbot: Any, ctx: Any, language: str
) -> None:
    set_language(language)
    assessment, sheets = AssessmentView(ctx), SheetsView(ctx)
    qtbot.addWidget(assessment)
    qtbot.addWidget(sheets)
    names = _items(assessment.report_language)
    assert names == _items(sheets.language)
    assert "English + 中文" not in names.values()
    set_language("zh_CN" if language == "en" else "en")  # a live switch renames both alike
    assessment.retranslate()
    sheets.retranslate()
    assert _items(assessment.report_language) == _items(sheets.language)


def test_no_chinese_text_ends_in_a_doubled_ellipsis() -> None:
    doubled = []
    for po in po_files():
        with po.open("rb") as handle:
            for message in read_po(handle, locale="zh_CN"):
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                doubled += [f"{po.stem}: {t}" for t in texts if t and t.rstrip().endswith("……")]
    assert doubled == []


def test_one_match_is_one_match(qtbot: Any, ctx: Any) -> None:
    repo = PatientRepository(ctx.patients)
    for mrn, name in (("A100", "Zhang San"), ("B200", "Li Si"), ("B201", "Li Wu")):
        repo.add(Patient(mrn=mrn, name=name))
    picker = PatientPicker(repo)
    qtbot.addWidget(picker)
    picker.search("zhang")
    assert picker.hint.text() == "1 match"
    picker.search("li")
    assert picker.hint.text() == "2 matches"


def test_one_session_moved_is_singular(ctx: Any) -> None:
    """The plan dialog's finding when one holiday moves one session."""
    from datetime import date

    from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar
    from lmdesk.models.scheduling.planning import PlanOptions, plan_course
    from lmdesk.store.scheduler_context import SchedulerStores

    protocols = SchedulerStores(ctx.reference, ctx.patients).protocols
    stores = SchedulerStores(ctx.reference, ctx.patients)

    def moved(holidays: frozenset[date]) -> list[str]:
        options = PlanOptions(
            start=date(2027, 3, 1),
            calendar=ScheduleCalendar(holidays=holidays),
            confirm_default_schedule=True,
        )
        plan = plan_course(
            protocols.get("pemetrexed-pan2019"), options, protocols.limits(), stores.catalog
        )
        return [f.message for f in plan.findings if f.code == "sessions_moved"]

    assert moved(frozenset()) == []
    last = plan_course(
        protocols.get("pemetrexed-pan2019"),
        PlanOptions(start=date(2027, 3, 1), confirm_default_schedule=True),
        protocols.limits(),
        stores.catalog,
    ).sessions[-1]
    texts = moved(frozenset({last.date}))  # only the last session can move alone
    assert [t.split(" moved")[0] for t in texts] == ["1 session"]
