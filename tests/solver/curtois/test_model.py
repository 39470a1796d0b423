"""The Curtois mapping: each mapped rule binds on a tiny hand instance, and real instances give verified rosters.

Every solve also asserts that the solver's own objective equals the independent checker's.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from solver.curtois.check import evaluate_roster
from solver.curtois.instance import Cover, Employee, Instance, Request, ShiftType, read_instance
from solver.curtois.model import build_model
from solver.curtois.solve import BenchParams, solve_instance
from tests.solver.curtois.synthetic import scaled_instance

FAST = BenchParams(time_limit_s=20.0, workers=1, seed=0, deterministic_time_s=2.0)


def staff(eid: str = "A", shifts=("E",), days: int = 14, **kw) -> Employee:
    fields = dict(max_total_min=10**6, min_total_min=0, max_consecutive_shifts=days, min_consecutive_shifts=1,
                  min_consecutive_days_off=1, max_weekends=days)
    fields.update(kw)
    caps = fields.pop("max_shifts", {s: days for s in shifts})
    return Employee(eid, caps, **fields)


def tiny(days: int, cover: dict[tuple[int, str], int], employees=None, shifts=None, days_off=None,
         on=(), off=()) -> Instance:
    shifts = shifts or (ShiftType("E", 480, ()),)
    employees = employees or (staff(days=days, shifts=[s.id for s in shifts]),)
    return Instance(
        "tiny", days, tuple(shifts), tuple(employees),
        {e.id: frozenset((days_off or {}).get(e.id, ())) for e in employees},
        tuple(Request(*r) for r in on), tuple(Request(*r) for r in off),
        tuple(Cover(d, s, req, 100, 1) for (d, s), req in cover.items()),
    )


def solved(instance: Instance) -> int:
    result = solve_instance(instance, FAST)
    assert result.status == "OPTIMAL"
    evaluation = evaluate_roster(instance, result.roster)
    assert evaluation.feasible, evaluation.violations
    assert result.objective == evaluation.objective == result.solver_objective == result.bound
    return result.objective


def need_every_day(days: int, shift: str = "E") -> dict[tuple[int, str], int]:
    return {(d, shift): 1 for d in range(days)}


def test_without_rules_every_cover_is_met():
    assert solved(tiny(3, need_every_day(3))) == 0


def test_forbidden_succession_binds():
    shifts = (ShiftType("L", 480, ("E",)), ShiftType("E", 480, ()))
    assert solved(tiny(2, {(0, "L"): 1, (1, "E"): 1}, shifts=shifts)) == 100
    assert solved(tiny(2, {(0, "E"): 1, (1, "L"): 1}, shifts=shifts)) == 0  # only L -> E is forbidden


def test_max_shifts_per_type_binds_and_zero_means_never():
    assert solved(tiny(2, need_every_day(2), employees=(staff(max_shifts={"E": 1}, days=2),))) == 100
    assert solved(tiny(2, need_every_day(2), employees=(staff(max_shifts={"E": 0}, days=2),))) == 200


def test_total_minutes_bind_both_ways():
    assert solved(tiny(2, need_every_day(2), employees=(staff(days=2, max_total_min=480),))) == 100
    # nobody is needed, but 960 minutes must be worked: two surplus people
    assert solved(tiny(2, {(0, "E"): 0, (1, "E"): 0}, employees=(staff(days=2, min_total_min=960),))) == 2


def test_max_consecutive_shifts_binds():
    assert solved(tiny(3, need_every_day(3), employees=(staff(days=3, max_consecutive_shifts=2),))) == 100


def test_min_consecutive_shifts_binds_inside_the_horizon_only():
    one_interior_day = {(0, "E"): 0, (1, "E"): 1, (2, "E"): 0}
    assert solved(tiny(3, one_interior_day, employees=(staff(days=3, min_consecutive_shifts=2),))) == 1
    first_day_only = {(0, "E"): 1, (1, "E"): 0, (2, "E"): 0}
    assert solved(tiny(3, first_day_only, employees=(staff(days=3, min_consecutive_shifts=2),))) == 0


def test_min_consecutive_days_off_binds_inside_the_horizon_only():
    one_day_gap = {(0, "E"): 1, (1, "E"): 0, (2, "E"): 1, (3, "E"): 1}
    assert solved(tiny(4, one_day_gap, employees=(staff(days=4, min_consecutive_days_off=2),))) == 1
    last_day_off = {(0, "E"): 1, (1, "E"): 1, (2, "E"): 1, (3, "E"): 0}
    assert solved(tiny(4, last_day_off, employees=(staff(days=4, min_consecutive_days_off=2),))) == 0


def test_max_weekends_binds_on_saturday_or_sunday():
    saturday_then_sunday = {(5, "E"): 1, (13, "E"): 1}
    assert solved(tiny(14, saturday_then_sunday, employees=(staff(max_weekends=1),))) == 100
    same_weekend = {(5, "E"): 1, (6, "E"): 1}
    assert solved(tiny(14, same_weekend, employees=(staff(max_weekends=1),))) == 0


def test_fixed_day_off_binds():
    assert solved(tiny(2, need_every_day(2), days_off={"A": [1]})) == 100


def test_requests_cost_their_weight():
    # working costs 1 surplus person, not working costs the on-request's 3
    assert solved(tiny(1, {(0, "E"): 0}, on=[("A", 0, "E", 3)])) == 1
    # not working costs 100 under cover, working costs the off-request's 2
    assert solved(tiny(1, {(0, "E"): 1}, off=[("A", 0, "E", 2)])) == 2
    # an on-request for a shift the employee may never work costs its weight, always
    employees = (staff(days=1, max_shifts={"E": 0}),)
    assert solved(tiny(1, {(0, "E"): 0}, employees=employees, on=[("A", 0, "E", 2)])) == 2


def test_cover_counts_each_extra_person_once():
    employees = tuple(staff(eid, days=1, min_total_min=480) for eid in "ABC")
    assert solved(tiny(1, {(0, "E"): 1}, employees=employees)) == 2


@pytest.mark.parametrize("number", [1, 2, 3])
def test_public_instances_give_verified_rosters(shared_benchmarks, number):
    instance = read_instance(shared_benchmarks / "curtois" / f"Instance{number}.txt")
    result = solve_instance(instance, FAST)
    assert result.roster is not None, result.status
    evaluation = evaluate_roster(instance, result.roster)
    assert evaluation.feasible, evaluation.violations[:3]
    assert result.objective == evaluation.objective == result.solver_objective
    assert result.bound <= result.objective


def _model_size(instance: Instance) -> tuple[int, int]:
    proto = build_model(instance).model.Proto()
    return len(proto.variables), len(proto.constraints)


def test_model_grows_linearly_with_the_horizon(shared_benchmarks):
    """No O(days^2) family: 8x the days gives at most ~8x the variables and constraints."""
    base = read_instance(shared_benchmarks / "curtois" / "Instance16.txt")
    short = scaled_instance(base, 56, 20, 3)
    long = scaled_instance(base, 448, 20, 3)
    (v1, c1), (v2, c2) = _model_size(short), _model_size(long)
    assert v2 <= 8.2 * v1 and c2 <= 8.2 * c1


def test_synthetic_instance_keeps_the_base_structure(shared_benchmarks):
    base = read_instance(shared_benchmarks / "curtois" / "Instance1.txt")
    big = scaled_instance(base, 28, 10, 2)
    assert (big.days, len(big.employees), len(big.shifts)) == (28, 10, 2)
    assert len(big.cover) == 2 * 2 * len(base.cover)
    assert replace(big.employees[0], id=base.employees[0].id).max_total_min == 2 * base.employees[0].max_total_min
