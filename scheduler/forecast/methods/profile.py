"""Weighted historical average as a daily-total model times an intraday profile.

Beyond two or three days ahead a well-weighted historical average is hard to beat (Taylor 2008). The
intraday shape is averaged over many weeks (shapes are stable, so more weeks mean less Poisson noise), while
the daily total follows the recent level times a weekday factor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from scheduler.forecast.grid import DayGrid
from scheduler.forecast.methods._days import filled_calls, usable_by_weekday


@dataclass(frozen=True)
class ProfileParams:
    shape_decay: float = 0.9
    """Weight of a same-weekday day in the intraday shape, per week of age."""
    shape_pooling: float = 0.2
    """Share of the all-weekday shape mixed into each weekday's shape (noise reduction)."""
    level_decay: float = 0.8
    """Weight of a day in the recent level, per week of age."""
    factor_weeks: int = 8
    """Weeks used for the weekday factors of the daily total."""


def _weighted_mean(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return (rows * weights[:, None]).sum(axis=0) / weights.sum()


def daily_totals(grid: DayGrid, targets: list[dt.date], params: ProfileParams) -> np.ndarray:
    """Forecast daily totals: recent deseasonalised level times the weekday factor."""
    calls = filled_calls(grid)
    totals = calls.sum(axis=1)
    by_wd = usable_by_weekday(grid)
    if not by_wd:
        return np.zeros(len(targets))
    last = grid.dates[-1]
    # weekday means over the recent weeks, then factors relative to their average
    wd_mean = {}
    for w, days in by_wd.items():
        recent = days[-params.factor_weeks:]
        wd_mean[w] = totals[recent].mean()
    mean_all = np.mean(list(wd_mean.values()))
    factor = {w: (m / mean_all if mean_all > 0 else 0.0) for w, m in wd_mean.items()}
    usable = np.flatnonzero(grid.usable)
    recent = usable[-7 * params.factor_weeks:]
    ages_wk = np.array([(last - grid.dates[i]).days / 7.0 for i in recent])
    deseason = np.array(
        [totals[i] / factor[grid.dates[i].weekday()] if factor[grid.dates[i].weekday()] > 0 else np.nan
         for i in recent]
    )
    ok = np.isfinite(deseason)
    weights = params.level_decay ** ages_wk[ok]
    level = float((deseason[ok] * weights).sum() / weights.sum()) if ok.any() else 0.0
    return np.array([level * factor.get(d.weekday(), 0.0) for d in targets])


def intraday_shapes(grid: DayGrid, params: ProfileParams) -> dict[int, np.ndarray]:
    """Per weekday, the share of the daily total falling in each slot."""
    calls = filled_calls(grid)
    totals = calls.sum(axis=1)
    by_wd = usable_by_weekday(grid)
    last = grid.dates[-1] if grid.dates else None
    shapes: dict[int, np.ndarray] = {}
    pooled_rows, pooled_w = [], []
    for w, days in by_wd.items():
        days = days[totals[days] > 0]
        if len(days) == 0:
            continue
        props = calls[days] / totals[days, None]
        ages = np.array([(last - grid.dates[i]).days / 7.0 for i in days])
        weights = params.shape_decay ** ages
        shapes[w] = _weighted_mean(props, weights)
        pooled_rows.append(props)
        pooled_w.append(weights)
    if not shapes:
        return shapes
    pooled = _weighted_mean(np.vstack(pooled_rows), np.concatenate(pooled_w))
    for w, shape in shapes.items():
        mixed = (1 - params.shape_pooling) * shape + params.shape_pooling * pooled
        mixed = np.where(shape > 0, mixed, 0.0)  # never open a slot this weekday never had
        total = mixed.sum()
        shapes[w] = mixed / total if total > 0 else shape
    return shapes


def forecast_profile(grid: DayGrid, targets: list[dt.date], params: ProfileParams = ProfileParams()) -> np.ndarray:
    totals = daily_totals(grid, targets, params)
    shapes = intraday_shapes(grid, params)
    out = np.zeros((len(targets), grid.slots_per_day))
    for i, date in enumerate(targets):
        shape = shapes.get(date.weekday())
        if shape is not None:
            out[i] = totals[i] * shape
    return out
