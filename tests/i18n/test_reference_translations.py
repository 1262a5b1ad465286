"""Every reference text that reaches a zh_CN screen or sheet is in Chinese (issue 14).

Walks every protocol (notes, unconfirmed items, phase notes, schedule defaults,
co-medications), every drug card text, every finding and refusal the planner can give
(each protocol planned in zh_CN, also with a dose above the ceiling or the usual range, an
interval breach and the other rules), the zh_CN regimen sheet of every protocol, the CTCAE
Chinese terms and the PK texts.

A Chinese text may hold Latin letters only where Chinese ward staff write them too: units,
citation keys, trial names and a few abbreviations (:data:`ALLOWED`), and the Latin part of
a drug's own Chinese name (维生素 B12). Anything else is reported with where it was found.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import pytest
from pydantic import BaseModel

from lmdesk.i18n import _, set_language
from lmdesk.models.drugs.card import DrugCard, Text
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.pk.context import TkiComparator
from lmdesk.models.pk.what_if import dose_findings
from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits, check_dose
from lmdesk.models.scheduling.planning import Plan, PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import (
    CO_MED_ROUTE_LABELS,
    CoMedication,
    Protocol,
    co_medication_text,
)
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import ROUTE_IN_FULL, SheetSettings
from lmdesk.paths import reference_sources_dir
from lmdesk.printing.sheet_service import SheetService
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB

CJK = re.compile(r"[\u3400-\u9fff]")
#: Citation keys (bracketed, or bare where a source text lists them: "R40（MOIT 50 mg）"),
#: reference sections and trial registry numbers: the same in both languages.
CITATION = re.compile(
    r"\[(?:R\d+[a-z]?|seed-\d+)\]|\b(?:R\d+[a-z]?|seed-\d+)\b|§[A-Z](?:\.\d+)*"
    r"|\b(?:NCT|ChiCTR)\d+\b"
)
LATIN_WORD = re.compile(r"[A-Za-z]+")
ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")

UNITS = frozenset(
    {"mg", "g", "ng", "kg", "mL", "L", "dL", "h", "min", "mm", "mmol", "mol", "nM", "M"}
)
ABBREVIATIONS = frozenset(
    {"IT", "LP", "CSF", "MRI", "MTD", "NSCLC", "TKI", "PD", "ECOG", "KPS", "ALK", "I", "II"}
)
#: Trials, guideline bodies, first authors and the Ommaya reservoir, as named in Chinese text.
STUDIES = frozenset(
    {"MOIT", "PMLM", "LMIS", "EANO", "ESMO", "Pan", "Fan", "Li", "Xu", "Glitza", "Groves"}
    | {"Ommaya"}
)
#: The product's name, and the route in full, printed in both scripts by the safety rules.
FIXED = frozenset({"lmdesk", "INTRATHECAL"})
ALLOWED = UNITS | ABBREVIATIONS | STUDIES | FIXED
#: CTCAE criteria keep the NCI's notation: lab limits, MRI sequences, named signs and scores,
#: each introduced in Chinese where it first appears (蛛网膜下腔（SAS）, Babinski 征).
CTCAE_NOTATION = frozenset(
    {"LLN", "ULN", "Hgb", "ANC", "C", "F", "mmHg", "T", "FLAIR", "SAS", "ICE", "CAPD"}
    | {"Babinski", "Lhermitte"}
)
#: Lab tests and syndromes the NCI definitions name by their abbreviation, as Chinese labs do.
LAB_ABBREVIATIONS = frozenset({"ALT", "SGPT", "AST", "SGOT", "GGT", "WBC", "ALP", "TIAN"})
#: English words that are units (ENGLISH_WORD would take them for prose).
LOWERCASE_UNITS = frozenset({"mol", "min", "mmol"})

START = date(2027, 1, 4)  # a Monday


def foreign_words(text: str, allowed: frozenset[str]) -> list[str]:
    return [w for w in LATIN_WORD.findall(CITATION.sub(" ", text)) if w not in allowed]


def check(text: str, where: str, allowed: frozenset[str], problems: list[str]) -> None:
    """A text shown in zh_CN: Chinese, or only numbers, units and names; no English words."""
    words = foreign_words(text, allowed)
    if words:
        problems.append(f"{where}: {sorted(set(words))} in {text!r}")
    elif not CJK.search(text) and foreign_words(text, allowed - ABBREVIATIONS):
        # without a Chinese character only numbers, units and names may stand ("5 mg")
        problems.append(f"{where}: no Chinese in {text!r}")


def no_english_prose(text: str, where: str, problems: list[str]) -> None:
    """Looser check for texts that cite authors and journals (drug cards, PK derivations)."""
    words = [w for w in ENGLISH_WORD.findall(text) if w not in LOWERCASE_UNITS]
    if words:
        problems.append(f"{where}: English {words} in {text!r}")


@pytest.fixture(scope="module")
def protocols(reference: ReferenceDB) -> ProtocolRepository:
    return ProtocolRepository(reference)


@pytest.fixture(scope="module")
def catalog(reference: ReferenceDB):
    return DrugRepository(reference).catalog()


@pytest.fixture(scope="module")
def names(catalog) -> dict[str, tuple[str, str]]:
    return {c.id: (c.name_en, c.name_zh) for c in catalog.all()}


@pytest.fixture(scope="module")
def allowed(catalog) -> frozenset[str]:
    """ALLOWED plus the Latin letters of the drugs' Chinese names (维生素 B12 -> "B")."""
    in_names = {w for c in catalog.all() for w in LATIN_WORD.findall(c.name_zh)}
    return ALLOWED | frozenset(in_names)


def templates(protocols: ProtocolRepository) -> list[Protocol]:
    found = protocols.list(include_custom=False)
    assert len(found) >= 12
    return found


# -- protocols -------------------------------------------------------------------------


def test_every_protocol_text_has_its_chinese(protocols, allowed) -> None:
    problems: list[str] = []
    for p in templates(protocols):
        problems += [f"{p.id}.{where}: no Chinese" for where in p.missing_chinese()]
        for where, en, zh in p.texts():
            if en:
                check(zh, f"{p.id}.{where}", allowed, problems)
    assert problems == []


def test_every_item_of_a_protocol_is_chosen_in_chinese(protocols) -> None:
    for p in templates(protocols):
        assert p.notes_in("zh_CN") == p.notes_zh and p.notes_in("en") == p.notes, p.id
        assert p.unconfirmed_in("zh_CN") == p.unconfirmed_zh, p.id
        assert all(ph.note_in("zh_CN") == ph.note_zh for ph in p.phases), p.id
        for m in p.co_medications:
            assert (m.dose_in("zh_CN"), m.timing_in("zh_CN")) == (m.dose_zh, m.timing_zh), p.id


def co_medications(protocols: ProtocolRepository) -> list[tuple[str, CoMedication]]:
    meds = [(p.id, m) for p in templates(protocols) for m in p.co_medications]
    assert len(meds) >= 10
    return meds


def test_every_co_medication_is_a_drug_card_with_a_chinese_name(protocols, catalog) -> None:
    for pid, med in co_medications(protocols):
        card = catalog.get(med.drug)
        assert card is not None, f"{pid}: {med.drug} has no drug card"
        assert CJK.search(card.name_zh), f"{pid}: {med.drug} has no Chinese name"


def test_co_medications_on_a_chinese_screen(protocols, names, allowed, zh) -> None:
    problems: list[str] = []
    for pid, med in co_medications(protocols):
        text = co_medication_text(med, names)
        route = _(CO_MED_ROUTE_LABELS[med.route])
        assert text == f"{names[med.drug][1]} {med.dose_zh}（{route}）", pid
        check(text, f"{pid}: {med.drug}", allowed, problems)
    assert problems == []


def test_the_reported_co_medication_reads_in_chinese(protocols, names, zh) -> None:
    med = next(m for p, m in co_medications(protocols) if p == "pemetrexed-pan2019")
    assert co_medication_text(med, names) == "地塞米松 5 mg（鞘内）"


# -- drug cards ------------------------------------------------------------------------


def card_texts(value: object, where: str) -> Iterable[tuple[str, Text]]:
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from card_texts(getattr(value, field), f"{where}.{field}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from card_texts(item, f"{where}[{i}]")


def test_every_drug_card_text_is_in_chinese(catalog) -> None:
    problems: list[str] = []
    cards: list[DrugCard] = catalog.all()
    assert len(cards) >= 25
    for card in cards:
        if not CJK.search(card.name_zh):
            problems.append(f"{card.id}.name_zh: {card.name_zh!r}")
        texts = list(card_texts(card, card.id))
        assert texts, card.id
        for where, text in texts:
            no_english_prose(text.zh, where, problems)
    assert problems == []


def test_study_names_and_grades_are_texts_in_both_languages(catalog) -> None:
    """Study labels and adverse-event grades reach the card in zh_CN: they are texts, and the
    walk above checks their Chinese (they were English strings: "Registry listing")."""
    studies = [d.study for c in catalog.all() for d in c.doses]
    studies += [e.study for c in catalog.all() for e in c.evidence]
    grades = [a.grade for c in catalog.all() for a in c.adverse_events if a.grade is not None]
    assert len(studies) >= 70 and len(grades) >= 8
    assert all(isinstance(t, Text) for t in studies + grades)
    translated = {t.en: t.zh for t in studies + grades}
    assert translated["Registry listing (NSCLC, Ommaya)"] == "临床试验注册信息（NSCLC，Ommaya 囊）"
    assert translated["mostly 1–2"] == "多为 1–2"


# -- the planner's findings and refusals -----------------------------------------------

#: Codes the scenarios below must reach, so a rule left out of the walk is noticed.
EXPECTED_CODES = {
    "unconfirmed",
    "co_medication_unconfirmed",
    "schedule_default_unconfirmed",
    "schedule_default_confirmed",
    "schedule_entered",
    "maintenance_open_ended",
    "mri_interval_unconfirmed",
    "protocol_discontinued",
    "csf_flow_obstructed",
    "no_ommaya",
    "sessions_moved",
    "min_interval",
    "max_per_week",
    "systemic_same_day",
    "dose_reason_required",
    "dose_above_usual",
    "needs_clinician_input",
    "refused:dose_ceiling",
    "refused:one_it_drug",
    "refused:never_it",
    "bad_input",
}
#: Findings worded by dose_safety: the drug by its name and the dose-limit source text of
#: dose_limits.toml in the reader's language (tested on their own below).
DOSE_LIMIT_CODES = {
    "dose_reason_required",
    "dose_above_usual",
    "dose_below_usual",
    "refused:dose_ceiling",
}
#: The never-IT refusal names the drug in both scripts and says FATAL IF GIVEN
#: INTRATHECALLY in English on purpose (design: safety rules). Checked for Chinese only.
BILINGUAL_BY_DESIGN = {"refused:never_it"}


def _scenarios(p: Protocol, protocols: ProtocolRepository) -> Iterable[tuple[Protocol, dict]]:
    """(protocol, plan options) covering every rule the planner applies."""
    yield p, {}
    yield p, {"confirm_default_schedule": True}
    yield p, {"every_days": 14, "count": 2}
    yield p, {"other_it_dates": frozenset({START + timedelta(days=1), START + timedelta(days=2)})}
    yield p, {"other_it_dates": frozenset(START - timedelta(days=d) for d in (9, 6, 3))}
    yield p, {"systemic_chemo_dates": frozenset({START}), "csf_flow": "obstructed"}
    yield p, {"start": START + timedelta(days=5), "calendar": ScheduleCalendar(avoid_weekends=True)}
    if "ommaya" in p.routes:
        yield p, {"route": "ommaya", "has_ommaya": False}
    missing = next(r for r in ("lp", "ommaya") if r not in p.routes) if len(p.routes) < 2 else None
    if missing:
        yield p, {"route": missing}
    limit = protocols.limits().for_drug(p.drug, p.routes[0])
    if limit and limit.ceiling_mg:
        yield p, {"dose_mg": limit.ceiling_mg * 2}
    if limit and limit.usual_max_mg is not None and p.dose.max_mg > limit.usual_max_mg:
        yield p, {"dose_mg": p.dose.max_mg}
        # the reason is the clinician's own words, quoted as typed: Chinese here
        yield p, {"dose_mg": p.dose.max_mg, "dose_reason": "本院方案"}
    if limit and limit.usual_min_mg is not None and p.dose.min_mg < limit.usual_min_mg:
        yield p, {"dose_mg": p.dose.min_mg}
    open_phases = [i for i, ph in enumerate(p.phases) if not ph.confirmed]
    if open_phases:  # a snapshot from before schedule defaults existed
        phases = list(p.phases)
        phases[open_phases[0]] = phases[open_phases[0]].model_copy(update={"default": None})
        yield p.model_copy(update={"phases": tuple(phases)}), {}
    second = CoMedication(drug="cytarabine", dose="50 mg", dose_zh="50 mg", route="it")
    yield p.model_copy(update={"co_medications": (*p.co_medications, second)}), {}
    never = CoMedication(drug="vincristine", dose="1 mg", dose_zh="1 mg", route="iv")
    yield p.model_copy(update={"co_medications": (*p.co_medications, never)}), {}


def _messages(protocols, catalog, language: str) -> list[tuple[str, str, str]]:
    """(protocol, code, message) of every finding, refusal and refused input."""
    set_language(language)
    out: list[tuple[str, str, str]] = []
    for template in templates(protocols):
        for p, options in _scenarios(template, protocols):
            try:
                plan: Plan = plan_course(
                    p,
                    PlanOptions(**{"start": START, "maintenance_count": 2, **options}),
                    protocols.limits(),
                    catalog,
                )
            except SafetyRefusal as refusal:
                out.append((p.id, f"refused:{refusal.rule}", str(refusal)))
                continue
            except BadInputError as error:
                out.append((p.id, "bad_input", str(error)))
                continue
            out += [(p.id, f.code, f.message) for f in plan.findings]
    return out


def test_every_finding_the_planner_can_give_is_in_chinese(protocols, catalog, allowed) -> None:
    try:
        found = _messages(protocols, catalog, "zh_CN")
    finally:
        set_language("en")
    codes = {code for _p, code, _m in found}
    assert codes >= EXPECTED_CODES, f"not reached: {EXPECTED_CODES - codes}"
    problems: list[str] = []
    for pid, code, message in found:
        if not CJK.search(message):
            problems.append(f"{pid}:{code}: no Chinese in {message!r}")
        elif code not in DOSE_LIMIT_CODES | BILINGUAL_BY_DESIGN:
            check(message, f"{pid}:{code}", allowed, problems)
    assert problems == []


def test_findings_in_chinese_say_what_the_english_ones_say(protocols, catalog) -> None:
    """Translation changes the words, never which rules speak."""
    try:
        english = [(p, c) for p, c, _m in _messages(protocols, catalog, "en")]
        chinese = [(p, c) for p, c, _m in _messages(protocols, catalog, "zh_CN")]
    finally:
        set_language("en")
    assert english == chinese


def test_dose_limit_findings_are_in_chinese(protocols, catalog, allowed) -> None:
    """The usual range, a typed reason and the hard ceiling: the drug by its Chinese name,
    the source quoted in Chinese."""
    try:
        found = _messages(protocols, catalog, "zh_CN")
    finally:
        set_language("en")
    problems: list[str] = []
    spoke = set()
    for pid, code, message in found:
        if code in DOSE_LIMIT_CODES:
            spoke.add(code)
            check(message, f"{pid}:{code}", allowed, problems)
    assert problems == []
    assert spoke >= DOSE_LIMIT_CODES - {"dose_below_usual"}  # below: no template goes there


def _dose_messages(limit: DoseLimit, limits: DoseLimits) -> Iterable[tuple[str, str]]:
    """(case, message) of every dose rule of one limit, worded in the active language."""
    cases: list[tuple[str, float, str]] = []
    if limit.usual_min_mg is not None:
        cases.append(("below usual", limit.usual_min_mg / 2, ""))
    if limit.usual_max_mg is not None and limit.ceiling_mg != limit.usual_max_mg:
        high = (limit.usual_max_mg + (limit.ceiling_mg or limit.usual_max_mg * 2)) / 2
        cases += [("above usual", high, ""), ("above usual, reason", high, "本院方案")]
    route = "lp" if limit.route == "any" else limit.route
    for case, dose, reason in cases:
        for finding in check_dose(limit.drug, route, dose, limits, reason):
            yield case, finding.message
        yield (
            f"{case}, what-if",
            " ".join(f.message for f in dose_findings(limit.drug, route, dose, limits)),
        )
    if limit.ceiling_mg is not None:
        with pytest.raises(SafetyRefusal) as refusal:
            check_dose(limit.drug, route, limit.ceiling_mg * 2, limits)
        yield "above ceiling", str(refusal.value)
        yield (
            "above ceiling, what-if",
            dose_findings(limit.drug, route, limit.ceiling_mg * 2, limits)[0].message,
        )


def test_every_dose_limit_speaks_chinese(protocols, allowed) -> None:
    """Each limit's source text has its Chinese, and every rule it drives names the drug in
    Chinese and quotes that text (planner and PK what-if alike)."""
    limits = protocols.limits()
    problems: list[str] = []
    set_language("zh_CN")
    try:
        for limit in limits.all():
            assert limit.missing_chinese() == [], limit
            where = f"{limit.drug}/{limit.route}"
            for text in (limit.usual_source_zh, limit.ceiling_source_zh):
                check(text, f"{where} source", allowed, problems)
            for case, message in _dose_messages(limit, limits):
                assert CJK.search(message), (where, case, message)
                assert limits.drug_name(limit.drug) in message, (where, case, message)
                check(message, f"{where} {case}", allowed, problems)
    finally:
        set_language("en")
    assert problems == []


# -- the regimen sheet -----------------------------------------------------------------

_REFERENCE_LINE = re.compile(r"^\[(?:R\d+[a-z]?|seed-\d+)\] ")


def _sheet_lines(sheet) -> list[str]:
    """Every line of the sheet, less the bibliography entries (cited as published)."""
    lines = sheet.all_text().split("\n")
    return [ln.replace(ROUTE_IN_FULL, "") for ln in lines if not _REFERENCE_LINE.match(ln)]


def test_chinese_sheet_of_every_protocol_is_in_chinese(ctx, protocols, catalog, allowed) -> None:
    service = SheetService(ctx)
    problems: list[str] = []
    for p in templates(protocols):
        plan = plan_course(
            p,
            PlanOptions(
                start=START,
                maintenance_count=2,
                confirm_default_schedule=True,
                dose_reason="本院方案",
            ),
            protocols.limits(),
            catalog,
        )
        course = course_from_plan(plan, "", "", ctx.clock.now())
        sheet = build_sheet(
            course,
            None,
            SheetSettings(language="zh_CN"),
            service.data,
            protocols.limits(),
            ctx.clock.now(),
            catalog=catalog,
        )
        lines = _sheet_lines(sheet)
        if p.notes:
            assert any(p.notes_zh in ln for ln in lines), p.id
        for item in p.unconfirmed_zh:
            assert item in lines, p.id
        for ln in lines:
            check(ln, f"{p.id} sheet", allowed, problems)
    assert problems == []


@pytest.mark.parametrize("protocol_id", ["pemetrexed-pan2019", "pemetrexed-pmlm"])
def test_chinese_sheet_names_co_medications_in_chinese(ctx, protocols, catalog, protocol_id):
    plan = plan_course(
        protocols.get(protocol_id),
        PlanOptions(start=START, confirm_default_schedule=True),
        protocols.limits(),
        catalog,
    )
    course = course_from_plan(plan, "", "", ctx.clock.now())
    service = SheetService(ctx)
    sheet = build_sheet(
        course,
        None,
        SheetSettings(language="zh_CN"),
        service.data,
        protocols.limits(),
        ctx.clock.now(),
        catalog=catalog,
    )
    assert all(row.co_injection == "地塞米松 5 mg" for row in sheet.sessions)
    supportive = sheet.sections[0].lines
    assert supportive[0].startswith("叶酸 ") and supportive[1].startswith("维生素 B12 ")
    if protocol_id == "pemetrexed-pmlm":  # its own source's vitamins, route not stated
        assert all("来源未说明给药途径（" in line for line in supportive)
    else:  # pan2019 states no doses: the sourced vitamins (oral, IM) replace its placeholders
        assert "口服（" in supportive[0] and "肌内注射（" in supportive[1]
        assert not any("daily" in line or "before the first" in line for line in supportive)


# -- CTCAE and PK texts ----------------------------------------------------------------


def test_ctcae_chinese_terms_and_grades() -> None:
    path = reference_sources_dir() / "ctcae" / "terms_zh.toml"
    terms = tomllib.loads(path.read_text(encoding="utf-8"))["term"]
    problems: list[str] = []
    allowed = ALLOWED | CTCAE_NOTATION
    for term in terms:
        where = term["name"]
        if not CJK.search(term["name_zh"]):
            problems.append(f"{where}: name_zh {term['name_zh']!r}")
        for version in ("v5", "v6"):
            grades = term.get(version)
            if isinstance(grades, dict):
                for grade, text in grades.items():
                    check(text, f"{where} {version} grade {grade}", allowed, problems)
        definition = term.get("definition")
        texts = definition.values() if isinstance(definition, dict) else [definition]
        for text in texts:
            if not text:
                problems.append(f"{where}: no Chinese definition")
            else:
                check(text, f"{where} definition", allowed | LAB_ABBREVIATIONS, problems)
    assert len(terms) >= 50 and problems == []


def _pk_texts(value: object, where: str) -> Iterable[tuple[str, dict]]:
    if isinstance(value, dict):
        yield where, value
        for key, item in value.items():
            yield from _pk_texts(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _pk_texts(item, f"{where}[{i}]")


#: Notes the PK screen does not show (the Monte-Carlo CVs are stated by the band itself).
PK_NOT_SHOWN = {"physiology.toml.variability"}


def test_pk_parameter_texts_have_their_chinese() -> None:
    problems: list[str] = []
    for path in sorted((reference_sources_dir() / "pk").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if path.name == "validation.toml":  # 'pk validate' and docs/pk-model.md, in English
            continue
        for where, table in _pk_texts(data, path.name):
            for key in ("derivation", "note"):
                if key in table and where not in PK_NOT_SHOWN:
                    zh = table.get(f"{key}_zh", "")
                    if not zh:
                        problems.append(f"{where}.{key}: no Chinese")
                    no_english_prose(zh, f"{where}.{key}_zh", problems)
    assert problems == []


def test_pk_comparator_cells_are_in_chinese(allowed) -> None:
    """The TKI context table: dose, published CSF level and note, as the zh_CN panel shows."""
    data = tomllib.loads((reference_sources_dir() / "pk" / "tki_csf.toml").read_text("utf-8"))
    problems: list[str] = []
    for i, raw in enumerate(data["comparator"]):
        comparator = TkiComparator.model_validate(raw)
        cells = {
            "dose": comparator.dose_in("zh_CN"),
            "csf": comparator.csf_in("zh_CN"),
            "note": comparator.note_in("zh_CN"),
        }
        for key, text in cells.items():
            if text:
                check(text, f"comparator[{i}] ({comparator.drug}).{key}", allowed, problems)
    assert problems == []


# -- the response summary --------------------------------------------------------------

#: Scales, markers and response codes the summary prints as the literature does.
RESPONSE_NOTATION = frozenset(
    {"RANO", "LM", "EANO", "ESMO", "EORTC", "CEA", "CR", "PR", "SD", "PD", "NE", "kappa"}
)


def test_chinese_response_summary_of_every_protocol_is_in_chinese(protocols, allowed) -> None:
    """Everything on the zh_CN summary but the bibliography (titles as published) is Chinese,
    for a course of every protocol (its header named the course in English)."""
    from lmdesk.models.response.assessment import parse_assessment
    from lmdesk.models.response.report import build_report

    def assessment(day: date, kps: int, cea: str) -> object:
        return parse_assessment(
            {
                "course_id": 1,
                "assessed_on": day,
                "kps": kps,
                "ecog": 2,
                "neuro": {"gait": "1"},
                "csf": {
                    "cytology": "positive",
                    "markers": [{"name": "CEA", "value": cea, "unit": "ng/mL"}],
                },
                "mri": {"done": True, "lm_response": "SD", "rano_grade": "stable"},
                "symptoms": ["headache"],
            }
        )

    problems: list[str] = []
    words = allowed | RESPONSE_NOTATION | CTCAE_NOTATION
    for p in templates(protocols):
        plan = plan_course(p, PlanOptions(start=START, confirm_default_schedule=True),
                           protocols.limits(), None)  # fmt: skip
        course = course_from_plan(plan, "M1", "", START).model_copy(update={"id": 1})
        report = build_report(
            course,
            None,
            [
                assessment(START - timedelta(days=1), 60, "48"),
                assessment(START + timedelta(days=28), 70, "20"),
            ],
            "zh_CN",
            printed_at=datetime(2027, 2, 2, 10, 0),
        )
        texts = [f.value for f in report.header] + [report.title, report.route]
        texts += [cell for row in report.history + report.comparison for cell in row]
        texts += [*report.overall, *report.conclusion, *report.notes, *report.caveats]
        texts += [*report.disclaimer, report.history_title, report.comparison_title]
        for text in texts:
            check(text.replace(ROUTE_IN_FULL, ""), f"{p.id} summary", words, problems)
    assert problems == []
