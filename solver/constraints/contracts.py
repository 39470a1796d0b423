"""Hard contract limits over the day-level view: minutes per week, days per week, consecutive days, weekends."""

from __future__ import annotations

from solver import rule_ids as R
from solver.day_context import DayContext
from solver.penalty import Penalty


def add_minutes_per_week(ctx: DayContext) -> list[Penalty]:
    """Paid minutes per full week within [min_week_min, max_week_min]; a partial week only gets the maximum."""
    for a, ag in enumerate(ctx.day_agents):
        c = ag.contract
        for week in ctx.weeks():
            paid = sum(o.paid_min * o.lit for d in week for o in ag.options[d])
            ctx.model.add(paid <= c.max_week_min).only_enforce_if(ctx.guard(R.CONTRACT_MAX_WEEK, a))
            if c.min_week_min > 0 and len(week) == 7:
                ctx.model.add(paid >= c.min_week_min).only_enforce_if(ctx.guard(R.CONTRACT_MIN_WEEK, a))
    return []


def add_max_days_per_week(ctx: DayContext) -> list[Penalty]:
    for a, ag in enumerate(ctx.day_agents):
        for week in ctx.weeks():
            if len(week) > ag.contract.max_days_per_week:
                ctx.model.add(sum(ag.works[d] for d in week) <= ag.contract.max_days_per_week).only_enforce_if(
                    ctx.guard(R.CONTRACT_MAX_DAYS_PER_WEEK, a)
                )
    return []


def add_max_consecutive_days(ctx: DayContext) -> list[Penalty]:
    for a, ag in enumerate(ctx.day_agents):
        k = ag.contract.max_consecutive_days
        for s in range(0, ctx.n_days - k):
            ctx.model.add(sum(ag.works[s : s + k + 1]) <= k).only_enforce_if(ctx.guard(R.CONTRACT_MAX_CONSECUTIVE_DAYS, a))
    return []


def _forbid_short_blocks(ctx: DayContext, a: int, works, min_len: int, rule_id: str) -> None:
    """Forbid blocks of true literals shorter than `min_len` that are bounded on both sides inside the horizon."""
    n = len(works)
    for length in range(1, min_len):
        for s in range(1, n - length):
            # pattern: works[s-1] false, works[s..s+length-1] true, works[s+length] false
            lits = [works[s - 1]] + [~works[d] for d in range(s, s + length)] + [works[s + length]]
            ctx.model.add_bool_or(lits).only_enforce_if(ctx.guard(rule_id, a))


def add_min_consecutive_days(ctx: DayContext) -> list[Penalty]:
    """Blocks of working days at least `min_consecutive_days` long (not binding at the horizon ends)."""
    for a, ag in enumerate(ctx.day_agents):
        if ag.contract.min_consecutive_days > 1:
            _forbid_short_blocks(ctx, a, ag.works, ag.contract.min_consecutive_days, R.CONTRACT_MIN_CONSECUTIVE_DAYS)
    return []


def add_min_consecutive_days_off(ctx: DayContext) -> list[Penalty]:
    for a, ag in enumerate(ctx.day_agents):
        if ag.contract.min_consecutive_days_off > 1:
            off = [~w for w in ag.works]
            _forbid_short_blocks(ctx, a, off, ag.contract.min_consecutive_days_off, R.CONTRACT_MIN_CONSECUTIVE_DAYS_OFF)
    return []


def weekend_blocks(weekend_days: frozenset[int], n_days: int) -> list[list[int]]:
    """Runs of consecutive weekend days (Saturday+Sunday) inside the horizon."""
    blocks: list[list[int]] = []
    for d in range(n_days):
        if d in weekend_days:
            if blocks and blocks[-1][-1] == d - 1:
                blocks[-1].append(d)
            else:
                blocks.append([d])
    return blocks


def add_max_weekends(ctx: DayContext) -> list[Penalty]:
    for a, ag in enumerate(ctx.day_agents):
        if ag.contract.max_weekends is None:
            continue
        worked = []
        for block in weekend_blocks(ctx.weekend_days[a], ctx.n_days):
            w = ctx.model.new_bool_var(f"weekend[{ag.agent_id},{block[0]}]")
            ctx.model.add_max_equality(w, [ag.works[d] for d in block])
            worked.append(w)
        ctx.model.add(sum(worked) <= ag.contract.max_weekends).only_enforce_if(ctx.guard(R.CONTRACT_MAX_WEEKENDS, a))
    return []


def add_contracts(ctx: DayContext) -> list[Penalty]:
    out: list[Penalty] = []
    for add in (
        add_minutes_per_week,
        add_max_days_per_week,
        add_max_consecutive_days,
        add_min_consecutive_days,
        add_min_consecutive_days_off,
        add_max_weekends,
    ):
        out += add(ctx)
    return out


def add_max_shifts_per_type(ctx: DayContext, limits: list[dict[str, int]]) -> list[Penalty]:
    """Per agent and shift type, at most k days of that type over the horizon (k = 0: never)."""
    for a, ag in enumerate(ctx.day_agents):
        for type_id, k in limits[a].items():
            lits = [o.lit for day in ag.options for o in day if o.type_id == type_id]
            if lits and k < len(lits):
                ctx.model.add(sum(lits) <= k).only_enforce_if(ctx.guard(R.CONTRACT_MAX_SHIFTS_PER_TYPE, a))
    return []


def add_minutes_per_horizon(ctx: DayContext, bounds: list[tuple[int, int]]) -> list[Penalty]:
    """Per agent, paid minutes over the whole horizon within [min, max]."""
    for a, ag in enumerate(ctx.day_agents):
        lo, hi = bounds[a]
        paid = sum(o.paid_min * o.lit for day in ag.options for o in day)
        ctx.model.add(paid <= hi).only_enforce_if(ctx.guard(R.CONTRACT_MAX_HORIZON, a))
        if lo > 0:
            ctx.model.add(paid >= lo).only_enforce_if(ctx.guard(R.CONTRACT_MIN_HORIZON, a))
    return []
