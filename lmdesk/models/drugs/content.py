"""Turn a card's source mapping (parsed TOML) into a validated DrugCard with its references.

Pure: the store reads the files, this module only checks and assembles, so content errors
(an unknown source key, a missing Chinese name) are found by tests and by the DB build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lmdesk.models.bibliography import Bibliography, Reference
from lmdesk.models.drugs.card import DrugCard


class ContentError(ValueError):
    """A reference source file that cannot become a valid card or bibliography."""


def build_bibliography(entries: Iterable[Mapping[str, Any]]) -> Bibliography:
    """Validate the bibliography entries (``[[reference]]`` tables)."""
    try:
        return Bibliography(Reference.model_validate(e) for e in entries)
    except ValueError as exc:
        raise ContentError(f"bibliography: {exc}") from exc


def build_card(data: Mapping[str, Any], bibliography: Bibliography, origin: str = "") -> DrugCard:
    """Validate ``data`` and attach the references its numbers cite.

    Raises ContentError naming ``origin`` (the file) when anything does not validate or a
    source key is not in the bibliography.
    """
    where = origin or str(data.get("id", "?"))
    if "references" in data:
        raise ContentError(f"{where}: references are derived from source keys, not listed")
    try:
        draft = DrugCard.model_validate(dict(data))
    except ValueError as exc:
        raise ContentError(f"{where}: {exc}") from exc
    keys = draft.cited_keys()
    missing = bibliography.missing(keys)
    if missing:
        raise ContentError(f"{where}: source keys not in the bibliography: {missing}")
    return draft.model_copy(update={"references": tuple(bibliography.resolve(keys))})
