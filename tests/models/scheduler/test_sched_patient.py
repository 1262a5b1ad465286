from datetime import date

import pytest
from pydantic import ValidationError

from lmdesk.models.patient import ECOG_WORDING, KPS_WORDING, Patient, ecog_text, kps_text


def test_minimal_patient():
    p = Patient(mrn=" A1 ", name="张三")
    assert p.mrn == "A1" and p.driver_gene == "unknown" and p.csf_flow == "unknown"


@pytest.mark.parametrize("kps", [5, 105, -10])
def test_kps_must_be_a_scale_step(kps):
    with pytest.raises(ValidationError):
        Patient(mrn="A", name="B", kps=kps)


def test_ecog_range():
    with pytest.raises(ValidationError):
        Patient(mrn="A", name="B", ecog=6)


def test_scales_have_wording_for_every_step():
    assert sorted(KPS_WORDING) == list(range(0, 101, 10))
    assert sorted(ECOG_WORDING) == list(range(6))
    assert "Dead" in kps_text(0) and "Fully active" in ecog_text(0)


def test_ommaya_date_requires_ommaya_access():
    with pytest.raises(ValidationError):
        Patient(mrn="A", name="B", ommaya_implant_date=date(2026, 1, 1))
    assert Patient(
        mrn="A", name="B", it_access="ommaya", ommaya_implant_date=date(2026, 1, 1)
    ).has_ommaya


def test_empty_mrn_refused():
    with pytest.raises(ValidationError):
        Patient(mrn="  ", name="B")


def test_lm_date_before_birth_refused():
    with pytest.raises(ValidationError):
        Patient(mrn="A", name="B", birth_date=date(2000, 1, 1), lm_diagnosis_date=date(1999, 1, 1))
