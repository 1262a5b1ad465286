"""Grading many values of one query shape at once: the numbers a grade can compare them with.

The grader (``grade_lab``) decides a grade only by comparing the value (and the baseline)
with numbers fixed by the criteria and the query: printed cut-offs, the LLN, multiples of
the ULN and of the baseline. Rows that share everything but their value and baseline
therefore get the same answer whenever every one of those comparisons comes out the same.
``Thresholds`` lists them; ``signatures`` computes, with numpy, each row's pattern of
comparison outcomes, so a batch grades one row per pattern exactly and reuses its answer.
A row that lies (nearly) on a threshold is flagged to be graded on its own, exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

import numpy as np
import numpy.typing as npt

from lmdesk.models.ctcae.conversions import to_reference
from lmdesk.models.ctcae.lab_grading import resolve_lab_term
from lmdesk.models.ctcae.lab_query import LabQuery
from lmdesk.models.ctcae.lab_refs import REF_FIELDS, RefUnitError, to_one_unit
from lmdesk.models.ctcae.rules import (
    AbsoluteRule,
    FebrileNeutropeniaRule,
    RelativeRule,
)
from lmdesk.models.ctcae.units import parse_unit
from lmdesk.models.errors import BadInputError

FloatArray = npt.NDArray[np.float64]

# Two numbers closer than this (relative) are a tie: binary floats cannot order them safely,
# so the row is graded on its own in exact decimals. Float error here is ~1e-15.
TIE = 1e-9


@dataclass(frozen=True)
class Thresholds:
    """What a value ``x`` and a baseline ``b`` (both in the value's unit) are compared with.

    ``factor`` takes the value's unit to the reference unit the points are in; ``x_points``
    are compared with x, ``per_baseline`` are the multiples k of b compared with x, and
    ``b_points`` are compared with b. Listing more points than a rule uses is harmless.
    """

    factor: float
    x_points: tuple[float, ...]
    per_baseline: tuple[float, ...]
    b_points: tuple[float, ...]


NO_THRESHOLDS = Thresholds(1.0, (), (), ())


def thresholds(query: LabQuery, aliases: Mapping[str, str] | None = None) -> Thresholds | None:
    """Every number a grade of ``query``'s term could compare its value or baseline with.

    ``query``'s own value is ignored (any will do); its baseline, when given, is treated as
    fixed. A name that is no lab term gets no thresholds (its answer does not depend on the
    value); None when they cannot be worked out here, so each row must be graded alone.
    """
    try:
        term, _notes = resolve_lab_term(query.term, query.version, aliases)
    except BadInputError:
        return NO_THRESHOLDS
    rule = term.rule
    unit = parse_unit(query.unit, rule.units) if query.unit is not None else None
    analyte = rule.analyte if isinstance(rule, RelativeRule) else None
    with localcontext() as ctx:
        ctx.prec = 60
        if unit is None or unit.name not in rule.units:
            factor, lln, uln, baseline = Decimal(1), query.lln, query.uln, query.baseline
        else:
            factor = to_reference(Decimal(1), unit, analyte)[0]
            try:
                refs, _more = to_one_unit(query, unit, rule.units, analyte, REF_FIELDS, term.name)
            except RefUnitError:
                return None  # the grader may not even read that number: grade rows alone
            lln, uln, baseline = refs.lln, refs.uln, refs.baseline
        x_points: list[Decimal] = []
        uln_multiples: list[Decimal] = [Decimal(1)]
        baseline_multiples: list[Decimal] = [Decimal(1)]
        if isinstance(rule, AbsoluteRule):
            for band_set in rule.scales.values():
                for band in band_set.bands:
                    x_points += [p for p in (band.lo, band.hi) if p is not None]
                if band_set.lln_from is not None:
                    x_points.append(band_set.lln_from)
        elif isinstance(rule, FebrileNeutropeniaRule):
            x_points.append(rule.anc_below)
        else:
            uln_multiples += [m.factor for m in rule.uln]
            baseline_multiples += [m.factor for m in rule.baseline]
        b_points: list[Decimal] = [Decimal(0)]
        if lln is not None:
            x_points.append(lln)
            b_points.append(lln)
        if uln is not None:
            x_points += [k * uln for k in uln_multiples]
            b_points += [k * uln for k in (*uln_multiples, Decimal(5))]
        if baseline is not None:
            x_points += [k * baseline for k in baseline_multiples]
        return Thresholds(
            float(factor),
            tuple(float(p) for p in sorted(set(x_points))),
            tuple(float(k) for k in sorted(set(baseline_multiples))),
            tuple(float(p) for p in sorted(set(b_points))),
        )


def _padded(rows: list[tuple[float, ...]]) -> FloatArray:
    width = max((len(r) for r in rows), default=0)
    out = np.full((len(rows), width), np.nan)
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


def _outcomes(lhs: FloatArray, rhs: FloatArray) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """lhs > rhs per cell, and which cells are ties (NaN cells are neither)."""
    diff = lhs - rhs
    tie = np.abs(diff) <= TIE * (np.abs(lhs) + np.abs(rhs))
    return (diff > 0).astype(np.float64), tie


def signatures(
    values: FloatArray,
    baselines: FloatArray,
    group: npt.NDArray[np.intp],
    shapes: list[Thresholds],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each row's comparison pattern as one integer, and the rows that tie a threshold.

    ``values`` and ``baselines`` (NaN: none, or part of the shape) are in the value's unit;
    ``group[i]`` indexes ``shapes``. Two rows of one shape with one pattern get one answer.
    """
    factor = np.array([s.factor for s in shapes])[group]
    x = values * factor
    b = baselines * factor
    x_points = _padded([s.x_points for s in shapes])[group]
    multiples = _padded([s.per_baseline for s in shapes])[group]
    b_points = _padded([s.b_points for s in shapes])[group]
    parts = [
        _outcomes(x[:, None], x_points),
        _outcomes(x[:, None], b[:, None] * multiples),
        _outcomes(b[:, None], b_points),
    ]
    bits = np.concatenate([p[0] for p in parts], axis=1)
    if bits.shape[1] > 62:
        raise ValueError("too many thresholds for one pattern")
    ties = np.concatenate([p[1] for p in parts], axis=1).any(axis=1)
    ties |= ~np.isfinite(x)
    weights = np.left_shift(np.int64(1), np.arange(bits.shape[1], dtype=np.int64))
    codes = (
        (bits.astype(np.int64) * weights).sum(axis=1)
        if bits.shape[1]
        else np.zeros(len(values), dtype=np.int64)
    )
    return codes, ties
