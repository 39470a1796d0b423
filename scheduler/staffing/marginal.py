"""What the n-th agent on a queue and interval is worth, raw and made concave for the solver.

Below the offered load the first agents add almost nothing in Erlang C (the queue is unstable until
N > A), so the raw marginal curve rises before it falls. CP-SAT maximises a concave piecewise-linear
objective, so we hand it the least concave majorant of the cumulative curve (equivalently, the
decreasing regression of the raw marginals). The total value at the cap is unchanged and the slopes
never increase.
"""

from __future__ import annotations

import numpy as np


def agent_caps(required: np.ndarray) -> np.ndarray:
    """How many agents per interval get a value: max(ceil(1.5 * required), required + 3)."""
    required = np.asarray(required, dtype=np.int64)
    return np.maximum((3 * required + 1) // 2, required + 3)


def marginal_from_curve(volume: np.ndarray, curve: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """volume[t] * (SL(n) - SL(n-1)) for n = 1..cap[t], zero beyond the cap: array [interval, agent]."""
    width = curve.shape[1] - 1
    gains = np.asarray(volume, dtype=float)[:, None] * np.diff(curve, axis=1)
    gains = np.maximum(gains, 0.0)      # SL never falls with more agents; clip rounding noise
    mask = np.arange(1, width + 1)[None, :] <= np.asarray(caps)[:, None]
    return np.where(mask, gains, 0.0)


def concave_majorant(marginal: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Per interval, the slopes of the least concave majorant of the cumulative value over 0..cap.

    Walks the upper hull from (0, 0) for all intervals at once: from each vertex the next one is the point
    of steepest mean slope (the farthest on ties), and an interval is finished as soon as its remaining
    marginals never rise. Erlang rows (zeros below the load, then falling) take one step. Marginals beyond
    an interval's cap are zero already, and a hull never reaches past the cap for a zero slope.
    """
    marginal = np.asarray(marginal, dtype=float)
    out = marginal.copy()
    size, width = marginal.shape
    if width < 2:
        return out
    rises = np.diff(marginal, axis=1) > 0.0
    last_rise = np.where(rises.any(axis=1), width - 2 - np.argmax(rises[:, ::-1], axis=1), -1)
    cum = np.concatenate([np.zeros((size, 1)), np.cumsum(marginal, axis=1)], axis=1)
    cols = np.arange(width + 1)
    vertex = np.zeros(size, dtype=np.int64)
    active = last_rise >= 0
    while active.any():
        rows = np.flatnonzero(active)
        start = vertex[rows]
        span = cols[None, :] - start[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            slopes = (cum[rows] - cum[rows, start][:, None]) / span
        slopes[span <= 0] = -np.inf
        stop = width - np.argmax(slopes[:, ::-1], axis=1)          # last index of the steepest slope
        slope = slopes[np.arange(rows.size), stop]
        inside = (cols[None, :width] >= start[:, None]) & (cols[None, :width] < stop[:, None])
        out[rows] = np.where(inside, slope[:, None], out[rows])
        vertex[rows] = stop
        active[rows] = stop <= last_rise[rows]
    return out
