"""A constructive, rule-respecting first guess used as a solver hint.

CP-SAT needs tens of seconds to find any plan for a centre when it starts from nothing (contract
minimums, rest and breaks interact). This greedy gives every agent a legal week at a staggered fixed
start time (fixed starts keep rest between days), with each break in the middle of its window, so the
search starts from a complete plan and only improves it.
"""

from __future__ import annotations

from solver.build import ModelContext


def greedy_choice(ctx: ModelContext) -> dict[int, list]:
    """Per agent index, the chosen DayShift options (at most one per day)."""
    out: dict[int, list] = {}
    for a, ag in enumerate(ctx.day_agents):
        c = ag.contract
        prefs = ctx.problem.agents[a].preferences
        starts = sorted({o.local_start_min for day in ag.options for o in day})
        if not starts:
            out[a] = []
            continue
        pref_start = starts[(a * 7) % len(starts)]
        chosen: dict[int, object] = {}
        for week in ctx.weeks():
            # weekdays first, preferred days off and weekend days last
            order = sorted(week, key=lambda d: (d in prefs.days_off, d in ctx.weekend_days[a], (d + a) % 7))
            total = 0
            days = 0
            for d in order:
                if days >= c.max_days_per_week or total >= (c.min_week_min + c.max_week_min) // 2:
                    break
                if not _consecutive_ok(chosen, d, c.max_consecutive_days):
                    continue
                opts = sorted(
                    ag.options[d], key=lambda o: (abs(o.local_start_min - pref_start), -o.paid_min)
                )
                for o in opts:
                    if total + o.paid_min > c.max_week_min:
                        continue
                    if not _rest_ok(chosen, o, c.min_rest_min):
                        continue
                    chosen[d] = o
                    total += o.paid_min
                    days += 1
                    break
        out[a] = [chosen[d] for d in sorted(chosen)]
    return out


def _consecutive_ok(chosen: dict, d: int, max_run: int) -> bool:
    run = 1
    k = d - 1
    while k in chosen:
        run += 1
        k -= 1
    k = d + 1
    while k in chosen:
        run += 1
        k += 1
    return run <= max_run


def _rest_ok(chosen: dict, o, rest_min: int) -> bool:
    for other in chosen.values():
        if other.end_min <= o.start_min and o.start_min - other.end_min < rest_min:
            return False
        if o.end_min <= other.start_min and other.start_min - o.end_min < rest_min:
            return False
        if not (other.end_min <= o.start_min or o.end_min <= other.start_min):
            return False
    return True


def add_greedy_hints(ctx: ModelContext) -> None:
    choice = greedy_choice(ctx)
    for a, av in enumerate(ctx.agent_vars):
        picked = {id(o) for o in choice.get(a, [])}
        break_on = set()
        for o in choice.get(a, []):
            c = o.payload
            for it in c.breaks:
                break_on.add((c.day, it.key, c.start + (it.window[0] + it.window[1]) // 2))
        for o in ctx.options_of(a):
            ctx.model.AddHint(o.lit, id(o) in picked)
        for b in av.breaks:
            ctx.model.AddHint(b.lit, (b.day, b.key, b.start) in break_on)
