"""The master LP's rounded weeks as a start: one week per agent, legal once completed, within the budget."""

from __future__ import annotations

import pytest

from solver.bound import LagrangianBound, lagrangian_bound
from solver.check import check_plan
from solver.column_bound import column_generation_bound
from solver.extract import extract_plan, value_reader
from solver.lp_start import lp_choice, lp_start
from solver.plan import SolveStats
from solver.solve import build_model
from tests.solver.test_properties import random_problem
from tests.solver.test_warm_start import _tight_budget_problem


def _rounded(p, ctx):
    """Every rounding the master reported, with the classes of agents it is for."""
    lb = LagrangianBound(p, ctx.candidates)
    start = lagrangian_bound(p, None, time_limit_s=60, max_iterations=15, lb=lb, keep_weeks=True)
    heard = []
    column_generation_bound(lb, start, time_limit_s=60, max_iterations=10, on_weeks=heard.append)
    assert heard, "the master was never solved"
    return lb, heard


def _broken(p, ctx, values, objective):
    """The checker's findings on a solution of the model, held as a value vector."""
    stats = SolveStats("FEASIBLE", objective, objective, 0.0, 0.0, None, 1)
    return check_plan(p, extract_plan(ctx, value_reader(values), stats))


@pytest.mark.parametrize("seed", range(6))
def test_each_class_gets_one_of_its_own_columns_per_agent(seed):
    p = random_problem(seed)
    ctx = build_model(p)
    lb, heard = _rounded(p, ctx)
    for weeks in heard:
        assert [len(w) for w in weeks] == [len(m) for m in lb.members]
        for a, mine in enumerate(weeks):
            days = lb.agents[a].days
            for week in mine:
                assert len(set(days[week.chosen].tolist())) == week.chosen.size  # one shift a day
                assert week.paid == float(lb.agents[a].paid[week.chosen].sum())


@pytest.mark.parametrize("seed", range(6))
def test_the_completed_start_passes_the_checker(seed):
    p = random_problem(seed)
    ctx = build_model(p)
    lb, heard = _rounded(p, ctx)
    solver = lp_start(ctx, lb.members, heard[-1], 10.0, 0, None, 1)
    assert solver is not None
    assert _broken(p, ctx, solver.response_proto.solution, solver.objective_value) == []


def test_the_rounded_weeks_are_cut_to_the_labour_budget():
    p = _tight_budget_problem(13)
    ctx = build_model(p)
    lb, heard = _rounded(p, ctx)
    choice = lp_choice(ctx, lb.members, heard[-1])
    paid = {a: sum(o.paid_min for o in opts) for a, opts in choice.items()}
    assert sum(paid.values()) <= 13 * 60
    assert all(v >= 4 * 60 for v in paid.values())


def test_the_roster_search_restarts_from_the_side_bounds_weeks(monkeypatch):
    import time
    from types import SimpleNamespace

    import solver.lp_start
    from solver.solve import SolveParams, _Best, _search_then_restart
    from solver.warm_start import add_greedy_hints, complete_hint

    p = random_problem(3)
    ctx = build_model(p)
    add_greedy_hints(ctx)
    warm = complete_hint(ctx, 10.0, 0, None, None, 1)
    best = _Best(None)
    best.offer(warm.response_proto.solution, warm.objective_value)
    lb, heard = _rounded(p, ctx)
    started = []

    def spy(*args):
        got = lp_start(*args)
        started.append(got)
        return got

    monkeypatch.setattr(solver.lp_start, "lp_start", spy)
    params = SolveParams(time_limit_s=20.0, workers=2)
    now = time.monotonic()  # the switch (35 % of 20 s after t0) has passed: the restart comes at once
    _search_then_restart(ctx, best, params, None, SimpleNamespace(weeks=(lb.members, heard[-1])), now - 10.0, now + 3.0)
    assert len(started) == 1 and started[0] is not None
    assert best.get()[1] <= warm.objective_value  # the better of both starts' searches stands
    assert _broken(p, ctx, *best.get()) == []
