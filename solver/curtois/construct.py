"""A first roster built one employee at a time against the cover still open.

CP-SAT's first solution on the tightly packed instances leaves hundreds of shifts uncovered (Instance15:
24,551 against a best known 3,829), and the LNS then spends its first minute walking down from it. Cover is
the only rule that couples employees, so each employee's best roster given everyone placed before is a
small exact model: the same rule builders on a one-employee instance whose requirements are what the
others left open (a line already full or over gets requirement 0, so every further person costs its
over weight). The least flexible employees go first, while the most cover is still open to them.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from solver.curtois.check import Roster
from solver.curtois.instance import Employee, Instance
from solver.curtois.model import CurtoisModel, build_rules
from solver.penalty import COST_SCALE

EMPLOYEE_TIME_S = 2.0  # wall cap of one employee's model; the best roster found by then is kept
MIN_EMPLOYEE_S = 0.5  # the least turn worth searching; below it an employee takes its model's first roster


def flexibility(instance: Instance, e: Employee) -> int:
    """How many (day, shift type) options the employee has: fewer options, placed earlier."""
    return len(instance.types_of(e)) * (instance.days - len(instance.days_off[e.id]))


def on_lines(roster: Roster, ids: Iterable[str]) -> Counter:
    """How many of the employees `ids` work each cover line (day, shift type) in `roster`: what `residual`
    takes as placed."""
    return Counter((d, s) for e in ids for d, s in enumerate(roster[e]) if s is not None)


def residual(instance: Instance, employees: Sequence[Employee], placed: Counter) -> Instance:
    """The instance of `employees` alone: their own requests, and the cover the placed employees left open
    on the shift types they can work (the other lines are constants to them)."""
    ids = {e.id for e in employees}
    types = {s.id for e in employees for s in instance.types_of(e)}
    cover = tuple(replace(c, requirement=max(0, c.requirement - placed[(c.day, c.shift)]))
                  for c in instance.cover if c.shift in types)
    return replace(
        instance, employees=tuple(employees), cover=cover,
        on_requests=tuple(r for r in instance.on_requests if r.employee in ids),
        off_requests=tuple(r for r in instance.off_requests if r.employee in ids),
    )


def employee_model(one: Instance) -> CurtoisModel:
    """The rules of `one`'s single employee, with cover priced per option: alone on a line, the employee
    removes one person of shortfall while the line is open and adds one of surplus once it is full, so
    cover is linear in the options and needs none of the full model's under/over variables (on 364 days
    with 32 types those were most of each employee's model)."""
    cm = build_rules(one)
    lines = {(c.day, c.shift): c for c in one.cover}
    price = []
    for day in cm.ctx.day_agents[0].options:
        for o in day:
            c = lines.get((o.day, o.type_id))
            if c is not None:
                price.append((-c.weight_under if c.requirement > 0 else c.weight_over) * COST_SCALE * o.lit)
    cm.model.Minimize(sum(p.coef * p.expr for p in cm.penalties) + sum(price))
    return cm


def one_worker_solver(time_s: float, seed: int, first: bool = False) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.linearization_level = 2  # Instance16: every employee optimal in 1.6 s in all; default: one found nothing in 2 s
    p.random_seed = seed
    p.max_time_in_seconds = max(0.01, time_s)
    p.stop_after_first_solution = first
    return solver


def greedy_roster(instance: Instance, deadline: float, seed: int = 0, target: float | None = None) -> Roster | None:
    """Every employee's roster, or None when one has no feasible roster or the deadline passes first.

    Each turn gets an equal share of the time left before `target` (default: the deadline), at most
    EMPLOYEE_TIME_S. Once the share falls below MIN_EMPLOYEE_S, the remaining employees take the first
    roster their model finds: on 364 days with 150 staff an employee's model needs 1-3 s to be solved
    exactly, and a complete roster, even a weaker one, is what the search afterwards needs most.
    """
    target = deadline if target is None else min(target, deadline)
    placed: Counter = Counter()
    roster: Roster = {}
    order = sorted(instance.employees, key=lambda e: (flexibility(instance, e), e.id))
    for k, e in enumerate(order):
        turn = time.perf_counter()
        if turn >= deadline:
            return None
        share = (target - turn) / (len(order) - k)
        cm = employee_model(residual(instance, (e,), placed))
        solver = None
        if share >= MIN_EMPLOYEE_S:
            cap = min(EMPLOYEE_TIME_S, max(share - (time.perf_counter() - turn), MIN_EMPLOYEE_S))  # build counts
            solver = one_worker_solver(cap, seed)
            if solver.solve(cm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                solver = None
        if solver is None:
            solver = one_worker_solver(deadline - time.perf_counter(), seed, first=True)  # any roster beats none
            if solver.solve(cm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return None
        days = cm.roster(solver.Value)[e.id]
        placed.update((d, s) for d, s in enumerate(days) if s is not None)
        roster[e.id] = days
    return {e.id: roster[e.id] for e in instance.employees}
