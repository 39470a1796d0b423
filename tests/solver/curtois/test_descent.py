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
