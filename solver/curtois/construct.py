"""A first roster built one employee at a time against the cover still open.

CP-SAT's first solution on the tightly packed instances leaves hundreds of shifts uncovered (Instance15:
24,551 against a best known 3,829), and the LNS then spends its first minute walking down from it. Cover is
the only rule that couples employees, so each employee's best roster given everyone placed before is a
small exact model: the same `build_model` on a one-employee instance whose requirements are what the
others left open (a line already full or over gets requirement 0, so every further person costs its
over weight). The least flexible employees go first, while the most cover is still open to them.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

from ortools.sat.python import cp_model

from solver.curtois.check import Roster
from solver.curtois.instance import Employee, Instance
from solver.curtois.model import build_model

EMPLOYEE_TIME_S = 2.0  # wall cap of one employee's model; the best roster found by then is kept
MIN_EMPLOYEE_S = 0.5  # ... but shared out so the last employees still get a turn before the deadline


def flexibility(instance: Instance, e: Employee) -> int:
    """How many (day, shift type) options the employee has: fewer options, placed earlier."""
    return len(instance.types_of(e)) * (instance.days - len(instance.days_off[e.id]))


def residual(instance: Instance, e: Employee, placed: Counter) -> Instance:
    """The one-employee instance: `e`, its own requests, and the cover the placed employees left open on the
    shift types `e` can work (the other lines are constants to it)."""
    types = {s.id for s in instance.types_of(e)}
    cover = tuple(replace(c, requirement=max(0, c.requirement - placed[(c.day, c.shift)]))
                  for c in instance.cover if c.shift in types)
    return replace(
        instance, employees=(e,), cover=cover,
        on_requests=tuple(r for r in instance.on_requests if r.employee == e.id),
        off_requests=tuple(r for r in instance.off_requests if r.employee == e.id),
    )


def _solver(time_s: float, seed: int, first: bool = False) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.linearization_level = 2  # Instance16: every employee optimal in 1.6 s in all; default: one found nothing in 2 s
    p.random_seed = seed
    p.max_time_in_seconds = max(0.01, time_s)
    p.stop_after_first_solution = first
    return solver


def greedy_roster(instance: Instance, deadline: float, seed: int = 0) -> Roster | None:
    """Every employee's roster, or None when one has no feasible roster or the pace so far says the deadline
    would pass first (on a 364-day horizon with 150 staff an employee takes seconds: better to stop early)."""
    start = time.perf_counter()
    placed: Counter = Counter()
    roster: Roster = {}
    order = sorted(instance.employees, key=lambda e: (flexibility(instance, e), e.id))
    for k, e in enumerate(order):
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        cm = build_model(residual(instance, e, placed))
        solver = _solver(min(EMPLOYEE_TIME_S, max(left / (len(order) - k), MIN_EMPLOYEE_S)), seed)
        if solver.solve(cm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solver = _solver(deadline - time.perf_counter(), seed, first=True)  # any roster beats none
            if solver.solve(cm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return None
        days = cm.roster(solver.Value)[e.id]
        placed.update((d, s) for d, s in enumerate(days) if s is not None)
        roster[e.id] = days
        if start + (time.perf_counter() - start) * len(order) / (k + 1) > deadline:
            return None
    return {e.id: roster[e.id] for e in instance.employees}
