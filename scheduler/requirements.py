"""Requirements from stored forecasts: agents needed per queue and interval, stored for the planner and solver.

The solver schedules agents on the phones; breaks and activities are planned explicitly, so a queue's
`shrinkage` stands for the unplanned rest (absence, sickness, system time). The stored requirement is the
gross agent count, and the stored marginal values are per scheduled agent: the k-th scheduled agent is
worth the concave net value curve between (k-1)·(1-s) and k·(1-s) productive agents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlmodel import Session, delete, select

from scheduler.home_site import home_site
from scheduler.opening_hours import queue_open_mask
from scheduler.staffing import IntervalForecast, QueueTargets, StaffingInputError, compute_requirement
from scheduler.storage import models as m
from scheduler.timegrid import Grid, day_starts, planning_grid


class RequirementsError(ValueError):
    """Requirements cannot be computed; the message names the queue and what is missing."""


@dataclass(frozen=True)
class QueueRequirementSummary:
    queue: str
    channel: str
    intervals_with_demand: int
    volume: float
    peak_gross: int
    gross_agent_h: float
    net_agent_h: float
    max_backlog: float


@dataclass(frozen=True)
class RequirementsSummary:
    start_day: date
    days: int
    interval_min: int
    queues: tuple[QueueRequirementSummary, ...]
    without_forecast: tuple[str, ...]


def queue_targets(q: m.Queue) -> QueueTargets:
    """A stored queue's service targets in the staffing module's terms."""
    return QueueTargets(
        queue_id=q.name, channel=q.channel, sl_target=q.sl_target_pct / 100.0, sl_seconds=q.sl_target_s,
        max_occupancy=q.max_occupancy, mean_patience_s=q.mean_patience_s, chat_concurrency=q.chat_concurrency,
        response_deadline_min=q.response_deadline_min, shrinkage=q.shrinkage,
    )


def target_seconds(q: m.Queue) -> int:
    """The target's time: answered within (live queues), or the response deadline (e-mail, back-office)."""
    return q.response_deadline_min * 60 if queue_targets(q).channel.is_deferred else q.sl_target_s


def queue_forecast(session: Session, q: m.Queue, volume: np.ndarray, aht: np.ndarray, grid: Grid) -> IntervalForecast:
    """The staffing module's view of a stored forecast; deferred queues carry their business hours."""
    worked = queue_open_mask(session, q, grid) if queue_targets(q).channel.is_deferred else None
    return IntervalForecast(volume, aht, grid.interval_min, worked)


def per_scheduled_agent(net_marginal: np.ndarray, shrinkage: float) -> np.ndarray:
    """Marginal values per scheduled agent from concave per-productive-agent values: [interval, agent]."""
    if shrinkage == 0.0 or net_marginal.shape[1] == 0:
        return net_marginal
    size, width = net_marginal.shape
    productive_share = 1.0 - shrinkage
    scheduled = int(np.ceil(width / productive_share - 1e-9))
    cum = np.concatenate([np.zeros((size, 1)), np.cumsum(net_marginal, axis=1)], axis=1)
    points = np.minimum(np.arange(scheduled + 1) * productive_share, width)
    value = np.stack([np.interp(points, np.arange(width + 1), row) for row in cum])
    return np.diff(value, axis=1)


def _grid(session: Session, start_day: date, days: int, interval_min: int) -> Grid:
    zones = sorted({s.time_zone for s in session.exec(select(m.Site)).all()})
    if not zones:
        raise RequirementsError("there are no sites: load a centre first (`scheduler import centre DIR`)")
    return planning_grid(zones, start_day, days, interval_min)


def _own_days(grid: Grid, site: m.Site, start_day: date, days: int) -> np.ndarray:
    """Which grid intervals lie on the queue site's own local days of the period (the grid spans every
    site's days, so in a Lisbon queue it begins an hour before Lisbon's first midnight)."""
    midnights = day_starts(grid, site.time_zone, start_day, days)
    own = np.zeros(grid.n_intervals, dtype=bool)
    own[midnights[0]:midnights[-1]] = True
    return own


def stored_forecast(session: Session, queue: m.Queue, grid: Grid) -> tuple[np.ndarray, np.ndarray, int]:
    """Forecast volume and AHT of a queue on the grid (zeros where none is stored), and the rows found."""
    volume, aht = np.zeros(grid.n_intervals), np.zeros(grid.n_intervals)
    rows = session.exec(
        select(m.Forecast).where(
            m.Forecast.queue_id == queue.id,
            m.Forecast.interval_start_utc >= grid.start_utc,
            m.Forecast.interval_start_utc < grid.end_utc,
        )
    ).all()
    for r in rows:
        if r.interval_min != grid.interval_min:
            raise RequirementsError(
                f"queue {queue.name}: the forecast is on a {r.interval_min}-minute grid, requirements on "
                f"{grid.interval_min} minutes; forecast again with --interval {grid.interval_min}m"
            )
        t = grid.index(r.interval_start_utc)
        volume[t], aht[t] = r.volume, r.aht_s
    return volume, aht, len(rows)


def compute_and_store(session: Session, start_day: date, days: int, interval_min: int = 15) -> RequirementsSummary:
    """Replace the stored requirements of every inbound queue over the period; outbound stays flexible."""
    grid = _grid(session, start_day, days, interval_min)
    hours = interval_min / 60.0
    summaries, missing = [], []
    sites = {s.id: s for s in session.exec(select(m.Site).order_by(m.Site.id)).all()}
    for q in session.exec(select(m.Queue).order_by(m.Queue.priority, m.Queue.name)).all():
        if q.channel == m.Channel.OUTBOUND:
            continue
        own = _own_days(grid, home_site(q, sites), start_day, days)
        volume, aht, found = stored_forecast(session, q, grid)
        if found == 0:
            missing.append(q.name)
            continue
        try:
            req = compute_requirement(queue_targets(q), queue_forecast(session, q, volume, aht, grid))
        except StaffingInputError as exc:
            raise RequirementsError(str(exc)) from None
        values = per_scheduled_agent(req.marginal_value_concave, q.shrinkage)
        session.exec(
            delete(m.Requirement).where(
                m.Requirement.queue_id == q.id,
                m.Requirement.interval_start_utc >= grid.start_utc,
                m.Requirement.interval_start_utc < grid.end_utc,
            )
        )
        rows = []
        for t in range(grid.n_intervals):
            gross = int(req.required_gross[t])
            if not own[t] and volume[t] == 0 and gross == 0:
                continue  # the hour another site's clock adds to the grid: no row (it read as a day of its own)
            width = int(np.count_nonzero(values[t] > 1e-12)) if volume[t] > 0 else 0
            rows.append(
                m.Requirement(
                    queue_id=q.id, interval_start_utc=grid.instant(t), interval_min=interval_min,
                    required_net=int(req.required_net[t]), required_gross=gross, backlog=float(req.backlog[t]),
                    marginal_values=[round(float(v), 6) for v in values[t, :width]],
                )
            )
        session.add_all(rows)
        summaries.append(
            QueueRequirementSummary(
                queue=q.name, channel=q.channel, intervals_with_demand=int((volume > 0).sum()),
                volume=float(volume.sum()), peak_gross=int(req.required_gross.max(initial=0)),
                gross_agent_h=float(req.required_gross.sum() * hours), net_agent_h=float(req.required_net.sum() * hours),
                max_backlog=float(req.backlog.max(initial=0.0)),
            )
        )
    session.flush()
    return RequirementsSummary(start_day, days, interval_min, tuple(summaries), tuple(missing))
