"""Requirements per queue and interval: the one entry point the storage layer calls."""

from __future__ import annotations

import numpy as np

from ext import erlang
from scheduler.staffing import deferred, queueing
from scheduler.staffing.marginal import agent_caps, concave_majorant, marginal_from_curve
from scheduler.staffing.model import (
    Channel,
    FlexibleDemand,
    IntervalForecast,
    QueueRequirement,
    QueueTargets,
    StaffingInputError,
)


def gross_agents(net: np.ndarray, shrinkage: float) -> np.ndarray:
    """ceil(net / (1 - shrinkage)), where a value within 1e-9 above a whole number rounds down to it."""
    net = np.ascontiguousarray(net, dtype=float)
    return erlang.ceil_agents(np.ascontiguousarray(net / (1.0 - shrinkage)))


def compute_requirement(queue: QueueTargets, forecast: IntervalForecast) -> QueueRequirement:
    """Agents needed per interval for one queue, with the marginal value of each agent for the solver."""
    forecast.validate(queue.queue_id)
    channel = queue.channel
    if channel == Channel.OUTBOUND:
        return _outbound(queue, forecast)
    if channel.is_deferred:
        return _deferred(queue, forecast)
    return _live(queue, forecast)


def _live(queue: QueueTargets, forecast: IntervalForecast) -> QueueRequirement:
    volume = np.asarray(forecast.volume, dtype=float)
    net, load = queueing.required_agents(queue, forecast)
    caps = np.where(volume > 0, agent_caps(net), 0)
    width = int(caps.max(initial=0))
    curve = queueing.service_level_curve(queue, forecast, width)
    marginal = marginal_from_curve(volume, curve, caps)
    return QueueRequirement(
        queue_id=queue.queue_id, channel=queue.channel, interval_min=forecast.interval_min,
        workload=load, required_net=net, required_gross=gross_agents(net, queue.shrinkage),
        backlog=np.zeros(volume.size), service_level_at_required=curve[np.arange(volume.size), net],
        marginal_value=marginal, marginal_value_concave=concave_majorant(marginal, caps),
    )


def _deferred(queue: QueueTargets, forecast: IntervalForecast) -> QueueRequirement:
    """Minimal deadline-feasible profile; the n-th agent's value is the contacts it clears, up to the work."""
    volume = np.asarray(forecast.volume, dtype=float)
    outcome = deferred.run(volume, forecast.aht_s, forecast.interval_min, queue.response_deadline_min,
                           queue.max_occupancy, open_mask=forecast.allowed)
    net = outcome.agents
    caps = np.where(net > 0, agent_caps(net), 0)
    width = int(caps.max(initial=0))
    aht = np.asarray(forecast.aht_s, dtype=float)
    mean_aht_min = float((volume * aht).sum() / volume.sum() / 60.0) if volume.sum() > 0 else 1.0
    per_agent = forecast.interval_min * queue.max_occupancy / mean_aht_min
    n = np.arange(1, width + 1)[None, :]
    share = np.clip(outcome.workload[:, None] - (n - 1), 0.0, 1.0)
    marginal = np.where(n <= caps[:, None], per_agent * share, 0.0)
    return QueueRequirement(
        queue_id=queue.queue_id, channel=queue.channel, interval_min=forecast.interval_min,
        workload=outcome.workload, required_net=net, required_gross=gross_agents(net, queue.shrinkage),
        backlog=outcome.backlog, service_level_at_required=_on_time_share(volume, outcome.late),
        marginal_value=marginal, marginal_value_concave=concave_majorant(marginal, caps),
    )


def _on_time_share(volume: np.ndarray, late: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(volume > 0, 1.0 - late / np.where(volume > 0, volume, 1.0), 1.0)


def _outbound(queue: QueueTargets, forecast: IntervalForecast) -> QueueRequirement:
    """Outbound calls need agent-minutes anywhere in the allowed windows, not agents in given intervals."""
    volume = np.asarray(forecast.volume, dtype=float)
    size = volume.size
    allowed = np.ones(size, dtype=bool) if forecast.allowed is None else np.asarray(forecast.allowed, dtype=bool)
    net_min = float((volume * np.asarray(forecast.aht_s, dtype=float)).sum() / 60.0 / queue.max_occupancy)
    if net_min > 0 and not allowed.any():
        raise StaffingInputError(queue.queue_id, "allowed", f"{net_min:.0f} agent-minutes but no allowed interval")
    zeros = np.zeros(size, dtype=np.int64)
    return QueueRequirement(
        queue_id=queue.queue_id, channel=queue.channel, interval_min=forecast.interval_min,
        workload=np.zeros(size), required_net=zeros, required_gross=zeros.copy(), backlog=np.zeros(size),
        service_level_at_required=np.ones(size), marginal_value=np.zeros((size, 0)),
        marginal_value_concave=np.zeros((size, 0)),
        flexible=FlexibleDemand(queue.queue_id, net_min, net_min / (1.0 - queue.shrinkage), allowed),
    )
