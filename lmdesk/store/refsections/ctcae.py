"""Reference-DB section: NCI CTCAE v5.0 and v6.0 (with the 2026-01-20 errata), the Chinese
translations of the IT-relevant terms, and the grader's units table.

Sources: ``resources/reference/ctcae/`` (NCI CSV tables copied verbatim, ``terms_zh.toml``,
``units.toml``). The build fails loudly when an erratum does not match the table, or when a
translation claims a v6 text is unchanged and NCI's tables say otherwise.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import sqlite_utils

from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
from lmdesk.models.ctcae.rules import VERSIONS, Version
from lmdesk.models.ctcae.terms import GRADES, CtcaeTerm

CSV_FILES: dict[Version, str] = {"5.0": "ctcae_v5.0.csv", "6.0": "ctcae_v6.0.csv"}
ERRATA_FILE = "ctcae_v6.0_errata.csv"
EXPECTED_COUNTS: dict[Version, int] = {"5.0": 837, "6.0": 850}

_ERRATA_FIELDS = {f"Grade {g}": f"Grade {g}" for g in GRADES} | {
    "Definition": "Definition",
    "Navigational Note": "Navigational Note",
}

# v6 adds a paediatric clause to the ADL wording of grades 2 and 3 (ctcae_criteria.md 2.2).
_PEDIATRIC_EN = (
    (
        "limiting instrumental ADL",
        "limiting instrumental ADL or mild/moderate impact on age-appropriate normal daily "
        "activity (pediatric)",
    ),
    (
        "limiting self care ADL",
        "limiting self-care ADL or severe impact on age-appropriate normal daily activity "
        "(pediatric)",
    ),
)
_PEDIATRIC_ZH = (
    (
        "工具性日常生活活动受限",
        "工具性日常生活活动受限，或（儿童）对与年龄相称的日常活动有轻/中度影响",
    ),
    (
        "自理性日常生活活动受限",
        "自理性日常生活活动受限，或（儿童）对与年龄相称的日常活动有严重影响",
    ),
)


class CtcaeSourceError(ValueError):
    """The CTCAE sources contradict each other; the reference DB is not built."""


def _cell(value: str | None) -> str | None:
    text = (value or "").strip()
    return None if text in ("", "-") else text


def read_table(path: Path) -> dict[str, dict[str, str]]:
    """NCI table rows by term name."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["CTCAE Term"]: row for row in rows}


def apply_errata(rows: dict[str, dict[str, str]], errata_path: Path) -> list[dict[str, str]]:
    """Apply NCI's errata in place; an erratum already in the table is accepted as applied."""
    applied = []
    with errata_path.open(encoding="utf-8", newline="") as handle:
        for erratum in csv.DictReader(handle):
            row = rows.get(erratum["CTCAE Term"])
            column = _ERRATA_FIELDS.get(erratum["Field"])
            if row is None or column is None:
                raise CtcaeSourceError(f"erratum for unknown term/field: {erratum}")
            current = row[column]
            if current not in (erratum["Previous Version"], erratum["Updated Version"]):
                raise CtcaeSourceError(f"erratum does not match the table: {erratum}")
            row[column] = erratum["Updated Version"]
            applied.append(erratum)
    return applied


def _notation_key(text: str) -> str:
    text = text.casefold().replace("10e9", "10^9").replace("intravenous", "iv")
    return re.sub(r"\s+", "", text)


def _v6_translation(
    name: str, spec: object, v5_zh: dict[int, str], v5_en: dict[int, str], v6_en: dict[int, str]
) -> dict[int, str]:
    if isinstance(spec, dict):
        return {int(k): str(v) for k, v in spec.items()}
    if spec == "same":
        if {g: _notation_key(t) for g, t in v5_en.items()} != {
            g: _notation_key(t) for g, t in v6_en.items()
        }:
            raise CtcaeSourceError(f"{name}: v6 text is not the same as v5")
        return dict(v5_zh)
    if spec == "pediatric":
        out: dict[int, str] = {}
        for grade, text in v5_en.items():
            expected, zh = text, v5_zh.get(grade, "")
            for old, new in _PEDIATRIC_EN:
                expected = expected.replace(old, new)
            for old, new in _PEDIATRIC_ZH:
                zh = zh.replace(old, new)
            if v6_en.get(grade) != expected:
                raise CtcaeSourceError(f"{name} grade {grade}: v6 differs beyond the ADL clause")
            out[grade] = zh
        return out
    raise CtcaeSourceError(f"{name}: v6 must be a table, 'same' or 'pediatric'")


def _definition_key(text: str) -> str:
    return re.sub(r"\s+", "", text.casefold()).rstrip(".")


def _definitions_zh(
    name: str,
    spec: object,
    versions: list[Version],
    tables: dict[Version, dict[str, dict[str, str]]],
) -> dict[Version, str]:
    """The Chinese definition of each translated version: one text for every version when
    the NCI's English is the same in all of them (up to case, spacing and a final stop), else
    one per version (``{ v5 = ..., v6 = ... }``). Every English definition needs its Chinese."""
    english = {v: _cell(tables[v][name]["Definition"]) for v in versions}
    if isinstance(spec, str):
        if len({_definition_key(e or "") for e in english.values()}) > 1:
            raise CtcaeSourceError(f"{name}: the definitions differ by version; give v5 and v6")
        chinese = dict.fromkeys(versions, spec)
    elif isinstance(spec, dict):
        keys: dict[str, Version] = {"v5": "5.0", "v6": "6.0"}
        if not set(spec) <= set(keys):
            raise CtcaeSourceError(f"{name}: definition keys are v5 and v6")
        chinese = {keys[str(k)]: str(v) for k, v in spec.items()}
    else:
        chinese = {}
    for version in versions:
        if bool(english[version]) != bool(chinese.get(version)):
            raise CtcaeSourceError(f"{name} v{version}: the definition needs its Chinese")
    if set(chinese) - set(versions):
        raise CtcaeSourceError(f"{name}: a definition for a version without its grades")
    return chinese


def load_translations(
    path: Path, tables: dict[Version, dict[str, dict[str, str]]]
) -> dict[tuple[Version, str], dict[str, Any]]:
    """Chinese name, grade texts, group and order of each IT-relevant term, per version."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["term"]
    out: dict[tuple[Version, str], dict[str, Any]] = {}
    for order, entry in enumerate(entries, start=1):
        name = entry["name"]
        grades_en = {
            version: {
                g: text
                for g in GRADES
                if name in tables[version]
                and (text := _cell(tables[version][name][f"Grade {g}"])) is not None
            }
            for version in VERSIONS
        }
        v5_zh = {int(k): str(v) for k, v in entry.get("v5", {}).items()}
        per_version: dict[Version, dict[int, str]] = {}
        if "v5" in entry:
            per_version["5.0"] = v5_zh
        if "v6" in entry:
            per_version["6.0"] = _v6_translation(
                name, entry["v6"], v5_zh, grades_en["5.0"], grades_en["6.0"]
            )
        for version in per_version:
            if name not in tables[version]:
                raise CtcaeSourceError(f"{name} is not a CTCAE v{version} term")
        definitions = _definitions_zh(name, entry.get("definition"), list(per_version), tables)
        for version, zh in per_version.items():
            if set(zh) != set(grades_en[version]):
                raise CtcaeSourceError(
                    f"{name} v{version}: translated grades {sorted(zh)} "
                    f"differ from NCI's {sorted(grades_en[version])}"
                )
            out[(version, name)] = {
                "name_zh": entry["name_zh"],
                "grades_zh": zh,
                "definition_zh": definitions.get(version),
                "group": entry["group"],
                "it_order": order,
            }
    return out


def load_terms(sources: Path) -> tuple[list[CtcaeTerm], list[dict[str, str]]]:
    """Every term of both versions as validated models, and the errata that were applied."""
    folder = sources / "ctcae"
    tables = {version: read_table(folder / CSV_FILES[version]) for version in VERSIONS}
    errata = apply_errata(tables["6.0"], folder / ERRATA_FILE)
    translations = load_translations(folder / "terms_zh.toml", tables)
    terms = []
    for version in VERSIONS:
        if len(tables[version]) != EXPECTED_COUNTS[version]:
            raise CtcaeSourceError(f"CTCAE v{version}: {len(tables[version])} terms")
        change_column = f"CTCAE v{version} Change"
        for name, row in sorted(tables[version].items()):
            extra = translations.get((version, name), {})
            terms.append(
                CtcaeTerm(
                    version=version,
                    term=name,
                    meddra_code=row["MedDRA Code"],
                    soc=row["MedDRA SOC"],
                    grades={g: t for g in GRADES if (t := _cell(row[f"Grade {g}"])) is not None},
                    definition=_cell(row["Definition"]),
                    navigational_note=_cell(row["Navigational Note"]),
                    change=_cell(row.get(change_column)),
                    lab_gradable=(version, name) in LAB_TERMS,
                    **extra,
                )
            )
    return terms, errata


def load_units(sources: Path) -> list[dict[str, str]]:
    with (sources / "ctcae" / "units.toml").open("rb") as handle:
        return [dict(unit) for unit in tomllib.load(handle)["unit"]]


def load_molar_masses(sources: Path) -> list[dict[str, str]]:
    """The computed molar masses that convert bilirubin/creatinine mg/dL to umol/L."""
    with (sources / "ctcae" / "units.toml").open("rb") as handle:
        return [dict(mass) for mass in tomllib.load(handle)["molar_mass"]]


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def build(db: sqlite_utils.Database, sources: Path) -> None:
    terms, errata = load_terms(sources)
    db.table("ctcae_terms").insert_all(
        (
            {
                "version": t.version,
                "term": t.term,
                "meddra_code": t.meddra_code,
                "soc": t.soc,
                "grades": _dumps({str(g): text for g, text in t.grades.items()}),
                "definition": t.definition,
                "navigational_note": t.navigational_note,
                "change": t.change,
                "name_zh": t.name_zh,
                "grades_zh": _dumps({str(g): text for g, text in t.grades_zh.items()}),
                "definition_zh": t.definition_zh,
                "grp": t.group,
                "it_order": t.it_order,
                "lab_gradable": int(t.lab_gradable),
            }
            for t in terms
        ),
        pk=("version", "term"),
    )
    db.table("ctcae_errata").insert_all(
        (
            {
                "n": n,
                "term": e["CTCAE Term"],
                "field": e["Field"],
                "previous": e["Previous Version"],
                "updated": e["Updated Version"],
                "date": e["Update Date"],
            }
            for n, e in enumerate(errata, start=1)
        ),
        pk="n",
    )
    db.table("ctcae_units").insert_all(
        sorted(load_units(sources), key=lambda unit: unit["name"]), pk="name"
    )
    db.table("ctcae_molar_masses").insert_all(
        sorted(load_molar_masses(sources), key=lambda mass: mass["analyte"]), pk="analyte"
    )
