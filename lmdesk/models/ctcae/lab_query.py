"""What the grader is asked and what it answers (the CLI's JSON shape)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import _
from lmdesk.models.ctcae.rules import DEFAULT_VERSION, Version
from lmdesk.models.ctcae.units import split_quantity, to_decimal
from lmdesk.models.errors import BadInputError

_VERSION_SPELLINGS: dict[str, Version] = {
    "5": "5.0",
    "5.0": "5.0",
    "v5": "5.0",
    "v5.0": "5.0",
    "6": "6.0",
    "6.0": "6.0",
    "v6": "6.0",
    "v6.0": "6.0",
}

_YES = frozenset({"yes", "y", "true", "1", "是"})
_NO = frozenset({"no", "n", "false", "0", "否"})

QUERY_FIELDS: tuple[str, ...] = (
    "term",
    "value",
    "unit",
    "lln",
    "uln",
    "baseline",
    "version",
    "symptomatic",
    "hours_above_40c",
    "max_temp_c",
    "sustained_38c_over_1h",
)


def parse_version(value: object) -> Version:
    """'5.0' / '6.0' (also '5', 'v6'); None means the default, v5.0."""
    if value is None:
        return DEFAULT_VERSION
    found = _VERSION_SPELLINGS.get(str(value).strip().casefold())
    if found is None:
        raise BadInputError(
            _("CTCAE version must be 5.0 or 6.0, not {value!r}").format(value=value)
        )
    return found


def parse_yes_no(value: object, field: str) -> bool | None:
    """yes/no (or true/false) to bool; None stays unknown."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise BadInputError(
        _("{field}: answer yes or no, not {value!r}").format(field=field, value=value)
    )


class LabQuery(BaseModel):
    """One lab value to grade, with the reference values and clinical facts known about it.

    ``None`` means unknown. Numbers are exact decimals; build it with ``from_raw``.
    ``lln_unit``, ``uln_unit`` and ``baseline_unit`` are set when that number was given with
    its own unit ("1.2 mg/dL"); otherwise it is in the value's unit.
    """

    model_config = ConfigDict(frozen=True)

    term: str
    value: Decimal
    unit: str | None = None
    lln: Decimal | None = None
    uln: Decimal | None = None
    baseline: Decimal | None = None
    lln_unit: str | None = None
    uln_unit: str | None = None
    baseline_unit: str | None = None
    version: Version = DEFAULT_VERSION
    symptomatic: bool | None = None
    hours_above_40c: Decimal | None = None
    max_temp_c: Decimal | None = None
    sustained_38c_over_1h: bool | None = None

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> LabQuery:
        """Validate loose input (CLI flags, a JSON line, form fields); BadInputError if unusable."""
        unknown = sorted(set(raw) - set(QUERY_FIELDS))
        if unknown:
            raise BadInputError(_("unknown field(s): {names}").format(names=", ".join(unknown)))
        term = raw.get("term")
        if not isinstance(term, str) or not term.strip():
            raise BadInputError(_("term: a CTCAE term name is required"))
        value = to_decimal(raw.get("value"), "value")
        if value is None:
            raise BadInputError(_("value: a lab value is required"))
        unit = raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            raise BadInputError(_("unit: expected text, got {value!r}").format(value=unit))
        lln, lln_unit = split_quantity(raw.get("lln"), "lln")
        uln, uln_unit = split_quantity(raw.get("uln"), "uln")
        if uln is not None and uln == 0:
            raise BadInputError(_("uln: the upper limit of normal must be above zero"))
        baseline, baseline_unit = split_quantity(raw.get("baseline"), "baseline")
        if baseline is not None and baseline == 0:
            raise BadInputError(_("baseline: a baseline value must be above zero"))
        return cls(
            term=term.strip(),
            value=value,
            unit=unit.strip() if isinstance(unit, str) and unit.strip() else None,
            lln=lln,
            uln=uln,
            baseline=baseline,
            lln_unit=lln_unit,
            uln_unit=uln_unit,
            baseline_unit=baseline_unit,
            version=parse_version(raw.get("version")),
            symptomatic=parse_yes_no(raw.get("symptomatic"), "symptomatic"),
            hours_above_40c=to_decimal(raw.get("hours_above_40c"), "hours_above_40c"),
            max_temp_c=to_decimal(raw.get("max_temp_c"), "max_temp_c"),
            sustained_38c_over_1h=parse_yes_no(
                raw.get("sustained_38c_over_1h"), "sustained_38c_over_1h"
            ),
        )


class GradeStatus(StrEnum):
    GRADED = "graded"
    NORMAL = "normal"
    NOT_GRADABLE = "not_gradable"
    AMBIGUOUS = "ambiguous"


class LabGrade(BaseModel):
    """The grader's answer. ``grade`` is 0 for normal and None unless graded or normal.

    ``needs`` names the missing or unusable inputs when it is not gradable for want of them.
    """

    model_config = ConfigDict(frozen=True)

    term: str
    version: Version
    grade: int | None
    status: GradeStatus
    criterion: str | None = None
    assumptions: tuple[str, ...] = ()
    reason: str | None = None
    needs: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON object: term, version, grade, status, criterion, assumptions, reason,
        needs (the input fields - unit, lln, uln, baseline - without which it cannot be graded)."""
        return {
            "term": self.term,
            "version": self.version,
            "grade": self.grade,
            "status": self.status.value,
            "criterion": self.criterion,
            "assumptions": list(self.assumptions),
            "reason": self.reason,
            "needs": list(self.needs),
        }
