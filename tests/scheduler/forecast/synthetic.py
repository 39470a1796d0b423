"""Synthetic interval histories: Poisson calls with an intraday and weekday shape, closed nights."""

import datetime as dt

import numpy as np
import polars as pl


def make_history(first: dt.date, days: int, interval_min: int = 15, open_h=(8, 18), weekdays=range(5),
                 timezone: str | None = None, seed: int = 1, aht: bool = False, skip=()) -> pl.DataFrame:
    """Local wall-clock rows for open intervals only (closed nights, closed weekdays, skipped dates)."""
    rng = np.random.default_rng(seed)
    stamps, calls, ahts = [], [], []
    for k in range(days):
        date = first + dt.timedelta(days=k)
        if date.weekday() not in weekdays or date in skip:
            continue
        level = 40 * (1.3 if date.weekday() == 0 else 1.0)
        for minute in range(open_h[0] * 60, open_h[1] * 60, interval_min):
            shape = 1 + np.sin(np.pi * (minute - open_h[0] * 60) / ((open_h[1] - open_h[0]) * 60))
            stamps.append(dt.datetime.combine(date, dt.time(minute // 60, minute % 60)))
            calls.append(rng.poisson(level * shape))
            ahts.append(200 + minute / 10)
    frame = pl.DataFrame({"timestamp": stamps, "calls": calls})
    if aht:
        frame = frame.with_columns(pl.Series("aht_s", ahts))
    if timezone:
        frame = frame.with_columns(pl.col("timestamp").dt.replace_time_zone(
            timezone, ambiguous="earliest", non_existent="null")).drop_nulls("timestamp")
    return frame
