import dataclasses

import pytest

from solver import rule_ids as R
from solver.check import check_plan
from solver.problem import Queue
from tests.solver.factory import DAY, agent, fixed_rule, problem, solved


def _two_queue_problem(v1=1.0, v2=0.3, n_agents=1):
    """Agents skilled in both queues, one fixed 4-hour shift 08:00-12:00, demand in both queues."""
    p = problem(n_days=1)
    n = p.horizon.n_intervals
    on = [8 * 4 <= t < 12 * 4 for t in range(DAY)]
    q1 = Queue("q1", tuple(int(x) for x in on), tuple((v1,) if x else () for x in on), over_staff_cost_per_agent_interval=0)
    q2 = Queue("q2", tuple(int(x) for x in on), tuple((v2,) if x else () for x in on), over_staff_cost_per_agent_interval=0)
    agents = tuple(agent(f"a{i}", n, skills=("q1", "q2"), rule=fixed_rule(8, 4)) for i in range(n_agents))
    return dataclasses.replace(p, queues=(q1, q2), agents=agents)


def test_multi_skilled_agent_is_in_one_queue_at_a_time_and_goes_where_value_is_highest():
    p = _two_queue_problem()
    plan = solved(p)
    q1, q2 = plan.coverage
    assert sum(q1.staffed) == 16 and sum(q2.staffed) == 0
    assert check_plan(p, plan) == []


def test_under_service_value_penalised_by_the_lost_value():
    plan = solved(_two_queue_problem())
    assert plan.penalty(R.COVERAGE_UNDER_SERVICE_VALUE) == pytest.approx(16 * 0.3)


def test_two_agents_split_over_both_queues():
    p = _two_queue_problem(n_agents=2)
    plan = solved(p)
    q1, q2 = plan.coverage
    assert sum(q1.staffed) == 16 and sum(q2.staffed) == 16
    assert plan.penalty(R.COVERAGE_UNDER_SERVICE_VALUE) == pytest.approx(0)
    assert check_plan(p, plan) == []


def test_unmet_demand_is_reported_per_queue_and_interval():
    p = _two_queue_problem()
    plan = solved(p)
    assert sum(plan.coverage[1].unmet) == 16
    assert plan.coverage[1].unmet[8 * 4] == 1


def test_over_staffing_penalised_per_agent_interval():
    p = _two_queue_problem(n_agents=2)
    q1 = dataclasses.replace(p.queues[0], marginal_values=tuple((1.0, 1.0) if m else () for m in p.queues[0].marginal_values), over_staff_cost_per_agent_interval=0.1)
    p = dataclasses.replace(p, queues=(q1,))
    plan = solved(p)
    assert sum(plan.coverage[0].staffed) == 32
    assert plan.penalty(R.COVERAGE_OVER_STAFFING) == pytest.approx(16)


def test_unskilled_assignment_is_reported():
    p = _two_queue_problem()
    plan = solved(p)
    ap = plan.agents[0]
    bad_spans = tuple(dataclasses.replace(s, queue_id="q9") for s in ap.queue_spans)
    bad = dataclasses.replace(plan, agents=(dataclasses.replace(ap, queue_spans=bad_spans),))
    ids = {v.rule_id for v in check_plan(p, bad)}
    assert R.SKILLS_QUEUE_SKILLED in ids and R.COVERAGE_STAFFED_CONSISTENT in ids
