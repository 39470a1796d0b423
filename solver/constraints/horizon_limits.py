"""Hard limits over the whole horizon: total paid minutes in a range, and a cap per shift type.

Weekly contract limits do not express "at most 4320 minutes in these 14 days" or "at most 5 late
shifts this month", which rostering contracts (and the Curtois & Qu benchmark) state per horizon.
A cap of 0 on a shift type is how a missing qualification is written; the caller may also simply
not offer that option.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from solver.day_context import DayContext
from solver.penalty import Penalty

MAX_TOTAL_MINUTES = "horizon.max_total_minutes"
MIN_TOTAL_MINUTES = "horizon.min_total_minutes"
MAX_SHIFTS_OF_TYPE = "horizon.max_shifts_of_type"


@dataclass(frozen=True)
class HorizonLimits:
    """One agent's limits over the horizon; `None` / a missing type means no limit."""

    min_total_min: int = 0
    max_total_min: int | None = None
    max_shifts_per_type: dict[str, int] = field(default_factory=dict)


def add_total_minutes(ctx: DayContext, limits: list[HorizonLimits]) -> list[Penalty]:
    """Paid minutes summed over every option of the horizon lie in [min_total_min, max_total_min]."""
    for a, ag in enumerate(ctx.day_agents):
        lim = limits[a]
        terms = [o.paid_min * o.lit for day in ag.options for o in day]
        paid = sum(terms)
        if lim.max_total_min is not None:
            ctx.model.Add(paid <= lim.max_total_min).OnlyEnforceIf(ctx.guard(MAX_TOTAL_MINUTES, a))
        if lim.min_total_min > 0:
            ctx.model.Add(paid >= lim.min_total_min).OnlyEnforceIf(ctx.guard(MIN_TOTAL_MINUTES, a))
    return []


def add_max_shifts_per_type(ctx: DayContext, limits: list[HorizonLimits]) -> list[Penalty]:
    """At most k options of each capped type over the horizon (a cap the horizon cannot reach is skipped)."""
    for a, ag in enumerate(ctx.day_agents):
        by_type: dict[str, list] = defaultdict(list)
        for day in ag.options:
            for o in day:
                by_type[o.type_id].append(o.lit)
        for type_id, cap in limits[a].max_shifts_per_type.items():
            lits = by_type.get(type_id, [])
            if len(lits) > cap:
                ctx.model.Add(sum(lits) <= cap).OnlyEnforceIf(ctx.guard(MAX_SHIFTS_OF_TYPE, a))
    return []


def add_horizon_limits(ctx: DayContext, limits: list[HorizonLimits]) -> list[Penalty]:
    return add_total_minutes(ctx, limits) + add_max_shifts_per_type(ctx, limits)
