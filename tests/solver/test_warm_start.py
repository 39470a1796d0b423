"""The constructive warm start: legal, demand-driven, and within a tight labour budget."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from solver.check import check_plan
from solver import rule_ids as R
from solver.problem import Activity, Contract, ShiftRule
from solver.solve import build_model, solve
from solver.warm_start import add_greedy_hints, fit_budget, greedy_choice
from tests.solver.factory import agent, flat_queue, params, problem


def _tight_budget_problem(budget_h: float):
    """Three agents who owe 4 h a week; shifts start at 08:00 but demand only begins at 12:00, so the greedy
    prefers 8-hour days (24 h in all) while the budget barely covers the minimums."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    rule = ShiftRule(8 * 60, 8 * 60, 60, (4 * 60, 8 * 60))
    contract = Contract(min_week_min=4 * 60, max_week_min=40 * 60, max_days_per_week=5)
    agents = tuple(agent(f"a{i}", n, contract=contract, rule=rule) for i in range(3))
    return dataclasses.replace(p, queues=(flat_queue(n, req=3, hours=(12, 16)),), agents=agents, max_paid_min=int(budget_h * 60))


def test_greedy_fits_a_tight_budget_without_breaking_a_minimum():
    p = _tight_budget_problem(13)
    chosen = greedy_choice(build_model(p))
    paid = {a: sum(o.paid_min for o in opts) for a, opts in chosen.items()}
    assert sum(paid.values()) <= 13 * 60
    assert all(v >= 4 * 60 for v in paid.values())


def test_a_tight_budget_still_gets_a_checked_solver_plan():
    p = _tight_budget_problem(13)
    res = solve(p, params(0.5))
    assert res.plan is not None and res.plan.stats.status in ("OPTIMAL", "FEASIBLE")
    assert check_plan(p, res.plan) == []


def test_a_budget_cut_below_the_minimum_pairs_with_a_longer_shift_elsewhere_in_the_week():
    """Three 6 h and two 8 h days pay 1,980 minutes against a 1,920 minimum: dropping a day or shortening a
    shift (8 h to 6 h: 90 minutes) would go below it, but that cut with 8 h to 8.5 h on another day fits."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    rule = ShiftRule(8 * 60, 8 * 60, 30, (6 * 60, 8 * 60, 8 * 60 + 30))
    contract = Contract(min_week_min=1920, max_week_min=40 * 60, max_days_per_week=5)
    p = dataclasses.replace(p, agents=(agent("a0", n, contract=contract, rule=rule),), max_paid_min=1920)
    ctx = build_model(p)
    paid = {o.paid_min for o in ctx.day_agents[0].options[0]}
    assert sorted(paid) == [360, 450, 480]
    week = {d: next(o for o in ctx.day_agents[0].options[d] if o.paid_min == (360 if d < 3 else 450)) for d in range(5)}
    chosen = [dict(week)]
    fit_budget(ctx, chosen, 1920, [range(7)])
    assert sorted(o.paid_min for o in chosen[0].values()) == [360, 360, 360, 360, 480]


_CHOICE_SCRIPT = """
import dataclasses
from solver.problem import Contract, ShiftRule
from solver.solve import build_model
from solver.warm_start import greedy_choice
from tests.solver.factory import agent, flat_queue, problem

p = problem(n_days=7)
n = p.horizon.n_intervals
queues = (flat_queue(n, req=2, qid="q1", hours=(8, 20)), flat_queue(n, req=2, qid="q2", hours=(8, 14)),
          flat_queue(n, req=1, qid="q3", hours=(12, 20)))
rule = ShiftRule(7 * 60, 12 * 60, 60, (4 * 60, 8 * 60))
contract = Contract(min_week_min=16 * 60, max_week_min=40 * 60, max_days_per_week=5)
skills = [("q1", "q2"), ("q2", "q3"), ("q1", "q3"), ("q1", "q2", "q3"), ("q1",), ("q2", "q1")]
agents = tuple(agent(f"a{i}", n, skills=s, contract=contract, rule=rule) for i, s in enumerate(skills))
chosen = greedy_choice(build_model(dataclasses.replace(p, queues=queues, agents=agents)))
print(sorted((a, [(o.payload.day, o.payload.start, o.payload.length) for o in v]) for a, v in chosen.items()))
"""


def test_the_greedy_choice_is_the_same_in_every_process():
    """Skills are a frozenset, whose order changes with each process's string hashing: the greedy took the
    first of equally good queues in that order, so two runs of one centre could start from different plans."""
    root = Path(__file__).resolve().parents[2]
    outputs = set()
    for hash_seed in ("1", "2", "3", "4"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(root))
        run = subprocess.run([sys.executable, "-c", _CHOICE_SCRIPT], env=env, cwd=root, capture_output=True, text=True,
                             check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1


def _peak_problem(min_week_h: int = 0):
    """One agent, demand 08:00-16:00 with a two-hour peak at 10:00: per interval a 4-hour shift on the peak
    scores best, but the hours around it are still worth far more than they cost."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals
    q = flat_queue(n, req=1, hours=(8, 16), values=(0.5,))
    peak = tuple((2.0,) if v and 10 <= (t % 96) / 4 < 12 else v for t, v in enumerate(q.marginal_values))
    rule = ShiftRule(8 * 60, 10 * 60, 60, (4 * 60, 8 * 60))
    contract = Contract(min_week_min=min_week_h * 60, max_week_min=40 * 60, max_days_per_week=5)
    return dataclasses.replace(p, queues=(dataclasses.replace(q, marginal_values=peak),),
                               agents=(agent("a0", n, contract=contract, rule=rule),))


def test_greedy_lengthens_short_peak_shifts_while_the_added_hours_are_worth_it():
    p = _peak_problem()
    chosen = greedy_choice(build_model(p))[0]
    assert len(chosen) == 5
    assert all(o.payload.length == 8 * 4 and o.payload.start % 96 == 8 * 4 for o in chosen)  # 08:00-16:00


def test_the_completed_warm_start_is_the_solvers_first_plan():
    p = _peak_problem(min_week_h=20)
    seen = []
    res = solve(p, params(0.5), on_progress=seen.append)
    assert res.plan is not None and check_plan(p, res.plan) == []
    assert seen and seen[0].wall_s <= res.plan.stats.wall_s
    assert res.plan.stats.objective <= seen[0].objective


def test_the_greedy_hint_places_an_activity_where_its_people_are_free_and_demand_is_lowest():
    """A 30-minute coaching on Monday: the agent's 08:00-16:00 shift is the only place, the morning needs two
    agents and the afternoon one, and the break is not free time."""
    p = _peak_problem(min_week_h=20)
    n = p.horizon.n_intervals
    q = p.queues[0]
    required = tuple(2 if r and (t % 96) < 12 * 4 else r for t, r in enumerate(q.required))
    coaching = Activity("coaching", 2, ("a0",), (0, 96))
    p = dataclasses.replace(p, queues=(dataclasses.replace(q, required=required),), activities=(coaching,))
    ctx = build_model(p)
    add_greedy_hints(ctx)
    hint = dict(zip(ctx.model.proto.solution_hint.vars, ctx.model.proto.solution_hint.values))
    placed = [tau for tau, y in ctx.activity_vars["coaching"] if hint.get(y.index)]
    assert len(placed) == 1
    shift = [o.payload for o in ctx.options_of(0) if hint.get(o.lit.index) and o.payload.day == 0]
    on_break = {t for b in ctx.agent_vars[0].breaks if hint.get(b.lit.index) and b.day == 0
                for t in range(b.start, b.start + b.length)}
    free = [tau for tau in range(shift[0].start, shift[0].end - 1) if not {tau, tau + 1} & on_break]
    afternoon = [tau for tau in free if tau >= 12 * 4]
    assert placed[0] == afternoon[0] and placed[0] in free
    res = solve(p, params(0.5))
    assert res.plan is not None and check_plan(p, res.plan) == []
    assert res.plan.penalty(R.ACTIVITY_UNPLACED) == 0


def test_an_agent_placed_first_chooses_again_once_the_others_have_chosen():
    """Monday only: q1 wants an agent 08:00-12:00 (worth 2, a second one 0.5), q2 one 12:00-16:00 (worth 1).
    The two-skilled agent, placed first, takes the morning; the one-skilled agent can only add the second
    morning agent. Choosing again, the two-skilled agent moves to the afternoon, where it is worth more."""
    p = problem(n_days=7)
    n = p.horizon.n_intervals

    def monday(q):
        return dataclasses.replace(q, required=tuple(r if t < 96 else 0 for t, r in enumerate(q.required)),
                                   marginal_values=tuple(v if t < 96 else () for t, v in enumerate(q.marginal_values)))

    q1 = monday(flat_queue(n, qid="q1", hours=(8, 12), values=(2.0, 0.5)))
    q2 = monday(flat_queue(n, qid="q2", hours=(12, 16), values=(1.0,)))
    rule = ShiftRule(8 * 60, 12 * 60, 240, (4 * 60,))
    contract = Contract(min_week_min=4 * 60, max_week_min=4 * 60, max_days_per_week=1)
    both = agent("both", n, skills=("q1", "q2"), contract=contract, rule=rule)
    one = agent("one", n, skills=("q1",), contract=contract, rule=rule)
    p = dataclasses.replace(p, queues=(q1, q2), agents=(both, one))
    chosen = greedy_choice(build_model(p))
    assert [(o.payload.day, o.payload.start) for o in chosen[0]] == [(0, 12 * 4)]
    assert [(o.payload.day, o.payload.start) for o in chosen[1]] == [(0, 8 * 4)]
