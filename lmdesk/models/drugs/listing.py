"""One line of the drug list: the names, status and class of a card, without the card itself.

The drug-cards screen is the first thing lmdesk shows. Its list and search need only these
few fields, read straight from the stored card (plain JSON), so the screen can take input
before pydantic and the full card models are loaded (about 0.1 s). The full card is still
validated before any of its content is shown, and the repository checks that every
listing equals the one derived from its validated card
(:func:`listing_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

ItStatus = Literal["standard", "investigational", "discontinued", "never", "systemic"]
IT_STATUSES: tuple[ItStatus, ...] = (
    "standard",
    "investigational",
    "discontinued",
    "never",
    "systemic",
)


def unique_names(name_en: str, name_zh: str, aliases: Iterable[str]) -> list[str]:
    """name_en, name_zh and every alias, in that order, without duplicates.

    The one definition of "a card's names": the list search and the card catalogue both
    use it, so they cannot disagree about which names find a drug.
    """
    return list(dict.fromkeys([name_en, name_zh, *aliases]))


@dataclass(frozen=True)
class ClassLabel:
    """A drug class's display name in both languages (data, not gettext)."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class DrugListing:
    """What the list shows and searches for one card."""

    id: str
    name_en: str
    name_zh: str
    aliases: tuple[str, ...]
    drug_class: str
    class_label: ClassLabel
    it_status: ItStatus

    def all_names(self) -> list[str]:
        return unique_names(self.name_en, self.name_zh, self.aliases)

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    @classmethod
    def from_stored(cls, body: Mapping[str, object]) -> DrugListing:
        """Read the listing fields of a stored card (``DrugCard.model_dump(mode="json")``).

        Raises ValueError naming the field when one is missing or of the wrong kind.
        """
        label = body.get("class_label")
        if not isinstance(label, Mapping):
            raise ValueError("drug card without a class_label")
        status = body.get("it_status")
        if status not in IT_STATUSES:
            raise ValueError(f"drug card with an unknown it_status {status!r}")
        aliases = body.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError("drug card aliases must be a list of names")
        return cls(
            id=_text(body, "id"),
            name_en=_text(body, "name_en"),
            name_zh=_text(body, "name_zh"),
            aliases=tuple(aliases),
            drug_class=_text(body, "drug_class"),
            class_label=ClassLabel(en=_text(label, "en"), zh=_text(label, "zh")),
            it_status=status,
        )


def _text(body: Mapping[str, object], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"drug card field {key!r} must be non-empty text")
    return value


class _Bilingual(Protocol):
    @property
    def en(self) -> str: ...
    @property
    def zh(self) -> str: ...


class CardFields(Protocol):
    """What a listing reads from a full card (the card module is not imported: it loads
    pydantic, which the drug list starts without)."""

    @property
    def id(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...
    @property
    def drug_class(self) -> str: ...
    @property
    def class_label(self) -> _Bilingual: ...
    @property
    def it_status(self) -> ItStatus: ...


def listing_of(card: CardFields) -> DrugListing:
    """The listing a validated card stands for (to check the list against the cards)."""
    return DrugListing(
        id=card.id,
        name_en=card.name_en,
        name_zh=card.name_zh,
        aliases=tuple(card.aliases),
        drug_class=card.drug_class,
        class_label=ClassLabel(en=card.class_label.en, zh=card.class_label.zh),
        it_status=card.it_status,
    )


def chinese_order(listings: Iterable[DrugListing]) -> dict[str, str]:
    """Each drug's place in a Chinese list, by id: the pinyin of its Chinese name (its English
    name where it has none), so 阿糖胞苷 comes before 甲氨蝶呤 as a Chinese reader expects.
    pypinyin's dictionaries take ~0.2 s to load: call this off the GUI thread."""
    from lmdesk.models.name_pinyin import pinyin_sort_key

    return {d.id: pinyin_sort_key(d.name_zh or d.name_en) for d in listings}
