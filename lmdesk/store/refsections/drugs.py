"""Reference-DB section: drug cards (``drugs/*.toml``) and the bibliography they cite.

Every card is validated by the domain model, with its citations resolved, before a single
row is written; a content error stops the whole build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils

from lmdesk.store.drug_sources import load_bibliography, load_cards


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def build(db: sqlite_utils.Database, sources: Path) -> None:
    bibliography = load_bibliography(sources)
    db.table("bibliography").insert_all(
        [
            {
                "key": ref.key,
                "citation": ref.citation,
                "doi": ref.doi,
                "url": ref.url,
                "strength": ref.strength,
            }
            for ref in sorted(bibliography.values(), key=lambda r: r.key)
        ],
        pk="key",
        columns={"doi": str, "url": str, "strength": str},
    )
    cards = sorted(load_cards(sources, bibliography), key=lambda c: c.id)
    db.table("drug_cards").insert_all(
        [
            {
                "id": card.id,
                "name_en": card.name_en,
                "name_zh": card.name_zh,
                "it_status": card.it_status,
                "drug_class": card.drug_class,
                "aliases": _dumps(card.aliases),
                "body": _dumps(card.model_dump(mode="json")),
            }
            for card in cards
        ],
        pk="id",
    )
