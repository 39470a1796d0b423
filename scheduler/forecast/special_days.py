"""Public holidays and planner-entered special days: kept out of fitting, forecast by their own rule."""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np

from scheduler.forecast.grid import DayGrid
from scheduler.forecast.methods._days import filled_calls
from scheduler.forecast.types import SpecialDay, SpecialDayKind


def public_holidays(country: str | None, first: dt.date, last: dt.date, subdivision: str | None = None) -> set[dt.date]:
    """Public holidays of the site's country between two dates (inclusive); none without a country."""
    if not country:
        return set()
    years = range(first.year, last.year + 1)
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision, years=years)
    except NotImplementedError as exc:
        raise ValueError(f"unknown holiday country {country!r}") from exc
    return {d for d in calendar if first <= d <= last}


def holiday_factor(grid: DayGrid, holiday_dates: set[dt.date]) -> float:
    """How busy past public holidays were relative to the same weekday in the 4 weeks before.

    Zero when the history shows none of them open (the usual case: closed, or no record at all).
    """
    calls = filled_calls(grid)
    totals = calls.sum(axis=1)
    index = {d: i for i, d in enumerate(grid.dates)}
    usable = grid.usable
    ratios = []
    for date in holiday_dates:
        i = index.get(date)
        if i is None:
            continue
        before = [index[d] for k in range(1, 5) if (d := date - dt.timedelta(days=7 * k)) in index]
        before = [j for j in before if usable[j]]
        ref = np.mean(totals[before]) if before else 0.0
        if ref > 0:
            ratios.append(0.0 if np.isnan(totals[i]) else totals[i] / ref)
    return float(np.median(ratios)) if ratios else 0.0


def apply_special_day(base: np.ndarray, day: SpecialDay, grid: DayGrid) -> np.ndarray:
    """The forecast of one special day from its normal forecast `base` (one row of slots)."""
    if day.kind == SpecialDayKind.CLOSED:
        return np.zeros_like(base)
    if day.reference_date is not None:
        index = {d: i for i, d in enumerate(grid.dates)}
        i = index.get(day.reference_date)
        if i is None:
            raise ValueError(f"special day {day.date}: reference day {day.reference_date} is not in the history")
        ref = np.nan_to_num(grid.calls[i])
        total = ref.sum()
        shape = ref / total if total > 0 else ref
        return base.sum() * day.factor * shape
    return base * day.factor
