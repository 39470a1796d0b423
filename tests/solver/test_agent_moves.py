"""Agent re-planning beside CP-SAT: the moves free whole agents, the threads obey stop, plans stay legal."""

from __future__ import annotations

import random
import threading

from solver.agent_moves import AgentMoves
from solver.check import check_plan
from solver.solve import SolveParams, StopHandle, build_model, solve
from tests.solver.test_properties import random_problem


def _lns_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("solve-lns-")]


def test_moves_free_every_shift_break_and_presence_literal_of_the_chosen_agents():
    ctx = build_model(random_problem(3))
    moves = AgentMoves(ctx)
    assert sorted(moves.decisions) == sorted(set(moves.decisions))  # each literal belongs to one agent
    rng = random.Random(0)
    for a, av in enumerate(ctx.agent_vars):
        own = {o.lit.Index() for o in ctx.options_of(a)} | {b.lit.Index() for b in av.breaks} | {x.Index() for x in av.on.values()}
        assert set(moves.per_agent[a]) == own
    for _ in range(20):
        free = moves.group(rng, 2, [])
        owners = {a for a, ids in enumerate(moves.per_agent) if free & set(ids)}
        assert any(owners <= set(members) for members in moves.groups)
        assert all(set(moves.per_agent[a]) <= free for a in owners)


def test_solve_with_agent_lns_gives_a_legal_plan_and_leaves_no_thread_behind():
    for seed in (1, 4):
        p = random_problem(seed)
        res = solve(p, SolveParams(time_limit_s=6, workers=2, seed=0))
        assert res.plan is not None, res.explanation
        assert check_plan(p, res.plan) == []
        assert res.plan.stats.bound <= res.plan.stats.objective
        assert not _lns_threads()


def test_stop_also_ends_the_lns_threads():
    stop = StopHandle()
    p = random_problem(4)
    running = []

    def stop_during_search():
        running.extend(_lns_threads())
        stop.stop()

    timer = threading.Timer(5.0, stop_during_search)
    timer.start()
    res = solve(p, SolveParams(time_limit_s=120, workers=2, seed=0, hint_share=0.02), stop=stop)
    timer.cancel()
    assert running  # the stop came while agents were being re-planned
    assert res.plan is not None and res.plan.stats.stopped
    assert res.plan.stats.wall_s < 60
    assert check_plan(p, res.plan) == []
    assert not _lns_threads()
