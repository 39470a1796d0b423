"""Typed inputs and outputs of the forecast API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

import polars as pl

METHODS = ("snaive", "window", "profile", "dshw", "auto")


class SpecialDayKind(str, Enum):
    """Why a day is special; every kind is kept out of fitting."""

    CLOSED = "closed"
    CAMPAIGN = "campaign"
    OUTAGE = "outage"
    HOLIDAY = "holiday"
    OTHER = "other"


@dataclass(frozen=True)
class SpecialDay:
    """A planner-entered day with its own forecast rule.

    `closed` kind forecasts zero. Otherwise the day's forecast is the normal forecast of its date times
    `factor`; with a `reference_date` the intraday shape is that past day's actual shape instead.
    """

    date: dt.date
    kind: SpecialDayKind = SpecialDayKind.OTHER
    factor: float = 1.0
    reference_date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.factor < 0:
            raise ValueError(f"special day {self.date}: factor must be >= 0, got {self.factor}")
        object.__setattr__(self, "kind", SpecialDayKind(self.kind))


@dataclass(frozen=True)
class Forecast:
    """Forecast per interval of the horizon.

    `frame` has one row per interval: `timestamp` (UTC instant of the interval start), `local_date`,
    `local_time` (site wall clock), `calls_forecast` and `aht_forecast_s` (null without handle-time history).
    """

    frame: pl.DataFrame
    method: str
    """The method run; for `auto` the combined candidates, e.g. `auto(profile-long+profile)`."""
    interval_min: int
    timezone: str
    horizon_days: int
    fit_time_s: float
    selection: tuple[tuple[str, float], ...] = ()
    """For `auto`: (candidate, backtest MAE) pairs it chose among, best first."""
