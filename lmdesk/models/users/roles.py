"""The four roles a user can hold (several allowed), with their labels in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from lmdesk.i18n import N_, _
from lmdesk.models.errors import BadInputError


class Role(StrEnum):
    PRESCRIBER = "prescriber"
    PHARMACIST = "pharmacist"
    NURSE = "nurse"
    ADMIN = "admin"


ROLE_ORDER: tuple[Role, ...] = (Role.PRESCRIBER, Role.PHARMACIST, Role.NURSE, Role.ADMIN)

CLINICAL_ROLES: frozenset[Role] = frozenset({Role.PRESCRIBER, Role.PHARMACIST, Role.NURSE})

_LABELS: dict[Role, str] = {
    Role.PRESCRIBER: N_("prescriber"),
    Role.PHARMACIST: N_("pharmacist"),
    Role.NURSE: N_("nurse"),
    Role.ADMIN: N_("ward administrator"),
}

_WITH_ARTICLE: dict[Role, str] = {
    Role.PRESCRIBER: N_("a prescriber"),
    Role.PHARMACIST: N_("a pharmacist"),
    Role.NURSE: N_("a nurse"),
    Role.ADMIN: N_("a ward administrator"),
}


def role_label(role: Role) -> str:
    """The role's name in the reader's language ('nurse' / '护士')."""
    return _(_LABELS[role])


def role_phrase(role: Role) -> str:
    """The role as said of a person ('a nurse' / '护士')."""
    return _(_WITH_ARTICLE[role])


def sorted_roles(roles: Iterable[Role]) -> tuple[Role, ...]:
    given = set(roles)
    return tuple(r for r in ROLE_ORDER if r in given)


def roles_text(roles: Iterable[Role]) -> str:
    """'prescriber, ward administrator' in the reader's language."""
    return _(", ").join(role_label(r) for r in sorted_roles(roles))


def roles_phrase(roles: Iterable[Role]) -> str:
    """'a nurse and a ward administrator'; 'no role' when empty."""
    phrases = [role_phrase(r) for r in sorted_roles(roles)]
    if not phrases:
        return _("without a role")
    return _(" and ").join(phrases)


def parse_roles(text: str) -> frozenset[Role]:
    """``prescriber,nurse`` -> the roles; an unknown or missing role is bad input."""
    names = [part.strip().casefold() for part in text.split(",") if part.strip()]
    if not names:
        raise BadInputError(_("Give at least one role: prescriber, pharmacist, nurse or admin."))
    roles: set[Role] = set()
    for name in names:
        try:
            roles.add(Role(name))
        except ValueError:
            raise BadInputError(
                _("Unknown role {role!r}; roles are prescriber, pharmacist, nurse, admin.").format(
                    role=name
                )
            ) from None
    return frozenset(roles)
