"""The one-employee-at-a-time construction: exact residual cover, feasible rosters, the model's own objective."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from ortools.sat.python import cp_model

from solver.curtois.check import evaluate_roster
from solver.curtois.construct import employee_model, greedy_roster, residual
from solver.curtois.instance import ShiftType, read_instance
from solver.curtois.model import build_model
from solver.curtois.solve import roster_solution
from solver.penalty import COST_SCALE
from tests.solver.curtois.test_model import staff, tiny

TWO_TYPES = (ShiftType("E", 480, ()), ShiftType("L", 480, ()))


def test_residual_cover_is_what_the_placed_employees_left_open():
    instance = tiny(2, {(0, "E"): 2, (1, "E"): 1}, on=[("A", 0, "E", 3)], employees=(staff("A"), staff("B")))
    one = residual(instance, instance.employees[1:], Counter({(0, "E"): 1, (1, "E"): 2}))
    assert [e.id for e in one.employees] == ["B"]
    assert [(c.day, c.requirement) for c in one.cover] == [(0, 1), (1, 0)]
    assert one.on_requests == ()  # A's request is not B's


def test_the_least_flexible_employee_is_placed_first_so_both_lines_are_covered():
    """B can work only E, A either type: A placed first could take E and leave B nothing useful."""
    days = 7
    employees = (staff("A", days=days, min_total_min=days * 480, max_shifts={"E": days, "L": days}),
                 staff("B", days=days, min_total_min=days * 480, max_shifts={"E": days, "L": 0}))
    cover = {(d, s): 1 for d in range(days) for s in ("E", "L")}
    instance = tiny(days, cover, employees=employees, shifts=TWO_TYPES)
    roster = greedy_roster(instance, time.perf_counter() + 30)
    assert roster == {"A": ["L"] * days, "B": ["E"] * days}
    assert evaluate_roster(instance, roster).objective == 0


def test_a_passed_deadline_gives_no_roster():
    instance = tiny(3, {(0, "E"): 1})
    assert greedy_roster(instance, time.perf_counter() - 1) is None


@pytest.mark.parametrize("number", [1, 4, 15])
def test_public_instances_get_a_feasible_roster_the_model_scores_like_the_checker(shared_benchmarks, number):
    instance = read_instance(shared_benchmarks / "curtois" / f"Instance{number}.txt")
    roster = greedy_roster(instance, time.perf_counter() + 120)
    assert roster is not None
    evaluation = evaluate_roster(instance, roster)
    assert evaluation.feasible, evaluation.violations[:3]
    found = roster_solution(build_model(instance), roster)
    assert found is not None
    assert round(found[1] / COST_SCALE) == evaluation.objective


def test_the_employee_model_prices_cover_exactly_like_the_full_model(shared_benchmarks):
    """Alone on a line, one person more is one of shortfall less (open line) or one of surplus more (full
    line): the per-option prices plus the open lines' shortfall are the full model's cover penalties."""
    instance = read_instance(shared_benchmarks / "curtois" / "Instance2.txt")
    placed = Counter({(c.day, c.shift): c.requirement for c in instance.cover[::2]})  # half the lines full
    one = residual(instance, instance.employees[3:4], placed)
    solved = []
    for cm in (build_model(one), employee_model(one)):
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(cm.model) == cp_model.OPTIMAL
        solved.append((solver.objective_value, cm.roster(solver.Value)))
    shortfall = sum(c.weight_under * c.requirement for c in one.cover) * COST_SCALE
    assert solved[1][0] + shortfall == solved[0][0]
    assert evaluate_roster(one, solved[1][1]).objective * COST_SCALE == solved[0][0]


def test_past_its_pace_target_every_employee_still_gets_a_roster(shared_benchmarks):
    """Out of search time but before the deadline, the employees take their models' first rosters."""
    instance = read_instance(shared_benchmarks / "curtois" / "Instance3.txt")
    now = time.perf_counter()
    roster = greedy_roster(instance, now + 60, target=now - 1)
    assert roster is not None
    assert evaluate_roster(instance, roster).feasible
