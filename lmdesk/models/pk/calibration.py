"""The optimiser behind the PK fits: Nelder–Mead on transformed parameters.

numpy has no optimiser and the fits of ``loso`` are small (nine parameters, a few
dozen cases), so a plain simplex search is enough and keeps the fit reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.floating[Any]]


def nelder_mead(
    fn: Callable[[FloatArray], float],
    start: Sequence[float] | FloatArray,
    step: float = 0.3,
    iterations: int = 600,
    tolerance: float = 1e-10,
) -> tuple[FloatArray, float]:
    """Minimise ``fn`` from ``start`` (standard reflection/expansion/contraction/shrink)."""
    n = len(start)
    points = [np.asarray(start, dtype=float)]
    for i in range(n):
        p = points[0].copy()
        p[i] += step
        points.append(p)
    values = [fn(p) for p in points]
    for _ in range(iterations):
        order = np.argsort(values)
        points = [points[i] for i in order]
        values = [values[i] for i in order]
        if abs(values[-1] - values[0]) < tolerance:
            break
        centre = np.mean(points[:-1], axis=0)
        reflected = centre + (centre - points[-1])
        f_r = fn(reflected)
        if f_r < values[0]:
            expanded = centre + 2.0 * (centre - points[-1])
            f_e = fn(expanded)
            points[-1], values[-1] = (expanded, f_e) if f_e < f_r else (reflected, f_r)
        elif f_r < values[-2]:
            points[-1], values[-1] = reflected, f_r
        else:
            contracted = centre + 0.5 * (points[-1] - centre)
            f_c = fn(contracted)
            if f_c < values[-1]:
                points[-1], values[-1] = contracted, f_c
            else:
                for i in range(1, len(points)):
                    points[i] = points[0] + 0.5 * (points[i] - points[0])
                    values[i] = fn(points[i])
    best = int(np.argmin(values))
    return points[best], float(values[best])
