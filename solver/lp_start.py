"""A second start for the roster search: the bound's master LP solution rounded to whole weeks.

The roster search improves whatever plan it starts from by re-planning a few agents at a time, and from
the greedy's plan it settles in a basin about 1.4 % from the relaxation on the 80-agent bench week
(-13.14 M against an LP of -13.32 M). The master LP's weeks lie in a better one: rounded per class of
alike agents (each class's whole parts, then its largest fractions) and fitted to the labour budget, its
first plan is worse than the greedy's (-12.43 M against -12.74 M), but 40 s of the same search from it
reached -13.20 M (0.92 % from the LP), and 57 s reached -13.23 M. The LP is the side bound's own
column generation, so the start costs only its completion. Inside the 60 s solve (solve.py,
`_search_then_restart`) the bench week's gap went from 1.37 % to 0.81 %, and 400 agents at 300 s from
1.67 % to 0.68 %.
"""

from __future__ import annotations

from solver.bound import Week
from solver.build import ModelContext
from solver.warm_start import complete_hint, fit_budget, hint_chosen


def lp_choice(ctx: ModelContext, members: list[list[int]], weeks: list[list[Week]]) -> dict[int, list]:
    """Per agent index, the options of its class's rounded week (`weeks[c][i]` for `members[c][i]`),
    within the labour budget (the rounding can overshoot it where the LP used fractions of long weeks)."""
    chosen: list[dict] = [{} for _ in ctx.day_agents]
    for agents, mine in zip(members, weeks):
        for a, week in zip(agents, mine):
            flat = [c for day in ctx.candidates[a] for c in day]  # the bound's candidate order
            want = {id(flat[i]) for i in week.chosen.tolist()}
            chosen[a] = {o.day: o for o in ctx.options_of(a) if id(o.payload) in want}
    p = ctx.problem
    if p.max_paid_min is not None:
        fit_budget(ctx, chosen, p.max_paid_min, [w for w in ctx.weeks() if len(w) == 7])
    return {a: [ch[d] for d in sorted(ch)] for a, ch in enumerate(chosen)}


def lp_start(ctx: ModelContext, members: list[list[int]], weeks: list[list[Week]], time_limit_s: float, seed: int,
             stop, workers: int):
    """The rounded weeks as a complete plan (the CP-SAT solver holding it), or None if none was found in
    time. Replaces the model's hints (all of them: a stale flow or counter would make the completion fail)."""
    ctx.model.clear_hints()
    hint_chosen(ctx, lp_choice(ctx, members, weeks))
    return complete_hint(ctx, time_limit_s, seed, None, stop, workers)
