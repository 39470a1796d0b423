import dataclasses

from solver import rule_ids as R
from solver.problem import Contract, ShiftRule
from solver.solve import solve
from tests.solver.factory import agent, params, problem


def test_contract_minimum_above_availability_names_agent_and_rule():
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    avail = tuple(t < 2 * 96 for t in range(n))  # two days only
    bad = agent("anna", n, contract=Contract(min_week_min=30 * 60, max_week_min=40 * 60), available=avail)
    p = dataclasses.replace(p, agents=(agent("ok", n), bad))
    res = solve(p, params(0.3))
    assert res.plan is None
    (c,) = res.explanation
    assert c.agent_id == "anna" and R.CONTRACT_MIN_WEEK in c.rule_ids
    assert "anna" in c.message and "30 h" in c.message and "16 h" in c.message


def test_rest_against_contract_minimum_found_by_assumptions():
    """Alternating late-only and early-only days: the pre-check passes, rest makes the minimum impossible."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    late = lambda t: 14 * 4 <= t % 96  # noqa: E731
    early = lambda t: t % 96 < 15 * 4  # noqa: E731
    avail = tuple(late(t) if (t // 96) % 2 == 0 else early(t) for t in range(n))
    rule = ShiftRule(6 * 60, 14 * 60, 60, (8 * 60 + 30,))
    c = Contract(min_week_min=5 * 480, max_week_min=40 * 60, max_days_per_week=5, max_consecutive_days=7)
    p = dataclasses.replace(p, agents=(agent("ben", n, contract=c, rule=rule, available=avail),))
    res = solve(p, params(1))
    assert res.plan is None
    (conf,) = res.explanation
    assert conf.agent_id == "ben"
    assert R.REST_MIN_BETWEEN_SHIFTS in conf.rule_ids and R.CONTRACT_MIN_WEEK in conf.rule_ids
    assert "minimum rest between shifts" in conf.message
