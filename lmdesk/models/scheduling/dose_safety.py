"""Dose limits per drug and route: usual range, typed reason above it, hard ceiling refused.

The limits themselves are reference data (``resources/reference/dose_limits.toml``,
each with its source from regimens_pk.md §E.3 and Part A); this module only applies them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.names import meaningful_text
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.finding import Finding, info, warning
from lmdesk.models.scheduling.protocol import DrugNames, drug_name_in, text_in

CEILING_RULE = "dose_ceiling"
REASON_RULE = "dose_reason_required"
LimitRoute = Literal["lp", "ommaya", "any"]


class DoseLimit(BaseModel):
    """Sourced limits for one drug by one route (``any`` = both routes).

    The ``*_source`` texts are quoted in findings and refusals, so each has its Chinese;
    ``note`` is for whoever maintains the limits and is never shown.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    drug: str
    route: LimitRoute = "any"
    usual_min_mg: float | None = Field(default=None, gt=0)
    usual_max_mg: float | None = Field(default=None, gt=0)
    ceiling_mg: float | None = Field(default=None, gt=0)
    usual_source: str = ""
    usual_source_zh: str = ""
    ceiling_source: str = ""
    ceiling_source_zh: str = ""
    note: str = ""

    def missing_chinese(self) -> list[str]:
        """Source texts shown in findings that have no Chinese (the build refuses them)."""
        pairs = {
            "usual_source_zh": (self.usual_source, self.usual_source_zh),
            "ceiling_source_zh": (self.ceiling_source, self.ceiling_source_zh),
        }
        return [key for key, (en, zh) in pairs.items() if en.strip() and not zh.strip()]

    def usual_source_in(self, language: str) -> str:
        return text_in(language, self.usual_source, self.usual_source_zh)

    def ceiling_source_in(self, language: str) -> str:
        return text_in(language, self.ceiling_source, self.ceiling_source_zh)


class DoseLimits:
    """Lookup of limits; a route-specific limit wins over an ``any`` limit.

    ``names`` (card id -> English, Chinese name) lets every finding and refusal name the
    drug as the reader does; a drug without a name is shown by its card id.
    """

    def __init__(self, limits: Iterable[DoseLimit], names: DrugNames | None = None) -> None:
        self._by_key = {(lim.drug, lim.route): lim for lim in limits}
        self._names: DrugNames = names or {}

    def drug_name(self, drug: str) -> str:
        """The drug as the reader names it, in the active language."""
        return drug_name_in(drug, self._names, current_language())

    def for_drug(self, drug: str, route: str) -> DoseLimit | None:
        found: dict[str, DoseLimit] = {k[1]: v for k, v in self._by_key.items() if k[0] == drug}
        return found.get(route) or found.get("any")

    def all(self) -> list[DoseLimit]:
        return sorted(self._by_key.values(), key=lambda lim: (lim.drug, lim.route))


def limit_text(limit: DoseLimit, name: str) -> str:
    """Both numbers of a limit, the same way everywhere a ceiling is shown, with citations:
    ``methotrexate per IT dose: usual maximum 12.5 mg [R44 ...], a typed reason above it;
    hard ceiling 15 mg [R42 ...], refused above it.``"""
    language = current_language()
    parts: list[str] = []
    if limit.usual_max_mg is not None:
        parts.append(
            _("usual maximum {usual:g} mg [{source}], a typed reason above it").format(
                usual=limit.usual_max_mg, source=limit.usual_source_in(language)
            )
        )
    if limit.ceiling_mg is not None:
        parts.append(
            _("hard ceiling {ceiling:g} mg [{source}], refused above it").format(
                ceiling=limit.ceiling_mg, source=limit.ceiling_source_in(language)
            )
        )
    return _("{drug} per IT dose: {limits}.").format(drug=name, limits="; ".join(parts))


def validate_dose_value(dose_mg: float) -> None:
    if not dose_mg > 0 or not math.isfinite(dose_mg):  # rejects 0, negatives, NaN, infinity
        raise BadInputError(
            _("The dose must be a positive number of mg (got {dose}).").format(dose=dose_mg)
        )


def check_dose(
    drug: str,
    route: str,
    dose_mg: float,
    limits: DoseLimits,
    reason: str = "",
    session: int | None = None,
) -> list[Finding]:
    """Apply the limits to one dose.

    Raises ``SafetyRefusal`` above the hard ceiling. Above the usual range the finding is
    ``dose_above_usual`` when a reason was typed, else ``dose_reason_required`` (a course
    cannot be saved with that one: see :func:`require_reason`).
    """
    validate_dose_value(dose_mg)
    limit = limits.for_drug(drug, route)
    language = current_language()
    name = limits.drug_name(drug)
    if limit is None:
        return [
            warning(
                "no_dose_limit",
                _(
                    "No sourced dose limit for {drug} by this route: check the dose against your "
                    "institution's protocol."
                ).format(drug=name),
                session,
            )
        ]
    if limit.ceiling_mg is not None and dose_mg > limit.ceiling_mg:
        raise SafetyRefusal(
            _(
                "{dose:g} mg of {drug} is above the hard ceiling of {ceiling:g} mg per IT dose "
                "[{source}]. Refused."
            ).format(
                dose=dose_mg,
                drug=name,
                ceiling=limit.ceiling_mg,
                source=limit.ceiling_source_in(language),
            )
            + " "
            + limit_text(limit, name),
            rule=CEILING_RULE,
        )
    found: list[Finding] = []
    why = meaningful_text(reason)  # a reason of invisible characters is no reason
    if limit.usual_max_mg is not None and dose_mg > limit.usual_max_mg:
        if why:
            found.append(
                warning(
                    "dose_above_usual",
                    _(
                        "{dose:g} mg of {drug} is above the usual {usual:g} mg [{source}]; "
                        "reason given: {reason}"
                    ).format(
                        dose=dose_mg,
                        drug=name,
                        usual=limit.usual_max_mg,
                        source=limit.usual_source_in(language),
                        reason=why,
                    ),
                    session,
                )
            )
        else:
            found.append(
                Finding(
                    level="warning",
                    code=REASON_RULE,
                    session=session,
                    message=_(
                        "{dose:g} mg of {drug} is above the usual {usual:g} mg [{source}]: "
                        "type the reason before saving."
                    ).format(
                        dose=dose_mg,
                        drug=name,
                        usual=limit.usual_max_mg,
                        source=limit.usual_source_in(language),
                    ),
                )
            )
    elif limit.usual_min_mg is not None and dose_mg < limit.usual_min_mg:
        found.append(
            info(
                "dose_below_usual",
                _("{dose:g} mg of {drug} is below the usual {usual:g} mg [{source}].").format(
                    dose=dose_mg,
                    drug=name,
                    usual=limit.usual_min_mg,
                    source=limit.usual_source_in(language),
                ),
                session,
            )
        )
    return found


def require_reason(findings: Iterable[Finding]) -> None:
    """Refuse to save while a dose above the usual range has no typed reason."""
    for finding in findings:
        if finding.code == REASON_RULE:
            raise SafetyRefusal(finding.message, rule=REASON_RULE)
