"""Reference-DB section: overdose cards (``overdose/*.toml``), validated before rows are written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import sqlite_utils

from lmdesk.models.drugs.overdose import OverdoseCard
from lmdesk.store.drug_sources import load_bibliography


def load_overdose_cards(sources: Path) -> list[OverdoseCard]:
    cards = []
    for path in sorted((sources / "overdose").glob("*.toml")):
        with path.open("rb") as handle:
            cards.append(OverdoseCard.model_validate(tomllib.load(handle)))
    return cards


def build(db: sqlite_utils.Database, sources: Path) -> None:
    cards = load_overdose_cards(sources)
    known = set(load_bibliography(sources))
    for card in cards:
        missing = [k for k in card.citations() if k not in known]
        if missing:
            raise ValueError(f"overdose/{card.drug}.toml: unknown citation keys {missing}")
    rows = [
        {
            "drug": card.drug,
            "body": json.dumps(card.model_dump(mode="json"), sort_keys=True, ensure_ascii=False),
        }
        for card in sorted(cards, key=lambda c: c.drug)
    ]
    db.table("overdose_cards").insert_all(rows, pk="drug")
