"""Joint calibration of the fitted PK parameters and leave-one-source-out refits.

The *calibration set* is every modelled case marked ``calibration`` in the validation
sources (free drugs and tracer). All fitted parameters (mixing flows, spinal share of
absorption, appearance level, the drugs' own clearances and methotrexate's tissue
exchange) are fitted together to it: least squares on log(fold), where a prediction
inside a published range or beyond a published bound counts as exact. A weak pull
toward round source-free guesses (``ANCHOR``) keeps a parameter that the remaining
sources cannot pin finite instead of drifting.

Out of sample: for each source of the calibration set, the same fit is rerun without
that source's cases, and those cases are predicted with the refitted parameters. Only
these leave-one-source-out figures may be called validation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from lmdesk.models.pk.calibration import nelder_mead
from lmdesk.models.pk.parameters import Cited, DrugPk, Physiology
from lmdesk.models.pk.validation import (
    TransitRule,
    ValidationCase,
    ValidationResult,
    evaluate,
    is_depot_case,
)

FloatArray = npt.NDArray[np.floating[Any]]
Params = dict[str, float]

#: The fitted parameters; ``drug.field`` names a drug's own value.
FITTED: Final[tuple[str, ...]] = (
    "exchange_ml_h",
    "reflux_ml_h",
    "sac_exchange_ml_h",
    "spinal_absorption",
    "appearance_fraction",
    "methotrexate.clearance_ml_h",
    "methotrexate.tissue_exchange_ml_h",
    "topotecan.clearance_ml_h",
    "cytarabine.clearance_ml_h",
)
#: Shares (fitted on the logit scale); the rest are positive (log scale).
SHARES: Final = frozenset({"spinal_absorption", "appearance_fraction"})
#: Round, source-free guesses the fit is weakly pulled toward (orders of magnitude only).
ANCHOR: Final[dict[str, float]] = {
    "exchange_ml_h": 100.0,
    "reflux_ml_h": 1.0,
    "sac_exchange_ml_h": 10.0,
    "spinal_absorption": 0.2,
    "appearance_fraction": 0.05,
    "methotrexate.clearance_ml_h": 1.0,
    "methotrexate.tissue_exchange_ml_h": 1.0,
    "topotecan.clearance_ml_h": 1.0,
    "cytarabine.clearance_ml_h": 1.0,
}
#: Weight of that pull per parameter (squared log distance), against squared log folds.
ANCHOR_WEIGHT: Final = 0.01
#: Drugs that share a fitted clearance (liposomal cytarabine releases plain cytarabine).
_SHARED: Final[dict[str, tuple[str, ...]]] = {"cytarabine": ("liposomal-cytarabine",)}
_FLOOR: Final = 1e-3  # mL/h: a fitted clearance below this is nil
_CAP: Final = 5.0  # log fold counted for a case that is never reached


def _with(cited: Cited, value: float) -> Cited:
    return cited.model_copy(update={"value": float(value)})


def current(physiology: Physiology, drugs: Mapping[str, DrugPk], transit: TransitRule) -> Params:
    """The shipped values of the fitted parameters."""
    values: Params = {}
    for name in FITTED:
        if name == "appearance_fraction":
            values[name] = transit.appearance_fraction.value
        elif "." not in name:
            values[name] = float(getattr(physiology, name).value)
        else:
            drug_id, field = name.split(".")
            drug = drugs[drug_id]
            if field == "tissue_exchange_ml_h" and drug.tissue is not None:
                values[name] = drug.tissue.exchange_ml_h.value
            else:
                values[name] = drug.clearance_ml_h.value
    return values


def apply(
    physiology: Physiology,
    drugs: Mapping[str, DrugPk],
    transit: TransitRule,
    values: Mapping[str, float],
) -> tuple[Physiology, dict[str, DrugPk], TransitRule]:
    """The inputs with the fitted parameters replaced by ``values``."""
    phys_update = {
        name: _with(getattr(physiology, name), values[name])
        for name in FITTED
        if "." not in name and name != "appearance_fraction"
    }
    new_drugs = dict(drugs)
    for name in FITTED:
        if "." not in name:
            continue
        drug_id, field = name.split(".")
        for target in (drug_id, *_SHARED.get(drug_id, ())):
            drug = new_drugs[target]
            if field == "tissue_exchange_ml_h" and drug.tissue is not None:
                tissue = drug.tissue.model_copy(
                    update={"exchange_ml_h": _with(drug.tissue.exchange_ml_h, values[name])}
                )
                new_drugs[target] = drug.model_copy(update={"tissue": tissue})
            elif field == "clearance_ml_h":
                new_drugs[target] = drug.model_copy(
                    update={"clearance_ml_h": _with(drug.clearance_ml_h, values[name])}
                )
    rule = TransitRule(
        appearance_fraction=_with(transit.appearance_fraction, values["appearance_fraction"])
    )
    return physiology.model_copy(update=phys_update), new_drugs, rule


def _to_theta(values: Mapping[str, float]) -> FloatArray:
    theta = []
    for name in FITTED:
        v = values[name]
        if name in SHARES:
            theta.append(np.log(v / (1.0 - v)))
        else:
            theta.append(np.log(max(v, _FLOOR)))
    return np.asarray(theta)


def _from_theta(theta: FloatArray) -> Params:
    values: Params = {}
    for name, t in zip(FITTED, theta, strict=True):
        if name in SHARES:
            values[name] = float(1.0 / (1.0 + np.exp(-t)))
        else:
            v = float(np.exp(t))
            values[name] = 0.0 if v <= _FLOOR else v
    return values


def calibration_set(
    cases: Sequence[ValidationCase], drugs: Mapping[str, DrugPk]
) -> list[ValidationCase]:
    """The cases the parameters are fitted to (modelled, marked calibration, not depot)."""
    return [
        c
        for c in cases
        if c.calibration and c.kind != "not_modelled" and not is_depot_case(c, drugs)
    ]


def primary_source(case: ValidationCase) -> str:
    """The study a case comes from (its first citation key)."""
    return case.source[0]


def without_source(cases: Sequence[ValidationCase], source: str) -> list[ValidationCase]:
    """The cases of every other source (what a leave-one-source-out refit sees)."""
    return [c for c in cases if primary_source(c) != source]


def log_folds(
    values: Mapping[str, float],
    physiology: Physiology,
    drugs: Mapping[str, DrugPk],
    transit: TransitRule,
    cases: Sequence[ValidationCase],
) -> FloatArray:
    """log(fold) of every case with these parameter values (capped where never reached)."""
    phys, new_drugs, rule = apply(physiology, drugs, transit, values)
    folds = []
    for case in cases:
        fold = evaluate(case, phys, new_drugs, rule).fold
        folds.append(_CAP if fold is None or not np.isfinite(fold) else min(np.log(fold), _CAP))
    return np.asarray(folds)


def objective(
    values: Mapping[str, float],
    physiology: Physiology,
    drugs: Mapping[str, DrugPk],
    transit: TransitRule,
    cases: Sequence[ValidationCase],
) -> float:
    """Sum of squared log folds plus the weak pull toward ``ANCHOR``."""
    errors = log_folds(values, physiology, drugs, transit, cases)
    pull = _to_theta(values) - _to_theta(ANCHOR)
    return float(errors @ errors + ANCHOR_WEIGHT * (pull @ pull))


def fit(
    physiology: Physiology,
    drugs: Mapping[str, DrugPk],
    transit: TransitRule,
    cases: Sequence[ValidationCase],
    start: Mapping[str, float] | None = None,
    rounds: int = 3,
) -> tuple[Params, float]:
    """Least-squares values of the fitted parameters for ``cases`` (restarted Nelder–Mead)."""
    begin = current(physiology, drugs, transit) if start is None else dict(start)

    def fn(theta: FloatArray) -> float:
        if np.any(np.abs(theta) > 15.0):
            return 1e9
        return objective(_from_theta(theta), physiology, drugs, transit, cases)

    theta = _to_theta(begin)
    for step in (0.5, 0.2, 0.05)[:rounds]:
        theta, _ = nelder_mead(fn, theta, step, 1500, 1e-9)
    values, value = polish(_from_theta(theta), physiology, drugs, transit, cases)
    for _round in range(rounds):  # restart the simplex from the polished point while it helps
        theta, _ = nelder_mead(fn, _to_theta(values), 0.1, 1500, 1e-9)
        again, better = polish(_from_theta(theta), physiology, drugs, transit, cases)
        if better > value - 1e-4:
            break
        values, value = again, better
    return values, value


def polish(
    values: Mapping[str, float],
    physiology: Physiology,
    drugs: Mapping[str, DrugPk],
    transit: TransitRule,
    cases: Sequence[ValidationCase],
) -> tuple[Params, float]:
    """Coordinate search after the simplex: move one parameter by 10, 3 or 1 % while it helps.

    A simplex can stall beside a minimum; this makes the result a minimum along every
    parameter at the resolution tests check.
    """
    best = dict(values)
    at = objective(best, physiology, drugs, transit, cases)
    improved = True
    while improved:
        improved = False
        for name in FITTED:
            for factor in (1.1, 1 / 1.1, 1.03, 1 / 1.03, 1.01, 1 / 1.01):
                trial = dict(best)
                trial[name] = best[name] * factor
                if name in SHARES and not 0.0 < trial[name] < 1.0:
                    continue
                value = objective(trial, physiology, drugs, transit, cases)
                if value < at - 1e-9:
                    best, at, improved = trial, value, True
                    break
    return best, at


@dataclass(frozen=True)
class OutOfSample:
    """A case predicted with parameters refitted without its source."""

    result: ValidationResult
    left_out: str
    refit: bool  # False: its source set no parameter, the calibration fit is its prediction


def out_of_sample(
    cases: Sequence[ValidationCase],
    physiology: Physiology,
    drugs: Mapping[str, DrugPk],
    transit: TransitRule,
    refits: Mapping[str, Mapping[str, float]],
) -> list[OutOfSample]:
    """Every case predicted with the parameters fitted without its source (``refits``)."""
    results = []
    for case in cases:
        source = primary_source(case)
        values = refits.get(source)
        if values is None:
            phys, new_drugs, rule = physiology, dict(drugs), transit
        else:
            phys, new_drugs, rule = apply(physiology, drugs, transit, values)
        results.append(
            OutOfSample(evaluate(case, phys, new_drugs, rule), source, values is not None)
        )
    return results


def refit_all(
    physiology: Physiology,
    drugs: Mapping[str, DrugPk],
    transit: TransitRule,
    cases: Sequence[ValidationCase],
) -> dict[str, Params]:
    """Leave-one-source-out refits: source -> values fitted without that source's cases."""
    calib = calibration_set(cases, drugs)
    sources = sorted({primary_source(c) for c in calib})
    refits = {}
    for source in sources:
        refits[source], _ = fit(physiology, drugs, transit, without_source(calib, source))
    return refits
