"""The roster search on residual problems: a residual step changes the whole objective by exactly what it
reports, the incumbent is always a solution of its residual, and every plan it leaves passes the checker.

Problems carry everything the residual has to translate: weekly targets, an e-mail queue, an outbound
campaign, an activity shared between freed and fixed agents, a labour budget and planner-locked days.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from ortools.sat.python import cp_model

from solver.check import check_plan
from solver.extract import extract_plan, value_reader
from solver.plan import SolveStats
from solver.problem import Activity, Campaign, Skill
from solver.residual import Neighbourhood, decisions, residual, roster_of
from solver.roster_lns import RosterSearch
from solver.solve import build_model, solve
from solver.warm_start import solve_fixed
from tests.solver.factory import params, problem
from tests.solver.test_properties import random_problem


def _rich(seed: int):
    """A random centre with more agents, an outbound campaign, a shared activity and a budget."""
    rng = random.Random(seed)
    base = random_problem(seed)
    more = [dataclasses.replace(base.agents[i % len(base.agents)], agent_id=f"x{i}") for i in range(4)]
    agents = list(base.agents) + more
    n = base.horizon.n_intervals
    agents = [dataclasses.replace(ag, skills=ag.skills + (Skill("out"),)) if i % 3 == 0 else ag
              for i, ag in enumerate(agents)]
    campaign = Campaign("out", 8 * 60, tuple(base.horizon.sites[0].open_mask))
    meeting = Activity("meeting", 2, (agents[0].agent_id, agents[-1].agent_id), (0, n))
    budget = rng.randint(40, 80) * 60
    return dataclasses.replace(base, agents=tuple(agents), campaigns=(campaign,), activities=(meeting,),
                               max_paid_min=budget)


def _first_plan(ctx):
    """A poor but legal plan: CP-SAT's first solution on one worker."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.stop_after_first_solution = True
    assert solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return list(solver.response_proto.solution)


def _exact(ctx, roster):
    """The whole model's objective of a roster, its bookkeeping variables solved to optimality."""
    got = solve_fixed(ctx, decisions(ctx, roster), {}, 60.0, 0, None, None, 1, first_only=False, gap=0.0)
    assert got is not None and got.response_proto.status == cp_model.OPTIMAL
    return got.objective_value, list(got.response_proto.solution)


@pytest.mark.parametrize("seed", range(6))
def test_a_step_changes_the_whole_objective_by_what_it_reports(seed):
    p = _rich(seed)
    ctx = build_model(p)
    roster = roster_of(ctx, _first_plan(ctx).__getitem__)
    start, _ = _exact(ctx, roster)
    search = RosterSearch(ctx, roster, start, seed=seed, step_time_s=60.0, step_deterministic_time=2.0)
    rng = random.Random(seed)
    for k in range(6):
        agents = tuple(sorted(rng.sample(range(len(p.agents)), rng.randint(1, 3))))
        days = None if k % 2 == 0 else frozenset({rng.randrange(p.horizon.n_days)})
        status = search.step(Neighbourhood(agents, days), 60.0)
        exact, values = _exact(ctx, search.roster)
        if status == cp_model.OPTIMAL:  # an optimal residual solve has optimal bookkeeping too
            assert exact == pytest.approx(search.objective, abs=0.5)
        else:
            assert exact <= search.objective + 0.5
        stats = SolveStats("FEASIBLE", exact, exact, 0.0, 0.0, None, 0)
        assert check_plan(p, extract_plan(ctx, value_reader(values), stats)) == []
    assert search.log.failed == 0
    assert search.objective <= start


def test_the_search_improves_a_poor_plan_and_keeps_the_budget():
    p = _rich(5)  # no e-mail queue: every skilled agent is movable, and the meeting is placeable
    ctx = build_model(p)
    roster = roster_of(ctx, _first_plan(ctx).__getitem__)
    start, _ = _exact(ctx, roster)
    search = RosterSearch(ctx, roster, start, seed=1, step_time_s=60.0, step_deterministic_time=1.0)
    log = search.run(float("inf"), max_steps=12)
    assert log.steps == 12 and log.failed == 0 and log.improved > 0
    assert search.objective < start
    assert sum(log.gain.values()) == pytest.approx(start - search.objective)
    paid = sum(s.paid_min for days in search.roster.shifts for s in days.values())
    assert paid <= p.max_paid_min
    assert [t for t, _ in log.improvements] == sorted(t for t, _ in log.improvements)
    assert [o for _, o in log.improvements] == sorted((o for _, o in log.improvements), reverse=True)


def test_agents_on_e_mail_queues_are_re_planned_with_the_fixed_agents_work_kept():
    """A residual keeps the on-time e-mail work the fixed agents' capacity covers and opens only the rest:
    a much smaller transport than the whole week's, and steps still change the whole objective by exactly
    what they report."""
    p = _rich(3)
    assert any(q.deferred is not None for q in p.queues)
    ctx = build_model(p)
    roster = roster_of(ctx, _first_plan(ctx).__getitem__)
    start, _ = _exact(ctx, roster)
    search = RosterSearch(ctx, roster, start, seed=1, step_time_s=60.0, step_deterministic_time=1.0)
    assert search.movable == [1, 4]  # every skilled agent of this centre serves the e-mail queue
    res = residual(p, roster, Neighbourhood((1,)), search.skills)
    fixed = [q.deferred for q in res.problem.queues if q.deferred is not None]
    assert fixed and sum(fixed[0].fixed_done) > 0
    assert 0 < len(build_model(res.problem).ontime) < len(ctx.ontime)
    log = search.run(float("inf"), max_steps=8)
    assert log.failed == 0 and log.improved > 0 and search.objective < start
    exact, values = _exact(ctx, search.roster)
    assert exact <= search.objective + 0.5
    stats = SolveStats("FEASIBLE", exact, exact, 0.0, 0.0, None, 0)
    assert check_plan(p, extract_plan(ctx, value_reader(values), stats)) == []


def test_the_activity_move_frees_every_participant():
    p = _rich(5)
    ctx = build_model(p)
    roster = roster_of(ctx, _first_plan(ctx).__getitem__)
    search = RosterSearch(ctx, roster, _exact(ctx, roster)[0], seed=2, step_time_s=60.0)
    assert [act.activity_id for act in search.placeable] == ["meeting"]
    hood = search._activity(1)
    assert {p.agents[a].agent_id for a in hood.agents} == set(p.activities[0].participants)
    assert hood.days is None


def test_the_activity_move_frees_the_participants_of_several_unplaced_activities():
    p = _rich(5)
    n = p.horizon.n_intervals
    coaching = tuple(Activity(f"coaching {i}", 2, (p.agents[i].agent_id,), (0, n)) for i in (2, 3))
    p = dataclasses.replace(p, activities=p.activities + coaching)
    ctx = build_model(p)
    roster = roster_of(ctx, _first_plan(ctx).__getitem__)
    search = RosterSearch(ctx, roster, _exact(ctx, roster)[0], seed=2, step_time_s=60.0)
    assert len(search.placeable) == 3
    for act in p.activities:
        roster.activities[act.activity_id] = None  # as if none were placed
    freed = {p.agents[a].agent_id for a in search._activity(3).agents}
    assert freed == {pid for act in p.activities for pid in act.participants}
    roster.activities["meeting"] = 5  # placed: only the unplaced ones are freed
    assert {p.agents[a].agent_id for a in search._activity(3).agents} == {p.agents[2].agent_id, p.agents[3].agent_id}
    assert len(search._activity(1).agents) == 1


def test_a_residual_counts_the_fixed_agents_staffing():
    """Two identical agents on one queue: with one fixed on the early shift, the freed one takes the late."""
    from tests.solver.factory import agent, fixed_rule, flat_queue, horizon

    n = horizon(1).n_intervals
    early, late = fixed_rule(8, 6), fixed_rule(14, 6)
    rule = dataclasses.replace(early, latest_start_min=late.earliest_start_min, start_step_min=6 * 60)
    q = flat_queue(n, req=1, hours=(8, 20), values=(1.0,))
    p = problem(1, agents=(agent("a", n, rule=rule), agent("b", n, rule=rule)), queues=(q,))
    ctx = build_model(p)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    early_both = {o.lit.index for a in range(2) for o in ctx.options_of(a) if o.payload.start == 8 * 4}
    for i in early_both:
        ctx.model.add(ctx.model.get_int_var_from_proto_index(i) == 1)
    assert solver.solve(ctx.model) == cp_model.OPTIMAL
    roster = roster_of(ctx, list(solver.response_proto.solution).__getitem__)
    ctx = build_model(p)
    search = RosterSearch(ctx, roster, _exact(ctx, roster)[0], step_time_s=60.0)
    assert search.step(Neighbourhood((1,)), 60.0) == cp_model.OPTIMAL
    assert [s.start for s in search.roster.shifts[0].values()] == [8 * 4]
    assert [s.start for s in search.roster.shifts[1].values()] == [14 * 4]
    assert search.objective == pytest.approx(_exact(ctx, search.roster)[0], abs=0.5)


def test_base_staffing_must_fit_the_horizon():
    p = problem(1)
    bad = dataclasses.replace(p.queues[0], base_staffed=(1,) * 3)
    with pytest.raises(ValueError, match="base_staffed"):
        dataclasses.replace(p, queues=(bad,)).validate()


def test_solve_runs_the_roster_search_and_its_plan_passes_the_checker():
    p = _rich(5)
    res = solve(p, dataclasses.replace(params(0.2), lns_share=0.8))
    assert res.plan is not None
    assert check_plan(p, res.plan) == []
    again = solve(p, dataclasses.replace(params(0.2), lns_share=0.8))
    assert again.plan.stats.objective == res.plan.stats.objective  # deterministic under a deterministic limit
