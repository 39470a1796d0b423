"""Forecasting from the database: each queue's stored history in, its stored forecast replaced, one transaction.

A queue is forecast on the local days of its site (a pooled queue: of the first site), with that site's
public holidays and planner-entered special days kept out of fitting and given their own rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo as to_zone

import polars as pl
from sqlmodel import Session, delete, select

from scheduler.forecast.api import forecast_history
from scheduler.forecast.types import METHODS, SpecialDay, SpecialDayKind
from scheduler.home_site import home_site
from scheduler.storage import models as m
from scheduler.timegrid import local_midnight_utc


class ForecastStoreError(ValueError):
    """A queue cannot be forecast; the message names the queue and what is missing."""


@dataclass(frozen=True)
class QueueForecastSummary:
    queue: str
    method: str
    volume: float
    mean_aht_s: float
    history_days: int
    fit_s: float


def _special_days(session: Session, site_id: int) -> list[SpecialDay]:
    """Planner-entered special days as forecast rules: closed, a volume factor, or a reference day's profile."""
    return [
        SpecialDay(s.day, SpecialDayKind(s.kind), s.factor if s.factor is not None else 1.0, s.reference_day)
        for s in session.exec(select(m.SpecialDay).where(m.SpecialDay.site_id == site_id)).all()
    ]


def _history(session: Session, queue: m.Queue, before: datetime) -> pl.DataFrame:
    rows = session.exec(
        select(m.History.interval_start_utc, m.History.offered, m.History.handled, m.History.aht_s,
               m.History.interval_min)
        .where(m.History.queue_id == queue.id, m.History.interval_start_utc < before)
        .order_by(m.History.interval_start_utc)
    ).all()
    frame = pl.DataFrame(
        rows, schema={"timestamp": pl.Datetime("us", "UTC"), "calls": pl.Float64, "handled": pl.Int64,
                      "aht_s": pl.Float64, "interval_min": pl.Int64},
        orient="row",
    )
    # a handle time only means something where calls were handled
    return frame.with_columns(pl.when(pl.col("handled") > 0).then(pl.col("aht_s")).otherwise(None).alias("aht_s"))


def forecast_and_store(
    session: Session,
    start_day: date,
    days: int,
    method: str = "auto",
    queue_names: list[str] | None = None,
    interval_min: int = 15,
) -> list[QueueForecastSummary]:
    """Forecast every inbound queue (or the named ones) for `days` local days from `start_day` and store it."""
    if method not in METHODS:
        raise ForecastStoreError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    queues = session.exec(select(m.Queue).order_by(m.Queue.priority, m.Queue.name)).all()
    if queue_names:
        unknown = sorted(set(queue_names) - {q.name for q in queues})
        if unknown:
            raise ForecastStoreError(f"unknown queue(s): {', '.join(unknown)} (known: {', '.join(q.name for q in queues)})")
        queues = [q for q in queues if q.name in queue_names]
    sites = {s.id: s for s in session.exec(select(m.Site).order_by(m.Site.id)).all()}
    if not sites:
        raise ForecastStoreError("there are no sites: load a centre first (`scheduler import centre DIR`)")
    created = datetime.now(timezone.utc)
    out = []
    for queue in queues:
        if queue.channel == m.Channel.OUTBOUND:
            continue
        site = home_site(queue, sites)
        begins = local_midnight_utc(site.time_zone, start_day)
        ends = local_midnight_utc(site.time_zone, start_day + timedelta(days=days))
        history = _history(session, queue, begins)
        if history.is_empty():
            raise ForecastStoreError(f"queue {queue.name}: no history before {start_day}; import it first "
                                     "(`scheduler import history FILE`)")
        steps = set(history.get_column("interval_min").unique().to_list())
        if steps != {interval_min}:
            raise ForecastStoreError(f"queue {queue.name}: history is on {sorted(steps)}-minute intervals, "
                                     f"the forecast on {interval_min}")
        last_day = history.get_column("timestamp").max().astimezone(to_zone(site.time_zone)).date()
        gap_days = (start_day - last_day).days - 1
        try:
            result = forecast_history(
                history.select("timestamp", "calls", "aht_s"), interval_min=interval_min,
                horizon_days=gap_days + days, method=method, timezone=site.time_zone, country=site.country,
                special_days=_special_days(session, site.id),
            )
        except ValueError as exc:
            raise ForecastStoreError(f"queue {queue.name}: {exc}") from None
        mean_aht = float(history.get_column("aht_s").drop_nulls().mean() or 0.0)
        frame = result.frame.filter(pl.col("local_date") >= start_day).select(
            pl.col("timestamp").alias("interval_start_utc"), pl.col("calls_forecast").alias("volume"),
            pl.col("aht_forecast_s").fill_null(mean_aht).fill_nan(mean_aht).alias("aht_s"),
        )
        session.exec(delete(m.Forecast).where(m.Forecast.queue_id == queue.id, m.Forecast.interval_start_utc >= begins,
                                              m.Forecast.interval_start_utc < ends))
        session.add_all(
            m.Forecast(queue_id=queue.id, interval_start_utc=row["interval_start_utc"], interval_min=interval_min,
                       volume=max(0.0, float(row["volume"])), aht_s=float(row["aht_s"]), method=result.method,
                       created_utc=created)
            for row in frame.iter_rows(named=True)
        )
        volume = float(frame.get_column("volume").sum())
        weighted = float((frame.get_column("volume") * frame.get_column("aht_s")).sum())
        out.append(QueueForecastSummary(queue.name, result.method, volume, weighted / volume if volume else mean_aht,
                                        history.select(pl.col("timestamp").dt.date().n_unique()).item(),
                                        result.fit_time_s))
    session.flush()
    return out
