"""E-mail and back-office: work may wait, but never past its response deadline.

Time model: contacts arriving in interval i are due by the end of interval i + k - 1, where
k = max(1, floor(deadline_min / interval_min)) (tolerant floor, so 120 / 15 is exactly 8). An agent
clears `interval_min * max_occupancy` minutes of handle time per interval, taking work earliest deadline
first (oldest first, as every item has the same deadline window); contacts already past their deadline
are worked only with what is left, so an overdue backlog never makes fresh contacts late as well (the
policy that maximises contacts on time, and the one the solver's on-time model assumes).

Minimal profile (a forward pass): in each interval, staff the smallest constant rate that would still
meet every deadline among the work already received, i.e. the maximum over m = 1..k of
(work due within the next m intervals) / m, rounded up to whole agents. Work is therefore spread over
its deadline window instead of being piled up at the deadline, no deadline is ever missed (the m = 1
term covers what is due now) and the surplus from rounding up clears work early. The backlog is the
number of contacts still waiting at the end of each interval.

Business hours: with an `open_mask`, the deadline clock runs only while the queue is worked (the
response-time promise of a centre that closes at night). Contacts arriving while closed are due by the
end of the k-th open interval from their arrival, no agent is asked for in a closed interval, and the
night's mail is spread over the morning instead of being due the moment the centre opens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ext.erlang import RTOL

_DONE_EPS = 1e-9


def deadline_intervals(deadline_min: float, interval_min: float) -> int:
    """k: the number of intervals, counting the arrival interval, in which an item must be finished."""
    ratio = deadline_min / interval_min
    return max(1, int(math.floor(ratio + RTOL * abs(ratio))))


def _tol_ceil(x: float) -> int:
    return int(math.ceil(x - RTOL * abs(x)))


@dataclass
class _Bucket:
    arrival: int
    deadline: int
    items: float
    aht_min: float
    late_counted: bool = False


@dataclass(frozen=True)
class DeferredOutcome:
    """One earliest-deadline-first run over the horizon."""

    agents: np.ndarray          # per interval: int64 computed, or the productive agents given (may be fractional)
    workload: np.ndarray        # agents' worth of work the minimal rate asked for (fractional)
    backlog: np.ndarray         # contacts waiting at the end of each interval
    late: np.ndarray            # per arrival interval: contacts not finished by their deadline
    delay_s: np.ndarray         # per arrival interval: total completion delay of finished contacts (s)
    done: np.ndarray            # per arrival interval: contacts finished within the horizon
    work_done_min: np.ndarray   # per interval: handle minutes cleared


def due_intervals(open_mask: np.ndarray, k: int) -> np.ndarray:
    """Per arrival interval, the last interval in which its contacts are on time: the k-th open one from it.

    Past the horizon the count goes on as if the last open state continued, so work arriving near the
    end is never due inside the horizon earlier than its promise allows.
    """
    size = open_mask.size
    opened = np.flatnonzero(open_mask)
    if opened.size == 0:
        return np.arange(size) + size + k  # never worked: never due inside the horizon
    first_open = np.searchsorted(opened, np.arange(size))  # index into `opened` of the first open interval >= t
    target = first_open + k - 1
    inside = target < opened.size
    due = np.empty(size, dtype=np.int64)
    due[inside] = opened[target[inside]]
    due[~inside] = size + (target[~inside] - opened.size)
    return due


def run(volume: np.ndarray, aht_s: np.ndarray, interval_min: float, deadline_min: float, max_occupancy: float,
        agents: np.ndarray | None = None, open_mask: np.ndarray | None = None) -> DeferredOutcome:
    """Earliest-deadline-first over the horizon; with `agents=None` staff the minimal profile.

    `open_mask` (bool per interval, None = always worked) makes the deadline a business-hours deadline.
    """
    volume = np.asarray(volume, dtype=float)
    aht_min = np.asarray(aht_s, dtype=float) / 60.0
    size = volume.size
    k = deadline_intervals(deadline_min, interval_min)
    is_open = np.ones(size, dtype=bool) if open_mask is None else np.asarray(open_mask, dtype=bool)
    due = due_intervals(is_open, k)
    open_before = np.concatenate(([0], np.cumsum(is_open)))  # open intervals in [0, t)

    def open_between(t: int, last: int) -> int:
        """Open intervals in [t, last], counting those past the horizon as open."""
        inside = open_before[min(last, size - 1) + 1] - open_before[t] if last >= t else 0
        return int(inside + max(0, last - (size - 1)))
    per_agent_min = interval_min * max_occupancy
    staffed = np.zeros(size, dtype=np.int64) if agents is None else np.asarray(agents, dtype=float)
    workload = np.zeros(size)
    backlog = np.zeros(size)
    late = np.zeros(size)
    delay_s = np.zeros(size)
    done = np.zeros(size)
    work_done = np.zeros(size)
    queue: list[_Bucket] = []  # waiting work in arrival order, which is deadline order
    for t in range(size):
        if volume[t] > 0:
            queue.append(_Bucket(t, int(due[t]), float(volume[t]), float(aht_min[t])))
        need_min, due_min = 0.0, 0.0
        if is_open[t]:
            for bucket in queue:
                due_min += bucket.items * bucket.aht_min
                need_min = max(need_min, due_min / max(1, open_between(t, bucket.deadline)))
        workload[t] = need_min / per_agent_min
        if agents is None:
            staffed[t] = _tol_ceil(workload[t])
        capacity = staffed[t] * per_agent_min
        # contacts that can still be on time first (earliest deadline first), then the overdue ones
        for overdue in (False, True):
            for bucket in queue:
                if capacity <= 0.0:
                    break
                if (bucket.deadline < t) != overdue:
                    continue
                work = bucket.items * bucket.aht_min
                if work - capacity <= _DONE_EPS * max(1.0, work):
                    capacity = max(0.0, capacity - work)
                    finished = bucket.items
                    bucket.items = 0.0
                else:
                    finished = capacity / bucket.aht_min
                    bucket.items -= finished
                    capacity = 0.0
                done[bucket.arrival] += finished
                delay_s[bucket.arrival] += finished * (t - bucket.arrival) * interval_min * 60.0
                work_done[t] += finished * bucket.aht_min
        queue = [b for b in queue if b.items > 0.0]
        for bucket in queue:
            if bucket.deadline > t:
                break
            if not bucket.late_counted:
                late[bucket.arrival] += bucket.items
                bucket.late_counted = True
        backlog[t] = sum(bucket.items for bucket in queue)
    return DeferredOutcome(staffed, workload, backlog, late, delay_s, done, work_done)
