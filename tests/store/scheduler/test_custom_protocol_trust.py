"""Custom protocols are input: saved or read back, they pass every protocol safety rule."""

import json
from datetime import date

import pytest

from lmdesk.models.errors import SafetyRefusal
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import CoMedication, DoseRange, Phase, Protocol
from lmdesk.models.scheduling.protocol_check import check_protocol_safety
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.protocol_repo import ProtocolRepository


@pytest.fixture
def catalog(reference):
    return DrugRepository(reference).catalog()


def _custom(drug="methotrexate", co=(), name="Ward MTX", max_mg=12.0) -> Protocol:
    return Protocol(
        id="ward",
        name_en=name,
        name_zh=name,
        drug=drug,
        dose=DoseRange(min_mg=10, max_mg=max_mg, default_mg=12),
        phases=(Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=2),),
        co_medications=co,
    )


def _co(drug, dose="5 mg", route="it"):
    return _custom(co=(CoMedication(drug=drug, dose=dose, route=route),))


REFUSED = {
    "osimertinib as the IT drug": _custom("osimertinib"),
    "cisplatin (no card) as the IT drug": _custom("cisplatin"),
    "KCl as the IT drug": _custom("potassium-chloride"),
    "Cyrillic vincristine": _custom("v\u0456ncristine"),
    "folic acid as the IT drug": _custom("folic-acid"),
    "a second IT drug": _co("cytarabine", "50 mg"),
    "osimertinib co-injected": _co("osimertinib", "80 mg"),
    "KCl iv": _co("KCl", "10 mmol", "iv"),
    "cisplatin iv": _co("cisplatin", "75 mg/m2", "iv"),
    "vincristine iv": _co("vincristine", "1 mg", "iv"),
    "Cyrillic vincristine iv": _co("v\u0456ncristine", "1 mg", "iv"),
    "IT dexamethasone in g": _co("dexamethasone", "5 g"),
    "IT dexamethasone above its ceiling": _co("dexamethasone", "50 mg"),
    "a range above the ceiling": _custom(max_mg=100),
    "a name of another drug": _custom(name="Vincristine weekly"),
    "a Chinese name of another drug": _custom(name="阿糖胞苷 鞘注"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_custom_protocol_breaking_a_rule_is_not_saved(reference, patient_db, catalog, name):
    repo = ProtocolRepository(reference, patient_db)
    with pytest.raises(SafetyRefusal):
        repo.save_custom(REFUSED[name], catalog)
    assert patient_db.conn.execute("SELECT count(*) FROM custom_protocols").fetchone()[0] == 0


def test_every_reference_template_passes_the_rules(reference, catalog):
    repo = ProtocolRepository(reference)
    for protocol in repo.list(include_custom=False):
        check_protocol_safety(protocol, catalog, repo.limits())


def test_sound_custom_protocols_are_saved(reference, patient_db, catalog):
    repo = ProtocolRepository(reference, patient_db)
    repo.save_custom(_co("dexamethasone", "5 mg"), catalog)
    leucovorin = CoMedication(drug="leucovorin", dose="15 mg", route="oral")
    repo.save_custom(_custom(co=(leucovorin,), name="MTX with leucovorin rescue"), catalog)


def test_a_stored_custom_protocol_read_back_is_checked_again(reference, patient_db, catalog):
    repo = ProtocolRepository(reference, patient_db)
    saved = repo.save_custom(_custom(), catalog)
    for tampered in (
        {"drug": "v\u0456ncristine"},
        {"drug": "osimertinib"},
        {"co_medications": [{"drug": "KCl", "dose": "10 mmol", "route": "iv"}]},
        {"co_medications": [{"drug": "cytarabine", "dose": "50 mg", "route": "it"}]},
    ):
        body = json.loads(saved.model_dump_json()) | tampered
        with patient_db.transaction() as conn:
            conn.execute(
                "UPDATE custom_protocols SET body = ? WHERE id = ?", (json.dumps(body), saved.id)
            )
        protocol = repo.get(saved.id)
        with pytest.raises(SafetyRefusal):
            plan_course(protocol, PlanOptions(start=date(2027, 1, 4)), repo.limits(), catalog)
