"""Soft: an agent asks to work, or not to work, a given day (optionally a given shift type), with a weight.

A request that no option can satisfy (e.g. an on-request for a shift the agent may not work) still
costs its weight: the cost is a constant in the expression, so the objective stays the exact sum.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from solver.day_context import DayContext
from solver.penalty import Penalty, keep

SHIFT_ON = "requests.shift_on"
SHIFT_OFF = "requests.shift_off"


@dataclass(frozen=True)
class ShiftRequest:
    """`on`: wants to work `type_id` (any shift when None) on `day`; otherwise wants not to."""

    agent: int
    day: int
    type_id: str | None
    weight: float
    on: bool


def _worked(ctx: DayContext, r: ShiftRequest):
    ag = ctx.day_agents[r.agent]
    if r.type_id is None:
        return ag.works[r.day]
    lits = [o.lit for o in ag.options[r.day] if o.type_id == r.type_id]
    return sum(lits) if lits else 0


def add_shift_requests(ctx: DayContext, requests: list[ShiftRequest]) -> list[Penalty]:
    """One penalty per (rule, weight): its amount is the number of requests of that weight not granted."""
    missed: dict[tuple[str, float], list] = defaultdict(list)
    for r in requests:
        worked = _worked(ctx, r)
        if r.on:
            missed[(SHIFT_ON, r.weight)].append(1 - worked)
        else:
            missed[(SHIFT_OFF, r.weight)].append(worked)
    out: list[Penalty] = []
    for (rule_id, weight), terms in sorted(missed.items()):
        out += keep(Penalty.weighted(rule_id, "requests", sum(terms), weight))
    return out
