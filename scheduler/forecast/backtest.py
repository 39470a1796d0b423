"""Rolling-origin backtest over the end of a history: MAE, RMSE and MASE per method, and fit time."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from scheduler.forecast.evaluation import OriginErrors, origin_errors, weekly_origins
from scheduler.forecast.grid import build_grid
from scheduler.forecast.predict import forecaster_for
from scheduler.forecast.special_days import public_holidays


@dataclass(frozen=True)
class MethodScore:
    method: str
    mae: float
    rmse: float
    mase: float
    """Mean over origins of (MAE of the test week / in-sample MAE of the weekly seasonal naive)."""
    fit_time_s: float
    """Mean wall time to fit and forecast one origin."""
    origins: tuple[OriginErrors, ...]


@dataclass(frozen=True)
class BacktestReport:
    interval_min: int
    horizon_days: int
    origin_dates: tuple
    scores: tuple[MethodScore, ...]


def backtest(
    history: pl.DataFrame,
    *,
    interval_min: int,
    horizon_days: int = 7,
    origins: int = 8,
    methods: Iterable[str] = ("snaive", "window", "profile", "dshw", "auto"),
    timezone: str = "UTC",
    country: str | None = None,
) -> BacktestReport:
    """Weekly origins over the end of the history; days of unequal length and holidays are not scored."""
    raw = build_grid(history, interval_min, timezone)
    excluded = public_holidays(country, raw.dates[0], raw.dates[-1])
    grid = build_grid(history, interval_min, timezone, frozenset(excluded))
    dates = weekly_origins(grid, origins, horizon_days)
    if (dates[0] - grid.dates[0]).days < 14:
        raise ValueError(f"history too short for {origins} weekly origins: need at least {origins + 2} weeks")
    scores = []
    for method in methods:
        forecaster = forecaster_for(method, horizon_days)
        started = time.perf_counter()
        per_origin = tuple(origin_errors(grid, o, horizon_days, forecaster) for o in dates)
        elapsed = (time.perf_counter() - started) / len(dates)
        errors = np.concatenate([e.abs_errors for e in per_origin])
        scores.append(MethodScore(
            method=method,
            mae=float(errors.mean()),
            rmse=float(np.sqrt((errors**2).mean())),
            mase=float(np.mean([e.mase for e in per_origin])),
            fit_time_s=elapsed,
            origins=per_origin,
        ))
    return BacktestReport(interval_min, horizon_days, tuple(dates), tuple(scores))
