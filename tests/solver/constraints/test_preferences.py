import dataclasses

import pytest

from solver import rule_ids as R
from solver.check import check_plan
from solver.problem import Contract, Preferences
from tests.solver.factory import agent, problem, solved


def test_preferred_day_off_worked_when_contract_needs_it():
    """Available 5 days, contract needs 5 days: the preferred day off must be worked, at its weight."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    avail = tuple(t < 5 * 96 for t in range(n))
    prefs = Preferences(days_off=frozenset({0}), days_off_weight_per_day=2.0)
    a = agent("a1", n, contract=Contract(min_week_min=40 * 60, max_week_min=40 * 60), available=avail, preferences=prefs)
    p = dataclasses.replace(p, agents=(a,), queues=())
    plan = solved(p)
    assert plan.penalty(R.PREF_DAYS_OFF) == 1
    assert [x.cost for x in plan.penalties if x.rule_id == R.PREF_DAYS_OFF] == [pytest.approx(2.0)]
    assert check_plan(p, plan) == []


def test_start_window_respected_when_free():
    p = problem(n_days=2)
    n = p.horizon.n_intervals
    prefs = Preferences(start_window_min=(11 * 60, 12 * 60), start_weight_per_shift=5.0)
    p = dataclasses.replace(p, agents=(agent("a1", n, preferences=prefs),))
    plan = solved(p)
    for s in plan.agents[0].shifts:
        assert 11 * 4 <= s.start % 96 <= 12 * 4
    assert plan.penalty(R.PREF_START_WINDOW) == 0
