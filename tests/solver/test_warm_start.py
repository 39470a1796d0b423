"""The constructive warm start: legal, demand-driven, and within a tight labour budget."""

from __future__ import annotations

import dataclasses

from solver.check import check_plan
from solver.problem import Contract, ShiftRule
from solver.solve import build_model, solve
from solver.warm_start import greedy_choice
from tests.solver.factory import agent, flat_queue, params, problem


def _tight_budget_problem(budget_h: float):
    """Three agents who owe 4 h a week; shifts start at 08:00 but demand only begins at 12:00, so the greedy
    prefers 8-hour days (24 h in all) while the budget barely covers the minimums."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    rule = ShiftRule(8 * 60, 8 * 60, 60, (4 * 60, 8 * 60))
    contract = Contract(min_week_min=4 * 60, max_week_min=40 * 60, max_days_per_week=5)
    agents = tuple(agent(f"a{i}", n, contract=contract, rule=rule) for i in range(3))
    return dataclasses.replace(p, queues=(flat_queue(n, req=3, hours=(12, 16)),), agents=agents, max_paid_min=int(budget_h * 60))


def test_greedy_fits_a_tight_budget_without_breaking_a_minimum():
    p = _tight_budget_problem(13)
    chosen = greedy_choice(build_model(p))
    paid = {a: sum(o.paid_min for o in opts) for a, opts in chosen.items()}
    assert sum(paid.values()) <= 13 * 60
    assert all(v >= 4 * 60 for v in paid.values())


def test_a_tight_budget_still_gets_a_checked_solver_plan():
    p = _tight_budget_problem(13)
    res = solve(p, params(0.5))
    assert res.plan is not None and res.plan.stats.status in ("OPTIMAL", "FEASIBLE")
    assert check_plan(p, res.plan) == []
