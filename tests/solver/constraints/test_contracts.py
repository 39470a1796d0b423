import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from solver.plan import PlannedShift
from solver.problem import Contract
from tests.solver.factory import agent, problem, solved


def _week(contract, **kw):
    p = problem(n_days=7)
    return dataclasses.replace(p, agents=(agent("a1", p.horizon.n_intervals, contract=contract, **kw),))


def _paid(plan):
    return sum(s.length * 15 - sum(b.length * 15 for b in s.breaks if not b.paid) for s in plan.agents[0].shifts)


def test_min_week_forces_work_even_without_demand():
    p = dataclasses.replace(_week(Contract(min_week_min=30 * 60, max_week_min=34 * 60, max_days_per_week=4)), queues=())
    plan = solved(p)
    assert 30 * 60 <= _paid(plan) <= 34 * 60
    assert len(plan.agents[0].shifts) <= 4
    assert check_plan(p, plan) == []


def test_max_consecutive_days_hold():
    p = _week(Contract(max_week_min=60 * 60, max_days_per_week=7, max_consecutive_days=3))
    plan = solved(p)
    days = sorted(s.day for s in plan.agents[0].shifts)
    runs = max((len(list(g)) for g in _runs(days)), default=0)
    assert runs <= 3
    assert check_plan(p, plan) == []


def _runs(days):
    out, cur = [], []
    for d in days:
        if cur and d != cur[-1] + 1:
            out.append(cur)
            cur = []
        cur.append(d)
    return out + ([cur] if cur else [])


def test_contract_violations_are_reported():
    p = _week(Contract(min_week_min=20 * 60, max_week_min=30 * 60, max_days_per_week=3, max_consecutive_days=2))
    plan = solved(p)
    shifts = tuple(PlannedShift(d, d * 96 + 8 * 4, 32) for d in range(5))  # 5 x 8 h
    bad = dataclasses.replace(plan, agents=(dataclasses.replace(plan.agents[0], shifts=shifts, queue_spans=()),), coverage=())
    ids = {v.rule_id for v in check_plan(p, bad)}
    assert {R.CONTRACT_MAX_WEEK, R.CONTRACT_MAX_DAYS_PER_WEEK, R.CONTRACT_MAX_CONSECUTIVE_DAYS} <= ids
    empty = dataclasses.replace(plan, agents=(dataclasses.replace(plan.agents[0], shifts=(), queue_spans=()),), coverage=())
    assert R.CONTRACT_MIN_WEEK in {v.rule_id for v in check_plan(p, empty)}
