"""Apply a method to a training grid: named candidates, `auto` selection, always-closed slots."""

from __future__ import annotations

import datetime as dt
from functools import partial

import numpy as np

from scheduler.forecast.evaluation import Forecaster, origin_errors, weekly_origins
from scheduler.forecast.grid import DayGrid
from scheduler.forecast.methods import (
    ProfileParams,
    forecast_dshw,
    forecast_profile,
    forecast_snaive,
    forecast_window,
)

CANDIDATES: dict[str, Forecaster] = {
    "snaive": forecast_snaive,
    "window": forecast_window,
    "profile-recent": partial(forecast_profile, params=ProfileParams(shape_decay=0.9, shape_pooling=0.2,
                                                                     level_decay=0.5, factor_weeks=8)),
    "profile": forecast_profile,
    "profile-long": partial(forecast_profile, params=ProfileParams(shape_decay=1.0, shape_pooling=0.1,
                                                                   level_decay=1.0, factor_weeks=16)),
    "dshw": partial(forecast_dshw, level_days=1),
}


def forecast_blend(grid: DayGrid, targets: list[dt.date]) -> np.ndarray:
    """Equal-weight combination of smoothing (best near-term) and the profile (robust further out)."""
    return 0.5 * forecast_dshw(grid, targets, level_days=1) + 0.5 * forecast_profile(grid, targets)


CANDIDATES["blend"] = forecast_blend
"""`auto` chooses among these; `profile` and `dshw` are also methods of their own."""

SHORT_HORIZON_ONLY = frozenset({"dshw", "blend"})
"""Fitted on one-step errors, smoothing wins up to 2-3 days ahead (Taylor 2008) but its end-of-day level can
drift a week out; `auto` offers it only for horizons up to SHORT_HORIZON_DAYS."""
SHORT_HORIZON_DAYS = 2
AUTO_ORIGINS = 4
AUTO_COMBINE = 2
"""`auto` averages the forecasts of this many best candidates: a combination is safer than one noisy pick."""
MIN_TRAIN_WEEKS = 3


def close_and_clip(grid: DayGrid, targets: list[dt.date], predicted: np.ndarray) -> np.ndarray:
    """Slots never open at that weekday and time are closed (zero); no negative volume."""
    open_mask = grid.open_mask()
    out = np.maximum(predicted, 0.0)
    for k, date in enumerate(targets):
        out[k, ~open_mask[date.weekday()]] = 0.0
    return out


def select_auto(grid: DayGrid, horizon_days: int) -> list[tuple[str, float]]:
    """Rolling-origin backtest of every candidate on the training history; (name, MAE), best first."""
    origins = [o for o in weekly_origins(grid, AUTO_ORIGINS, horizon_days)
               if (o - grid.dates[0]).days >= 7 * MIN_TRAIN_WEEKS]
    if not origins:
        return [("window", float("nan"))]
    scores = []
    for name, forecaster in CANDIDATES.items():
        if name in SHORT_HORIZON_ONLY and horizon_days > SHORT_HORIZON_DAYS:
            continue
        closed = _closed(forecaster)
        errors = np.concatenate([origin_errors(grid, o, horizon_days, closed, scale=1.0).abs_errors
                                 for o in origins])
        scores.append((name, float(errors.mean()) if errors.size else float("inf")))
    return sorted(scores, key=lambda s: s[1])


def _closed(forecaster: Forecaster) -> Forecaster:
    def run(train: DayGrid, targets: list[dt.date]) -> np.ndarray:
        return close_and_clip(train, targets, forecaster(train, targets))

    return run


def combine_best(train: DayGrid, targets: list[dt.date], ranked: list[tuple[str, float]]) -> np.ndarray:
    """Mean forecast of the AUTO_COMBINE best-ranked candidates."""
    names = [name for name, _ in ranked[:AUTO_COMBINE]]
    return np.mean([_closed(CANDIDATES[name])(train, targets) for name in names], axis=0)


def forecaster_for(method: str, horizon_days: int = 7) -> Forecaster:
    """A forecaster by name; `auto` selects on the training grid it is given."""
    if method == "auto":
        def run(train: DayGrid, targets: list[dt.date]) -> np.ndarray:
            ranked = select_auto(train, horizon_days)
            return combine_best(train, targets, ranked)

        return run
    if method not in CANDIDATES:
        raise ValueError(f"unknown method {method!r}; choose one of auto, {', '.join(CANDIDATES)}")
    return _closed(CANDIDATES[method])
