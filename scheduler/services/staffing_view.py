"""Forecast and staffing of one queue on one local day: volume, handle time, agents required and
planned (newest plan covering the day), and the service level the planned agents give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from scheduler.home_site import home_site
from scheduler.opening_hours import queue_open_mask
from scheduler.services.errors import ServiceError
from scheduler.services.time_zones import default_zone, local_day_span_utc, zone
from scheduler.storage.models import Forecast, Plan, PlanAssignment, Queue, Requirement, Site
from scheduler.timegrid import Grid


@dataclass(frozen=True)
class QueueChoice:
    id: int
    name: str
    channel: str


@dataclass(frozen=True)
class IntervalStaffing:
    start_utc: datetime
    local_label: str  # "08:15"
    volume: float | None
    aht_s: float | None
    required_net: int | None
    required_gross: int | None
    planned: int
    service_level_pct: float | None  # None when there is no volume to serve


@dataclass(frozen=True)
class QueueDay:
    queue: QueueChoice
    day: date
    sl_target_pct: float
    sl_target_s: int  # answered within (live queues) or response deadline (e-mail, back-office)
    plan_id: int | None
    intervals: tuple[IntervalStaffing, ...]

    @property
    def empty(self) -> bool:
        return not self.intervals

    @property
    def volume_total(self) -> float:
        return sum(i.volume or 0 for i in self.intervals)

    def below_target(self) -> int:
        return sum(1 for i in self.intervals
                   if i.service_level_pct is not None and i.service_level_pct < self.sl_target_pct)


def service_levels_pct(queue: Queue, volume: Sequence[float], aht_s: Sequence[float], planned: Sequence[int],
                       interval_min: int, worked: Sequence[bool] | None = None) -> list[float | None]:
    """Service level per interval with the planned agents, by the same Erlang C/A, chat and e-mail models
    and the same unplanned-shrinkage discount as the plan evaluation; None where nothing arrives.
    `worked` is the business-hours mask of an e-mail or back-office queue (None: always worked)."""
    import numpy as np

    from scheduler.requirements import queue_targets
    from scheduler.staffing import IntervalForecast, evaluate_scheduled

    volume_a = np.asarray(volume, dtype=float)
    if not len(volume_a) or not (volume_a > 0).any():
        return [None] * len(volume_a)
    mask = None if worked is None else np.asarray(worked, dtype=bool)
    result = evaluate_scheduled(queue_targets(queue),
                                IntervalForecast(volume_a, np.asarray(aht_s, dtype=float), interval_min, mask),
                                np.asarray(planned, dtype=float))
    return [100.0 * float(sl) if v > 0 else None for v, sl in zip(volume_a, result.service_level)]


def list_queues(*, engine: Engine) -> list[QueueChoice]:
    with Session(engine) as session:
        return [QueueChoice(q.id, q.name, q.channel) for q in session.exec(select(Queue).order_by(Queue.priority,
                                                                                                  Queue.name))]


def demand_days(queue_id: int, *, engine: Engine) -> list[date]:
    """Local days with forecast or requirement rows for the queue, oldest first."""
    with Session(engine) as session:
        queue = session.get(Queue, queue_id)
        tz = _queue_zone(session, queue)
        days = set()
        for model in (Forecast, Requirement):
            lo, hi = session.exec(select(func.min(model.interval_start_utc), func.max(model.interval_start_utc))
                                  .where(model.queue_id == queue_id)).one()
            if lo is not None:
                day = lo.astimezone(tz).date()
                while day <= hi.astimezone(tz).date():
                    days.add(day)
                    day += timedelta(days=1)
        return sorted(days)


def _queue_zone(session: Session, queue: Queue | None):
    sites = {s.id: s for s in session.exec(select(Site).order_by(Site.id)).all()}
    if queue is None or not sites:
        return default_zone(session=session)
    return zone(home_site(queue, sites).time_zone)


def _plan_for_day(session: Session, day: date) -> int | None:
    for plan in session.exec(select(Plan).order_by(Plan.id.desc())).all():
        if plan.start_day <= day < plan.start_day + timedelta(weeks=plan.weeks):
            return plan.id
    return None


def load_queue_day(queue_id: int, day: date, *, engine: Engine) -> QueueDay:
    from scheduler.requirements import queue_targets, target_seconds

    with Session(engine) as session:
        queue = session.get(Queue, queue_id)
        if queue is None:
            raise ServiceError(f"queue {queue_id} does not exist")
        tz = _queue_zone(session, queue)
        start, end = local_day_span_utc(day, tz)
        forecasts = {f.interval_start_utc: f for f in session.exec(select(Forecast).where(
            Forecast.queue_id == queue_id, Forecast.interval_start_utc >= start,
            Forecast.interval_start_utc < end))}
        requirements = {r.interval_start_utc: r for r in session.exec(select(Requirement).where(
            Requirement.queue_id == queue_id, Requirement.interval_start_utc >= start,
            Requirement.interval_start_utc < end))}
        plan_id = _plan_for_day(session, day)
        spans: Sequence[tuple[datetime, datetime]] = []
        if plan_id is not None:
            spans = session.exec(select(PlanAssignment.start_utc, PlanAssignment.end_utc).where(
                PlanAssignment.plan_id == plan_id, PlanAssignment.queue_id == queue_id,
                PlanAssignment.end_utc > start, PlanAssignment.start_utc < end)).all()
        instants = sorted(set(forecasts) | set(requirements))
        planned = [sum(1 for a_start, a_end in spans if a_start <= instant < a_end) for instant in instants]
        with_forecast = [i for i, instant in enumerate(instants) if instant in forecasts]
        levels: dict[int, float | None] = {}
        if with_forecast and queue.channel != "outbound":
            rows = [forecasts[instants[i]] for i in with_forecast]
            worked = None
            if queue_targets(queue).channel.is_deferred:  # e-mail deadlines run on the sites' business hours
                interval_min = rows[0].interval_min
                grid = Grid(start, interval_min, int((end - start).total_seconds() // (interval_min * 60)))
                open_ = queue_open_mask(session, queue, grid)
                worked = [bool(open_[grid.clamp_index(instants[i])]) for i in with_forecast]
            levels = dict(zip(with_forecast, service_levels_pct(
                queue, [f.volume for f in rows], [f.aht_s for f in rows], [planned[i] for i in with_forecast],
                rows[0].interval_min, worked)))
        intervals = []
        for i, instant in enumerate(instants):
            f, r = forecasts.get(instant), requirements.get(instant)
            intervals.append(IntervalStaffing(
                instant, instant.astimezone(tz).strftime("%H:%M"), f.volume if f else None,
                f.aht_s if f else None, r.required_net if r else None, r.required_gross if r else None,
                planned[i], levels.get(i)))
        return QueueDay(QueueChoice(queue.id, queue.name, queue.channel), day, queue.sl_target_pct,
                        target_seconds(queue), plan_id, tuple(intervals))
