"""Helpers shared by the methods: usable days by weekday, records filled inside open days."""

from __future__ import annotations

import numpy as np

from scheduler.forecast.grid import DayGrid


def filled_calls(grid: DayGrid) -> np.ndarray:
    """Calls with missing slots of recorded days read as zero (no record = closed); unrecorded days NaN."""
    recorded = ~np.all(np.isnan(grid.calls), axis=1)
    out = np.nan_to_num(grid.calls, nan=0.0)
    out[~recorded] = np.nan
    return out


def usable_by_weekday(grid: DayGrid) -> dict[int, np.ndarray]:
    """Chronological indices of usable days for every weekday present."""
    usable = grid.usable
    wd = grid.weekdays
    return {w: np.flatnonzero(usable & (wd == w)) for w in range(7) if np.any(usable & (wd == w))}
