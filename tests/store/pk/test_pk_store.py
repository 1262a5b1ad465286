"""PK section of the reference DB: built, read back, cited, and consistent with the drug cards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lmdesk.models.drugs.content import ContentError
from lmdesk.paths import reference_sources_dir
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.pk_repo import PkRepository
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.reference_build import build_reference


def test_repository_reads_what_the_sources_say(reference: ReferenceDB) -> None:
    pk = PkRepository(reference).load()
    assert pk.physiology.total_ml() == pytest.approx(150.0)
    assert pk.physiology.production_ml_h.value == 18.0
    assert pk.physiology.production_ml_h.source == ("R83",)
    assert {"methotrexate", "cytarabine", "topotecan"} <= set(pk.drugs)
    assert any(c.id == "V2-terminal" for c in pk.cases)
    assert PkRepository(reference).drug_ids() == sorted(pk.drugs)


def test_model_figures_agree_with_the_drug_cards(reference: ReferenceDB) -> None:
    """One fact, one value: molecular weight, threshold and clearance as on the cards."""
    pk = PkRepository(reference).load()
    catalog = DrugRepository(reference).catalog()
    for drug_id, drug in pk.drugs.items():
        card = catalog.get(drug_id)
        assert card is not None, drug_id
        mw = card.csf_pk.molecular_weight
        assert mw is not None and mw.value == pytest.approx(drug.molecular_weight.value), drug_id
        card_threshold = card.csf_pk.threshold_micromolar()
        if drug.threshold is None:
            assert card.csf_pk.cytotoxic_threshold is None, drug_id
        else:
            ours = drug.threshold_mg_l()
            assert ours is not None and card_threshold is not None
            assert ours * 1000.0 / drug.molecular_weight.value == pytest.approx(card_threshold)
            assert set(drug.threshold.source) <= set(card.csf_pk.cytotoxic_threshold.source)  # type: ignore[union-attr]
        assert bool(drug.discontinued) == (card.it_status == "discontinued"), drug_id
        if drug.discontinued:
            assert card.status_note is not None
            assert set(drug.discontinued) <= set(card.status_note.source), drug_id
    cytarabine_card = catalog.get("cytarabine")
    assert cytarabine_card is not None and cytarabine_card.csf_pk.clearance_ml_min is not None
    # the measured clearance is what the model's (jointly fitted) cytarabine loss is fitted to
    measured = next(c for c in pk.cases if c.id == "V5-clearance")
    assert measured.observed == pytest.approx(cytarabine_card.csf_pk.clearance_ml_min.value)
    assert "R7" in pk.drugs["cytarabine"].clearance_ml_h.source


def test_depot_parameters_come_from_the_liposomal_card(reference: ReferenceDB) -> None:
    """Release half-life from the SmPC range, washout from the labelled clearance [R10][R12]."""
    import math

    pk = PkRepository(reference).load()
    card = DrugRepository(reference).catalog().get("liposomal-cytarabine")
    depot = pk.drugs["liposomal-cytarabine"].depot
    assert card is not None and depot is not None
    smpc = next(h for h in card.csf_pk.half_lives if "R10" in h.source)
    assert smpc.hours_high is not None
    assert depot.release_half_life_h.value == pytest.approx(
        math.sqrt(smpc.hours * smpc.hours_high), abs=0.5
    )
    clearance = card.csf_pk.clearance_ml_min
    assert clearance is not None
    washout = math.log(2) * pk.physiology.total_ml() / (clearance.value * 60.0)
    assert depot.suspended_half_life_h.value == pytest.approx(washout, abs=0.05)
    assert set(clearance.source) <= set(depot.suspended_half_life_h.source)
    assert depot.released in pk.drugs


def test_unknown_citation_stops_the_build(tmp_path: Path) -> None:
    sources = tmp_path / "reference"
    shutil.copytree(reference_sources_dir(), sources)
    drugs = sources / "pk" / "drugs.toml"
    drugs.write_text(
        drugs.read_text(encoding="utf-8").replace('source = ["R81"]', 'source = ["R999"]'),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="R999"):
        build_reference(sources, tmp_path / "lm.sqlite")
    assert not (tmp_path / "lm.sqlite").exists()


def test_invalid_parameter_stops_the_build(tmp_path: Path) -> None:
    sources = tmp_path / "reference"
    shutil.copytree(reference_sources_dir(), sources)
    phys = sources / "pk" / "physiology.toml"
    phys.write_text(
        phys.read_text(encoding="utf-8").replace("value = 18.0", "value = -18.0"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="pk sources"):
        build_reference(sources, tmp_path / "lm.sqlite")


def test_validation_half_lives_are_the_cards_half_lives(reference: ReferenceDB) -> None:
    """Each half-life the model is checked against is on the drug's card, same source and site."""
    pk = PkRepository(reference).load()
    catalog = DrugRepository(reference).catalog()
    checked = 0
    for case in pk.cases:
        if case.kind not in ("apparent_half_life", "terminal_half_life") or case.drug is None:
            continue
        card = catalog.get(case.drug)
        assert card is not None
        matches = [
            h
            for h in card.csf_pk.half_lives
            if h.hours == pytest.approx(case.observed)
            and h.hours_high == case.observed_high
            and set(case.source) <= set(h.source)
            and h.sampling_site in (case.site, "unspecified")  # V6: site not published
        ]
        assert matches, f"{case.id}: {case.observed} h [{case.source}] not on the {case.drug} card"
        checked += 1
    assert checked >= 8
