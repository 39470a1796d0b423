"""The full CP-SAT search beside the LNS: it keeps its core while its bound can prove something, else yields it."""

from __future__ import annotations

from solver.curtois import solve
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
