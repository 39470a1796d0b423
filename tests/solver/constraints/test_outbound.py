import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from solver.problem import Campaign, Contract
from tests.solver.factory import agent, fixed_rule, problem, solved


def _problem(agent_min: int, inbound: bool = False):
    p = problem(n_days=1)
    n = p.horizon.n_intervals
    allowed = tuple(14 * 4 <= t < 16 * 4 for t in range(n))
    a = agent("a1", n, skills=("q1", "out"), rule=fixed_rule(8, 8.5), contract=Contract(min_week_min=0))
    return dataclasses.replace(p, agents=(a,), campaigns=(Campaign("out", agent_min, allowed),), queues=p.queues if inbound else ())


def test_campaign_minutes_placed_inside_allowed_hours():
    p = _problem(60)
    plan = solved(p)
    assert dict(plan.campaign_minutes)["out"] >= 60
    for sp in plan.agents[0].queue_spans:
        if sp.queue_id == "out":
            assert 14 * 4 <= sp.start and sp.end <= 16 * 4
    assert plan.penalty(R.OUTBOUND_UNPLACED) == 0
    assert check_plan(p, plan) == []


def test_unplaceable_campaign_minutes_penalised_per_agent_hour():
    p = _problem(4 * 60)  # only 2 hours allowed
    plan = solved(p)
    assert plan.penalty(R.OUTBOUND_UNPLACED) == 2


def test_inbound_worth_more_than_outbound_keeps_the_agent_on_the_phones():
    """1 call per interval inbound beats 2.0 per agent-hour outbound: outbound only where inbound leaves capacity."""
    plan = solved(_problem(60, inbound=True))
    assert dict(plan.campaign_minutes)["out"] == 0
    assert plan.penalty(R.OUTBOUND_UNPLACED) == 1
