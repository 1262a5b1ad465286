"""Read CTCAE terms from the reference DB as ``CtcaeTerm`` models."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae.rules import VERSIONS, Version
from lmdesk.models.ctcae.terms import CtcaeTerm, search_key, search_terms
from lmdesk.store.reference import ReferenceDB

_GROUP_ORDER = {"neuro": 0, "lab": 1, "other": 2}


def _grades(text: str | None) -> dict[int, str]:
    return {int(k): str(v) for k, v in json.loads(text or "{}").items()}


def _term(row: dict[str, Any]) -> CtcaeTerm:
    return CtcaeTerm(
        version=row["version"],
        term=row["term"],
        meddra_code=row["meddra_code"],
        soc=row["soc"],
        grades=_grades(row["grades"]),
        definition=row["definition"],
        navigational_note=row["navigational_note"],
        change=row["change"],
        name_zh=row["name_zh"],
        grades_zh=_grades(row["grades_zh"]),
        definition_zh=row["definition_zh"],
        group=row["grp"],
        it_order=row["it_order"],
        lab_gradable=bool(row["lab_gradable"]),
    )


class CtcaeRepo:
    """CTCAE v5.0 / v6.0 terms. The table is small (1687 rows) and read-only, so each version
    is read once and kept."""

    def __init__(self, reference: ReferenceDB) -> None:
        self._reference = reference
        self._load = cache(self._read)
        self._names = cache(self._name_index)

    def available(self) -> bool:
        return self._reference.has_table("ctcae_terms")

    def _read(self, version: Version) -> tuple[CtcaeTerm, ...]:
        rows = self._reference.db.query(
            "SELECT * FROM ctcae_terms WHERE version = ? ORDER BY term", [version]
        )
        return tuple(_term(row) for row in rows)

    def terms(self, version: Version) -> tuple[CtcaeTerm, ...]:
        """Every term of ``version``, alphabetical."""
        if version not in VERSIONS:
            raise ValueError(version)
        return self._load(version)

    def term(self, version: Version, name: str) -> CtcaeTerm | None:
        """The term named ``name`` in English or Chinese (any case), or None.

        Looked up in a name index built once per version (screens ask for dozens of terms
        while they open; ``find_term`` over 837 terms each time cost tens of ms)."""
        if version not in VERSIONS:
            raise ValueError(version)
        return self._names(version).get(search_key(name))

    def _name_index(self, version: Version) -> dict[str, CtcaeTerm]:
        index: dict[str, CtcaeTerm] = {}
        for term in self.terms(version):  # the first term with a name wins, as in find_term
            for name in (term.term, term.name_zh):
                if name:
                    index.setdefault(search_key(name), term)
        return index

    def search(self, text: str, version: Version, language: str | None = None) -> list[CtcaeTerm]:
        """Terms for ``text`` (names and clinical synonyms), listed in ``language``'s order
        (the current language by default: Chinese names in pinyin order)."""
        return search_terms(self.terms(version), text, language or current_language())

    def it_relevant(self, version: Version) -> list[CtcaeTerm]:
        """IT-relevant terms: neurological first, then lab, then the rest, in reference order."""
        relevant = [t for t in self.terms(version) if t.group is not None]
        return sorted(relevant, key=lambda t: (_GROUP_ORDER[t.group or "other"], t.it_order or 0))

    def lab_aliases(self) -> dict[str, str]:
        """Chinese name -> English name of the lab-gradable terms of both versions, for the
        grader (which maps a renamed term to its other-version name itself)."""
        return {
            t.name_zh: t.term
            for version in VERSIONS
            for t in self.terms(version)
            if t.lab_gradable and t.name_zh
        }

    def errata(self) -> list[dict[str, Any]]:
        return list(self._reference.db.query("SELECT * FROM ctcae_errata ORDER BY n"))

    def units(self) -> list[dict[str, Any]]:
        return list(self._reference.db.query("SELECT * FROM ctcae_units ORDER BY name"))

    def molar_masses(self) -> list[dict[str, Any]]:
        """Computed molar masses behind the mg/dL <-> umol/L conversions (bilirubin, creatinine)."""
        if not self._reference.has_table("ctcae_molar_masses"):
            return []
        return list(self._reference.db.query("SELECT * FROM ctcae_molar_masses ORDER BY analyte"))


def ctcae_self_check(repo: CtcaeRepo) -> str:
    """Selftest: both tables complete, and a demo lab grades as the reference says
    (ANC 0.7 x 10^9/L is grade 3 in v5.0 and grade 2 in v6.0; ctcae_criteria.md 2.1)."""
    from lmdesk.models.ctcae import LabQuery, grade_lab

    counts = {v: len(repo.terms(v)) for v in VERSIONS}
    if counts != {"5.0": 837, "6.0": 850}:
        raise AssertionError(f"CTCAE term counts {counts}")
    got = []
    for version, expected in (("5.0", 3), ("6.0", 2)):
        query = LabQuery.from_raw(
            {
                "term": "中性粒细胞计数降低",
                "value": "700",
                "unit": "/mm3",
                "lln": "2000",
                "version": version,
            }
        )
        result = grade_lab(query, repo.lab_aliases())
        if result.grade != expected:
            raise AssertionError(f"demo ANC graded {result.grade} in v{version}")
        got.append(_("v{version} grade {grade}").format(version=version, grade=result.grade))
    return _("CTCAE v5.0 837 / v6.0 850 terms; demo ANC 700/mm3: {grades}").format(
        grades=", ".join(got)
    )
