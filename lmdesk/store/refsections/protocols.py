"""Reference-DB section: protocol templates and dose limits (``protocols/*.toml``,
``dose_limits.toml``), validated by the domain models before a single row is written.

A template whose texts are not all in Chinese too is refused: ward staff read them in
either language, so a missing translation is a build error, not an English fallback."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import sqlite_utils

from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits
from lmdesk.models.scheduling.protocol import Protocol


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def load_protocols(sources: Path) -> list[Protocol]:
    protocols = []
    for path in sorted((sources / "protocols").glob("*.toml")):
        with path.open("rb") as handle:
            protocol = Protocol.model_validate(tomllib.load(handle))
        if protocol.id != path.stem:
            raise ValueError(f"{path.name}: id {protocol.id!r} must match the file name")
        missing = protocol.missing_chinese()
        if missing:
            raise ValueError(f"{path.name}: no Chinese text for {', '.join(missing)}")
        protocols.append(protocol)
    return protocols


def load_dose_limits(sources: Path) -> list[DoseLimit]:
    with (sources / "dose_limits.toml").open("rb") as handle:
        data = tomllib.load(handle)
    limits = [DoseLimit.model_validate(item) for item in data.get("limit", [])]
    for limit in limits:
        missing = limit.missing_chinese()
        if missing:
            raise ValueError(
                f"dose_limits.toml: {limit.drug} ({limit.route}): no Chinese for "
                + ", ".join(missing)
            )
    return limits


def check_ranges_within_limits(protocols: list[Protocol], limits: list[DoseLimit]) -> None:
    """One ceiling per drug: no protocol's dose range may reach above its drug's ceiling."""
    table = DoseLimits(limits)
    for protocol in protocols:
        for route in protocol.routes:
            limit = table.for_drug(protocol.drug, route)
            ceiling = limit.ceiling_mg if limit is not None else None
            if ceiling is not None and protocol.dose.max_mg > ceiling:
                raise ValueError(
                    f"{protocol.id}: dose range up to {protocol.dose.max_mg:g} mg is above "
                    f"the {protocol.drug} ceiling of {ceiling:g} mg (dose_limits.toml)"
                )


def build(db: sqlite_utils.Database, sources: Path) -> None:
    rows = [
        {
            "id": p.id,
            "drug": p.drug,
            "name_en": p.name_en,
            "name_zh": p.name_zh,
            "status": p.status,
            "routes": _dumps(list(p.routes)),
            "dose_min_mg": p.dose.min_mg,
            "dose_max_mg": p.dose.max_mg,
            "dose_default_mg": p.dose.default_mg,
            "source": p.source_text(),
            "body": _dumps(p.model_dump(mode="json")),
        }
        for p in load_protocols(sources)
    ]
    limits = sorted(load_dose_limits(sources), key=lambda lim: (lim.drug, lim.route))
    check_ranges_within_limits(load_protocols(sources), limits)
    db.table("protocols").insert_all(rows, pk="id")
    db.table("dose_limits").insert_all(
        [lim.model_dump(mode="json") for lim in limits], pk=("drug", "route")
    )
