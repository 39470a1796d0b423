"""The pure forecast API: history frame + special days in, typed `Forecast` out."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from scheduler.forecast.aht import forecast_aht
from scheduler.forecast.grid import build_grid
from scheduler.forecast.predict import AUTO_COMBINE, combine_best, forecaster_for, select_auto
from scheduler.forecast.special_days import apply_special_day, holiday_factor, public_holidays
from scheduler.forecast.types import METHODS, Forecast, SpecialDay


def forecast_history(
    history: pl.DataFrame,
    *,
    interval_min: int,
    horizon_days: int,
    method: str = "auto",
    timezone: str = "UTC",
    country: str | None = None,
    subdivision: str | None = None,
    special_days: Iterable[SpecialDay] = (),
) -> Forecast:
    """Forecast every interval of the `horizon_days` site-local days after the history.

    `history` has `timestamp` (naive = site wall clock, or time-zone aware), `calls`, optional `aht_s`.
    Public holidays of `country` and the special days are left out of fitting; on the horizon a special day
    follows its rule and a public holiday is closed unless past holidays in the history were open.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if horizon_days < 1:
        raise ValueError("horizon_days must be at least 1")
    specials = {d.date: d for d in special_days}
    started = time.perf_counter()
    raw = build_grid(history, interval_min, timezone)
    first, last = raw.dates[0], raw.dates[-1]
    targets = [last + dt.timedelta(days=k) for k in range(1, horizon_days + 1)]
    holidays_all = public_holidays(country, first, targets[-1], subdivision)
    grid = build_grid(history, interval_min, timezone, frozenset(holidays_all | set(specials)))
    selection: tuple[tuple[str, float], ...] = ()
    chosen = method
    if method == "auto":
        ranked = select_auto(grid, min(horizon_days, 7))
        selection = tuple(ranked)
        chosen = "auto(" + "+".join(name for name, _ in ranked[:AUTO_COMBINE]) + ")"
        calls = combine_best(grid, targets, ranked)
    else:
        calls = forecaster_for(method, horizon_days)(grid, targets)
    holiday_ratio = holiday_factor(grid, {d for d in holidays_all if d <= last})
    for k, date in enumerate(targets):
        if date in specials:
            calls[k] = apply_special_day(calls[k], specials[date], grid)
        elif date in holidays_all:
            calls[k] = calls[k] * holiday_ratio
    aht = forecast_aht(grid, targets) if grid.talk_s is not None else None
    fit_time_s = time.perf_counter() - started
    return Forecast(
        frame=_horizon_frame(targets, calls, aht, interval_min, timezone),
        method=chosen,
        interval_min=interval_min,
        timezone=timezone,
        horizon_days=horizon_days,
        fit_time_s=fit_time_s,
        selection=selection,
    )


def _horizon_frame(targets: list[dt.date], calls: np.ndarray, aht: np.ndarray | None,
                   interval_min: int, timezone: str) -> pl.DataFrame:
    """One row per interval in UTC; values looked up by local date and wall-clock slot (DST-safe)."""
    tz = ZoneInfo(timezone)
    start = dt.datetime.combine(targets[0], dt.time(), tzinfo=tz).astimezone(dt.timezone.utc)
    end = dt.datetime.combine(targets[-1] + dt.timedelta(days=1), dt.time(), tzinfo=tz).astimezone(dt.timezone.utc)
    stamps = pl.datetime_range(start, end, interval=f"{interval_min}m", closed="left", time_zone="UTC", eager=True)
    frame = pl.DataFrame({"timestamp": stamps}).with_columns(
        pl.col("timestamp").dt.convert_time_zone(timezone).alias("_local")
    ).with_columns(
        pl.col("_local").dt.date().alias("local_date"),
        pl.col("_local").dt.time().alias("local_time"),
        ((pl.col("_local").dt.hour().cast(pl.Int32) * 60 + pl.col("_local").dt.minute().cast(pl.Int32))
         // interval_min).alias("_slot"),
    )
    n_slots = calls.shape[1]
    values = pl.DataFrame({
        "local_date": np.repeat(np.array(targets, dtype="datetime64[D]"), n_slots),
        "_slot": np.tile(np.arange(n_slots, dtype=np.int32), len(targets)),
        "calls_forecast": calls.ravel(),
        "aht_forecast_s": aht.ravel() if aht is not None else np.full(calls.size, np.nan),
    }).with_columns(pl.col("local_date").cast(pl.Date))
    frame = frame.join(values, on=["local_date", "_slot"], how="left")
    if aht is None:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("aht_forecast_s"))
    return frame.select("timestamp", "local_date", "local_time", "calls_forecast", "aht_forecast_s").sort("timestamp")
