import dataclasses

from solver import rule_ids as R
from solver.check import check_plan
from solver.plan import PlannedActivity
from solver.problem import Activity, Contract
from tests.solver.factory import agent, fixed_rule, flat_queue, problem, solved


def _problem():
    p = problem(n_days=1)
    n = p.horizon.n_intervals
    q = flat_queue(n, req=1, hours=(8, 17))
    agents = tuple(agent(f"a{i}", n, rule=fixed_rule(8, 8.5), contract=Contract(min_week_min=0)) for i in range(2))
    act = Activity("training", 4, ("a0", "a1"), (8 * 4, 17 * 4))
    return dataclasses.replace(p, queues=(q,), agents=agents, activities=(act,))


def test_activity_placed_for_all_participants_inside_window():
    p = _problem()
    plan = solved(p)
    placed = [ap.activities for ap in plan.agents]
    assert all(len(x) == 1 for x in placed)
    assert placed[0][0].start == placed[1][0].start
    assert plan.penalty(R.ACTIVITY_UNPLACED) == 0
    assert check_plan(p, plan) == []


def test_activity_without_participant_on_shift_is_reported():
    p = _problem()
    plan = solved(p)
    a1 = dataclasses.replace(plan.agents[1], shifts=(), queue_spans=(), activities=(PlannedActivity("training", plan.agents[0].activities[0].start, 4),))
    bad = dataclasses.replace(plan, agents=(plan.agents[0], a1), coverage=())
    assert R.ACTIVITY_PARTICIPANTS_PRESENT in {v.rule_id for v in check_plan(p, bad)}


def test_an_activity_no_plan_can_hold_names_who_cannot_be_there():
    from solver.activity_reach import unreachable_activities

    p = _problem()
    assert unreachable_activities(p) == {}
    n = p.horizon.n_intervals
    late = agent("a1", n, rule=fixed_rule(17, 4), contract=Contract(min_week_min=0))  # 17:00-21:00: after the window
    p2 = dataclasses.replace(p, agents=(p.agents[0], late))
    assert unreachable_activities(p2) == {"training": ("a1",)}
    assert solved(p2).penalty(R.ACTIVITY_UNPLACED) == 1


def test_participants_who_can_each_attend_but_never_together_are_told_apart():
    from solver.activity_reach import unreachable_activities

    p = _problem()
    n = p.horizon.n_intervals
    early = agent("a0", n, rule=fixed_rule(8, 4), contract=Contract(min_week_min=0))  # 08:00-12:00
    late = agent("a1", n, rule=fixed_rule(13, 4), contract=Contract(min_week_min=0))  # 13:00-17:00
    assert unreachable_activities(dataclasses.replace(p, agents=(early, late))) == {"training": ()}
