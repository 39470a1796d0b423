import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from solver.plan import PlannedShift
from tests.solver.factory import agent, problem, solved


def _problem():
    p = problem(n_days=2)
    n = p.horizon.n_intervals
    avail = tuple(96 <= t < 96 + 17 * 4 for t in range(n))  # only day 1 until 17:00
    return dataclasses.replace(p, agents=(agent("a1", n, available=avail),))


def test_shifts_stay_inside_availability():
    p = _problem()
    plan = solved(p)
    assert plan.agents[0].shifts
    for s in plan.agents[0].shifts:
        assert all(p.agents[0].available[s.start : s.end])
    assert check_plan(p, plan) == []


def test_shift_outside_availability_is_reported():
    p = _problem()
    plan = solved(p)
    bad = dataclasses.replace(
        plan, agents=(dataclasses.replace(plan.agents[0], shifts=(PlannedShift(0, 8 * 4, 24),), queue_spans=()),), coverage=()
    )
    vs = [v for v in check_plan(p, bad) if v.rule_id == R.AVAILABILITY_INSIDE_MASK]
    assert vs and vs[0].agent_id == "a1" and vs[0].day == 0
