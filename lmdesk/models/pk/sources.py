"""Build the model inputs from their source mappings (parsed TOML or reference-DB rows).

Pure: the store reads the files or tables and hands plain dicts here, so the same
validation applies to the shipped sources and to the built database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lmdesk.models.pk.context import TkiComparator
from lmdesk.models.pk.loso import FITTED
from lmdesk.models.pk.parameters import DrugPk, Physiology
from lmdesk.models.pk.population import Variability
from lmdesk.models.pk.validation import TransitRule, ValidationCase


@dataclass(frozen=True)
class PkReference:
    """Everything the PK feature reads from the reference data."""

    physiology: Physiology
    variability: Variability
    drugs: dict[str, DrugPk]
    cases: tuple[ValidationCase, ...]
    comparators: tuple[TkiComparator, ...]
    transit: TransitRule
    #: Leave-one-source-out refits: left-out source -> fitted parameter values.
    refits: dict[str, dict[str, float]] = field(default_factory=dict)

    def drug(self, drug_id: str) -> DrugPk | None:
        return self.drugs.get(drug_id)


def physiology_from(mapping: Mapping[str, Any]) -> tuple[Physiology, Variability]:
    data = dict(mapping)
    variability = Variability(**data.pop("variability"))
    return Physiology(**data), variability


def drugs_from(mapping: Mapping[str, Any]) -> dict[str, DrugPk]:
    return {key: DrugPk(drug_id=key, **value) for key, value in mapping.items()}


def reference_from(
    physiology: Mapping[str, Any],
    drugs: Mapping[str, Any],
    validation: Mapping[str, Any],
    tki: Mapping[str, Any],
) -> PkReference:
    """All PK inputs from the four source documents (physiology, drugs, validation, tki)."""
    phys, variability = physiology_from(physiology)
    return PkReference(
        physiology=phys,
        variability=variability,
        drugs=drugs_from(drugs),
        cases=tuple(ValidationCase(**c) for c in validation.get("case", [])),
        comparators=tuple(TkiComparator(**c) for c in tki.get("comparator", [])),
        transit=TransitRule(**validation["transit"]),
        refits=refits_from(validation.get("refit", [])),
    )


def refits_from(rows: list[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """``[[refit]]`` tables (left_out, values) as a mapping; every fitted name must be there."""
    refits: dict[str, dict[str, float]] = {}
    for row in rows:
        values = {str(k): float(v) for k, v in dict(row["values"]).items()}
        if set(values) != set(FITTED):
            raise ValueError(f"refit without {row.get('left_out')}: needs exactly {FITTED}")
        refits[str(row["left_out"])] = values
    return refits
