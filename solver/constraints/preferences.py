"""Soft: flexible-hours preferences per agent (start window, days off, shift length), each with its weight."""

from __future__ import annotations

from solver import rule_ids as R
from solver.day_context import DayContext
from solver.penalty import Penalty, keep
from solver.problem import Preferences


def add_preferences(ctx: DayContext, prefs: list[Preferences], scale: float = 1.0) -> list[Penalty]:
    out: list[Penalty] = []
    for a, ag in enumerate(ctx.day_agents):
        p = prefs[a]
        if p.start_window_min is not None and p.start_weight_per_shift > 0:
            lo, hi = p.start_window_min
            outside = [o.lit for day in ag.options for o in day if not lo <= o.local_start_min <= hi]
            if outside:
                out += keep(Penalty.weighted(R.PREF_START_WINDOW, "shifts", sum(outside), p.start_weight_per_shift * scale))
        if p.days_off and p.days_off_weight_per_day > 0:
            worked = [ag.works[d] for d in sorted(p.days_off) if d < ctx.n_days]
            if worked:
                out += keep(Penalty.weighted(R.PREF_DAYS_OFF, "days", sum(worked), p.days_off_weight_per_day * scale))
        if p.length_min is not None and p.length_weight_per_hour > 0:
            terms = [abs((o.end_min - o.start_min) - p.length_min) * o.lit for day in ag.options for o in day]
            terms = [t for t in terms if not isinstance(t, int)]
            if terms:
                out += keep(Penalty.weighted(R.PREF_SHIFT_LENGTH, "hours", sum(terms), p.length_weight_per_hour * scale, resolution=60))
    return out


def add_shift_requests(ctx: DayContext, requests: list[tuple[int, int, str | None, bool, float]]) -> list[Penalty]:
    """Requests (agent index, day, shift type or None for any, wants_on, weight): each unmet one costs its weight.

    On-requests cost when the agent does not work that shift; off-requests when it does.
    """
    out: list[Penalty] = []
    for a, d, type_id, wants_on, weight in requests:
        ag = ctx.day_agents[a]
        lits = [o.lit for o in ag.options[d] if type_id is None or o.type_id == type_id]
        worked = sum(lits) if lits else 0
        expr = (1 - worked) if wants_on else worked
        if isinstance(expr, int) and expr == 0:
            continue
        out += keep(Penalty.weighted(R.PREF_SHIFT_REQUESTS, "requests", expr, weight))
    return out
