"""Synthetic interval history: intraday, weekly and holiday shapes per channel, Poisson-like noise, AHT noise.

Volume of queue q at a 15-minute interval with local minute t on local day d:

    expected = peak_calls_q * intraday_c(t) * weekly_c(weekday(d)) * holiday_c(d) * open_q(d, t) * trend(d)
    offered  ~ Poisson(expected * day_factor),  day_factor ~ Gamma(50, 1/50)  (over-dispersed, as real days are)

`intraday_c` peaks at 1.0 (voice: morning peak ~10:30, lunch dip ~13:00, afternoon peak ~15:00), so
`peak_calls_q` is the expected volume of the busiest interval of a Monday; the generator chooses it from
the agent count (see `generator.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays
import numpy as np
import polars as pl

from scheduler.io.local_time import local_to_utc

INTERVAL_MIN = 15

# Monday .. Sunday volume relative to Monday, by channel.
WEEKLY = {
    "voice": (1.0, 0.88, 0.84, 0.82, 0.78, 0.45, 0.25),
    "chat": (1.0, 0.93, 0.9, 0.9, 0.86, 0.6, 0.5),
    "email": (1.0, 0.9, 0.87, 0.85, 0.8, 0.35, 0.3),
    "outbound": (1.0, 1.0, 1.0, 1.0, 0.95, 0.0, 0.0),
    "backoffice": (1.0, 0.95, 0.95, 0.95, 0.9, 0.0, 0.0),
}
# Volume on a public holiday relative to the same weekday.
HOLIDAY_FACTOR = {"voice": 0.1, "chat": 0.15, "email": 0.3, "outbound": 0.0, "backoffice": 0.0}
ABANDON_RATE = {"voice": 0.04, "chat": 0.03, "email": 0.0, "outbound": 0.0, "backoffice": 0.0}


def _bump(minute: np.ndarray, centre_min: float, width_min: float) -> np.ndarray:
    return np.exp(-0.5 * ((minute - centre_min) / width_min) ** 2)


def _raw_shape(channel: str, minute: np.ndarray) -> np.ndarray:
    if channel == "voice":
        shape = (0.12 + _bump(minute, 630, 75) + 0.8 * _bump(minute, 900, 95) + 0.3 * _bump(minute, 1110, 80)
                 - 0.3 * _bump(minute, 780, 35))
    elif channel == "chat":
        shape = 0.15 + 0.65 * _bump(minute, 660, 110) + _bump(minute, 1170, 100) - 0.15 * _bump(minute, 780, 40)
    elif channel == "email":
        shape = 0.12 + _bump(minute, 570, 120) + 0.6 * _bump(minute, 870, 150) + 0.25 * _bump(minute, 1260, 90)
    else:
        shape = 0.6 + 0.4 * _bump(minute, 1050, 120)
    return np.clip(shape, 0.02, None)


def intraday_shape(channel: str, minute: np.ndarray) -> np.ndarray:
    """Relative arrival rate by local minute of the day; 1.0 at the day's busiest interval."""
    day = np.arange(0, 1440, INTERVAL_MIN, dtype=float)
    return _raw_shape(channel, np.asarray(minute, dtype=float)) / _raw_shape(channel, day).max()


def aht_shape(minute: np.ndarray) -> np.ndarray:
    """Handle time by hour: longer early and late (fewer experienced agents, harder cases), shortest mid-day."""
    return 1.0 + 0.12 * ((np.asarray(minute, dtype=float) - 780.0) / 600.0) ** 2


@dataclass(frozen=True)
class QueueDemand:
    """What the history of one queue needs: its channel, zone, opening hours and size."""

    name: str
    channel: str
    time_zone: str
    country: str
    subdivision: str | None
    opening: dict[int, tuple[int, int]]  # local weekday -> (opens_min, closes_min); absent = closed
    peak_calls: float
    aht_s: float


def holiday_dates(country: str, subdivision: str | None, first: date, last: date) -> dict[date, str]:
    calendar = holidays.country_holidays(country, subdiv=subdivision, years=range(first.year, last.year + 1))
    return {day: str(name) for day, name in sorted(calendar.items()) if first <= day <= last}


def _open_mask(channel: str, opening: dict[int, tuple[int, int]], weekday: np.ndarray,
               minute: np.ndarray) -> np.ndarray:
    """E-mail arrives around the clock; the other channels only while the queue is open."""
    if channel == "email":
        return np.ones(weekday.shape, dtype=bool)
    mask = np.zeros(weekday.shape, dtype=bool)
    for day, (opens, closes) in opening.items():
        mask |= (weekday == day) & (minute >= opens) & (minute < min(closes, 1440))
    if channel == "outbound":
        mask &= (minute >= 540) & (minute < 1200)
    return mask


def queue_history(demand: QueueDemand, first_utc: datetime, last_utc: datetime,
                  rng: np.random.Generator) -> pl.DataFrame:
    """One row per 15-minute interval in [first_utc, last_utc): timestamp (UTC), offered, handled, ..."""
    stamps = pl.datetime_range(first_utc, last_utc, f"{INTERVAL_MIN}m", closed="left", time_zone="UTC",
                               eager=True).alias("timestamp")
    local = pl.DataFrame({"timestamp": stamps}).select(
        pl.col("timestamp"), local=pl.col("timestamp").dt.convert_time_zone(demand.time_zone))
    local = local.with_columns(
        day=pl.col("local").dt.date(),
        weekday=pl.col("local").dt.weekday().cast(pl.Int64) - 1,
        minute=pl.col("local").dt.hour().cast(pl.Int64) * 60 + pl.col("local").dt.minute().cast(pl.Int64),
    )
    weekday = local.get_column("weekday").to_numpy()
    minute = local.get_column("minute").to_numpy().astype(float)
    days = local.get_column("day").to_list()
    day_index = np.array([(day - days[0]).days for day in days])
    holiday_days = holiday_dates(demand.country, demand.subdivision, days[0], days[-1])
    is_holiday = np.array([day in holiday_days for day in days])

    expected = (demand.peak_calls * intraday_shape(demand.channel, minute)
                * np.asarray(WEEKLY[demand.channel])[weekday]
                * np.where(is_holiday, HOLIDAY_FACTOR[demand.channel], 1.0)
                * _open_mask(demand.channel, demand.opening, weekday, minute)
                * (1.0 + 0.003 * day_index / 7.0))
    day_factor = rng.gamma(50.0, 1.0 / 50.0, size=day_index.max() + 1)[day_index]
    offered = rng.poisson(expected * day_factor)
    busy = expected / max(demand.peak_calls, 1e-9)
    abandon_p = np.clip(ABANDON_RATE[demand.channel] * (0.5 + busy ** 2), 0.0, 0.5)
    abandoned = rng.binomial(offered, abandon_p)
    handled = offered - abandoned
    noise = rng.normal(0.0, 1.0, size=offered.shape) * 0.3 / np.sqrt(np.maximum(handled, 1))
    aht = demand.aht_s * aht_shape(minute) * np.exp(noise)
    aht = np.where(handled > 0, np.round(aht, 1), 0.0)
    return pl.DataFrame({
        "queue": [demand.name] * len(stamps),
        "timestamp": stamps,
        "interval_min": np.full(len(stamps), INTERVAL_MIN, dtype=np.int64),
        "offered": offered.astype(np.int64),
        "handled": handled.astype(np.int64),
        "abandoned": abandoned.astype(np.int64),
        "aht_s": aht.astype(np.float64),
    })


def first_last_utc(start: date, weeks: int, time_zone: str) -> tuple[datetime, datetime]:
    """History covers the `weeks` whole local weeks before `start` (local midnights in `time_zone`)."""
    return local_to_utc(start - timedelta(days=7 * weeks), 0, time_zone), local_to_utc(start, 0, time_zone)
