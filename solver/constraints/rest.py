"""Hard: rest between shifts on different days (minimum minutes, or a forbidden-succession table).

Both are "these two day options may not both be chosen" rules. Later options with the same set of
conflicting earlier options share one at-most-one constraint, which keeps the model small.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from solver import rule_ids as R
from solver.day_context import DayContext, DayShift
from solver.penalty import Penalty

Conflict = Callable[[int, DayShift, DayShift], bool]


def add_forbidden_successions(
    ctx: DayContext, conflicts: Conflict, rule_id: str, max_gap_days: int = 1, later_key: Callable[[DayShift], object] = id
) -> list[Penalty]:
    """For each agent, forbid every (earlier day option, later day option) pair for which `conflicts` holds.

    `later_key` groups later options whose conflicts are the same (e.g. by start time for rest rules),
    so the pairwise test runs once per group.
    """
    for a, ag in enumerate(ctx.day_agents):
        for d1 in range(ctx.n_days):
            for gap in range(1, max_gap_days + 1):
                d2 = d1 + gap
                if d2 >= ctx.n_days or not ag.options[d1] or not ag.options[d2]:
                    continue
                groups: dict[tuple[int, ...], list] = defaultdict(list)
                sigs: dict[object, tuple[int, ...]] = {}
                for o2 in ag.options[d2]:
                    k = later_key(o2)
                    if k not in sigs:
                        sigs[k] = tuple(i for i, o1 in enumerate(ag.options[d1]) if conflicts(a, o1, o2))
                    if sigs[k]:
                        groups[sigs[k]].append(o2.lit)
                for sig, later in groups.items():
                    earlier = [ag.options[d1][i].lit for i in sig]
                    ctx.model.add(sum(earlier) + sum(later) <= 1).only_enforce_if(ctx.guard(rule_id, a))
    return []


def add_min_rest(ctx: DayContext) -> list[Penalty]:
    """At least `contract.min_rest_min` minutes between the end of one shift and the start of the next."""

    def too_close(a: int, o1: DayShift, o2: DayShift) -> bool:
        return o2.start_min - o1.end_min < ctx.day_agents[a].contract.min_rest_min

    max_len = max((o.end_min - o.start_min for ag in ctx.day_agents for day in ag.options for o in day), default=0)
    max_rest = max((ag.contract.min_rest_min for ag in ctx.day_agents), default=0)
    gap_days = max(1, -(-(max_len + max_rest) // (23 * 60)))  # DST days can be 23 h
    return add_forbidden_successions(ctx, too_close, R.REST_MIN_BETWEEN_SHIFTS, gap_days, later_key=lambda o: o.start_min)
