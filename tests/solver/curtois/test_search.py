"""The full CP-SAT search beside the LNS: it keeps its core while its bound can prove something, else yields it."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from solver.curtois import solve
from solver.curtois.columns import DiveResult
from solver.curtois.instance import read_instance


def test_a_full_search_with_a_weak_bound_yields_and_the_lns_runs_to_the_deadline(shared_benchmarks, monkeypatch):
    monkeypatch.setattr(solve, "YIELD_AT", 0.05)
    yielded = []
    monkeypatch.setattr(solve, "_weak_bound", lambda full, incumbent: yielded.append(full) or True)
    instance = read_instance(shared_benchmarks / "curtois" / "Instance9.txt")
    result = solve.solve_instance(instance, solve.BenchParams(time_limit_s=8, workers=2))
    assert len(yielded) == 1 and yielded[0].yielded.is_set()
    assert result.verified
    assert result.wall_s >= 7.5  # the LNS went on after the full search stopped
    assert result.bound <= result.objective


def test_weak_means_below_the_share_of_the_best_objective():
    incumbent = solve.Incumbent()
    full = solve._FullSearch(incumbent)
    assert not solve._weak_bound(full, incumbent)  # nothing to compare with yet
    incumbent.offer([0], 1000.0)
    full.on_bound(400.0)
    assert solve._weak_bound(full, incumbent)
    full.on_bound(600.0)
    assert not solve._weak_bound(full, incumbent)


def test_a_full_search_that_proves_optimality_first_never_yields(shared_benchmarks, monkeypatch):
    monkeypatch.setattr(solve, "YIELD_AT", 0.5)
    instance = read_instance(shared_benchmarks / "curtois" / "Instance1.txt")
    result = solve.solve_instance(instance, solve.BenchParams(time_limit_s=60, workers=2))
    assert result.status == "OPTIMAL" and result.objective == 607
    assert result.wall_s < 30  # the judge does not hold the solve open
    assert result.handover_s is None


def test_a_stalled_lns_hands_its_cores_to_the_full_search_for_a_slice_and_then_goes_on(shared_benchmarks, monkeypatch):
    monkeypatch.setattr(solve, "YIELD_AT", 0.01)  # the judge looks early ...
    monkeypatch.setattr(solve, "_weak_bound", lambda full, incumbent: False)  # ... keeps the full search ...
    monkeypatch.setattr(solve, "HANDOVER_IDLE", 0.0)  # ... and finds the LNS stalled as soon as there is a roster
    monkeypatch.setattr(solve, "DIVE_SHARE", 0.0)  # (the judge waits for a dive: see the next test)
    handed = []
    real = solve._handover

    def spy(cm, params, incumbent, until, bound):
        best = incumbent.get()[0]
        assert until - time.perf_counter() <= 2 * solve.HANDOVER_SLICE * 12 + 0.1  # a slice, not the rest of the time
        status, new_bound = real(cm, params, incumbent, until, bound)
        hint = cm.model.proto.solution_hint
        handed.append(list(hint.vars) == list(range(len(best))) and list(hint.values) == best)
        assert new_bound >= bound  # the first search's bound is kept
        return status, new_bound

    monkeypatch.setattr(solve, "_handover", spy)
    instance = read_instance(shared_benchmarks / "curtois" / "Instance7.txt")  # not proved within seconds
    result = solve.solve_instance(instance, solve.BenchParams(time_limit_s=12, workers=2))
    assert len(handed) >= 2 and all(handed)  # each time hinted with the best roster; the LNS came back between
    assert result.verified and result.bound <= result.objective
    assert result.wall_s >= 11.5  # the second search ran to the deadline
    assert result.handover_s is not None and 0 < result.handover_s < 11.5


def test_no_handover_is_judged_while_the_dive_runs(shared_benchmarks, monkeypatch):
    """The dive's LP moves the roster only when it ends: an LNS idle meanwhile is not stalled."""
    monkeypatch.setattr(solve, "YIELD_AT", 0.01)
    monkeypatch.setattr(solve, "_weak_bound", lambda full, incumbent: False)
    monkeypatch.setattr(solve, "HANDOVER_IDLE", 0.0)
    dived, handed = [], []
    real_dive, real_handover = solve.column_dive, solve._handover

    def dive(*args, **kw):
        began = time.perf_counter()
        got = real_dive(*args, **kw)
        dived.append((began, time.perf_counter(), kw["stop"]()))
        return got

    def handover(*args, **kw):
        handed.append(time.perf_counter())
        return real_handover(*args, **kw)

    monkeypatch.setattr(solve, "column_dive", dive)
    monkeypatch.setattr(solve, "_handover", handover)
    instance = read_instance(shared_benchmarks / "curtois" / "Instance7.txt")
    result = solve.solve_instance(instance, solve.BenchParams(time_limit_s=12, workers=2))
    assert dived and dived[0][1] - dived[0][0] > 1.0 and not any(d[2] for d in dived)  # each ended by itself ...
    assert handed and all(t >= dived[-1][1] for t in handed)  # ... and every handover came after the last
    assert result.verified and result.bound <= result.objective


def _dives_until(deadline_s: float, took_s: float, objective: float, bound: float = float("-inf")) -> list[int]:
    """The seeds of the dives `_dive` runs when each takes `took_s` and finds no roster."""
    seeds = []

    def dive(instance, start, deadline, seed, on_bound, stop, workers):
        seeds.append(seed)
        time.sleep(took_s)
        on_bound(bound)
        return DiveResult(None, bound, None, 1)

    real, solve.column_dive = solve.column_dive, dive
    try:
        incumbent = solve.Incumbent()
        incumbent.offer([0], objective)
        cm = SimpleNamespace(instance=SimpleNamespace(employees=()), roster=lambda value: {})
        state = solve._Dive()
        solve._dive(cm, incumbent, time.perf_counter() + deadline_s, 7, 2, threading.Event(), state)
        assert not state.running.is_set() and state.ended is not None
        return seeds
    finally:
        solve.column_dive = real


def test_a_dive_that_ends_early_is_followed_by_another_with_the_next_seed_while_time_allows():
    seeds = _dives_until(deadline_s=1.0, took_s=0.15, objective=5000.0)
    assert seeds[:3] == [7, 8, 9] and 4 <= len(seeds) <= 7  # the last began with at least its length left


def test_no_dive_follows_one_whose_bound_proves_the_best_roster():
    assert _dives_until(deadline_s=1.0, took_s=0.01, objective=5000.0, bound=4.9995) == [7]  # ceil(4.9995) = 5 units


def test_the_time_the_dives_leave_goes_to_the_integer_programme_over_their_columns(monkeypatch):
    """The dive finds no roster but prices A on L; the IP over its columns puts A there: the optimum, 0."""
    from tests.solver.curtois.test_columns import _two_lines

    instance = _two_lines(7)
    cm = solve.build_model(instance)
    e, l = ("E",) * 7, ("L",) * 7
    calls = []

    def dive(instance, start, deadline, seed, on_bound, stop, workers):
        calls.append(seed)
        time.sleep(1.5)  # more than the time left after it: no second dive
        return DiveResult(None, -float("inf"), None, 1, [{e: 0.0, l: 0.0}, {e: 0.0}])

    monkeypatch.setattr(solve, "column_dive", dive)
    incumbent = solve.Incumbent()
    incumbent.offer(*solve.roster_solution(cm, {"A": list(e), "B": list(e)}))
    assert incumbent.get()[1] == 707 * solve.COST_SCALE
    state = solve._Dive()
    solve._dive(cm, incumbent, time.perf_counter() + 2.5, 0, 1, threading.Event(), state)
    assert calls == [0]
    values, objective = incumbent.get()
    assert objective == 0
    assert cm.roster(lambda lit: values[lit.Index()]) == {"A": list(l), "B": list(e)}
