"""Read the drug-card and bibliography source files (TOML) shipped in resources/reference.

The reference-DB builder and the content tests both start here; the domain checks live in
:mod:`lmdesk.models.drugs.content`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from lmdesk.models.bibliography import Bibliography
from lmdesk.models.drugs.card import DrugCard
from lmdesk.models.drugs.content import ContentError, build_bibliography, build_card

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "resources" / "reference"


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def load_bibliography(reference_dir: Path = REFERENCE_DIR) -> Bibliography:
    data = _read_toml(reference_dir / "bibliography.toml")
    entries = data.get("reference")
    if not isinstance(entries, list):
        raise ContentError("bibliography.toml: no [[reference]] tables")
    return build_bibliography(entries)


def card_paths(reference_dir: Path = REFERENCE_DIR) -> list[Path]:
    return sorted((reference_dir / "drugs").glob("*.toml"))


def load_cards(
    reference_dir: Path = REFERENCE_DIR, bibliography: Bibliography | None = None
) -> list[DrugCard]:
    """Every card, validated, references attached; file name must equal the card id."""
    bib = bibliography if bibliography is not None else load_bibliography(reference_dir)
    cards: list[DrugCard] = []
    for path in card_paths(reference_dir):
        card = build_card(_read_toml(path), bib, origin=path.name)
        if card.id != path.stem:
            raise ContentError(f"{path.name}: id {card.id!r} differs from the file name")
        cards.append(card)
    return cards
