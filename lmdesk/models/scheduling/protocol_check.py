"""The safety rules every protocol passes before it is planned, saved or printed.

A protocol is input wherever it comes from: a reference template, a clinician's custom
protocol (typed in the dialog, or read back from the patient database) or the protocol a
plan file names. The same checks run on all of them:

- drug identity: the IT drug and every co-medication is a known drug card, named by its
  card id, and the protocol's name does not name another drug;
- never intrathecal: no never-IT drug under any name (systemic leucovorin rescue aside);
- systemic drugs never as IT: a card marked systemic (osimertinib, folic acid ...) is never
  the IT drug nor an IT co-injection;
- one IT drug per session: an IT co-injection only where allowed (dexamethasone [R40]);
- doses: the protocol's dose range in mg below the drug's hard ceiling, IT co-injection
  doses in mg and below theirs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol as Interface
from typing import runtime_checkable

from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.drugs.never_it import NeverItLookup, refuse_never_it_by_route
from lmdesk.models.errors import SafetyRefusal
from lmdesk.models.scheduling.calendar_rules import ALLOWED_IT_COINJECTIONS, check_one_it_drug
from lmdesk.models.scheduling.dose_safety import DoseLimits, check_dose
from lmdesk.models.scheduling.protocol import CoMedication, DrugNames, Protocol

IDENTITY_RULE = "drug_identity"
NOT_IT_RULE = "not_it_drug"
UNIT_RULE = "dose_unit"
#: Drug statuses that may never be given intrathecally.
NOT_IT_STATUSES = frozenset({"never", "systemic"})
#: A drug name inside a protocol name counts from this many letters (Latin); CJK from two.
MIN_NAME_IN_TITLE = 5

_NUMBER = re.compile(r"\d")
_MG_ONLY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mg\b", re.IGNORECASE)


class CardIdentity(Interface):
    """What the rules read from a drug card."""

    @property
    def id(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def it_status(self) -> str: ...
    def all_names(self) -> list[str]: ...


@runtime_checkable
class DrugIdentity(Interface):
    """The part of ``DrugCatalog`` these rules need: cards by id, all cards, never-IT names."""

    def get(self, drug_id: str) -> CardIdentity | None: ...
    def all(self) -> list[CardIdentity]: ...
    def never_it_match(self, text: str) -> CardIdentity | None: ...


def catalog_names(catalog: NeverItLookup | None) -> DrugNames:
    """(English, Chinese) name of every card, where the catalog has cards."""
    if not isinstance(catalog, DrugIdentity):
        return {}
    return {c.id: (c.name_en, c.name_zh) for c in catalog.all()}


def require_cards(catalog: NeverItLookup | None) -> DrugIdentity:
    """The catalog, if it has the drug cards; a plan or protocol is never printed or saved
    with its drugs unchecked."""
    if not isinstance(catalog, DrugIdentity):
        raise SafetyRefusal(
            _("The drug reference is not available: the drugs cannot be checked."),
            rule=IDENTITY_RULE,
        )
    return catalog


def known_card(drug: str, catalog: DrugIdentity) -> CardIdentity:
    """The card with id ``drug``; an unknown id is refused (a name is not an id)."""
    card = catalog.get(drug)
    if card is None:
        raise SafetyRefusal(
            _(
                "{drug!r} is not a drug card of the reference: a plan or protocol names its "
                "drugs by card id, and only known drugs are printed or saved."
            ).format(drug=drug),
            rule=IDENTITY_RULE,
        )
    return card


def refuse_not_it(card: CardIdentity) -> None:
    """A never-IT or systemic-only card given intrathecally is refused."""
    if card.it_status in NOT_IT_STATUSES:
        name = card.name_zh if current_language().startswith("zh") and card.name_zh else ""
        raise SafetyRefusal(
            _(
                "{name} is not an intrathecal drug ({status}); it cannot be given "
                "intrathecally on an IT course."
            ).format(name=name or card.name_en, status=card.it_status),
            rule=NOT_IT_RULE,
        )


def _keys(names: Iterable[str]) -> list[str]:
    keys = {normalize_name(n) for n in names}
    return sorted((k for k in keys if k), key=lambda k: (-len(k), k))


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def refuse_foreign_name(title: str, own: Iterable[str], catalog: DrugIdentity) -> None:
    """Refuse a protocol name that names a drug the protocol does not carry.

    The protocol's own drugs' names are taken out first (``liposomal cytarabine`` holds
    ``cytarabine``), then any other card's name (>= 5 letters, or CJK) left is refused.
    """
    own_ids = set(own)
    rest = normalize_name(title)
    if not rest:
        return
    cards = catalog.all()
    for key in _keys(n for c in cards if c.id in own_ids for n in (c.id, *c.all_names())):
        rest = rest.replace(key, " ")
    for card in cards:
        if card.id in own_ids:
            continue
        for key in _keys((card.id, *card.all_names())):
            if (len(key) >= MIN_NAME_IN_TITLE or (_is_cjk(key) and len(key) >= 2)) and key in rest:
                raise SafetyRefusal(
                    _(
                        "The name {title!r} names {drug}, which this protocol does not give: "
                        "a name must belong to the protocol's drugs."
                    ).format(title=title, drug=card.name_en),
                    rule=IDENTITY_RULE,
                )


def it_dose_mg(med: CoMedication) -> float | None:
    """The mg dose of an IT co-injection; a dose in any other unit is refused.

    A dose text without a number ("dose not confirmed") gives None; one with a number must
    be in mg, in both languages, and the same number.
    """
    values: list[float] = []
    for text in (med.dose, med.dose_zh):
        if not _NUMBER.search(text):
            continue
        match = _MG_ONLY.match(text)
        if match is None or _NUMBER.search(text[match.end() :]):
            raise SafetyRefusal(
                _(
                    "The intrathecal dose {dose!r} is not a dose in mg: IT doses are written "
                    "in mg only."
                ).format(dose=text),
                rule=UNIT_RULE,
            )
        values.append(float(match.group(1)))
    if len(set(values)) > 1:
        raise SafetyRefusal(
            _("The intrathecal dose differs between its languages ({en!r} / {zh!r}).").format(
                en=med.dose, zh=med.dose_zh
            ),
            rule=UNIT_RULE,
        )
    return values[0] if values else None


def check_co_medication(
    med: CoMedication,
    main_drug: str,
    route: str,
    limits: DoseLimits | None,
    catalog: NeverItLookup | None,
    names: DrugNames,
) -> None:
    """One co-medication of an IT course: never-IT by its route, a known card, one IT drug,
    an IT co-injection in mg below its ceiling."""
    refuse_never_it_by_route(med.drug, med.route, catalog)
    if isinstance(catalog, DrugIdentity):
        card = known_card(med.drug, catalog)
        if med.route == "it" and med.drug not in ALLOWED_IT_COINJECTIONS:
            refuse_not_it(card)
    if med.route != "it":
        return
    check_one_it_drug(main_drug, [med.drug], names)
    mg = it_dose_mg(med)
    if mg is not None and limits is not None:
        check_dose(med.drug, route, mg, limits)


def check_protocol_safety(
    protocol: Protocol, catalog: NeverItLookup | None, limits: DoseLimits | None = None
) -> None:
    """Every rule of this module on ``protocol`` (raises ``SafetyRefusal``).

    Without a drug catalog (a bare test or tool) the never-IT names and the one-IT-drug
    rule still hold; identity and systemic status need the cards.
    """
    names = catalog_names(catalog)
    refuse_never_it_by_route(protocol.drug, "it", catalog)
    for med in protocol.co_medications:
        refuse_never_it_by_route(med.drug, med.route, catalog)
    if isinstance(catalog, DrugIdentity):
        refuse_not_it(known_card(protocol.drug, catalog))
        own = [protocol.drug, *(m.drug for m in protocol.co_medications)]
        for title in (protocol.name_en, protocol.name_zh):
            refuse_foreign_name(title, own, catalog)
    for med in protocol.co_medications:
        for route in protocol.routes:
            check_co_medication(med, protocol.drug, route, limits, catalog, names)
    if limits is not None:
        for route in protocol.routes:
            check_dose(protocol.drug, route, protocol.dose.max_mg, limits, "-")
