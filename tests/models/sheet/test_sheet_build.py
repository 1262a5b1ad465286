from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sheet_factories import DATA, LIMITS, PRINTED, make_course, patient, pmlm, settings

from lmdesk.models.errors import SafetyRefusal
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.protocol import CoMedication
from lmdesk.models.sheet.build import age_years, build_sheet
from lmdesk.models.sheet.text import SheetText


def sheet(course=None, language="en", **kw):
    return build_sheet(
        course or make_course(),
        kw.pop("patient", patient()),
        settings(language),
        DATA,
        LIMITS,
        PRINTED,
        printed_by="tester",
        **kw,
    )


def test_english_sheet_holds_patient_route_every_date_and_dose_with_unit():
    course = make_course()
    s = sheet(course)
    text = s.all_text()
    assert "Zhang San 张三" in text and "MRN-001" in text
    assert s.route_in_full == "INTRATHECAL / 鞘内注射"
    assert "INTRATHECAL / 鞘内注射 — by lumbar puncture (LP)" in text
    assert len(s.sessions) == len(course.sessions) == 8
    for row, session in zip(s.sessions, course.sessions, strict=True):
        assert row.date.startswith(session.date.isoformat())
        assert row.dose == "15 mg"
        assert row.route == "INTRATHECAL, lumbar puncture"
        assert row.co_injection == "Dexamethasone 5 mg"
    assert s.sessions[0].date == "2027-01-04 Mon"
    assert s.sessions[1].date == "2027-01-07 Thu"
    assert "PRESERVATIVE-FREE" in text and "FATAL IF GIVEN INTRATHECALLY" in text
    assert s.page_label(2, 3) == "Page 2 of 3"


def test_header_fields_from_the_patient_record():
    fields = {f.label: f.value for f in sheet().header}
    assert fields["Sex"] == "Female"
    assert fields["Age"] == "66 years"
    assert fields["Weight"] == "58 kg"
    assert fields["Driver gene"] == "EGFR exon 19 deletion"
    assert fields["IT access"] == "Lumbar puncture (this course's route)"
    assert fields["KPS / ECOG"] == "KPS 70 · ECOG 2"
    assert fields["Allergies"] == "not recorded"
    allergic = patient().model_copy(update={"allergies": "iodine contrast"})
    assert {f.label: f.value for f in sheet(patient=allergic).header}["Allergies"] == (
        "iodine contrast"
    )
    assert fields["Diagnosis"].startswith("Lung adenocarcinoma; Leptomeningeal metastasis")


def test_sections_supportive_monitoring_cumulative_references():
    s = sheet()
    sections = {sec.title: sec.lines for sec in s.sections}
    assert any(
        "Folic acid 400 µg daily [R53] — oral" in line for line in sections["Supportive plan"]
    )
    monitoring = " ".join(sections["Monitoring plan"])
    assert "blood count with differential" in monitoring and "§A.11" in monitoring
    assert sections["Cumulative intrathecal dose"] == (
        "Pemetrexed, lumbar puncture: given 0 mg, still planned 120 mg, total 120 mg",
    )
    refs = sections["References"]
    assert "[R53] PMLM phase I/II (NCT05289908)" in refs
    assert "[R60]" in refs and "[R110]" in refs
    assert sections["Not confirmed by the sources"] == ("Maintenance frequency",)


def test_unknown_diluent_is_left_for_the_prescriber_known_one_is_cited():
    order = {f.label: f.value for f in sheet().order}
    assert "Not confirmed by the sources" in order["Diluent and volume"]
    assert "co-injected" in order["Co-injection"]
    mtx = make_course(
        pmlm().model_copy(update={"drug": "methotrexate", "co_medications": ()}), dose_mg=12
    )
    order = {f.label: f.value for f in sheet(mtx).order}
    assert order["Diluent and volume"].endswith("[R40][R41]")
    assert "6 mL" in order["Diluent and volume"]
    assert order["Co-injection"] == "none in this protocol"


def test_unsaved_plan_says_not_saved_and_uses_typed_name():
    s = sheet(make_course(course_id=None), patient=None, patient_name="Li Si")
    assert not s.saved
    assert s.banners and s.banners[0].startswith("NOT SAVED")
    fields = {f.label: f.value for f in s.header}
    assert fields["Patient"] == "Li Si" and fields["Sex"] == "not recorded"
    assert {f.label: f.value for f in s.footer}["Course"] == "not saved"


def test_statuses_reasons_and_given_by_are_printed():
    course = make_course()
    course = act.give(
        course,
        1,
        at=datetime(2027, 1, 4, 10, 30),
        dose_mg=15,
        route="lp",
        given_by="Nurse Li",
        limits=LIMITS,
    ).course
    course = act.hold(course, 2, "platelets 40 x10^9/L").course
    course = act.cancel(course, 3, "patient declined").course
    s = sheet(course)
    assert s.sessions[0].status == "Given 2027-01-04 10:30"
    assert s.sessions[0].given_by == "Nurse Li"
    assert s.sessions[1].status == "Held: platelets 40 x10^9/L"
    assert s.sessions[2].status == "Cancelled: patient declined"
    assert s.sessions[3].status == "Planned" and s.sessions[3].given_by == ""
    cumulative = dict((sec.title, sec.lines) for sec in s.sections)["Cumulative intrathecal dose"]
    assert cumulative == (
        "Pemetrexed, lumbar puncture: given 15 mg, still planned 75 mg, total 90 mg",
    )


def test_stopped_course_has_a_banner_and_open_sessions_are_not_to_be_given():
    course = act.stop(make_course(), "progression", datetime(2027, 1, 6, 8, 0), "Dr Wang").course
    s = sheet(course)
    assert any(b.startswith("COURSE STOPPED 2027-01-06: progression") for b in s.banners)
    assert all(r.status == "Not to be given: course stopped" for r in s.sessions)


def test_dose_above_usual_prints_star_and_reason():
    course = make_course(dose_mg=30, dose_reason="Ommaya unavailable, team decision")
    s = sheet(course)
    assert all(r.dose == "30 mg *" and r.above_usual for r in s.sessions)
    lines = dict((sec.title, sec.lines) for sec in s.sections)["Doses above the usual range"]
    assert len(lines) == len(course.sessions)
    assert "usual up to 15 mg [R50][R53]; reason: Ommaya unavailable, team decision" in lines[0]
    assert "above the usual range" in {f.label: f.value for f in s.order}["Dose per injection"]


def test_open_dose_above_usual_without_reason_refuses_the_sheet():
    course = make_course(dose_mg=30, dose_reason="x")
    bare = course.model_copy(
        update={
            "dose_reason": "",
            "sessions": tuple(s.model_copy(update={"dose_reason": ""}) for s in course.sessions),
        }
    )
    with pytest.raises(SafetyRefusal) as info:
        sheet(bare)
    assert info.value.rule == "dose_reason_required"


def test_dose_above_the_hard_ceiling_refuses_the_sheet():
    course = make_course()
    bad = course.model_copy(
        update={"sessions": (course.sessions[0].model_copy(update={"dose_mg": 80}),)}
    )
    with pytest.raises(SafetyRefusal) as info:
        sheet(bad)
    assert info.value.rule == "dose_ceiling"


@pytest.mark.parametrize(
    "name", ["vincristine", "长春新碱", "VINCRISTINE", "Oncovin", "bortezomib"]
)
def test_never_it_drug_anywhere_on_the_course_refuses_the_sheet(name):
    course = make_course()
    co = CoMedication(drug=name, dose="1 mg", route="it")
    hacked = course.model_copy(
        update={"sessions": (course.sessions[0].model_copy(update={"co_medications": (co,)}),)}
    )

    class Catalog:
        def never_it_match(self, text):
            from lmdesk.models.drugs.names import normalize_name

            names = {"vincristine", "长春新碱", "oncovin"}
            if normalize_name(text) in names:
                return type("Card", (), {"name_en": "Vincristine", "name_zh": "长春新碱"})()
            return None

    with pytest.raises(SafetyRefusal) as info:
        sheet(hacked, catalog=Catalog())
    assert info.value.rule == "never_it"
    assert "FATAL IF GIVEN INTRATHECALLY" in str(info.value)


def test_bilingual_sheet_keeps_both_languages(zh):
    s = sheet(language="bilingual")
    assert s.title == "Intrathecal regimen sheet / 鞘内注射治疗单"
    assert len(s.safety_lines) == 2
    assert s.sessions[0].date == "2027-01-04 Mon 周一"
    assert "Pemetrexed 培美曲塞" in {f.label: f.value for f in s.order}.values()


def test_chinese_sheet_is_chinese_whatever_the_screen_language():
    s = sheet(language="zh_CN")  # screen language stays English
    assert s.title == "鞘内注射治疗单"
    assert s.sessions[0].date == "2027-01-04 周一"
    assert s.sessions[0].dose == "15 mg"
    assert s.route_in_full == "INTRATHECAL / 鞘内注射"
    assert s.page_label(1, 2) == "第 1 页，共 2 页"
    assert {f.label for f in s.header} >= {"患者", "病历号"}


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 40000))
def test_age_in_whole_years(birth, days):
    on = birth + timedelta(days=days)
    years = age_years(birth, on)
    assert years >= 0
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        birthday = date(birth.year + years, 3, 1)
    assert birthday <= on


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_dates_carry_their_true_weekday(day):
    en = SheetText("en").date(day)
    zh = SheetText("zh_CN").date(day)
    assert en == f"{day.isoformat()} {day.strftime('%a')}"
    assert zh == day.isoformat() + " 周" + "一二三四五六日"[day.weekday()]


def test_delayed_session_shows_new_date_old_date_and_reason():
    course = make_course()
    moved = act.delay(course, 2, date(2027, 1, 8), "fever").course
    s = sheet(moved)
    row = next(r for r in s.sessions if r.n == 2)
    assert row.date == "2027-01-08 Fri"
    assert row.status == "Delayed from 2027-01-07: fever"
