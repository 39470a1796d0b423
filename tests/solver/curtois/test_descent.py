"""Group re-planning: it never makes a roster worse, keeps every hard rule, and improves a weak one."""

from __future__ import annotations

import time

from solver.curtois.check import evaluate_roster
from solver.curtois.construct import greedy_roster
from solver.curtois.descent import descend
from solver.curtois.instance import read_instance


def test_descent_improves_the_construction_and_keeps_it_feasible(shared_benchmarks):
    instance = read_instance(shared_benchmarks / "curtois" / "Instance13.txt")
    now = time.perf_counter()
    start = greedy_roster(instance, now + 60, target=now - 1)  # first rosters only: a weak start
    before = evaluate_roster(instance, start)
    better = descend(instance, start, time.perf_counter() + 8)
    after = evaluate_roster(instance, better)
    assert after.feasible, after.violations[:3]
    assert after.objective < before.objective
    assert set(better) == set(start)


def test_a_passed_deadline_leaves_the_roster_as_it_was(shared_benchmarks):
    instance = read_instance(shared_benchmarks / "curtois" / "Instance2.txt")
    start = greedy_roster(instance, time.perf_counter() + 30)
    assert descend(instance, start, time.perf_counter() - 1) == start


def test_a_model_too_big_for_lns_steps_is_improved_by_descent_and_still_verifies(shared_benchmarks, monkeypatch):
    """Make every mapping 'slower than a step' (cap below zero): the LNS stops and the descent takes over."""
    from solver.curtois import solve

    calls = []

    def counted(*args, **kwargs):
        calls.append(args)
        return descend(*args, **kwargs)

    monkeypatch.setattr(solve, "LNS_STEP_S", -1.0)
    monkeypatch.setattr(solve, "descend", counted)
    instance = read_instance(shared_benchmarks / "curtois" / "Instance3.txt")
    result = solve.solve_instance(instance, solve.BenchParams(time_limit_s=10, workers=2))
    assert len(calls) == 1
    assert result.verified
    assert result.wall_s < 12
