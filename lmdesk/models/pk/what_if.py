"""Dose findings for a simulation: a PK run is a what-if, not an order.

Planning refuses a dose above the hard ceiling (``dose_safety.check_dose``). A simulation
must still be able to show what such a dose would do (an accidental overdose, a dose from
another protocol), so here the ceiling becomes a loud warning and the curve is drawn.
Never-intrathecal drugs are refused before this (``request.resolve_drug``), and nothing
here is used by the planner, the courses or the sheets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from lmdesk.i18n import _, current_language
from lmdesk.models.finding import Finding, info, warning
from lmdesk.models.pk.parameters import DrugPk
from lmdesk.models.scheduling.dose_safety import (
    REASON_RULE,
    DoseLimits,
    check_dose,
    limit_text,
    validate_dose_value,
)

ABOVE_CEILING: Final = "above_ceiling_what_if"
DISCONTINUED: Final = "discontinued_product"
FREE_DRUG: Final = "free_drug_only"
#: Findings the screen shows in red.
DANGER_CODES: Final = frozenset({ABOVE_CEILING})


def dose_findings(
    drug: str, route: str, dose_mg: float, limits: DoseLimits, session: int | None = None
) -> list[Finding]:
    """What the dose rules say about one simulated dose; never raises for the ceiling.

    Above the hard ceiling: a warning that this is a what-if simulation, not an order.
    Otherwise the planner's findings, with "type the reason before saving" turned into a
    plain warning (a simulation saves nothing). A dose that is not a positive number is
    still bad input (BadInputError).
    """
    validate_dose_value(dose_mg)
    limit = limits.for_drug(drug, route)
    if limit is not None and limit.ceiling_mg is not None and dose_mg > limit.ceiling_mg:
        return [
            warning(
                ABOVE_CEILING,
                _(
                    "{dose:g} mg of {drug} is above the hard ceiling of {ceiling:g} mg per IT "
                    "dose [{source}]: a what-if simulation, not an order."
                ).format(
                    dose=dose_mg,
                    drug=limits.drug_name(drug),
                    ceiling=limit.ceiling_mg,
                    source=limit.ceiling_source_in(current_language()),
                )
                + " "
                + limit_text(limit, limits.drug_name(drug)),
                session,
            )
        ]
    found = []
    for finding in check_dose(drug, route, dose_mg, limits, session=session):
        if finding.code == REASON_RULE and limit is not None and limit.usual_max_mg is not None:
            text = _(
                "{dose:g} mg of {drug} is above the usual {usual:g} mg [{source}]; "
                "a planned dose this high needs a reason."
            ).format(
                dose=dose_mg,
                drug=limits.drug_name(drug),
                usual=limit.usual_max_mg,
                source=limit.usual_source_in(current_language()),
            )
            finding = finding.model_copy(update={"code": "dose_above_usual", "message": text})
        found.append(finding)
    return found


def product_findings(drug: DrugPk, names: Mapping[str, str] | None = None) -> list[Finding]:
    """What every run of this drug must say: withdrawn from the market, free drug only.

    ``names`` gives drug names in the user's language by id (else the ids are shown).
    """
    shown = names or {}
    found = []
    if drug.discontinued:
        found.append(
            warning(
                DISCONTINUED,
                _(
                    "{drug} is a discontinued product (production stopped for good in 2017 "
                    "[{source}]): shown for reference and PK comparison only."
                ).format(
                    drug=shown.get(drug.drug_id, drug.drug_id), source=", ".join(drug.discontinued)
                ),
            )
        )
    if drug.depot is not None:
        found.append(
            info(
                FREE_DRUG,
                _(
                    "Concentrations are of free {drug} released from the particles; drug "
                    "still inside the particles is not shown."
                ).format(drug=shown.get(drug.depot.released, drug.depot.released)),
            )
        )
    return found
