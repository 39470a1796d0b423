"""History as a site-local day × time-of-day grid.

The seasonal index of every method is (local weekday, local wall-clock slot), never a position in a UTC
array: a 23- or 25-hour DST day keeps its slots aligned with ordinary days, and is marked `irregular` so
fitting leaves it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl


@dataclass(frozen=True)
class DayGrid:
    """Calls (and talk seconds) per local day and wall-clock slot; NaN where no record exists."""

    dates: tuple[dt.date, ...]
    calls: np.ndarray  # (n_days, slots_per_day)
    talk_s: np.ndarray | None  # calls * aht, same shape; None without handle times
    excluded: np.ndarray  # (n_days,) bool: irregular length, holiday or special: not fitted
    interval_min: int
    timezone: str

    @property
    def slots_per_day(self) -> int:
        return self.calls.shape[1]

    @property
    def weekdays(self) -> np.ndarray:
        return np.array([d.weekday() for d in self.dates])

    @property
    def usable(self) -> np.ndarray:
        """Days with records that fitting may use."""
        return ~self.excluded & ~np.all(np.isnan(self.calls), axis=1)

    def before(self, date: dt.date) -> "DayGrid":
        """The grid restricted to days before `date` (a training window)."""
        n = sum(1 for d in self.dates if d < date)
        return DayGrid(
            self.dates[:n],
            self.calls[:n],
            None if self.talk_s is None else self.talk_s[:n],
            self.excluded[:n],
            self.interval_min,
            self.timezone,
        )

    def open_mask(self) -> np.ndarray:
        """(7, slots) bool: a slot is open on a weekday when any usable day of it had calls there."""
        mask = np.zeros((7, self.slots_per_day), dtype=bool)
        usable = self.usable
        wd = self.weekdays
        for w in range(7):
            rows = self.calls[usable & (wd == w)]
            if len(rows):
                mask[w] = np.nansum(rows, axis=0) > 0
        return mask


def day_length_h(date: dt.date, timezone: str) -> float:
    """Hours in the local day (23 or 25 on DST changes)."""
    tz = ZoneInfo(timezone)
    start = dt.datetime.combine(date, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return (end.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc)).total_seconds() / 3600


def to_local(frame: pl.DataFrame, timezone: str, column: str = "timestamp") -> pl.DataFrame:
    """Timestamps as site-local aware datetimes: naive input is site wall-clock time."""
    dtype = frame.schema[column]
    ts = pl.col(column)
    if getattr(dtype, "time_zone", None) is None:
        ts = ts.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
    else:
        ts = ts.dt.convert_time_zone(timezone)
    return frame.with_columns(ts.alias(column))


def build_grid(
    history: pl.DataFrame,
    interval_min: int,
    timezone: str,
    excluded_dates: frozenset[dt.date] = frozenset(),
) -> DayGrid:
    """Sum the history (columns `timestamp`, `calls`, optional `aht_s`) into interval slots by local day.

    Finer input (5 or 6 minutes) is summed up; the handle time of a slot is the call-weighted mean.
    """
    if 1440 % interval_min:
        raise ValueError(f"interval_min must divide a day, got {interval_min}")
    has_aht = "aht_s" in history.columns
    local = to_local(history, timezone).drop_nulls("timestamp")
    local = local.with_columns(
        pl.col("timestamp").dt.date().alias("_date"),
        ((pl.col("timestamp").dt.hour().cast(pl.Int32) * 60 + pl.col("timestamp").dt.minute().cast(pl.Int32))
         // interval_min).alias("_slot"),
        pl.col("calls").cast(pl.Float64),
    )
    aggs = [pl.col("calls").sum().alias("calls")]
    if has_aht:
        aggs.append((pl.col("calls") * pl.col("aht_s").cast(pl.Float64).fill_null(0.0)).sum().alias("talk_s"))
    slots = local.group_by("_date", "_slot").agg(aggs).sort("_date", "_slot")
    if slots.height == 0:
        raise ValueError("history is empty")
    first, last = slots["_date"].min(), slots["_date"].max()
    n_days = (last - first).days + 1
    dates = tuple(first + dt.timedelta(days=i) for i in range(n_days))
    per_day = 1440 // interval_min
    calls = np.full((n_days, per_day), np.nan)
    day_idx = np.array([(d - first).days for d in slots["_date"].to_list()])
    slot_idx = slots["_slot"].to_numpy()
    calls[day_idx, slot_idx] = slots["calls"].to_numpy()
    talk = None
    if has_aht:
        talk = np.full((n_days, per_day), np.nan)
        talk[day_idx, slot_idx] = slots["talk_s"].to_numpy()
    excluded = np.array(
        [d in excluded_dates or day_length_h(d, timezone) != 24.0 for d in dates], dtype=bool
    )
    return DayGrid(dates, calls, talk, excluded, interval_min, timezone)
