"""Labour budget (hard cap on paid minutes over the horizon) and the soft cost of paid time."""

from __future__ import annotations

from solver import rule_ids as R
from solver.day_context import DayContext
from solver.penalty import Penalty, keep


def _paid(ctx: DayContext):
    return sum(o.paid_min * o.lit for ag in ctx.day_agents for day in ag.options for o in day)


def add_budget_and_paid_time(ctx) -> list[Penalty]:
    p = ctx.problem
    if p.max_paid_min is not None:
        ctx.model.add(_paid(ctx) <= p.max_paid_min)
    return keep(Penalty.weighted(R.PAID_TIME, "hours", _paid(ctx), p.weights.paid_time_per_hour, resolution=60))
