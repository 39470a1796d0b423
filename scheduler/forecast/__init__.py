"""Interval forecasting of call volume and handle time.

Pure API: a Polars frame of history in, a typed `Forecast` out (`forecast_history`), plus a rolling-origin
`backtest`. Storage and CLI sit on top of it; the recursions live in `ext.smoothing`.
"""

from scheduler.forecast.api import forecast_history
from scheduler.forecast.backtest import BacktestReport, MethodScore, backtest
from scheduler.forecast.types import METHODS, Forecast, SpecialDay, SpecialDayKind

__all__ = [
    "METHODS",
    "BacktestReport",
    "Forecast",
    "MethodScore",
    "SpecialDay",
    "SpecialDayKind",
    "backtest",
    "forecast_history",
]
