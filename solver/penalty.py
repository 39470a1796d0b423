"""A soft rule's contribution to the objective, kept per rule id so the plan can report each one."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

COST_SCALE = 1000  # objective units per cost unit: the objective is integer milli-cost


@dataclass
class Penalty:
    """`coef * expr` enters the objective; the amount in `unit` is `value(expr) / resolution`."""

    rule_id: str
    unit: str
    expr: cp_model.LinearExprT
    coef: int
    resolution: int = 1
    constant: int = 0  # objective-free offset of expr (e.g. the best reachable service value)

    @staticmethod
    def weighted(rule_id: str, unit: str, expr, weight_per_unit: float, resolution: int = 1) -> "Penalty | None":
        coef = coefficient(weight_per_unit, resolution)
        if coef <= 0:
            return None
        return Penalty(rule_id, unit, expr, coef, resolution)


def coefficient(weight_per_unit: float, resolution: int = 1) -> int:
    """The integer objective coefficient of a weight (milli-cost per 1/resolution of its unit); 0 or less: off."""
    return round(weight_per_unit * COST_SCALE / resolution)


def keep(*ps: "Penalty | None") -> list[Penalty]:
    return [p for p in ps if p is not None]
