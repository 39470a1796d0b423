"""Hard: shifts the planner locked (and published days) stay exactly as they are."""

from __future__ import annotations

from solver.day_context import DayContext
from solver.penalty import Penalty


def add_locked(ctx: DayContext) -> list[Penalty]:
    for ag in ctx.day_agents:
        for day in ag.options:
            for o in day:
                if getattr(o.payload, "locked", False):
                    ctx.model.add(o.lit == 1)
    return []
