"""How a given staffing performs: the solver's plans are scored with this, per interval and for the week."""

from __future__ import annotations

import numpy as np

from scheduler.staffing import deferred, queueing
from scheduler.staffing.model import (
    Channel,
    IntervalForecast,
    QueueEvaluation,
    QueueTargets,
    StaffingInputError,
)


def evaluate(queue: QueueTargets, forecast: IntervalForecast, staffed: np.ndarray) -> QueueEvaluation:
    """Service level, ASA (s), occupancy and abandonment per interval for `staffed` productive agents.

    Voice and chat: Erlang C / A (an unstable Erlang C interval, agents <= load, has service level 0 and
    infinite ASA). E-mail and back-office: an earliest-deadline-first run with that capacity; the service
    level of an interval is the share of its arrivals finished by their deadline, ASA the mean completion
    delay in whole intervals. Outbound: the share of the required agent-minutes placed in allowed
    intervals, the same figure in every interval. Week figures are weighted by volume.
    """
    forecast.validate(queue.queue_id)
    volume = np.asarray(forecast.volume, dtype=float)
    staffed = np.asarray(staffed)
    if staffed.shape != volume.shape:
        raise StaffingInputError(queue.queue_id, "staffed", f"{staffed.size} values for {volume.size} intervals")
    if (staffed < 0).any() or (not queue.channel.is_deferred and (staffed != np.floor(staffed)).any()):
        raise StaffingInputError(queue.queue_id, "staffed", "agents must be whole numbers >= 0")
    size = volume.size
    if queue.channel == Channel.OUTBOUND:
        return _outbound(queue, forecast, staffed)
    if queue.channel.is_deferred:  # capacity in agent-minutes: a fractional agent is part of an interval's work
        run = deferred.run(volume, forecast.aht_s, forecast.interval_min, queue.response_deadline_min,
                           queue.max_occupancy, staffed, open_mask=forecast.allowed)
        safe = np.where(volume > 0, volume, 1.0)
        service_level = np.where(volume > 0, 1.0 - run.late / safe, 1.0)
        asa = np.where(run.done > 0, run.delay_s / np.where(run.done > 0, run.done, 1.0), 0.0)
        capacity = staffed * forecast.interval_min
        occupancy = np.where(capacity > 0, run.work_done_min / np.where(capacity > 0, capacity, 1.0), 0.0)
        p_abandon, backlog = np.zeros(size), run.backlog
    else:
        m = queueing.metrics(queue, forecast, staffed)
        service_level, asa, occupancy, p_abandon = m.service_level, m.asa, m.occupancy, m.p_abandon
        backlog = np.zeros(size)
    total = volume.sum()
    week_sl = float((volume * service_level).sum() / total) if total > 0 else 1.0
    busy = volume > 0
    week_asa = float((volume[busy] * asa[busy]).sum() / total) if total > 0 else 0.0
    return QueueEvaluation(queue.queue_id, service_level, asa, occupancy, p_abandon, backlog, week_sl, week_asa)


def evaluate_scheduled(queue: QueueTargets, forecast: IntervalForecast, scheduled: np.ndarray) -> QueueEvaluation:
    """Like `evaluate`, for scheduled agents of whom `queue.shrinkage` is lost to unplanned absence.

    n scheduled agents are n * (1 - shrinkage) productive ones on average. E-mail and back-office work with
    that fractional capacity; on live queues a fractional agent counts as that share of the next whole one
    (service level, ASA and abandonment interpolate between the two whole counts). This is the convention of
    the solver's marginal values per scheduled agent, so plan and report value staffing alike; rounding
    down instead would count 7 scheduled agents at 15 % shrinkage as 5 productive ones, not 5.95.
    """
    productive = np.asarray(scheduled, dtype=float) * (1.0 - queue.shrinkage)
    if queue.channel.is_deferred or queue.channel == Channel.OUTBOUND:
        return evaluate(queue, forecast, productive if queue.channel.is_deferred else np.asarray(scheduled))
    low = np.floor(productive + 1e-9)
    share = np.where(productive - low > 1e-9, productive - low, 0.0)
    below = evaluate(queue, forecast, low)
    if not share.any():
        return below
    above = evaluate(queue, forecast, low + (share > 0))

    def mix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):  # inf * 0 where the lower count is unstable and the share is 0
            return np.where(share > 0, (1.0 - share) * a + share * b, a)

    service_level, asa = mix(below.service_level, above.service_level), mix(below.asa_s, above.asa_s)
    volume = np.asarray(forecast.volume, dtype=float)
    total = volume.sum()
    busy = volume > 0
    week_sl = float((volume * service_level).sum() / total) if total > 0 else 1.0
    week_asa = float((volume[busy] * asa[busy]).sum() / total) if total > 0 else 0.0
    return QueueEvaluation(queue.queue_id, service_level, asa, mix(below.occupancy, above.occupancy),
                           mix(below.p_abandon, above.p_abandon), below.backlog, week_sl, week_asa)


def _outbound(queue: QueueTargets, forecast: IntervalForecast, staffed: np.ndarray) -> QueueEvaluation:
    size = staffed.size
    allowed = np.ones(size, dtype=bool) if forecast.allowed is None else np.asarray(forecast.allowed, dtype=bool)
    need_min = float((np.asarray(forecast.volume) * np.asarray(forecast.aht_s)).sum() / 60.0 / queue.max_occupancy)
    placed_min = float(staffed[allowed].sum() * forecast.interval_min)
    share = 1.0 if need_min == 0 else min(1.0, placed_min / need_min)
    busy = 0.0 if placed_min == 0 else min(1.0, need_min * queue.max_occupancy / placed_min)
    occupancy = np.where((staffed > 0) & allowed, busy, 0.0)
    return QueueEvaluation(queue.queue_id, np.full(size, share), np.zeros(size), occupancy, np.zeros(size),
                           np.zeros(size), share, 0.0)
