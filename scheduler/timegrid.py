"""The interval grid of a planning horizon, and where each site's local days fall on it.

Storage keeps UTC instants and the solver counts intervals from the horizon start; this module is the one
place where the two meet. Local days come from each site's IANA zone, so a DST day is 92 or 100
quarter-hours long, never a fixed 96.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pendulum


class GridError(ValueError):
    """An instant or span does not fit the interval grid."""


def local_midnight_utc(zone: str, day: date) -> datetime:
    """The UTC instant at which `day` begins in `zone`."""
    local = pendulum.datetime(day.year, day.month, day.day, tz=zone)
    return datetime.fromtimestamp(local.timestamp(), tz=timezone.utc)


def local_instant_utc(zone: str, day: date, minute_of_day: int) -> datetime:
    """The UTC instant of a local wall-clock time; minutes past 1440 run into the next days.

    Wall-clock times that a DST change skips are moved forward, as clocks do.
    """
    extra_days, minute = divmod(minute_of_day, 1440)
    d = day + timedelta(days=extra_days)
    local = pendulum.datetime(d.year, d.month, d.day, minute // 60, minute % 60, tz=zone)
    return datetime.fromtimestamp(local.timestamp(), tz=timezone.utc)


def span_mask(grid: Grid, spans: list[tuple[datetime, datetime]], value: bool = True,
              base: list[bool] | None = None) -> list[bool]:
    """Per interval of `grid`: `value` inside any of the UTC spans, else `base` (or `not value`)."""
    mask = list(base) if base is not None else [not value] * grid.n_intervals
    for start, end in spans:
        for t in range(grid.clamp_index(start), grid.clamp_index(end)):
            mask[t] = value
    return mask


def weekly_local_spans(zone: str, start_day: date, days: int, weekly: dict[int, list[tuple[int, int]]],
                       skip: frozenset[date] = frozenset()):
    """UTC spans of weekly local windows over the days, starting one day early for windows past midnight.

    Days in `skip` (a site's closure days) have no windows.
    """
    for d in range(-1, days):
        day = start_day + timedelta(days=d)
        if day in skip:
            continue
        for opens, closes in weekly.get(day.weekday(), []):
            yield local_instant_utc(zone, day, opens), local_instant_utc(zone, day, closes)


def within_text(seconds: int) -> str:
    """A service-level time as planners write it: 20s for calls, 90m or 4h for e-mail deadlines."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds >= 600 and seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{seconds}s"


def to_local(zone: str, instant: datetime) -> pendulum.DateTime:
    return pendulum.instance(instant).in_timezone(zone)


@dataclass(frozen=True)
class Grid:
    """Intervals of `interval_min` from `start_utc`; interval i covers [start + i·len, start + (i+1)·len)."""

    start_utc: datetime
    interval_min: int
    n_intervals: int

    @property
    def end_utc(self) -> datetime:
        return self.instant(self.n_intervals)

    def instant(self, index: int) -> datetime:
        return self.start_utc + timedelta(minutes=self.interval_min * index)

    def index(self, instant: datetime) -> int:
        """The interval index at which `instant` begins; it must lie on the grid."""
        seconds = (instant - self.start_utc).total_seconds()
        index, rest = divmod(seconds, self.interval_min * 60)
        if rest:
            raise GridError(f"{instant.isoformat()} is not on the {self.interval_min}-minute grid")
        return int(index)

    def clamp_index(self, instant: datetime) -> int:
        """The first interval starting at or after `instant`, kept inside [0, n_intervals]."""
        seconds = (instant - self.start_utc).total_seconds()
        step = self.interval_min * 60
        return max(0, min(self.n_intervals, -int(-seconds // step)))


def planning_grid(zones: list[str], start_day: date, days: int, interval_min: int = 15) -> Grid:
    """A grid from the earliest local midnight of `start_day` to the latest end of its last day, over zones."""
    if 1440 % interval_min:
        raise GridError(f"interval length {interval_min} min does not divide a day")
    starts = [local_midnight_utc(z, start_day) for z in zones]
    ends = [local_midnight_utc(z, start_day + timedelta(days=days)) for z in zones]
    start, end = min(starts), max(ends)
    n, rest = divmod((end - start).total_seconds(), interval_min * 60)
    if rest:
        raise GridError(f"the sites' local days do not align to a {interval_min}-minute grid: {zones}")
    return Grid(start, interval_min, int(n))


def day_starts(grid: Grid, zone: str, start_day: date, days: int) -> list[int]:
    """Interval index of each local midnight of `zone`, plus the end of the last day (len = days + 1)."""
    return [grid.index(local_midnight_utc(zone, start_day + timedelta(days=d))) for d in range(days + 1)]
