"""Column generation over employee rosters and the dive from its LP: a valid bound and a legal roster."""

from __future__ import annotations

import math
import time

import pytest
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.curtois import columns
from solver.curtois.check import evaluate_roster
from solver.curtois.columns import column_dive
from solver.curtois.construct import greedy_roster
from solver.curtois.instance import ShiftType, read_instance
from tests.solver.curtois.test_model import staff, tiny

TWO_TYPES = (ShiftType("E", 480, ()), ShiftType("L", 480, ()))


def _two_lines(days: int):
    """A works either type, B only E; one person wanted on each line: the only optimum is A on L, B on E."""
    employees = (staff("A", days=days, min_total_min=days * 480, max_shifts={"E": days, "L": days}),
                 staff("B", days=days, min_total_min=days * 480, max_shifts={"E": days, "L": 0}))
    return tiny(days, {(d, s): 1 for d in range(days) for s in ("E", "L")}, employees=employees, shifts=TWO_TYPES)


def test_from_a_roster_that_leaves_a_line_open_the_dive_reaches_the_optimum_and_the_bound_meets_it():
    instance = _two_lines(7)
    start = {"A": ["E"] * 7, "B": ["E"] * 7}  # E twice over, L open: 7 x 100 + 7 x 1
    assert evaluate_roster(instance, start).objective == 707
    got = column_dive(instance, start, time.perf_counter() + 60)
    assert got.roster == {"A": ["L"] * 7, "B": ["E"] * 7}
    assert evaluate_roster(instance, got.roster).objective == 0
    assert abs(got.root_lp) < 1e-9
    assert -0.01 < got.bound <= 0  # less only by the duals' rounding to milli-units: a whole-number bound of 0


def test_out_of_time_the_dive_returns_its_start_roster_whole():
    instance = _two_lines(7)
    start = {"A": ["E"] * 7, "B": ["E"] * 7}
    got = column_dive(instance, start, time.perf_counter() - 1)
    assert got.roster == start
    assert got.bound == float("-inf")  # no round priced anyone: no bound to claim


def test_on_a_public_instance_the_bound_lies_under_the_optimum_and_the_roster_is_legal(shared_benchmarks):
    """Instance2's optimum is 828 (CP-SAT proves it). The LP bound is strong: within 1 % of it."""
    instance = read_instance(shared_benchmarks / "curtois" / "Instance2.txt")
    start = greedy_roster(instance, time.perf_counter() + 30)
    got = column_dive(instance, start, time.perf_counter() + 120)
    evaluation = evaluate_roster(instance, got.roster)
    assert evaluation.feasible, evaluation.violations[:3]
    assert 0.99 * 828 <= got.bound <= 828 <= evaluation.objective
    assert evaluation.objective <= evaluate_roster(instance, start).objective


def test_priced_on_two_threads_the_root_reaches_the_same_lp_and_a_bound_under_it(shared_benchmarks):
    """The root LP's value is unique, whatever order the threads hand their columns back in."""
    instance = read_instance(shared_benchmarks / "curtois" / "Instance2.txt")
    start = greedy_roster(instance, time.perf_counter() + 30)
    one, two = (column_dive(instance, start, time.perf_counter() + 120, workers=w) for w in (1, 2))
    assert two.root_lp == pytest.approx(one.root_lp, abs=1e-6)
    assert -math.inf < two.bound <= two.root_lp + 1e-6
    assert evaluate_roster(instance, two.roster).feasible


@pytest.mark.parametrize("allowed", [0, 2])
def test_a_step_that_raises_the_lp_too_much_is_taken_back_and_its_columns_never_return(monkeypatch, allowed):
    """Three who must work every day, one wanted on each of two lines: at least one surplus a day (LP 3).
    With every step counted as too dear, the dive takes steps back (none when none are allowed); what it
    undid never comes back."""
    days = 3
    employees = tuple(staff(eid, days=days, min_total_min=days * 480, max_shifts={"E": days, "L": days})
                      for eid in "ABC")
    instance = tiny(days, {(d, s): 1 for d in range(days) for s in ("E", "L")}, employees=employees, shifts=TWO_TYPES)
    undone, calls = [], []
    real_undo = columns._Generation.undo

    def undo(gen, ks):
        calls.append(ks)
        undone.extend((gen.pricers[k].employee.id, gen.fixed[k]) for k in ks)
        real_undo(gen, ks)

    monkeypatch.setattr(columns, "FINISH_FREE", 0)  # every employee fixed by a step: none left to the finish
    monkeypatch.setattr(columns, "MASTER_PACE", math.inf)  # all priced at one round's duals: each gets a
    # column besides its start, so every step has an alternative to go back to
    monkeypatch.setattr(columns, "BACKTRACK_RISE", -1.0)  # any step at all rises "too much"
    monkeypatch.setattr(columns, "BACKTRACKS", allowed)
    monkeypatch.setattr(columns._Generation, "undo", undo)
    start = {e.id: ["E"] * days for e in employees}
    got = column_dive(instance, start, time.perf_counter() + 60)
    assert (1 <= len(calls) <= allowed) if allowed else not calls
    for eid, days_undone in undone:
        assert tuple(got.roster[eid]) != days_undone
    evaluation = evaluate_roster(instance, got.roster)
    assert evaluation.feasible, evaluation.violations[:3]
    assert evaluation.objective == 3


@pytest.mark.parametrize("finish_free", [0, 2])
def test_the_employees_the_dive_leaves_free_are_re_planned_together_exactly(monkeypatch, finish_free):
    """With no pricing at all the master holds only the start's columns, so the steps fix the start as it
    is (707); the finish re-plans the employees they left free against the open cover: both, the optimum."""
    monkeypatch.setattr(columns, "ROOT_SHARE", 0.0)
    monkeypatch.setattr(columns, "FINISH_FREE", finish_free)
    monkeypatch.setattr(columns, "_reprice", lambda gen, until, stop: None)
    instance = _two_lines(7)
    start = {"A": ["E"] * 7, "B": ["E"] * 7}
    got = column_dive(instance, start, time.perf_counter() + 60)
    assert got.rounds == 0
    if finish_free:
        assert got.roster == {"A": ["L"] * 7, "B": ["E"] * 7}
    else:
        assert got.roster == start


def test_a_stop_ends_the_finish_early_with_the_better_of_its_hint_and_what_it_found(shared_benchmarks, monkeypatch):
    """Instance7's 20 employees all left to the finish, stopped after two seconds of a minute."""
    monkeypatch.setattr(columns, "ROOT_SHARE", 0.0)
    monkeypatch.setattr(columns, "FINISH_FREE", 100)
    instance = read_instance(shared_benchmarks / "curtois" / "Instance7.txt")
    start = greedy_roster(instance, time.perf_counter() + 30)
    began = time.perf_counter()
    got = column_dive(instance, start, began + 60, stop=lambda: time.perf_counter() > began + 2)
    assert time.perf_counter() - began < 10
    evaluation = evaluate_roster(instance, got.roster)
    assert evaluation.feasible, evaluation.violations[:3]
    assert evaluation.objective <= evaluate_roster(instance, start).objective


def test_without_the_exact_model_the_finish_keeps_the_construction_on_the_open_cover(monkeypatch):
    """The LP columns of the free employees both sit on E (707); built one employee at a time against the
    open cover they split over E and L (0), and that roster is kept even when the exact model finds nothing."""
    monkeypatch.setattr(columns, "ROOT_SHARE", 0.0)
    monkeypatch.setattr(columns, "FINISH_FREE", 2)
    monkeypatch.setattr(columns, "_solve_until_stop", lambda solver, model, stop: cp_model.UNKNOWN)
    instance = _two_lines(7)
    got = column_dive(instance, {"A": ["E"] * 7, "B": ["E"] * 7}, time.perf_counter() + 60)
    assert got.roster == {"A": ["L"] * 7, "B": ["E"] * 7}


class _FailsOnce:
    """The master's GLOP solver, except that its first incremental solve ends without an optimum."""

    def __init__(self, solver):
        self.solver = solver
        self.calls: list[tuple] = []

    def Solve(self, *params):
        self.calls.append(params)
        if len(self.calls) == 1:
            return pywraplp.Solver.ABNORMAL
        return self.solver.Solve(*params)

    def __getattr__(self, name):
        return getattr(self.solver, name)


def test_a_master_solve_that_ends_without_an_optimum_is_retried_once_from_scratch():
    instance = _two_lines(7)
    master = columns._Master(instance)
    for k in range(len(instance.employees)):
        master.add(k, ("E",) * 7, 0.0)  # both on E every day: L open (7 x 100), E over (7 x 1)
    flaky = master.s = _FailsOnce(master.s)
    assert master.solve() == pytest.approx(707.0)
    assert flaky.calls[0] == ()  # first from the basis kept from the last solve
    (params,) = flaky.calls[1]
    assert params.GetIntegerParam(params.INCREMENTALITY) == params.INCREMENTALITY_OFF


class _AlwaysFails(_FailsOnce):
    def Solve(self, *params):
        self.calls.append(params)
        return pywraplp.Solver.ABNORMAL


def test_a_master_that_fails_from_scratch_too_is_built_anew_with_its_columns_and_their_bounds():
    instance = _two_lines(7)
    master = columns._Master(instance)
    for k in range(len(instance.employees)):
        master.add(k, ("E",) * 7, 0.0)
    master.add(0, ("L",) * 7, 0.0)
    master.forbid(0, ("L",) * 7)  # A's only way to the optimum, kept out: the rebuilt master must keep it out
    broken = master.s = _AlwaysFails(master.s)
    assert master.solve() == pytest.approx(707.0)
    assert len(broken.calls) == 2 and master.s is not broken
    assert [x.ub() for _, x in master.columns[0].values()] == [master.s.infinity(), 0.0]
    master.add(1, ("L",) * 7, 0.0)  # columns added after the rebuild go to the new solver
    assert master.solve() == pytest.approx(0.0)


def test_a_master_solve_that_fails_after_its_rebuild_names_its_status(monkeypatch):
    instance = _two_lines(7)
    master = columns._Master(instance)
    create = pywraplp.Solver.CreateSolver
    monkeypatch.setattr(columns.pywraplp.Solver, "CreateSolver", lambda name: _AlwaysFails(create(name)))
    master.s = _AlwaysFails(master.s)
    with pytest.raises(RuntimeError, match="status 4"):
        master.solve()
