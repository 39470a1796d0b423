"""The independent roster checker: each hard rule caught, each penalty counted, boundaries as published."""

import pytest

from solver.curtois.check import evaluate_roster
from solver.curtois.instance import Cover, Employee, Instance, Request, ShiftType

E, L = "E", "L"


def _instance(**employee) -> Instance:
    fields = dict(id="A", max_shifts={E: 14, L: 14}, max_total_min=14 * 480, min_total_min=0,
                  max_consecutive_shifts=5, min_consecutive_shifts=2, min_consecutive_days_off=2, max_weekends=2)
    fields.update(employee)
    return Instance(
        name="tiny", days=14,
        shifts=(ShiftType(E, 480, ()), ShiftType(L, 480, (E,))),
        employees=(Employee(**fields),),
        days_off={"A": frozenset({10})},
        on_requests=(Request("A", 0, E, 2),),
        off_requests=(Request("A", 1, E, 3),),
        cover=(Cover(0, E, 1, 100, 1), Cover(1, E, 0, 100, 1), Cover(2, L, 2, 100, 1)),
    )


def _days(pattern: str) -> list[str | None]:
    return [None if c == "." else c for c in pattern]


def _rules(inst, pattern):
    return [v.rule for v in evaluate_roster(inst, {"A": _days(pattern)}).violations]


def test_a_valid_roster_has_no_violations_and_its_objective_is_summed():
    result = evaluate_roster(_instance(), {"A": _days("EE..EE....." + "...")})
    assert result.feasible
    # on-request met (0), off-request broken (3), cover: day0 met, day1 one over (1), day2 two under (200)
    assert (result.on_request_penalty, result.off_request_penalty) == (0, 3)
    assert (result.under_cover_penalty, result.over_cover_penalty) == (200, 1)
    assert result.objective == 204


@pytest.mark.parametrize(
    ("pattern", "rule"),
    [
        ("LE............", "rest.forbidden_succession"),
        ("EEEEEE........", "contracts.max_consecutive_days"),
        ("..E...........", "contracts.min_consecutive_days"),
        ("EE.EE.........", "contracts.min_consecutive_days_off"),
        ("..........EE..", "availability.day_off"),
        ("EEE..........", "roster.shape"),
    ],
)
def test_each_hard_rule_is_caught(pattern, rule):
    assert rule in _rules(_instance(), pattern)


def test_min_runs_do_not_bind_at_the_horizon_edges():
    assert _rules(_instance(), "E.............") == []
    assert _rules(_instance(), ".............E") == []
    assert _rules(_instance(), ".EE.........EE") == []


def test_type_limits_minutes_and_weekends():
    inst = _instance(max_shifts={E: 1, L: 14}, min_total_min=3 * 480, max_weekends=0)
    rules = _rules(inst, "EE...LL.......")
    assert "skills.max_shifts_of_type" in rules
    assert "fairness.max_weekends" in rules
    assert _rules(inst, "LL............").count("contracts.total_minutes") == 1


def test_published_optimum_of_instance1_is_not_beaten_by_an_empty_roster(shared_benchmarks):
    from solver.curtois.instance import read_instance

    inst = read_instance(shared_benchmarks / "curtois" / "Instance1.txt")
    empty = evaluate_roster(inst, {e.id: [None] * inst.days for e in inst.employees})
    assert empty.under_cover_penalty == 100 * sum(c.requirement for c in inst.cover)
    assert empty.on_request_penalty == sum(r.weight for r in inst.on_requests)
    assert not empty.feasible  # minimum total minutes
