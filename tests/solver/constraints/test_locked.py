import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from solver.problem import LockedDay
from tests.solver.factory import agent, problem, solved


def test_locked_shift_and_pinned_day_off_are_kept():
    p = problem(n_days=2)
    n = p.horizon.n_intervals
    a = agent("a1", n, locked=(LockedDay(0, start=13 * 4 + 2, n_intervals=26), LockedDay(1)))
    p = dataclasses.replace(p, agents=(a,))
    plan = solved(p)
    (s,) = plan.agents[0].shifts
    assert (s.day, s.start, s.length, s.locked) == (0, 13 * 4 + 2, 26, True)
    assert check_plan(p, plan) == []
    moved = dataclasses.replace(plan, agents=(dataclasses.replace(plan.agents[0], shifts=(dataclasses.replace(s, start=s.start + 1),), queue_spans=()),), coverage=())
    assert R.LOCKED_KEPT in {v.rule_id for v in check_plan(p, moved)}
