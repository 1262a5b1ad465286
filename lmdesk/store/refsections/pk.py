"""Reference-DB section: CSF PK model parameters (``pk/*.toml``).

The four documents are validated as model inputs and every citation key is resolved in
the bibliography before anything is written; rows hold the documents as sorted JSON.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import sqlite_utils

from lmdesk.models.drugs.content import ContentError
from lmdesk.models.pk.sources import reference_from
from lmdesk.store.drug_sources import load_bibliography

DOCUMENTS: tuple[str, ...] = ("physiology", "drugs", "validation", "tki_csf")


def read_documents(sources: Path) -> dict[str, dict[str, Any]]:
    """The PK source documents as parsed TOML."""
    docs: dict[str, dict[str, Any]] = {}
    for name in DOCUMENTS:
        path = sources / "pk" / f"{name}.toml"
        try:
            docs[name] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ContentError(f"pk/{name}.toml: {exc}") from exc
    return docs


def cited_keys(value: Any) -> set[str]:
    """Every key listed under a ``source`` field anywhere in a document."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source" and isinstance(item, list):
                found.update(str(k) for k in item)
            else:
                found |= cited_keys(item)
    elif isinstance(value, list):
        for item in value:
            found |= cited_keys(item)
    return found


def build(db: sqlite_utils.Database, sources: Path) -> None:
    docs = read_documents(sources)
    try:
        reference_from(docs["physiology"], docs["drugs"], docs["validation"], docs["tki_csf"])
    except ValueError as exc:
        raise ContentError(f"pk sources: {exc}") from exc
    bibliography = load_bibliography(sources)
    missing = sorted(cited_keys(docs) - set(bibliography))
    if missing:
        raise ContentError(f"pk sources cite unknown references: {', '.join(missing)}")
    db.table("pk_sources").insert_all(
        [
            {"name": name, "body": json.dumps(docs[name], sort_keys=True, ensure_ascii=False)}
            for name in sorted(DOCUMENTS)
        ],
        pk="name",
    )
