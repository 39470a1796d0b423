"""Solving one Curtois & Qu instance and verifying the roster with the independent checker."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.curtois.check import Roster, RosterViolation, evaluate_roster
from solver.curtois.instance import Instance
from solver.curtois.model import build_model, objective_of
from solver.penalty import COST_SCALE


@dataclass(frozen=True)
class BenchParams:
    time_limit_s: float = 600.0
    workers: int = 2
    seed: int = 0
    deterministic_time_s: float | None = None  # tests: a reproducible limit instead of wall time


@dataclass(frozen=True)
class BenchResult:
    """One solve: the checker's objective (the figure to report), the solver's own view, and timings."""

    instance: str
    status: str
    roster: Roster | None
    objective: int | None  # recomputed from the roster by check.evaluate_roster
    solver_objective: int | None
    bound: int
    violations: tuple[RosterViolation, ...]
    time_to_first_s: float | None
    time_to_best_s: float | None
    wall_s: float
    improvements: tuple[tuple[float, int], ...]  # (seconds, objective) per improving solution

    @property
    def verified(self) -> bool:
        return self.roster is not None and not self.violations and self.objective == self.solver_objective


class _Timeline(cp_model.CpSolverSolutionCallback):
    def __init__(self, start: float):
        super().__init__()
        self.start = start
        self.points: list[tuple[float, int]] = []

    def on_solution_callback(self) -> None:
        self.points.append((time.perf_counter() - self.start, round(self.ObjectiveValue() / COST_SCALE)))


def _value(solver: cp_model.CpSolver):
    return lambda expr: expr if isinstance(expr, int) else solver.Value(expr)


def solve_instance(instance: Instance, params: BenchParams = BenchParams()) -> BenchResult:
    start = time.perf_counter()
    cm = build_model(instance)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = params.workers
    p.random_seed = params.seed
    p.relative_gap_limit = 0.0
    p.max_time_in_seconds = params.time_limit_s
    if params.deterministic_time_s is not None:
        p.max_deterministic_time = params.deterministic_time_s
    timeline = _Timeline(start)
    status = solver.Solve(cm.model, timeline)
    wall = time.perf_counter() - start
    name = solver.StatusName(status)
    bound = math.ceil(solver.BestObjectiveBound() / COST_SCALE - 1e-6) if status != cp_model.UNKNOWN else 0  # integer objective
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return BenchResult(instance.name, name, None, None, None, bound, (), None, None, wall, ())
    roster = cm.roster(solver.Value)
    evaluation = evaluate_roster(instance, roster)
    solver_objective = objective_of(cm.penalties, _value(solver))
    points = tuple(timeline.points)
    best_t = next((t for t, v in points if v == solver_objective), wall)
    return BenchResult(
        instance.name, name, roster, evaluation.objective, solver_objective, bound, evaluation.violations,
        points[0][0] if points else wall, best_t, wall, points,
    )


def roster_csv(instance: Instance, roster: Roster) -> str:
    """`employee,0,1,…` then one row per employee: the shift id worked that day, empty for a day off."""
    lines = ["employee," + ",".join(str(d) for d in range(instance.days))]
    for e in instance.employees:
        lines.append(e.id + "," + ",".join(s or "" for s in roster[e.id]))
    return "\n".join(lines) + "\n"
