"""Handle time by interval profile: call-weighted mean handle time per weekday and slot, recent weeks weighted."""

from __future__ import annotations

import datetime as dt

import numpy as np

from scheduler.forecast.grid import DayGrid

AHT_DECAY_PER_WEEK = 0.9


def forecast_aht(grid: DayGrid, targets: list[dt.date]) -> np.ndarray:
    """(targets × slots) handle time in seconds; falls back to the all-weekday slot, then the overall mean."""
    if grid.talk_s is None:
        raise ValueError("history has no handle times")
    usable = grid.usable
    last = grid.dates[-1]
    weights = np.array([AHT_DECAY_PER_WEEK ** ((last - d).days / 7.0) for d in grid.dates]) * usable
    calls = np.nan_to_num(grid.calls) * weights[:, None]
    talk = np.nan_to_num(grid.talk_s) * weights[:, None]
    wd = grid.weekdays
    overall = talk.sum() / calls.sum() if calls.sum() > 0 else 0.0
    pooled_calls, pooled_talk = calls.sum(axis=0), talk.sum(axis=0)
    pooled = np.where(pooled_calls > 0, pooled_talk / np.maximum(pooled_calls, 1e-12), overall)
    out = np.empty((len(targets), grid.slots_per_day))
    for k, date in enumerate(targets):
        rows = wd == date.weekday()
        c, t = calls[rows].sum(axis=0), talk[rows].sum(axis=0)
        out[k] = np.where(c > 0, t / np.maximum(c, 1e-12), pooled)
    return out
