"""The Lagrangian bound: never above any plan's objective, exact where nothing couples agents but coverage."""

from __future__ import annotations

import dataclasses
import math

import pytest

from solver.bound import lagrangian_bound
from solver.penalty import coefficient
from solver.problem import Activity
from solver.solve import solve
from tests.solver.constraints.test_coverage import _two_queue_problem
from tests.solver.constraints.test_rest import _late_then_early_problem
from tests.solver.factory import params
from tests.solver.test_properties import random_problem


def _solved(p):
    res = solve(p, dataclasses.replace(params(0.3), bound_share=0.0))
    assert res.plan is not None, res.explanation
    return res.plan.stats


@pytest.mark.parametrize("seed", range(8))
def test_bound_is_never_above_a_plan_objective(seed):
    p = random_problem(seed)
    stats = _solved(p)
    got = lagrangian_bound(p, stats.objective, time_limit_s=60, max_iterations=150)
    assert got is not None
    if not math.isnan(stats.objective):
        assert got.bound <= stats.objective
        if stats.status == "OPTIMAL":
            assert got.bound <= stats.bound


def test_bound_is_exact_when_agents_only_share_coverage():
    p = _two_queue_problem(n_agents=2)
    stats = _solved(p)
    assert stats.status == "OPTIMAL"
    assert lagrangian_bound(p, stats.objective, time_limit_s=60, max_iterations=200).bound == stats.objective


def test_labour_budget_is_priced_into_the_bound():
    free = _two_queue_problem(n_agents=2)
    tight = dataclasses.replace(free, max_paid_min=4 * 60)  # one 4-hour shift for both agents
    stats = _solved(tight)
    assert stats.status == "OPTIMAL"
    loose = lagrangian_bound(free, None, time_limit_s=60, max_iterations=200).bound
    priced = lagrangian_bound(tight, stats.objective, time_limit_s=60, max_iterations=300).bound
    assert loose < priced <= stats.objective
    assert priced >= stats.objective - 0.05 * abs(stats.objective)


def test_solve_reports_the_tighter_bound_and_a_consistent_gap():
    p = random_problem(4)  # not proven optimal in the test budget
    res = solve(p, params(0.3))
    raw = _solved(p)
    st = res.plan.stats
    assert st.bound >= raw.bound and st.bound <= st.objective
    assert st.gap == pytest.approx(abs(st.objective - st.bound) / max(1.0, abs(st.objective)))


def test_weekly_targets_are_priced_into_the_bound():
    from tests.solver.constraints.test_weekly_target import _with_target

    p = _with_target(0.6 * 8)
    stats = _solved(p)
    assert stats.status == "OPTIMAL"
    ignoring = lagrangian_bound(dataclasses.replace(p, queues=tuple(dataclasses.replace(q, targets=()) for q in p.queues)),
                                None, time_limit_s=60, max_iterations=200).bound
    priced = lagrangian_bound(p, stats.objective, time_limit_s=60, max_iterations=300).bound
    assert ignoring <= priced <= stats.objective
    assert priced >= stats.objective - 0.01 * abs(stats.objective)


def test_alike_agents_share_one_entry_counted_as_many_times_as_they_are():
    from solver.bound import LagrangianBound

    base = _two_queue_problem(n_agents=1)
    other = dataclasses.replace(base.agents[0], agent_id="late", preferences=dataclasses.replace(
        base.agents[0].preferences, start_window_min=(10 * 60, 11 * 60)))
    p = dataclasses.replace(base, agents=base.agents + (dataclasses.replace(base.agents[0], agent_id="twin"), other))
    lb = LagrangianBound(p)
    assert lb.members == [[0, 1], [2]] and lb.counts.tolist() == [2.0, 1.0]
    # the same agents, one entry each: every multiplier gives the same value and subgradients
    flat = LagrangianBound(p)
    flat.agents = [lb.agents[k] for k, members in enumerate(lb.members) for _ in members]
    flat.counts = [1.0] * len(flat.agents)
    mu = lb.initial_mu() * 0.7
    for lam in (0.0, 0.002):
        got, want = lb.evaluate(mu, lam), flat.evaluate(mu, lam)
        assert got[0] == pytest.approx(want[0])
        assert got[1] == pytest.approx(want[1]) and got[2] == pytest.approx(want[2])


def test_agents_alike_in_fields_but_not_in_candidates_stay_apart():
    from solver.bound import LagrangianBound
    from solver.candidates import candidate_shifts

    base = _two_queue_problem(n_agents=2)
    cands = [candidate_shifts(base, ag) for ag in base.agents]
    cands[1] = [[]] + cands[1][1:]  # e.g. a caller that took one agent's first day away
    assert LagrangianBound(base, cands).members == [[0], [1]]
    assert LagrangianBound(base).members == [[0, 1]]


def test_rest_between_consecutive_days_is_priced_into_the_bound():
    """A late shift and the next day's early shift would both cover demand but leave under 11 h of rest:
    the bound knows only one of them can be worked. Without the rule (what the bound used to price) both
    count, and the bound falls below the optimum with rest."""
    p = _late_then_early_problem()
    ag = p.agents[0]
    no_rest = dataclasses.replace(p, agents=(dataclasses.replace(ag, contract=dataclasses.replace(ag.contract, min_rest_min=0)),))
    got = {}
    for name, prob in (("rest", p), ("no rest", no_rest)):
        stats = _solved(prob)
        assert stats.status == "OPTIMAL"
        got[name] = (stats.objective, lagrangian_bound(prob, stats.objective, time_limit_s=60, max_iterations=200).bound)
    assert got["no rest"][1] <= got["no rest"][0] < got["rest"][0] == got["rest"][1]


def test_an_activity_no_plan_can_hold_costs_its_weight_in_the_bound():
    """A meeting at 02:00 (no shift is ever there) is unplaced in every plan: the bound counts it and stays
    exact."""
    p = _two_queue_problem(n_agents=2)
    night = Activity("night meeting", 2, ("a0", "a1"), (2 * 4, 4 * 4))
    with_meeting = dataclasses.replace(p, activities=(night,))
    plain, stats = _solved(p), _solved(with_meeting)
    assert plain.status == stats.status == "OPTIMAL"
    priced = lagrangian_bound(with_meeting, stats.objective, time_limit_s=60, max_iterations=200).bound
    assert priced == stats.objective == plain.objective + coefficient(p.weights.activity_unplaced_per_activity)
