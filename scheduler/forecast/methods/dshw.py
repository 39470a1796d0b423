"""Double-seasonal Holt-Winters with AR(1) error adjustment (Taylor 2003, 2008) on the compiled kernel.

The series is the open slots of the open weekdays, day after day: the intraday period is the number of
open slots, the weekly period that times the number of open weekdays (5 for a weekday-only centre).
Days left out of fitting (holidays, specials, DST days) are filled with the same weekday's previous usable
day so the cycles stay aligned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ext import smoothing
from scheduler.forecast.grid import DayGrid
from scheduler.forecast.methods._days import filled_calls
from scheduler.forecast.optimize import nelder_mead


@dataclass(frozen=True)
class DshwFit:
    alpha: float
    delta: float
    omega: float
    phi: float
    sse: float


def _series(grid: DayGrid):
    open_mask = grid.open_mask()
    weekdays = [w for w in range(7) if open_mask[w].any()]
    slots = np.flatnonzero(open_mask[weekdays].any(axis=0)) if weekdays else np.array([], int)
    calls = filled_calls(grid)
    usable = grid.usable
    seen: set[int] = set()
    start = None
    for i, date in enumerate(grid.dates):
        if usable[i]:
            seen.add(date.weekday())
        if start is None and seen >= set(weekdays) and date.weekday() == weekdays[-1]:
            start = i + 1  # the cycle starts after a day where every weekday has been seen
    last_of: dict[int, np.ndarray] = {}
    rows, dates = [], []
    for i, date in enumerate(grid.dates):
        w = date.weekday()
        if w not in weekdays:
            continue
        if usable[i]:
            last_of[w] = calls[i, slots]
        if start is not None and i >= start:
            rows.append(last_of[w])
            dates.append(date)
    while dates and dates[0].weekday() != weekdays[0]:
        rows.pop(0)
        dates.pop(0)
    return weekdays, slots, np.array(rows), dates


def _initial_states(y: np.ndarray, m1: int, m2: int):
    first = y[:m2]
    level = float(first.mean())
    day = first.reshape(-1, m1).mean(axis=0) - level
    week = first - level - np.tile(day, m2 // m1)
    return level, np.ascontiguousarray(day), np.ascontiguousarray(week)


def fit_dshw(y: np.ndarray, m1: int, m2: int, ar: bool = True, max_evaluations: int = 200) -> DshwFit:
    level0, day0, week0 = _initial_states(y, m1, m2)
    scale = max(float(np.var(y)), 1e-9)

    def loss(x: np.ndarray) -> float:
        phi = x[3] if ar else 0.0
        return smoothing.dshw_sse(y, m1, m2, x[0], x[1], x[2], phi, level0, day0, week0) / scale

    lower = np.array([0.0, 0.0, 0.0, 0.0])
    upper = np.array([1.0, 1.0, 1.0, 0.99])
    best = nelder_mead(loss, np.array([0.05, 0.15, 0.15, 0.5 if ar else 0.0]), lower, upper, max_evaluations)
    a, d, o, p = best.x
    return DshwFit(float(a), float(d), float(o), float(p if ar else 0.0), best.value * scale)


def forecast_dshw(grid: DayGrid, targets: list[dt.date], ar: bool = True, level_days: int = 0) -> np.ndarray:
    """Forecast the targets; `level_days` > 0 starts beyond-today forecasts from the mean level of the last
    `level_days` open days instead of the final level, which a one-step fit lets wander intraday."""
    out = np.zeros((len(targets), grid.slots_per_day))
    weekdays, slots, rows, dates = _series(grid)
    m1 = len(slots)
    m2 = m1 * len(weekdays)
    if m1 == 0 or len(rows) * m1 < 2 * m2:
        from scheduler.forecast.methods.snaive import forecast_window

        return forecast_window(grid, targets, weeks=4)  # too short for two weekly cycles
    y = np.ascontiguousarray(rows.ravel(), dtype=np.float64)
    fit = fit_dshw(y, m1, m2, ar)
    level0, day0, week0 = _initial_states(y, m1, m2)
    fitted = np.empty_like(y)
    levels = np.empty_like(y)
    day = np.empty(m1)
    week = np.empty(m2)
    level, raw, _ = smoothing.dshw_filter(y, m1, m2, fit.alpha, fit.delta, fit.omega, fit.phi,
                                          level0, day0, week0, fitted, levels, day, week)
    if level_days > 0:
        level = float(levels[-level_days * m1:].mean())
    # position of each future open-weekday date in the continued series
    positions: dict[dt.date, int] = {}
    date = grid.dates[-1] + dt.timedelta(days=1)
    step = 0
    last_target = max(targets) if targets else date
    while date <= last_target:
        if date.weekday() in weekdays:
            positions[date] = step
            step += 1
        date += dt.timedelta(days=1)
    if step == 0:
        return out
    path = np.empty(step * m1)
    smoothing.dshw_forecast(level, raw, fit.phi, len(y), day, week, path)
    path = path.reshape(step, m1)
    for i, target in enumerate(targets):
        if target in positions:
            out[i, slots] = path[positions[target]]
    return out
