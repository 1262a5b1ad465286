"""DrugCard and its parts: validation refuses unsourced or inconsistent content."""

from datetime import date

import pytest
from pydantic import ValidationError

from lmdesk.models.bibliography import Bibliography, Reference
from lmdesk.models.drugs.card import CsfPk, DoseOption, SourcedValue, Text
from lmdesk.models.drugs.content import ContentError, build_card

T = {"en": "x", "zh": "某"}


def _card(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "testdrug",
        "name_en": "Testdrug",
        "name_zh": "测试药",
        "aliases": ["TD", "测试"],
        "drug_class": "antifolate",
        "class_label": T,
        "it_status": "standard",
        "reviewed_on": date(2026, 1, 1),
        "doses": [
            {"mg": 12, "route": "lp", "schedule": T, "study": T, "source": ["R40"]},
        ],
    }
    data.update(over)
    return data


BIB = Bibliography(
    [
        Reference(key="R40", citation="BC Cancer Protocol MOIT"),
        Reference(key="R110", citation="WHO alert", doi=None),
        Reference(key="seed-28", citation="Beauchesne 2010", doi="10.1016/x"),
    ]
)


def test_build_card_attaches_cited_references_only() -> None:
    card = build_card(_card(), BIB)
    assert [r.key for r in card.references] == ["R40"]


def test_unknown_source_key_is_a_content_error() -> None:
    data = _card(doses=[{"mg": 1, "route": "lp", "schedule": T, "study": T, "source": ["R999"]}])
    with pytest.raises(ContentError, match="R999"):
        build_card(data, BIB)


def test_malformed_source_key_is_refused() -> None:
    with pytest.raises(ValidationError):
        DoseOption(mg=1, route="lp", schedule=Text(**T), study=Text(**T), source=("Smith 2020",))


def test_number_without_source_is_refused() -> None:
    with pytest.raises(ValidationError):
        SourcedValue(value=1.0, unit="µM", source=())


def test_both_languages_required() -> None:
    with pytest.raises(ValidationError):
        Text(en="Dose", zh="")
    with pytest.raises(ContentError):
        build_card(_card(name_zh=""), BIB)


def test_never_card_cannot_carry_an_intrathecal_dose() -> None:
    warn = [{"text": T, "source": ["R110"]}]
    with pytest.raises(ContentError, match="never-IT"):
        build_card(_card(it_status="never", warnings=warn), BIB)
    ok = build_card(_card(it_status="never", warnings=warn, doses=[]), BIB)
    assert ok.it_status == "never"


def test_never_card_must_say_why() -> None:
    with pytest.raises(ContentError, match="must say why"):
        build_card(_card(it_status="never", doses=[]), BIB)


def test_references_are_derived_not_listed() -> None:
    with pytest.raises(ContentError, match="derived"):
        build_card(_card(references=[]), BIB)


def test_card_is_frozen() -> None:
    card = build_card(_card(), BIB)
    with pytest.raises(ValidationError):
        card.name_en = "Other"  # type: ignore[misc]


def test_reversed_ranges_refused() -> None:
    with pytest.raises(ValidationError):
        SourcedValue(value=14, high=4.5, unit="h", source=("R21",))
    with pytest.raises(ValidationError):
        DoseOption(
            mg=15, mg_high=10, route="lp", schedule=Text(**T), study=Text(**T), source=("R42",)
        )


def test_all_names_order_and_dedup() -> None:
    card = build_card(_card(aliases=["TD", "Testdrug", "测试"]), BIB)
    assert card.all_names() == ["Testdrug", "测试药", "TD", "测试"]


def test_dose_text_units() -> None:
    sched = Text(**T)
    assert DoseOption(
        mg=0.4, route="lp", schedule=sched, study=Text(**T), source=("R36",)
    ).dose_text() == ("0.4 mg (400 µg)")
    rng = DoseOption(
        mg=10, mg_high=15, route="lp", schedule=sched, study=Text(**T), source=("R42",)
    )
    assert rng.dose_text() == "10–15 mg"


def test_doses_for_route_includes_unspecified_intrathecal() -> None:
    doses = [
        {"mg": 12, "route": "lp", "schedule": T, "study": T, "source": ["R40"]},
        {"mg": 30, "route": "ommaya", "schedule": T, "study": T, "source": ["R40"]},
        {"mg": 40, "route": "intrathecal", "schedule": T, "study": T, "source": ["R40"]},
    ]
    card = build_card(_card(doses=doses), BIB)
    assert [d.mg for d in card.doses_for("lp")] == [12, 40]
    assert [d.mg for d in card.doses_for("ommaya")] == [30, 40]


def test_threshold_conversion_to_micromolar() -> None:
    mw = SourcedValue(value=243.22, unit="g/mol", source=("ref-B.1",), computed=True)
    thr = SourcedValue(value=0.1, unit="µg/mL", source=("R6",))
    pk = CsfPk(molecular_weight=mw, cytotoxic_threshold=thr)
    assert pk.threshold_micromolar() == pytest.approx(0.411, abs=0.001)
    assert CsfPk(cytotoxic_threshold=thr).threshold_micromolar() is None
    um = CsfPk(cytotoxic_threshold=SourcedValue(value=1, unit="µM", source=("R77",)))
    assert um.threshold_micromolar() == 1


def test_pk_units_checked() -> None:
    with pytest.raises(ValidationError):
        CsfPk(molecular_weight=SourcedValue(value=454, unit="Da", source=("R80",)))
    with pytest.raises(ValidationError):
        CsfPk(cytotoxic_threshold=SourcedValue(value=1, unit="mg", source=("R77",)))


def test_text_get_language() -> None:
    text = Text(en="Dose", zh="剂量")
    assert text.get("zh_CN") == "剂量"
    assert text.get("en") == "Dose"
    assert text.get("fr") == "Dose"


def test_bibliography_rejects_duplicates_and_bad_doi() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Bibliography([Reference(key="R1", citation="aaaaa"), Reference(key="R1", citation="bbbbb")])
    with pytest.raises(ValidationError):
        Reference(key="R1", citation="aaaaa", doi="doi:10.1/x")
    with pytest.raises(ValidationError):
        Reference(key="X1", citation="aaaaa")


def test_reference_full_text_adds_doi_once() -> None:
    plain = Reference(key="R36", citation="Blaney SM. JCO 2003", doi="10.1200/JCO.2003.04.053")
    assert plain.full_text() == "Blaney SM. JCO 2003 doi:10.1200/JCO.2003.04.053"
    named = Reference(
        key="R7", citation="Zimm. doi:10.1038/clpt.1984.120", doi="10.1038/clpt.1984.120"
    )
    assert named.full_text() == named.citation
