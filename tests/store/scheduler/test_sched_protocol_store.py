import re
import tomllib
from datetime import date

import pytest

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import CoMedication, DoseRange, Phase, Protocol
from lmdesk.paths import reference_sources_dir
from lmdesk.store.protocol_repo import ProtocolRepository

EXPECTED = {
    "mtx-classic",
    "cytarabine-moit",
    "thiotepa-moit",
    "pemetrexed-pan2019",
    "pemetrexed-pmlm",
    "pemetrexed-li2023-ommaya",
    "pemetrexed-xu2025",
    "liposomal-cytarabine-label",
}


def test_reference_has_the_required_protocols(reference):
    ids = {p.id for p in ProtocolRepository(reference).list()}
    assert ids >= EXPECTED


def test_every_protocol_and_limit_cites_known_keys(reference):
    sources = reference_sources_dir()
    with (sources / "bibliography.toml").open("rb") as handle:
        known = {r["key"] for r in tomllib.load(handle)["reference"]}
    repo = ProtocolRepository(reference)
    texts = []
    for p in repo.list():
        assert p.sources, p.id
        texts += [
            *p.sources,
            p.dose.source,
            *(ph.source for ph in p.phases),
            *(m.source for m in p.co_medications),
        ]
    for lim in repo.limits().all():
        assert lim.ceiling_source and lim.usual_source
        texts += [lim.usual_source, lim.ceiling_source]
    keys = set(re.findall(r"\b(R\d+|seed-\d+)\b", " ".join(texts)))
    assert keys and keys <= known, keys - known


def test_every_protocol_dose_within_its_ceiling(reference):
    repo = ProtocolRepository(reference)
    for p in repo.list():
        for route in p.routes:
            lim = repo.limits().for_drug(p.drug, route)
            assert lim is not None and lim.ceiling_mg is not None, (p.id, route)
            assert p.dose.max_mg <= lim.ceiling_mg, p.id


def test_mtx_classic_plan_from_reference(reference):
    repo = ProtocolRepository(reference)
    plan = plan_course(
        repo.get("mtx-classic"), PlanOptions(start=date(2027, 1, 4)), repo.limits(), None
    )
    phases = [s.phase for s in plan.sessions]
    assert phases.count("induction") == 8 and phases.count("consolidation") == 4


def test_unconfirmed_protocols_plan_a_default_marked_not_confirmed(reference):
    repo = ProtocolRepository(reference)
    for pid in (
        "pemetrexed-pmlm",
        "pemetrexed-li2023-ommaya",
        "sintilimab-lmis",
        "pemetrexed-fan2021",
    ):
        plan = plan_course(repo.get(pid), PlanOptions(start=date(2027, 1, 4)), repo.limits(), None)
        assert "schedule_default_unconfirmed" in {f.code for f in plan.findings}, pid
        assert plan.sessions and not plan.schedule_confirmed, pid
        assert any(not s.schedule_confirmed for s in plan.sessions), pid


def test_discontinued_protocol_warns(reference):
    repo = ProtocolRepository(reference)
    plan = plan_course(
        repo.get("liposomal-cytarabine-label"),
        PlanOptions(start=date(2027, 1, 4)),
        repo.limits(),
        None,
    )
    assert "protocol_discontinued" in {f.code for f in plan.findings}
    weeks = [(s.date - date(2027, 1, 4)).days // 7 + 1 for s in plan.sessions]
    assert weeks == [1, 3, 5, 7, 9, 13, 17, 21, 25, 29]


def test_unknown_protocol_suggests(reference):
    with pytest.raises(BadInputError, match="mtx-classic"):
        ProtocolRepository(reference).get("mtx-clasic")


def _custom(drug: str = "methotrexate", co=()) -> Protocol:
    return Protocol(
        id="ward-mtx",
        name_en="Ward MTX",
        drug=drug,
        dose=DoseRange(min_mg=10, max_mg=12, default_mg=12),
        phases=(Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=2),),
        co_medications=co,
    )


def test_custom_protocol_saved_audited_and_listed(reference, patient_db):
    from lmdesk.store.drug_repo import DrugRepository

    catalog = DrugRepository(reference).catalog()
    repo = ProtocolRepository(reference, patient_db)
    with pytest.raises(SafetyRefusal):  # never saved with its drugs unchecked
        repo.save_custom(_custom(), None)
    saved = repo.save_custom(_custom(), catalog)
    assert saved.id == "custom-ward-mtx" and saved.status == "custom"
    assert repo.get("custom-ward-mtx").drug == "methotrexate"
    assert patient_db.history("protocol", "custom-ward-mtx")[0].action == "protocol.save"
    repo.save_custom(saved.model_copy(update={"name_en": "Ward MTX 2"}), catalog)
    assert repo.get("custom-ward-mtx").name_en == "Ward MTX 2"


@pytest.mark.parametrize("drug", ["长春新碱", "VINCRISTINE", "bortezomib"])
def test_custom_protocol_with_never_it_drug_refused_and_not_saved(reference, patient_db, drug):
    drug_repo = pytest.importorskip("lmdesk.store.drug_repo")
    catalog = drug_repo.DrugRepository(reference).catalog()

    repo = ProtocolRepository(reference, patient_db)
    with pytest.raises(SafetyRefusal):
        repo.save_custom(_custom(drug), catalog)
    with pytest.raises(SafetyRefusal):
        repo.save_custom(_custom(co=(CoMedication(drug=drug, dose="1 mg", route="iv"),)), catalog)
    assert patient_db.conn.execute("SELECT count(*) FROM custom_protocols").fetchone()[0] == 0
