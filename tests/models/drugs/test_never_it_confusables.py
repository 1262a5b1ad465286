"""Never-IT names under look-alikes: homoglyphs, accents, invisible characters, digits for
letters, Turkish i, Traditional Chinese and pinyin are all refused; IT drugs are not."""

from functools import cache

import pytest
from confusable_homoglyphs.confusables import confusables_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmdesk.models.drugs.name_index import DrugCatalog
from lmdesk.models.drugs.names import meaningful_text
from lmdesk.models.drugs.never_it import refuse_never_it
from lmdesk.models.errors import SafetyRefusal
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits, check_dose, require_reason
from lmdesk.store.drug_sources import load_cards

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u034f\u115f\u1160\u3164\uffa0\u00ad\u202e\u180e\u2800"
ACCENTS = "\u0301\u0300\u0308\u0302\u0327\u0303"
OWN = {"i": "1ıİ|", "o": "0", "l": "I1|"}


@cache
def catalog() -> DrugCatalog:
    return DrugCatalog(load_cards())


@cache
def never_names() -> list[str]:
    names = []
    for card in catalog().all():
        if card.it_status == "never":
            names += [n for n in (card.name_en, *card.all_names()) if len(n) >= 3]
    return sorted(set(names))


@cache
def look_alikes() -> dict[str, list[str]]:
    """Each ASCII letter -> the single characters Unicode's confusables list as looking like it."""
    out: dict[str, list[str]] = {}
    for source, entries in confusables_data.items():
        for entry in entries:
            target = entry["c"]
            if len(source) == 1 and len(target) == 1 and target.isascii() and target.isalpha():
                out.setdefault(target.lower(), []).append(source)
            if len(source) == 1 and len(target) == 1 and source.isascii() and source.isalpha():
                out.setdefault(source.lower(), []).append(target)
    return {k: sorted(set(v)) for k, v in out.items()}


@st.composite
def disguised(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(never_names()))
    out = []
    for ch in name:
        low = ch.lower()
        how = draw(st.sampled_from(["keep", "upper", "homoglyph", "own", "accent", "invisible"]))
        if how == "upper":
            out.append(ch.upper())
        elif how == "homoglyph" and look_alikes().get(low):
            out.append(draw(st.sampled_from(look_alikes()[low])))
        elif how == "own" and low in OWN:
            out.append(draw(st.sampled_from(OWN[low])))
        elif how == "accent" and ch.isalpha():
            out.append(ch + draw(st.sampled_from(ACCENTS)))
        elif how == "invisible":
            out.append(ch + draw(st.sampled_from(INVISIBLE)))
        else:
            out.append(ch)
    return name, "".join(out)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised(), st.sampled_from(["", "inj. ", "IT "]), st.sampled_from(["", " 1 mg", "注射液"]))
def test_every_never_it_name_in_disguise_is_refused(pair, prefix, suffix):
    name, typed = pair
    text = prefix + typed + suffix
    assert catalog().never_it_match(text) is not None, (name, text)
    with pytest.raises(SafetyRefusal) as info:
        refuse_never_it(text, catalog())
    assert info.value.rule == "never_it"


@pytest.mark.parametrize(
    "typed",
    [
        "v\u0456ncristine",  # Cyrillic i
        "vіnсrіѕtіnе",  # Cyrillic i, c, s, e
        "ѵincristine",  # Cyrillic izhitsa
        "VİNCRİSTİNE",
        "vıncrıstıne",
        "vïncrístine",
        "vin\u034fcris\u115ftine",
        "vin\u3164cristine",
        "v1ncristine",
        "VlNCRlSTlNE",
        "d0x0rubicin",
        "bortezornib",
        "𝐯𝐢𝐧𝐜𝐫𝐢𝐬𝐭𝐢𝐧𝐞",
        "長春新鹼",
        "硫酸長春新鹼",
        "changchunxinjian",
        "Chang Chun Xin Jian",
        "長春瑞濱",
        "阿黴素",
        "柔紅黴素",
        "pengtizuomi",
        "亞葉酸鈣",
    ],
)
def test_listed_look_alikes_are_refused(typed):
    with pytest.raises(SafetyRefusal):
        refuse_never_it(typed, catalog())


@cache
def it_names() -> list[str]:
    names = []
    for card in catalog().all():
        if card.it_status != "never":
            names += [card.id, *card.all_names()]
    return sorted(set(names))


@pytest.mark.parametrize(
    "typed",
    ["methotrexate", "cytarabine", "pemetrexed", "thiotepa", "topotecan", "MTX", "Ara-C",
     "甲氨蝶呤", "阿糖胞苷", "培美曲塞", "塞替派", "拓扑替康", "dexamethasone", "地塞米松"],
)  # fmt: skip
def test_intrathecal_drugs_are_found_and_not_refused(typed):
    assert catalog().resolve(typed) is not None
    assert catalog().never_it_match(typed) is None
    refuse_never_it(typed, catalog())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(it_names()), st.sampled_from(["", "IT ", "鞘注 "]))
def test_no_name_of_a_drug_that_may_go_it_is_refused(name, prefix):
    assert catalog().never_it_match(prefix + name) is None, name


LIMITS = DoseLimits([DoseLimit(drug="methotrexate", usual_max_mg=12.5, ceiling_mg=15)])


@pytest.mark.parametrize(
    "reason", ["", " ", "\u200b", "\ufeff", "\u202e", "\u3164", "\u200b\ufeff\u202e\u3164 \u034f"]
)
def test_an_invisible_reason_does_not_unlock_a_dose_above_usual(reason):
    assert meaningful_text(reason) == ""
    with pytest.raises(SafetyRefusal):
        require_reason(check_dose("methotrexate", "lp", 14, LIMITS, reason))


def test_a_visible_reason_does():
    require_reason(check_dose("methotrexate", "lp", 14, LIMITS, "slow CSF clearance"))
    require_reason(check_dose("methotrexate", "lp", 14, LIMITS, "脑脊液清除慢"))
