"""Seasonal naive (same interval, same weekday, last usable week) and the k-week window average."""

from __future__ import annotations

import datetime as dt

import numpy as np

from scheduler.forecast.grid import DayGrid
from scheduler.forecast.methods._days import filled_calls, usable_by_weekday


def forecast_window(grid: DayGrid, targets: list[dt.date], weeks: int = 4) -> np.ndarray:
    """Mean of the same slot over the last `weeks` usable days of the target's weekday (zero if none)."""
    calls = filled_calls(grid)
    by_wd = usable_by_weekday(grid)
    out = np.zeros((len(targets), grid.slots_per_day))
    for i, date in enumerate(targets):
        days = by_wd.get(date.weekday())
        if days is not None:
            out[i] = calls[days[-weeks:]].mean(axis=0)
    return out


def forecast_snaive(grid: DayGrid, targets: list[dt.date]) -> np.ndarray:
    """The same interval on the same weekday one (usable) week earlier."""
    return forecast_window(grid, targets, weeks=1)
