"""The CTCAE section of the reference DB: complete NCI tables, errata, translations, units."""

from __future__ import annotations

import csv
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import sqlite_utils

from lmdesk.models.ctcae.conversions import MOLAR_MASSES
from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
from lmdesk.models.ctcae.units import UNIT_ALIASES
from lmdesk.paths import reference_sources_dir
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.refsections import ctcae as section


@pytest.fixture(scope="module")
def repo(reference: ReferenceDB) -> CtcaeRepo:
    return CtcaeRepo(reference)


def test_all_terms_of_both_versions(repo: CtcaeRepo) -> None:
    assert len(repo.terms("5.0")) == 837
    assert len(repo.terms("6.0")) == 850


def test_term_has_definition_grades_and_note(repo: CtcaeRepo) -> None:
    alt = repo.term("5.0", "alanine aminotransferase increased")
    assert alt is not None
    assert alt.navigational_note == "Also consider Hepatobiliary disorders: Hepatic failure"
    assert set(alt.grades) == {1, 2, 3, 4}
    assert alt.definition and alt.definition.startswith("A finding based on laboratory")
    assert alt.meddra_code == "10001551"


def test_errata_applied(repo: CtcaeRepo) -> None:
    thrombo = repo.term("6.0", "Thrombocytopenia")
    assert thrombo is not None
    assert thrombo.grades[4].startswith("<10,000/mm3; <10.0 x 10^9/L")
    wbc = repo.term("6.0", "White blood cell decreased")
    assert wbc is not None and wbc.definition is not None
    assert "indicate a decrease" in wbc.definition
    assert len(repo.errata()) == 7


def test_errata_that_do_not_match_stop_the_build(tmp_path: Path) -> None:
    sources = tmp_path / "ref"
    shutil.copytree(reference_sources_dir() / "ctcae", sources / "ctcae")
    errata = sources / "ctcae" / section.ERRATA_FILE
    text = errata.read_text(encoding="utf-8").replace(
        "Symptomatic but not limiting ADL,Symptomatic,", "Something else,Other,"
    )
    errata.write_text(text, encoding="utf-8")
    with pytest.raises(section.CtcaeSourceError):
        section.load_terms(sources)


def test_false_same_claim_stops_the_build(tmp_path: Path) -> None:
    sources = tmp_path / "ref"
    shutil.copytree(reference_sources_dir() / "ctcae", sources / "ctcae")
    path = sources / "ctcae" / "terms_zh.toml"
    text = path.read_text(encoding="utf-8")
    seizure = text.index('name = "Seizure"')
    v6 = text.index("v6 = {", seizure)
    end = text.index("\n", v6)
    path.write_text(text[:v6] + 'v6 = "same"' + text[end:], encoding="utf-8")
    with pytest.raises(section.CtcaeSourceError):
        section.load_terms(sources)


def _edit_definition(tmp_path: Path, term: str, new_line: str) -> Path:
    sources = tmp_path / "ref"
    shutil.copytree(reference_sources_dir() / "ctcae", sources / "ctcae")
    path = sources / "ctcae" / "terms_zh.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("definition = ", text.index(f'name = "{term}"'))
    end = text.index("\n", start)
    path.write_text(text[:start] + new_line + text[end:], encoding="utf-8")
    return sources


def test_chinese_definitions_per_version(repo: CtcaeRepo) -> None:
    leak = repo.term("6.0", "Cerebrospinal fluid leakage")
    assert leak is not None and leak.definition_zh == "以脑脊液流失到周围组织为特征。"
    assert leak.definition_texts("zh_CN") == (leak.definition_zh, leak.definition)
    assert leak.definition_texts("en") == (leak.definition, "")
    v5, v6 = repo.term("5.0", "Meningitis"), repo.term("6.0", "Meningitis")
    assert v5 is not None and v6 is not None
    assert "急性炎症" in (v5.definition_zh or "") and "感染性" in (v6.definition_zh or "")
    hiccups = repo.term("5.0", "Hiccups")
    assert hiccups is not None and hiccups.definition_zh is None
    assert hiccups.definition_texts("zh_CN") == (hiccups.definition, "")


def test_one_definition_for_versions_that_differ_stops_the_build(tmp_path: Path) -> None:
    """Meningitis changed its definition in v6: one Chinese text cannot translate both."""
    sources = _edit_definition(tmp_path, "Meningitis", 'definition = "以脑膜炎症为特征。"')
    with pytest.raises(section.CtcaeSourceError, match="differ by version"):
        section.load_terms(sources)


def test_a_definition_without_its_chinese_stops_the_build(tmp_path: Path) -> None:
    sources = _edit_definition(tmp_path, "Meningitis", 'definition = { v5 = "急性炎症。" }')
    with pytest.raises(section.CtcaeSourceError, match="needs its Chinese"):
        section.load_terms(sources)


def test_missing_deleted_term_is_absent(repo: CtcaeRepo) -> None:
    assert repo.term("6.0", "Lymphocyte count decreased") is None
    assert repo.term("5.0", "Aseptic meningitis") is None


def test_chinese_names_and_grades(repo: CtcaeRepo) -> None:
    headache = repo.term("5.0", "头痛")
    assert headache is not None and headache.term == "Headache"
    assert headache.grade_text(2, "zh_CN") == "中度疼痛；工具性日常生活活动受限"
    v6 = repo.term("6.0", "Headache")
    assert v6 is not None
    assert "儿童" in (v6.grade_text(2, "zh_CN") or "")
    assert "(pediatric)" in v6.grades[2]


def test_chinese_falls_back_to_english(repo: CtcaeRepo) -> None:
    term = repo.term("5.0", "Hiccups")
    assert term is not None and term.name_zh is None
    assert term.grade_text(1, "zh_CN") == term.grades[1]
    assert term.name("zh_CN") == "Hiccups"


def test_it_relevant_terms_neuro_first(repo: CtcaeRepo) -> None:
    terms = repo.it_relevant("5.0")
    groups = [t.group for t in terms]
    assert groups == sorted(groups, key=["neuro", "lab", "other"].index)
    names = [t.term for t in terms]
    assert names[0] == "Headache"
    for wanted in (
        "Arachnoiditis",
        "Radiculitis",
        "Back pain",
        "Meningismus",
        "Cerebrospinal fluid leakage",
        "Encephalopathy",
        "Leukoencephalopathy",
        "Seizure",
        "Myelitis",
        "Confusion",
    ):
        assert wanted in names
    assert "Aseptic meningitis" in [t.term for t in repo.it_relevant("6.0")]


def test_search_english_and_chinese(repo: CtcaeRepo) -> None:
    assert repo.search("headache", "5.0")[0].term == "Headache"
    assert repo.search("蛛网膜", "5.0")[0].term == "Arachnoiditis"
    assert repo.search("HEADACHE", "6.0")[0].term == "Headache"
    assert repo.search("no such thing", "5.0") == []
    assert len(repo.search("", "6.0")) == 850


def test_lab_flags_match_the_engine(repo: CtcaeRepo) -> None:
    flagged = {(t.version, t.term) for v in ("5.0", "6.0") for t in repo.terms(v) if t.lab_gradable}  # type: ignore[arg-type]
    assert flagged == set(LAB_TERMS)


def test_lab_aliases(repo: CtcaeRepo) -> None:
    aliases = repo.lab_aliases()
    assert aliases["贫血"] == "Anemia"
    assert aliases["血小板减少症"] == "Thrombocytopenia"
    assert "头痛" not in aliases


def _csv_rows(version: str) -> dict[str, dict[str, str]]:
    path = reference_sources_dir() / "ctcae" / section.CSV_FILES[version]  # type: ignore[index]
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["CTCAE Term"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize(("version", "name"), sorted(LAB_TERMS))
def test_engine_grade_texts_are_nci_verbatim(version: str, name: str, repo: CtcaeRepo) -> None:
    term = repo.term(version, name)  # type: ignore[arg-type]
    assert term is not None
    assert LAB_TERMS[(version, name)].texts == term.grades  # type: ignore[index]


def test_units_table_equals_engine() -> None:
    with (reference_sources_dir() / "ctcae" / "units.toml").open("rb") as handle:
        units = tomllib.load(handle)["unit"]
    shipped = {u["name"]: (u["scale"], Decimal(u["factor"])) for u in units}
    engine = {name: (unit.scale, unit.factor) for name, (unit, _) in UNIT_ALIASES.items()}
    assert shipped == engine


def test_units_in_db(repo: CtcaeRepo) -> None:
    assert {u["name"] for u in repo.units()} == set(UNIT_ALIASES)


def _shipped_molar_masses() -> dict[str, tuple[str, Decimal, Decimal, str]]:
    with (reference_sources_dir() / "ctcae" / "units.toml").open("rb") as handle:
        masses = tomllib.load(handle)["molar_mass"]
    return {
        m["analyte"]: (
            m["formula"],
            Decimal(m["g_per_mol"]),
            Decimal(m["umol_l_per_mg_dl"]),
            m["source"],
        )
        for m in masses
    }


def test_molar_masses_equal_engine() -> None:
    engine = {
        name: (m.formula, m.g_per_mol, m.umol_l_per_mg_dl, "computed")
        for name, m in MOLAR_MASSES.items()
    }
    assert _shipped_molar_masses() == engine


def test_molar_masses_in_db(repo: CtcaeRepo) -> None:
    rows = repo.molar_masses()
    assert [r["analyte"] for r in rows] == sorted(MOLAR_MASSES)
    assert all(r["source"] == "computed" for r in rows)


def test_source_csv_copies_are_verbatim() -> None:
    shared = Path("/work/shared/reference")
    if not shared.is_dir():
        pytest.skip("shared reference folder not present")
    for name in (*section.CSV_FILES.values(), section.ERRATA_FILE):
        assert (reference_sources_dir() / "ctcae" / name).read_bytes() == (
            shared / name
        ).read_bytes()


def test_build_is_deterministic(tmp_path: Path) -> None:
    dumps = []
    for n in (1, 2):
        db = sqlite_utils.Database(tmp_path / f"{n}.sqlite")
        section.build(db, reference_sources_dir())
        dumps.append(list(db.conn.iterdump()))
    assert dumps[0] == dumps[1]


def test_self_check(repo: CtcaeRepo) -> None:
    from lmdesk.store.ctcae_repo import ctcae_self_check

    assert "v5.0 grade 3, v6.0 grade 2" in ctcae_self_check(repo)


def _criteria_terms() -> list[str]:
    path = Path("/work/shared/reference/ctcae_criteria.md")
    if not path.is_file():
        pytest.skip("shared reference folder not present")
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#### "):
            name = line[5:].strip()
            if "CTCAE name:" in name:
                name = name.split("CTCAE name:")[1].rstrip(")").strip()
            names.append(name.replace("Infections: ", ""))
    return names


def test_every_term_of_the_criteria_file_has_chinese(repo: CtcaeRepo) -> None:
    names = _criteria_terms()
    assert len(names) >= 45
    for name in names:
        term = repo.term("5.0", name) or repo.term("6.0", name)
        assert term is not None, name
        assert term.name_zh, name
        assert set(term.grades_zh) == set(term.grades), name
