"""The integer programme over the dives' columns: the best recombination of rows that are legal one by one."""

from __future__ import annotations

import time

from solver.curtois.check import evaluate_roster
from solver.curtois.column_pool import merge, own_costs, pool_roster
from solver.curtois.columns import column_dive
from solver.curtois.construct import greedy_roster
from solver.curtois.instance import read_instance
from tests.solver.curtois.test_columns import _two_lines

E, L = ("E",) * 7, ("L",) * 7


def test_it_recombines_the_pool_into_the_optimum():
    instance = _two_lines(7)
    hint = {"A": list(E), "B": list(E)}  # L open all week: 707
    got = pool_roster(instance, [{E: 0.0, L: 0.0}, {E: 0.0}], hint, time.perf_counter() + 30)
    assert got == {"A": list(L), "B": list(E)}
    assert evaluate_roster(instance, got).objective == 0


def test_it_picks_only_rows_in_the_pool():
    instance = _two_lines(7)
    hint = {"A": list(E), "B": list(E)}
    assert pool_roster(instance, [{E: 0.0}, {E: 0.0}], hint, time.perf_counter() + 30) == hint


def test_out_of_time_or_stopped_it_returns_none():
    instance = _two_lines(7)
    pool, hint = [{E: 0.0, L: 0.0}, {E: 0.0}], {"A": list(E), "B": list(E)}
    assert pool_roster(instance, pool, hint, time.perf_counter() - 1) is None
    assert pool_roster(instance, pool, hint, time.perf_counter() + 30, stop=lambda: True) is None


def test_own_costs_are_the_requests_each_row_meets_or_not(shared_benchmarks):
    instance = read_instance(shared_benchmarks / "curtois" / "Instance1.txt")
    roster = greedy_roster(instance, time.perf_counter() + 30)
    pool = own_costs(instance, roster)
    assert [list(rows) for rows in pool] == [[tuple(roster[e.id])] for e in instance.employees]
    whole = evaluate_roster(instance, roster)
    assert sum(c for rows in pool for c in rows.values()) == whole.on_request_penalty + whole.off_request_penalty


def test_over_a_dive_s_columns_and_the_start_the_roster_is_legal_and_no_worse_than_the_hint(shared_benchmarks):
    instance = read_instance(shared_benchmarks / "curtois" / "Instance2.txt")
    start = greedy_roster(instance, time.perf_counter() + 30)
    got = column_dive(instance, start, time.perf_counter() + 20)
    pool = [dict(cols) for cols in got.columns]
    merge(pool, own_costs(instance, start))
    assert sum(map(len, pool)) > len(instance.employees)
    roster = pool_roster(instance, pool, start, time.perf_counter() + 30)
    evaluation = evaluate_roster(instance, roster)
    assert evaluation.feasible, evaluation.violations[:3]
    assert evaluation.objective <= evaluate_roster(instance, start).objective
