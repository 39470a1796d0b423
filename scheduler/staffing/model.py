"""Typed inputs and results of the staffing calculation (numpy arrays inside frozen dataclasses)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


MAX_PATIENCE_S = 86_400.0   # the Erlang A sum grows with arrival rate x patience; nobody waits a day


class Channel(StrEnum):
    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"
    BACKOFFICE = "backoffice"
    OUTBOUND = "outbound"

    @property
    def is_deferred(self) -> bool:
        """Work that may wait until a response deadline instead of being answered live."""
        return self in (Channel.EMAIL, Channel.BACKOFFICE)


class StaffingInputError(ValueError):
    """A queue's targets or forecast cannot be staffed; names the queue, the field and the problem."""

    def __init__(self, queue_id: str, field: str, message: str) -> None:
        self.queue_id, self.field, self.message = queue_id, field, message
        super().__init__(f"queue {queue_id!r}, {field}: {message}")


@dataclass(frozen=True)
class QueueTargets:
    """Service targets of one queue. Fractions are 0..1; `None` switches an optional target off."""

    queue_id: str
    channel: Channel
    sl_target: float = 0.8                    # share answered within sl_seconds (voice, chat)
    sl_seconds: float = 20.0
    max_occupancy: float = 1.0                # share of an agent's productive time spent handling
    mean_patience_s: float | None = None      # voice/chat: Erlang A when set, Erlang C otherwise
    chat_concurrency: int = 1                 # chat sessions one agent handles at once
    response_deadline_min: float | None = None  # e-mail / back-office: finish within this time
    shrinkage: float = 0.0                    # share of paid time not available (breaks, training, absence)
    max_asa_s: float | None = None
    max_abandon: float | None = None

    def __post_init__(self) -> None:
        def bad(field: str, message: str) -> StaffingInputError:
            return StaffingInputError(self.queue_id, field, message)

        try:
            object.__setattr__(self, "channel", Channel(self.channel))
        except ValueError:
            raise bad("channel", f"{self.channel!r} is not one of {', '.join(c.value for c in Channel)}") from None

        if not 0.0 <= self.sl_target <= 1.0:
            raise bad("sl_target", f"{self.sl_target} is not a share between 0 and 1 (80 % is 0.8)")
        if not (self.sl_seconds >= 0.0 and math.isfinite(self.sl_seconds)):
            raise bad("sl_seconds", f"{self.sl_seconds} is not a non-negative number of seconds")
        if not 0.0 < self.max_occupancy <= 1.0:
            raise bad("max_occupancy", f"{self.max_occupancy} is not a share in (0, 1]")
        if self.mean_patience_s is not None and not 0.0 < self.mean_patience_s <= MAX_PATIENCE_S:
            raise bad("mean_patience_s", f"{self.mean_patience_s} must be positive seconds, at most a day "
                      "(leave it out for Erlang C: callers who never hang up)")
        if self.chat_concurrency < 1 or int(self.chat_concurrency) != self.chat_concurrency:
            raise bad("chat_concurrency", f"{self.chat_concurrency} must be a whole number >= 1")
        if not 0.0 <= self.shrinkage < 1.0:
            raise bad("shrinkage", f"{self.shrinkage} is not a share in [0, 1)")
        if self.max_asa_s is not None and not self.max_asa_s > 0.0:
            raise bad("max_asa_s", f"{self.max_asa_s} must be positive seconds")
        if self.max_abandon is not None and not 0.0 < self.max_abandon <= 1.0:
            raise bad("max_abandon", f"{self.max_abandon} is not a share in (0, 1]")
        if self.channel.is_deferred:
            deadline = self.response_deadline_min
            if deadline is None or not (deadline > 0.0 and math.isfinite(deadline)):
                raise bad("response_deadline_min", f"{self.channel} needs a positive deadline, got {deadline}")


@dataclass(frozen=True)
class IntervalForecast:
    """Forecast volume (contacts per interval) and AHT (s) for consecutive intervals of one queue."""

    volume: np.ndarray
    aht_s: np.ndarray
    interval_min: float
    allowed: np.ndarray | None = None   # intervals where the queue is worked: outbound windows, e-mail business hours

    def validate(self, queue_id: str) -> None:
        if not (self.interval_min > 0.0 and math.isfinite(self.interval_min)):
            raise StaffingInputError(queue_id, "interval_min", f"{self.interval_min} must be positive minutes")
        volume, aht = np.asarray(self.volume, dtype=float), np.asarray(self.aht_s, dtype=float)
        for field, values in (("volume", volume), ("aht_s", aht)):
            if values.ndim != 1:
                raise StaffingInputError(queue_id, field, f"expected one value per interval, got shape {values.shape}")
            bad = ~np.isfinite(values) | (values < 0)
            if bad.any():
                index = int(np.flatnonzero(bad)[0])
                raise StaffingInputError(queue_id, field, f"interval {index}: {values[index]} is not a number >= 0")
        if volume.shape != aht.shape:
            raise StaffingInputError(queue_id, "aht_s", f"{aht.size} values for {volume.size} intervals")
        missing = (volume > 0) & (aht == 0)
        if missing.any():
            index = int(np.flatnonzero(missing)[0])
            raise StaffingInputError(queue_id, "aht_s", f"interval {index}: {volume[index]} contacts with AHT 0")
        if self.allowed is not None and np.asarray(self.allowed).shape != volume.shape:
            raise StaffingInputError(queue_id, "allowed", f"mask of shape {np.asarray(self.allowed).shape} "
                                     f"for {volume.size} intervals")

    @property
    def size(self) -> int:
        return int(np.asarray(self.volume).size)


@dataclass(frozen=True)
class FlexibleDemand:
    """Outbound work: agent-minutes to place anywhere inside the allowed intervals."""

    queue_id: str
    total_agent_min: float          # productive (net) agent-minutes
    total_agent_min_gross: float    # paid agent-minutes after shrinkage
    allowed: np.ndarray             # bool per interval


@dataclass(frozen=True)
class QueueRequirement:
    """Agents a queue needs per interval, and what each extra agent is worth to the solver.

    `marginal_value[t, n - 1]` is the expected contacts handled within target that the n-th productive agent
    adds in interval t, up to the interval's cap (zero beyond); `marginal_value_concave` is its least concave
    majorant (non-increasing in n, same total), the solver's piecewise-linear objective.
    """

    queue_id: str
    channel: Channel
    interval_min: float
    workload: np.ndarray                  # offered load in productive agents (fractional)
    required_net: np.ndarray              # int64: productive agents meeting every target
    required_gross: np.ndarray            # int64: ceil(net / (1 - shrinkage))
    backlog: np.ndarray                   # deferred channels: contacts waiting at the interval end
    service_level_at_required: np.ndarray
    marginal_value: np.ndarray            # [interval, agent]
    marginal_value_concave: np.ndarray    # [interval, agent]
    flexible: FlexibleDemand | None = None


@dataclass(frozen=True)
class QueueEvaluation:
    """How a staffing (productive agents per interval) performs; week figures are volume-weighted."""

    queue_id: str
    service_level: np.ndarray
    asa_s: np.ndarray
    occupancy: np.ndarray
    p_abandon: np.ndarray
    backlog: np.ndarray
    week_service_level: float
    week_asa_s: float
