"""coverage.below_weekly_target: contacts short of a queue's weekly target cost extra, so queues below target
are lifted first; the amount reported is the shortfall in contacts."""

import dataclasses

import pytest

from solver import rule_ids as R
from solver.check import check_plan
from solver.problem import ServiceTarget, Weights
from tests.solver.constraints.test_coverage import _two_queue_problem
from tests.solver.factory import DAY, problem, solved


def _with_target(contacts: float, v2: float = 0.6, multiple: int = 2):
    p = _two_queue_problem(v1=1.0, v2=v2)
    q2 = dataclasses.replace(p.queues[1], targets=(ServiceTarget(0, DAY, contacts),))
    return dataclasses.replace(p, queues=(p.queues[0], q2), weights=Weights(target_shortfall_value_multiple=multiple))


def test_without_a_target_the_agent_serves_the_more_valuable_queue():
    plan = solved(_with_target(0.0))
    assert sum(plan.coverage[0].staffed) == 16 and sum(plan.coverage[1].staffed) == 0
    assert plan.penalty(R.COVERAGE_BELOW_WEEKLY_TARGET) == 0


def test_a_queue_below_target_gets_just_enough_agents_to_meet_it():
    p = _with_target(0.6 * 8)  # eight intervals on q2 meet it; the other eight are worth more on q1
    plan = solved(p)
    assert sum(plan.coverage[1].staffed) == 8 and sum(plan.coverage[0].staffed) == 8
    assert plan.penalty(R.COVERAGE_BELOW_WEEKLY_TARGET) == pytest.approx(0)
    assert check_plan(p, plan) == []


def test_an_unreachable_target_is_penalised_by_the_contacts_short_times_the_multiple():
    plan = solved(_with_target(12.0))  # q2 can answer at most 16 * 0.6 = 9.6 in target
    assert sum(plan.coverage[1].staffed) == 16
    short = next(pt for pt in plan.penalties if pt.rule_id == R.COVERAGE_BELOW_WEEKLY_TARGET)
    assert short.amount == pytest.approx(12.0 - 9.6)
    assert short.cost == pytest.approx(2 * (12.0 - 9.6))


def test_a_cheap_shortfall_does_not_move_the_agent():
    plan = solved(_with_target(0.6 * 8, v2=0.3))  # 0.3 * (1 + 2) < 1.0: q1 still buys more
    assert sum(plan.coverage[0].staffed) == 16


def test_targets_outside_the_horizon_are_refused():
    p = _with_target(1.0)
    bad = dataclasses.replace(p.queues[1], targets=(ServiceTarget(0, p.horizon.n_intervals + 1, 1.0),))
    with pytest.raises(ValueError, match="target"):
        dataclasses.replace(p, queues=(p.queues[0], bad)).validate()
    assert problem(n_days=1).queues[0].targets == ()
