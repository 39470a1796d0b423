"""The roster LNS: steps keep everything outside the neighbourhood, never lose the incumbent, and reach optima.

Runs are single-threaded with a fixed number of steps and a deterministic cap per step, so they repeat.
"""

from __future__ import annotations

import math
import random
import threading
import time

import pytest
from ortools.sat.python import cp_model

from solver.curtois.check import evaluate_roster
from solver.curtois.instance import Cover, Employee, Instance, ShiftType
from solver.curtois.model import build_model
from solver.curtois.neighbourhoods import RosterMoves
from solver.curtois.solve import BenchParams, solve_instance
from solver.lns import EXPLORE, RATE_MEMORY, Incumbent, LnsParams, Move, first_solution, pick, run_lns, step

STEPS = LnsParams(step_time_s=10.0, step_deterministic_time=1.0, max_steps=40, seed=3)


def _instance(days: int = 14, people: int = 5) -> Instance:
    """Two shift types, late-to-early forbidden, run-length rules and a cover that not everyone can meet."""
    shifts = (ShiftType("E", 480, ()), ShiftType("L", 480, ("E",)))
    staff = tuple(
        Employee(f"P{i}", {"E": days, "L": days if i % 2 else 0}, 480 * 10, 480 * 6, 5, 2, 2, 1)
        for i in range(people)
    )
    cover = tuple(Cover(d, s, 2 if s == "E" else 1, 100, 1) for d in range(days) for s in ("E", "L"))
    return Instance("lns", days, shifts, staff, {e.id: frozenset({(3 * i) % days}) for i, e in enumerate(staff)},
                    (), (), cover)


def _roster(cm, values):
    return cm.roster(lambda lit: values[lit.Index()])


def _start(cm) -> Incumbent:
    """A reproducible first roster (one worker): `first_solution` races two workers, which need not repeat."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.stop_after_first_solution = True
    assert solver.solve(cm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    inc = Incumbent()
    inc.offer(solver.response_proto.solution, solver.objective_value)
    return inc


def test_incumbent_keeps_the_best_and_accepts_equal_moves():
    inc = Incumbent()
    assert inc.offer([1, 0], 10.0)
    assert not inc.offer([0, 1], 12.0)  # worse: refused
    assert inc.get() == ([1, 0], 10.0)
    assert not inc.offer([0, 0], 10.0)  # equal: taken, but not an improvement
    assert inc.get() == ([0, 0], 10.0)
    assert [v for _, v in inc.improvements] == [10.0]


def test_idle_time_counts_from_the_last_improvement():
    now = time.perf_counter()
    fresh = Incumbent(start=now)
    assert fresh.idle_s() < 1.0
    stalled = Incumbent(start=now - 100.0)
    assert 99.0 < stalled.idle_s() < 102.0  # no improvement yet: since the start
    stalled.improvements.append((5.0, 9.0))
    assert 94.0 < stalled.idle_s() < 97.0


def test_move_sizes_stay_within_their_limits():
    move = Move("m", lambda rng, size, values: set(), size=2, min_size=2, max_size=4)
    for _ in range(10):
        move.grow()
    assert move.size == 4
    for _ in range(10):
        move.shrink()
    assert move.size == 2


def test_a_step_changes_only_the_freed_people():
    cm = build_model(_instance())
    moves = RosterMoves(cm)
    start, _ = first_solution(cm.model, time.perf_counter() + 20)
    free = moves.employees(random.Random(1), 2, start)
    _, solution, objective = step(cm.model, moves.decisions, free, start, 10.0, STEPS, seed=0)
    assert solution is not None
    changed = {i for i in moves.decisions if solution[i] != start[i]}
    assert changed <= free
    before, after = _roster(cm, start), _roster(cm, solution)
    freed_people = {cm.ctx.day_agents[e].agent_id for e in range(moves.people) if set(moves.lits[e][0]) & free}
    assert {p for p in before if before[p] != after[p]} <= freed_people


def test_every_move_frees_only_option_literals_of_its_shape():
    instance = _instance(days=21, people=6)
    cm = build_model(instance)
    moves = RosterMoves(cm)
    values, _ = first_solution(cm.model, time.perf_counter() + 20)
    rng = random.Random(0)
    decisions = set(moves.decisions)
    for move in moves.moves():
        free = move.free(rng, 3, values)
        assert free and free <= decisions, move.name
    people_of = lambda free: {e for e in range(moves.people) if any(set(d) & free for d in moves.lits[e])}  # noqa: E731
    days_of = lambda free: {d for e in range(moves.people) for d in range(21) if set(moves.lits[e][d]) & free}  # noqa: E731
    assert len(people_of(moves.employees(rng, 3, values))) == 3
    assert days_of(moves.employees(rng, 3, values)) == set(range(21))
    assert len(days_of(moves.window(rng, 4, values))) == 4
    assert people_of(moves.window(rng, 4, values)) == set(range(6))
    assert len(days_of(moves.cover_gap(rng, 2, values))) <= 7
    apart = moves.days_apart(rng, 3, values)
    assert len(days_of(apart)) == 3 and people_of(apart) == set(range(6))
    gap_days = {d for d, _ in moves._gaps(values)}
    assert gap_days and all(days_of(moves.days_apart(random.Random(k), 2, values)) & gap_days for k in range(20))


def test_moves_are_picked_by_their_recent_gain_rate():
    moves = [Move(name, lambda rng, size, values: set(), size=1) for name in "abc"]
    rng = random.Random(0)
    assert {pick(rng, moves).name for _ in range(30)} == {"a", "b", "c"}  # untried, or all gaining nothing
    moves[0].record(0.0, 1.0)
    assert pick(rng, moves).name in "bc"  # untried first
    moves[1].record(100.0, 1.0)
    moves[2].record(0.0, 1.0)
    assert moves[1].rate == pytest.approx(RATE_MEMORY * 100.0)  # a moving average from 0
    picks = [pick(rng, moves).name for _ in range(3000)]
    share = picks.count("b") / len(picks)
    assert share == pytest.approx(1 / (1 + 2 * EXPLORE), abs=0.03)  # the others keep EXPLORE of b's chance each


def test_lns_reaches_the_optimum_that_cp_sat_proves():
    instance = _instance()
    optimum = solve_instance(instance, BenchParams(time_limit_s=30, workers=1, deterministic_time_s=20.0))
    assert optimum.status == "OPTIMAL"
    cm = build_model(instance)
    moves = RosterMoves(cm)
    inc = _start(cm)
    steps = run_lns(cm.model, moves.decisions, moves.moves(), inc, math.inf, STEPS)
    assert steps == STEPS.max_steps
    values, objective = inc.get()
    evaluation = evaluate_roster(instance, _roster(cm, values))
    assert evaluation.feasible, evaluation.violations
    assert evaluation.objective * 1000 == objective
    assert evaluation.objective == optimum.objective
    assert len(inc.improvements) > 1  # the start was not optimal: the steps did the work


def test_lns_stops_at_the_lower_bound():
    instance = _instance()
    cm = build_model(instance)
    moves = RosterMoves(cm)
    inc = Incumbent()
    steps = run_lns(cm.model, moves.decisions, moves.moves(), inc, math.inf, STEPS, lower_bound=lambda: math.inf)
    assert steps == 0 and inc.get()[0] is not None  # only the first solution: it already meets the "bound"


def test_the_lns_thread_runs_beside_cp_sat_and_verifies():
    result = solve_instance(_instance(), BenchParams(time_limit_s=20, workers=2))
    assert result.verified
    assert result.bound <= result.objective
    assert result.time_to_first_s <= result.time_to_best_s <= result.wall_s


def test_a_thread_told_not_to_find_the_first_solution_waits_for_one():
    cm = build_model(_instance())
    moves = RosterMoves(cm)
    inc = Incumbent()
    steps = run_lns(cm.model, moves.decisions, moves.moves(), inc, time.perf_counter() + 0.5, STEPS, find_first=False)
    assert steps == 0 and inc.get()[0] is None
    offer = threading.Timer(0.3, lambda: inc.offer(*_start(cm).get()))
    offer.start()
    steps = run_lns(cm.model, moves.decisions, moves.moves(), inc, math.inf, STEPS, find_first=False)
    offer.join()
    assert steps == STEPS.max_steps


def test_a_paused_lns_takes_no_step_until_the_pause_ends():
    cm = build_model(_instance())
    moves = RosterMoves(cm)
    inc = _start(cm)
    paused = threading.Event()
    paused.set()
    steps = run_lns(cm.model, moves.decisions, moves.moves(), inc, time.perf_counter() + 0.5, STEPS, paused=paused)
    assert steps == 0
    resume = threading.Timer(0.3, paused.clear)
    resume.start()
    steps = run_lns(cm.model, moves.decisions, moves.moves(), inc, math.inf, STEPS, paused=paused)
    resume.join()
    assert steps == STEPS.max_steps


def test_a_step_on_a_hinted_model_replaces_the_hint_with_the_incumbent():
    cm = build_model(_instance())
    found = first_solution(cm.model, time.perf_counter() + 30)
    assert found is not None
    values, objective = found
    moves = RosterMoves(cm)
    for i in moves.decisions:  # a model that carries a hint already, as the contact-centre model does
        cm.model.add_hint(cm.model.get_bool_var_from_proto_index(i), 0)
    status, solution, value = step(cm.model, moves.decisions, set(moves.lits[0][0]), values, 10.0, STEPS, 1)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and value <= objective
