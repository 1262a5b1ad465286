"""A named user of the ward: login, name in both scripts, staff number, roles, IT register."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from lmdesk.i18n import _, current_language
from lmdesk.models.errors import BadInputError
from lmdesk.models.users.roles import CLINICAL_ROLES, Role, roles_text, sorted_roles

LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MAX_NAME = 80


def login_key(login: str) -> str:
    """The form logins are compared in: case-insensitive, surrounding spaces ignored."""
    return unicodedata.normalize("NFKC", login).strip().casefold()


def check_login(login: str) -> str:
    """A usable login name (2-32 letters, digits, '.', '_' or '-'), lower-cased; else bad input."""
    key = login_key(login)
    if not LOGIN_PATTERN.fullmatch(key):
        raise BadInputError(
            _(
                "A login name has 2 to 32 Latin letters, digits, '.', '_' or '-', starting "
                "with a letter or digit: {login!r}"
            ).format(login=login)
        )
    return key


def login_from_name(name_en: str) -> str:
    """A login proposed from the Latin name ('Li Na' -> 'li.na'); bad input when none can be."""
    ascii_name = unicodedata.normalize("NFKD", name_en).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.casefold())
    candidate = ".".join(words)[:32].strip(".")
    if not LOGIN_PATTERN.fullmatch(candidate):
        raise BadInputError(_("No login name can be made from this name; give one with --login."))
    return candidate


def _clean_name(value: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if len(text) > MAX_NAME:
        raise BadInputError(_("A name has at most {n} characters.").format(n=MAX_NAME))
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise BadInputError(_("A name cannot hold control characters."))
    return text


class User(BaseModel):
    """One person who signs in. ``id`` is None until stored; ``row_version`` guards edits."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    login: str
    name_en: str = ""
    name_zh: str = ""
    staff_no: str = ""
    roles: frozenset[Role]
    register_until: date | None = None
    active: bool = True
    row_version: int = 1

    @field_validator("login")
    @classmethod
    def _login(cls, value: str) -> str:
        return check_login(value)

    @field_validator("name_en", "name_zh")
    @classmethod
    def _name(cls, value: str) -> str:
        return _clean_name(value)

    @field_validator("staff_no")
    @classmethod
    def _staff_no(cls, value: str) -> str:
        text = _clean_name(value)
        if len(text) > 32:
            raise BadInputError(_("A staff number has at most 32 characters."))
        return text

    @model_validator(mode="after")
    def _complete(self) -> User:
        if not (self.name_en or self.name_zh):
            raise BadInputError(_("Give the user's name (in Latin or Chinese script, or both)."))
        if not self.roles:
            raise BadInputError(
                _("Give at least one role: prescriber, pharmacist, nurse or admin.")
            )
        return self

    # -- who they are ---------------------------------------------------------------------

    @property
    def display_name(self) -> str:
        """The name the audit trail, sheets and archive record: both scripts when both known."""
        if self.name_en and self.name_zh:
            return f"{self.name_en} ({self.name_zh})"
        return self.name_en or self.name_zh

    def name(self, language: str | None = None) -> str:
        """The name in the reader's script, else the other one."""
        lang = language or current_language()
        if lang.startswith("zh"):
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def role_list(self) -> tuple[Role, ...]:
        return sorted_roles(self.roles)

    def roles_text(self) -> str:
        return roles_text(self.roles)

    def is_clinician(self) -> bool:
        """Active and holding a clinical role (prescriber, pharmacist or nurse)."""
        return self.active and bool(self.roles & CLINICAL_ROLES)

    def on_register(self, today: date) -> bool:
        """Active and on the IT register on ``today`` (the register date is the last day)."""
        return self.active and self.register_until is not None and today <= self.register_until

    def register_text(self, today: date) -> str:
        """'until 2027-06-30', 'ended 2026-12-31' or 'not on the register', for lists."""
        if self.register_until is None:
            return _("not on the IT register")
        if today <= self.register_until:
            return _("on the IT register until {date}").format(date=self.register_until.isoformat())
        return _("IT register ended {date}").format(date=self.register_until.isoformat())

    def matches(self, name: str) -> bool:
        """Whether a stored name (a course's planner or verifier) is this user."""
        key = " ".join(name.split()).casefold()
        if not key:
            return False
        candidates = {self.display_name, self.name_en, self.name_zh, self.login}
        return key in {" ".join(c.split()).casefold() for c in candidates if c}


def make_user(**fields: object) -> User:
    """Build a user from loose input; a bad field is one clear BadInputError (not pydantic's)."""
    from pydantic import ValidationError

    try:
        return User.model_validate(fields)
    except ValidationError as err:
        first = err.errors()[0]
        ctx = first.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, BadInputError):
            raise cause from None
        where = ".".join(str(p) for p in first["loc"]) or "user"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise BadInputError(f"{where}: {message}") from None
