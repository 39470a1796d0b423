"""The column-generation master: its bound is valid, never below the subgradient start, and closes on the LP."""

from __future__ import annotations

import dataclasses

import pytest

from solver.bound import LagrangianBound, lagrangian_bound
from solver.column_bound import column_generation_bound
from solver.solve import solve
from tests.solver.constraints.test_coverage import _two_queue_problem
from tests.solver.factory import params
from tests.solver.test_properties import random_problem


def _solved(p):
    res = solve(p, dataclasses.replace(params(0.3), bound_share=0.0))
    assert res.plan is not None, res.explanation
    return res.plan.stats


def _both(p, target, sub_iterations=15, master_iterations=30):
    lb = LagrangianBound(p)
    start = lagrangian_bound(p, target, time_limit_s=60, max_iterations=sub_iterations, lb=lb, keep_weeks=True)
    assert start is not None and start.weeks is not None and start.multipliers is not None
    return start, column_generation_bound(lb, start, time_limit_s=60, max_iterations=master_iterations)


@pytest.mark.parametrize("seed", range(6))
def test_master_bound_is_valid_and_at_least_the_start(seed):
    p = random_problem(seed)
    stats = _solved(p)
    start, got = _both(p, stats.objective)
    assert start.bound <= got.bound <= stats.objective
    if stats.status == "OPTIMAL":
        assert got.bound <= stats.bound


@pytest.mark.parametrize("name", ["two agents", "random 1", "random 7"])
def test_master_closes_the_gap_a_short_subgradient_run_leaves(name):
    p = {"two agents": lambda: _two_queue_problem(n_agents=2), "random 1": lambda: random_problem(1),
         "random 7": lambda: random_problem(7)}[name]()
    stats = _solved(p)
    assert stats.status == "OPTIMAL"
    start, got = _both(p, stats.objective, sub_iterations=2)
    assert start.bound < got.bound == stats.objective  # the relaxation is exact on these


def test_kept_weeks_are_distinct_columns_with_their_paid_minutes():
    p = random_problem(2)
    lb = LagrangianBound(p)
    start = lagrangian_bound(p, None, time_limit_s=60, max_iterations=50, lb=lb, keep_weeks=True)
    for a, weeks in enumerate(start.weeks):
        keys = {(w.cost, w.paid, w.working.tobytes()) for w in weeks}
        assert len(keys) == len(weeks)
        for w in weeks:
            assert w.paid % 1 == 0 and w.paid >= 0 and (w.working >= 0).all()


def test_no_time_left_returns_the_start_unchanged():
    p = random_problem(1)
    lb = LagrangianBound(p)
    start = lagrangian_bound(p, None, time_limit_s=60, max_iterations=5, lb=lb, keep_weeks=True)
    assert column_generation_bound(lb, start, time_limit_s=0.0) is start
