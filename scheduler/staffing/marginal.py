"""What the n-th agent on a queue and interval is worth, raw and made concave for the solver.

Below the offered load the first agents add almost nothing in Erlang C (the queue is unstable until
N > A), so the raw marginal curve rises before it falls. CP-SAT maximises a concave piecewise-linear
objective, so we hand it the least concave majorant of the cumulative curve: its slopes are the
decreasing (antitonic) regression of the raw marginals, computed with pool-adjacent-violators. The total
value at the cap is unchanged and the slopes never increase.
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


def _antitonic(values: np.ndarray) -> np.ndarray:
    """Non-increasing least-squares fit with unit weights (pool adjacent violators)."""
    means: list[float] = []
    counts: list[int] = []
    for value in values:
        mean, count = float(value), 1
        while means and means[-1] < mean:
            prev_mean, prev_count = means.pop(), counts.pop()
            mean = (prev_mean * prev_count + mean * count) / (prev_count + count)
            count += prev_count
        means.append(mean)
        counts.append(count)
    return np.repeat(np.array(means), np.array(counts))


def concave_majorant(marginal: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Per interval, the slopes of the least concave majorant of the cumulative value over 0..cap."""
    out = np.zeros_like(marginal)
    for t in range(marginal.shape[0]):
        cap = int(min(caps[t], marginal.shape[1]))
        row = marginal[t, :cap]
        if cap == 0 or not row.any():
            continue
        if np.all(np.diff(row) <= 0.0):
            out[t, :cap] = row
        else:
            out[t, :cap] = _antitonic(row)
    return out
