import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from solver.plan import PlannedShift
from solver.problem import ShiftRule
from tests.solver.factory import agent, problem, solved


def _late_then_early_problem():
    """Day 0 only late shifts (from 14:00), day 1 only early ones (until 15:00): under 11 h apart."""
    p = problem(n_days=2)
    n = p.horizon.n_intervals
    avail = tuple((14 * 4 <= t < 96) or (96 <= t < 96 + 15 * 4) for t in range(n))
    rule = ShiftRule(6 * 60, 14 * 60, 60, (8 * 60 + 30,))
    return dataclasses.replace(p, agents=(agent("a1", n, rule=rule, available=avail),))


def test_rest_holds():
    p = _late_then_early_problem()
    plan = solved(p)
    assert len(plan.agents[0].shifts) <= 1
    assert check_plan(p, plan) == []


def test_rest_violation_is_reported():
    p = _late_then_early_problem()
    plan = solved(p)
    shifts = (PlannedShift(0, 14 * 4, 34), PlannedShift(1, 96 + 6 * 4, 34))
    bad = dataclasses.replace(plan, agents=(dataclasses.replace(plan.agents[0], shifts=shifts, queue_spans=()),), coverage=())
    rest = [v for v in check_plan(p, bad) if v.rule_id == R.REST_MIN_BETWEEN_SHIFTS]
    assert rest and rest[0].agent_id == "a1" and "7.5 h" in rest[0].message
