"""Issue 22: the sheet's IT access never contradicts the course's route; "unknown" is said."""

from __future__ import annotations

import pytest
from sheet_factories import DATA, LIMITS, PRINTED, make_course, patient, pmlm, settings

from lmdesk.models.errors import SafetyRefusal
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.protocol import CoMedication
from lmdesk.models.sheet.build import build_sheet


def _access(course, who, language="en"):  # type: ignore[no-untyped-def]
    sheet = build_sheet(course, who, settings(language), DATA, LIMITS, PRINTED)
    return {f.label: f.value for f in sheet.header}, sheet


def _ommaya_course():  # type: ignore[no-untyped-def]
    return make_course(pmlm().model_copy(update={"routes": ("ommaya",)}))


def test_new_patients_have_unknown_access() -> None:
    assert Patient(mrn="N1", name="New").it_access == "unknown"
    assert Patient(mrn="N1", name="Old", it_access="lp").it_access == "lp"


def test_ommaya_course_for_an_lp_patient_says_check_not_lp() -> None:
    course = _ommaya_course()
    assert course.route == "ommaya"
    fields, sheet = _access(course, patient())  # the factory patient is recorded as LP
    access = fields["IT access"]
    assert access.startswith("Ommaya reservoir") and "CHECK" in access
    assert "Lumbar puncture" in access  # named as the record's value, not as the route
    assert "Ommaya" in sheet.route_detail


def test_unknown_access_is_said_in_both_languages() -> None:
    who = patient().model_copy(update={"it_access": "unknown"})
    fields, _s = _access(_ommaya_course(), who)
    assert "not recorded" in fields["IT access"] and fields["IT access"].startswith("Ommaya")
    fields, _s = _access(_ommaya_course(), who, "zh_CN")
    assert (
        "未记录" in fields["鞘内给药途径"]
        if "鞘内给药途径" in fields
        else any("未记录" in v for v in fields.values())
    )


def test_matching_access_prints_once() -> None:
    fields, _s = _access(make_course(), patient())
    assert fields["IT access"] == "Lumbar puncture (this course's route)"


def test_systemic_leucovorin_prints_and_it_leucovorin_is_refused() -> None:
    rescue = CoMedication(drug="leucovorin", dose="15 mg", route="iv")
    course = make_course(pmlm().model_copy(update={"co_medications": (rescue,)}))
    _access(course, patient())
    it = course.model_copy(
        update={
            "protocol": course.protocol.model_copy(
                update={"co_medications": (rescue.model_copy(update={"route": "it"}),)}
            )
        }
    )
    with pytest.raises(SafetyRefusal):
        _access(it, patient())


def test_bilingual_check_line_words_the_access_once_per_language() -> None:
    _fields, sheet = _access(_ommaya_course(), patient(), "bilingual")
    access = next(f.value for f in sheet.header if "CHECK" in f.value)
    check = access[access.index("CHECK") :]
    english, chinese = check.split(" / ", 1)
    assert english == "CHECK: the patient record says Lumbar puncture"
    assert "Lumbar puncture" not in chinese and "腰椎穿刺" in chinese
    assert "腰椎穿刺" not in english
