import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from tests.solver.factory import agent, fixed_rule, problem, solved


def _one_shift_problem(length_h=8.5):
    p = problem(n_days=1)
    return dataclasses.replace(p, agents=(agent("a1", p.horizon.n_intervals, rule=fixed_rule(8, length_h)),))


def _without_assignments(plan, agent_plan):
    return dataclasses.replace(
        plan,
        agents=(dataclasses.replace(agent_plan, queue_spans=()),),
        coverage=tuple(dataclasses.replace(c, staffed=(0,) * len(c.staffed)) for c in plan.coverage),
    )


def test_breaks_hold_in_solved_plan():
    p = _one_shift_problem()
    plan = solved(p)
    (shift,) = plan.agents[0].shifts
    assert sum(b.length for b in shift.breaks) * 15 >= 30
    assert check_plan(p, plan) == []


def test_missing_break_is_reported():
    p = _one_shift_problem()
    plan = solved(p)
    ap = plan.agents[0]
    broken = dataclasses.replace(ap, shifts=tuple(dataclasses.replace(s, breaks=()) for s in ap.shifts))
    ids = {v.rule_id for v in check_plan(p, _without_assignments(plan, broken))}
    assert R.BREAKS_AFTER_SIX_HOURS in ids
    assert R.BREAKS_MAX_WORK_WITHOUT_BREAK in ids


def test_break_outside_window_is_reported():
    p = _one_shift_problem()
    plan = solved(p)
    ap = plan.agents[0]
    (s,) = ap.shifts
    (b,) = s.breaks
    moved = dataclasses.replace(b, start=s.start + 1)  # 15 minutes after the start: outside the window
    broken = dataclasses.replace(ap, shifts=(dataclasses.replace(s, breaks=(moved,)),))
    ids = {v.rule_id for v in check_plan(p, _without_assignments(plan, broken))}
    assert R.BREAKS_WINDOW in ids and R.BREAKS_MAX_WORK_WITHOUT_BREAK in ids


def test_agent_is_not_on_a_queue_during_breaks():
    p = _one_shift_problem()
    plan = solved(p)
    ap = plan.agents[0]
    for b in ap.shifts[0].breaks:
        for t in range(b.start, b.start + b.length):
            assert ap.queue_at(t) is None
