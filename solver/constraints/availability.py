"""Hard: no shift outside the agent's availability (locked shifts excepted: the planner decided)."""

from __future__ import annotations

from solver.day_context import DayContext
from solver.penalty import Penalty


def add_availability(ctx: DayContext) -> list[Penalty]:
    for ag in ctx.day_agents:
        for day in ag.options:
            for o in day:
                if not o.inside_availability:
                    ctx.model.add(o.lit == 0)
    return []
