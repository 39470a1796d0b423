"""Candidate shifts per agent and day: every (start, length) the hard shift rules allow.

Availability, the start grid, opening hours, allowed lengths, the daily maximum and the break law are
applied here, so the model only ever chooses among legal shapes. A shift belongs to the day it starts
(night shifts may run past midnight). Locked days replace generation by the planner's shift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.problem import Agent, Problem
from solver.rules import BreakItem, break_items


@dataclass(frozen=True)
class Candidate:
    day: int
    start: int  # interval index
    length: int  # intervals
    breaks: tuple[BreakItem, ...]
    paid_min: int
    work_min: int
    locked: bool = False

    @property
    def end(self) -> int:
        return self.start + self.length


def _prefix(mask: tuple[bool, ...] | np.ndarray) -> np.ndarray:
    arr = np.asarray(mask, dtype=np.int32)
    return np.concatenate(([0], np.cumsum(arr)))


def candidate_shifts(problem: Problem, agent: Agent) -> list[list[Candidate]]:
    """Per day, the legal candidate shifts of `agent` (empty list: the agent cannot work that day)."""
    h = problem.horizon
    im = h.interval_min
    site = h.site(agent.site_id)
    rule = agent.shift_rule
    pack = agent.break_rules
    avail = _prefix(agent.available)
    opened = _prefix(site.open_mask) if site.open_mask is not None else None
    locked = {lk.day: lk for lk in agent.locked}
    shapes: dict[int, tuple[tuple[BreakItem, ...], int, int] | None] = {}
    for L in rule.lengths_min:
        items = break_items(pack, L, im)
        if items is None:
            shapes[L] = None
            continue
        unpaid = sum(it.length for it in items if not it.paid) * im
        all_breaks = sum(it.length for it in items) * im
        shapes[L] = (items, L - unpaid, L - all_breaks)
    days: list[list[Candidate]] = []
    for d in range(site.n_days):
        ds, de = site.day_starts[d], site.day_starts[d + 1]
        if d in locked:
            days.append(_locked_candidates(problem, agent, locked[d], ds, de))
            continue
        out: list[Candidate] = []
        for off_min in range(rule.earliest_start_min, rule.latest_start_min + 1, rule.start_step_min):
            start = ds + off_min // im
            if off_min % im or start >= de:
                continue
            for L in rule.lengths_min:
                shape = shapes[L]
                n = L // im
                if shape is None or start + n > h.n_intervals:
                    continue
                items, paid, work = shape
                if paid > agent.contract.max_day_min:
                    continue
                if avail[start + n] - avail[start] != n:
                    continue
                if opened is not None and opened[start + n] - opened[start] != n:
                    continue
                out.append(Candidate(d, start, n, items, paid, work))
        days.append(out)
    return days


def _locked_candidates(problem: Problem, agent: Agent, lk, ds: int, de: int) -> list[Candidate]:
    if lk.start is None:
        return []
    im = problem.horizon.interval_min
    if lk.n_intervals is None or not (ds <= lk.start < de) or lk.start + lk.n_intervals > problem.horizon.n_intervals:
        raise ValueError(f"agent {agent.agent_id}: locked shift on day {lk.day} must start inside that day and fit the horizon")
    L = lk.n_intervals * im
    items = break_items(agent.break_rules, L, im)
    if items is None:
        raise ValueError(f"agent {agent.agent_id}: locked shift on day {lk.day} ({L} min) cannot meet {agent.break_rules.name}")
    unpaid = sum(it.length for it in items if not it.paid) * im
    work = L - sum(it.length for it in items) * im
    return [Candidate(lk.day, lk.start, lk.n_intervals, items, L - unpaid, work, locked=True)]
