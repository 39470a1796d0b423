"""Soft: weekend days and late shifts spread evenly (convex cost per agent), stable start times in a week.

Spreading uses a convex per-agent cost: the k-th weekend day (late shift) of one agent costs k times
the weight, so two agents with one each are cheaper than one agent with two.
"""

from __future__ import annotations

from solver import rule_ids as R
from solver.day_context import DayContext
from solver.penalty import COST_SCALE, Penalty


def _convex_count(ctx: DayContext, name: str, count_terms: list, weight: float, rule_id: str, unit: str) -> list[Penalty]:
    if not count_terms or weight <= 0:
        return []
    steps = [ctx.model.new_bool_var(f"{name}>={k + 1}") for k in range(len(count_terms))]
    ctx.model.add(sum(steps) == sum(count_terms))
    # the k-th unit costs k * weight; solver fills cheapest steps first, so sum(k * step_k) is the convex cost
    expr = sum((k + 1) * s for k, s in enumerate(steps))
    return [Penalty(rule_id, unit, expr, round(weight * COST_SCALE))]


def add_weekend_spread(ctx: DayContext, weight_per_day: float) -> list[Penalty]:
    out: list[Penalty] = []
    for a, ag in enumerate(ctx.day_agents):
        days = [ag.works[d] for d in sorted(ctx.weekend_days[a]) if d < ctx.n_days and ag.options[d]]
        out += _convex_count(ctx, f"weekend[{ag.agent_id}]", days, weight_per_day, R.FAIR_WEEKENDS, "weighted_weekend_days")
    return out


def add_late_shift_spread(ctx: DayContext, weight_per_shift: float, late_end_after_min: int) -> list[Penalty]:
    out: list[Penalty] = []
    for a, ag in enumerate(ctx.day_agents):
        per_day = []
        for day in ag.options:
            late = [o.lit for o in day if o.local_end_min > late_end_after_min]
            if late:
                per_day.append(sum(late))
        out += _convex_count(ctx, f"late[{ag.agent_id}]", per_day, weight_per_shift, R.FAIR_LATE_SHIFTS, "weighted_late_shifts")
    return out


def add_start_spread(ctx: DayContext, weight_per_hour: float, step_min: int = 15) -> list[Penalty]:
    """Per agent and week: latest minus earliest local start among working days, in hours."""
    if weight_per_hour <= 0:
        return []
    spreads = []
    for ag in ctx.day_agents:
        for week in ctx.weeks():
            days = [d for d in week if len({o.local_start_min for o in ag.options[d]}) > 0]
            offs = {o.local_start_min for d in days for o in ag.options[d]}
            if len(days) < 2 or len(offs) < 2:
                continue
            lo_v, hi_v = min(offs) // step_min, max(offs) // step_min
            lo = ctx.model.new_int_var(lo_v, hi_v, f"start_lo[{ag.agent_id}]")
            hi = ctx.model.new_int_var(lo_v, hi_v, f"start_hi[{ag.agent_id}]")
            for d in days:
                start = sum((o.local_start_min // step_min) * o.lit for o in ag.options[d])
                ctx.model.add(lo <= start).only_enforce_if(ag.works[d])
                ctx.model.add(hi >= start).only_enforce_if(ag.works[d])
            spread = ctx.model.new_int_var(0, hi_v - lo_v, f"start_spread[{ag.agent_id}]")
            ctx.model.add(spread >= hi - lo)
            spreads.append(spread)
    if not spreads:
        return []
    res = 60 // step_min
    return [Penalty(R.FAIR_START_SPREAD, "hours", sum(spreads), max(1, round(weight_per_hour * COST_SCALE / res)), res)]
