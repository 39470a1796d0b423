import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from solver.problem import Contract, Weights
from tests.solver.factory import agent, problem, solved


def test_weekend_days_spread_over_agents():
    """Two agents who must each work 5 of 7 days with one working day available on the weekend each way."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    c = Contract(min_week_min=5 * 480, max_week_min=5 * 480, max_days_per_week=5, max_consecutive_days=7)
    weekdays_4 = tuple(t < 4 * 96 or t >= 5 * 96 for t in range(n))  # Friday unavailable: must work one weekend day
    agents = (agent("a1", n, contract=c, available=weekdays_4), agent("a2", n, contract=c, available=weekdays_4))
    p = dataclasses.replace(p, agents=agents, queues=(), weights=Weights(weekend_day_worked_per_day=1.0))
    plan = solved(p)
    per_agent = [sum(1 for s in ap.shifts if s.day in (5, 6)) for ap in plan.agents]
    assert per_agent == [1, 1]
    assert plan.penalty(R.FAIR_WEEKENDS) == 2  # each agent's first weekend day costs 1 x weight
    assert check_plan(p, plan) == []


def test_stable_start_times_cost_nothing_when_possible():
    p = problem(n_days=3)
    p = dataclasses.replace(p, queues=(), agents=(agent("a1", p.horizon.n_intervals, contract=Contract(min_week_min=0)),))
    plan = solved(p)
    assert plan.penalty(R.FAIR_START_SPREAD) == 0
