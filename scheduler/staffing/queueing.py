"""Live channels (voice, chat) through the Erlang kernels.

Voice uses Erlang C, or Erlang A when the queue has a mean patience.

Chat model: an agent is `chat_concurrency` parallel servers and the forecast AHT is the duration of a
session as observed while agents work at that concurrency (the stretch that concurrency causes is
already in the measured handle time). The Erlang requirement in servers is divided by the concurrency
and rounded up with the kernels' tolerance; occupancy and service level are those of the session slots.
"""

from __future__ import annotations

import math

import numpy as np

from ext import erlang
from scheduler.staffing.model import IntervalForecast, QueueTargets


def servers_per_agent(queue: QueueTargets) -> int:
    return int(queue.chat_concurrency) if queue.channel == "chat" else 1


def _columns(queue: QueueTargets, forecast: IntervalForecast) -> dict[str, np.ndarray]:
    volume = np.ascontiguousarray(forecast.volume, dtype=float)
    size = volume.size
    full = lambda value: np.full(size, float(value))  # noqa: E731
    patience = math.inf if queue.mean_patience_s is None else queue.mean_patience_s
    return {
        "rate": volume / (forecast.interval_min * 60.0),
        "aht": np.ascontiguousarray(forecast.aht_s, dtype=float),
        "patience": full(patience),
        "answer": full(queue.sl_seconds),
        "sl": full(queue.sl_target),
        "asa": full(math.inf if queue.max_asa_s is None else queue.max_asa_s),
        "occ": full(queue.max_occupancy),
        "abandon": full(1.0 if queue.max_abandon is None else queue.max_abandon),
    }


def _uses_erlang_a(queue: QueueTargets) -> bool:
    return queue.mean_patience_s is not None   # without patience nobody abandons: max_abandon holds


def required_agents(queue: QueueTargets, forecast: IntervalForecast) -> tuple[np.ndarray, np.ndarray]:
    """(productive agents per interval, offered load in agents) for a voice or chat queue."""
    c = _columns(queue, forecast)
    if _uses_erlang_a(queue):
        servers = erlang.erlang_a_agents(c["rate"], c["aht"], c["patience"], c["answer"], c["sl"], c["asa"],
                                         c["occ"], c["abandon"])
    else:
        servers = erlang.erlang_c_agents(c["rate"], c["aht"], c["answer"], c["sl"], c["asa"], c["occ"])
    per_agent = servers_per_agent(queue)
    load = c["rate"] * c["aht"] / per_agent
    if per_agent == 1:
        return servers, load
    return erlang.ceil_agents(servers.astype(float) / per_agent), load


def service_level_curve(queue: QueueTargets, forecast: IntervalForecast, max_agents: int) -> np.ndarray:
    """Service level with 0..max_agents productive agents: array [interval, agents]."""
    c = _columns(queue, forecast)
    per_agent = servers_per_agent(queue)
    max_servers = max_agents * per_agent
    if _uses_erlang_a(queue):
        curve = erlang.erlang_a_service_level_curve(c["rate"], c["aht"], c["patience"], c["answer"], max_servers)
    else:
        curve = erlang.erlang_c_service_level_curve(c["rate"], c["aht"], c["answer"], max_servers)
    return curve[:, ::per_agent]


def metrics(queue: QueueTargets, forecast: IntervalForecast, agents: np.ndarray):
    """Erlang metrics (`ext.erlang.ErlangAMetrics`, times in seconds) with the given productive agents."""
    c = _columns(queue, forecast)
    servers = np.ascontiguousarray(np.asarray(agents, dtype=float) * servers_per_agent(queue))
    return erlang.erlang_a(c["rate"], c["aht"], c["patience"], servers, c["answer"])
