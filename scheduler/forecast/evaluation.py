"""Errors of a forecaster at one origin, and the seasonal-naive scale that makes them a MASE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scheduler.forecast.grid import DayGrid

Forecaster = Callable[[DayGrid, list[dt.date]], np.ndarray]


@dataclass(frozen=True)
class OriginErrors:
    origin: dt.date
    abs_errors: np.ndarray
    """|actual - forecast| over the recorded slots of usable test days, in calls per interval."""
    scale: float
    """In-sample MAE of same-interval-same-weekday-one-week-earlier on the training days."""

    @property
    def mae(self) -> float:
        return float(self.abs_errors.mean()) if self.abs_errors.size else float("nan")

    @property
    def rmse(self) -> float:
        return float(np.sqrt((self.abs_errors**2).mean())) if self.abs_errors.size else float("nan")

    @property
    def mase(self) -> float:
        return self.mae / self.scale if self.scale > 0 else float("nan")


def seasonal_naive_scale(train: DayGrid) -> float:
    """Mean |y[d, s] - y[d - 7, s]| over usable training days whose previous week was usable too."""
    usable = train.usable
    index = {d: i for i, d in enumerate(train.dates)}
    diffs = []
    for i, date in enumerate(train.dates):
        j = index.get(date - dt.timedelta(days=7))
        if j is None or not (usable[i] and usable[j]):
            continue
        both = ~np.isnan(train.calls[i]) & ~np.isnan(train.calls[j])
        diffs.append(np.abs(train.calls[i, both] - train.calls[j, both]))
    return float(np.concatenate(diffs).mean()) if diffs else float("nan")


def test_dates(grid: DayGrid, origin: dt.date, horizon_days: int) -> list[dt.date]:
    return [origin + dt.timedelta(days=k) for k in range(horizon_days)]


def origin_errors(grid: DayGrid, origin: dt.date, horizon_days: int, forecaster: Forecaster,
                  scale: float | None = None) -> OriginErrors:
    """Fit on the days before `origin`, forecast `horizon_days`, score on recorded usable test slots."""
    train = grid.before(origin)
    targets = test_dates(grid, origin, horizon_days)
    predicted = forecaster(train, targets)
    index = {d: i for i, d in enumerate(grid.dates)}
    usable = grid.usable
    errors = []
    for k, date in enumerate(targets):
        i = index.get(date)
        if i is None or not usable[i]:
            continue
        recorded = ~np.isnan(grid.calls[i])
        errors.append(np.abs(grid.calls[i, recorded] - predicted[k, recorded]))
    abs_errors = np.concatenate(errors) if errors else np.array([])
    return OriginErrors(origin, abs_errors, seasonal_naive_scale(train) if scale is None else scale)


def weekly_origins(grid: DayGrid, count: int, horizon_days: int = 7) -> list[dt.date]:
    """`count` origins a week apart, the last test window ending with the history."""
    end = grid.dates[-1] + dt.timedelta(days=1)
    return [end - dt.timedelta(days=horizon_days + 7 * k) for k in reversed(range(count))]
