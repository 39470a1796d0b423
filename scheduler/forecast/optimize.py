"""A small bounded Nelder-Mead: enough to fit three or four smoothing weights without scipy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Minimum:
    x: np.ndarray
    value: float
    evaluations: int


def nelder_mead(
    func: Callable[[np.ndarray], float],
    x0: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    max_evaluations: int = 300,
    step: float = 0.1,
    tolerance: float = 1e-8,
) -> Minimum:
    """Minimise `func` inside the box [lower, upper]; points are projected onto the box."""
    lower = np.asarray(lower, float)
    upper = np.asarray(upper, float)

    def clip(x: np.ndarray) -> np.ndarray:
        return np.minimum(np.maximum(x, lower), upper)

    n = len(x0)
    simplex = [clip(np.asarray(x0, float))]
    for i in range(n):
        x = simplex[0].copy()
        span = step * (upper[i] - lower[i])
        x[i] = x[i] + span if x[i] + span <= upper[i] else x[i] - span
        simplex.append(clip(x))
    values = [func(x) for x in simplex]
    evaluations = n + 1
    while evaluations < max_evaluations:
        order = np.argsort(values)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        if abs(values[-1] - values[0]) <= tolerance * (abs(values[0]) + tolerance):
            break
        centroid = np.mean(simplex[:-1], axis=0)
        reflected = clip(centroid + (centroid - simplex[-1]))
        f_r = func(reflected)
        evaluations += 1
        if f_r < values[0]:
            expanded = clip(centroid + 2.0 * (centroid - simplex[-1]))
            f_e = func(expanded)
            evaluations += 1
            simplex[-1], values[-1] = (expanded, f_e) if f_e < f_r else (reflected, f_r)
        elif f_r < values[-2]:
            simplex[-1], values[-1] = reflected, f_r
        else:
            contracted = clip(centroid + 0.5 * (simplex[-1] - centroid))
            f_c = func(contracted)
            evaluations += 1
            if f_c < values[-1]:
                simplex[-1], values[-1] = contracted, f_c
            else:
                for i in range(1, n + 1):
                    simplex[i] = clip(simplex[0] + 0.5 * (simplex[i] - simplex[0]))
                    values[i] = func(simplex[i])
                evaluations += n
    best = int(np.argmin(values))
    return Minimum(simplex[best], float(values[best]), evaluations)
