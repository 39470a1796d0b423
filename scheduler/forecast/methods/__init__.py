"""Forecast methods: each maps a training `DayGrid` and target dates to a (targets × slots) matrix of calls.

The caller (`scheduler.forecast.predict`) zeroes slots that were always closed and clips negatives.
"""

from scheduler.forecast.methods.dshw import forecast_dshw
from scheduler.forecast.methods.profile import ProfileParams, forecast_profile
from scheduler.forecast.methods.snaive import forecast_snaive, forecast_window

__all__ = ["ProfileParams", "forecast_dshw", "forecast_profile", "forecast_snaive", "forecast_window"]
