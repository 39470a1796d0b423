"""Read a solution back into a `Plan`, decomposing group flows into per-agent queue assignments.

The decomposition is a deterministic greedy per group and interval: agents go back to the queue they
last served in this shift (before a break too) while that queue still has flow, the rest fill queues in
agent-id order, each taking the queue it has the best skill priority for. All members of a group share
the skill set, so every assignment respects skills, and each working agent serves at most one queue per
interval.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Callable

from solver.build import ModelContext
from solver.plan import AgentPlan, PenaltyTotal, Plan, PlannedActivity, PlannedBreak, PlannedShift, QueueCoverage, QueueSpan, SolveStats
from solver.penalty import COST_SCALE

Value = Callable[[object], int]


def extract_plan(ctx: ModelContext, value: Value, stats: SolveStats, with_penalties: bool = True) -> Plan:
    p = ctx.problem
    n = p.horizon.n_intervals
    shifts: list[list[PlannedShift]] = []
    working: list[set[int]] = []
    present: list[set[int]] = []
    for a, av in enumerate(ctx.agent_vars):
        mine = []
        for day in ctx.day_agents[a].options:
            for o in day:
                if value(o.lit):
                    c = o.payload
                    brks = tuple(
                        PlannedBreak(b.start, b.length, b.paid, b.rule_id) for b in av.breaks if b.day == c.day and value(b.lit)
                    )
                    mine.append(PlannedShift(c.day, c.start, c.length, tuple(sorted(brks, key=lambda b: b.start)), c.locked))
        shifts.append(mine)
        on = {t for t, lit in av.on.items() if value(lit)}
        w = {t for t in on if not any(value(x) for x in av.off_phone.get(t, []))}
        working.append(w)
        present.append(on)
    acts: dict[int, list[PlannedActivity]] = defaultdict(list)
    for act in p.activities:
        for tau, y in ctx.activity_vars.get(act.activity_id, []):
            if value(y):
                for pid in act.participants:
                    acts[p.agent_index(pid)].append(PlannedActivity(act.activity_id, tau, act.duration_intervals))
    assign: list[list[str | None]] = [[None] * n for _ in p.agents]
    if ctx.flows is not None:
        priority = [{s.queue_id: s.priority for s in ag.skills} for ag in p.agents]
        for g, (skills, members) in enumerate(ctx.flows.groups):
            last: dict[int, str] = {}  # the queue each member served last in its current shift
            for t in range(n):
                for a in members:
                    if t not in present[a]:
                        last.pop(a, None)
                left = {sid: value(ctx.flows.flow[(g, sid, t)]) for sid in sorted(skills) if (g, sid, t) in ctx.flows.flow}
                if not any(left.values()):
                    continue
                free = [a for a in members if t in working[a]]
                rest = []
                for a in free:
                    prev = last.get(a)
                    if prev is not None and left.get(prev, 0) > 0:
                        assign[a][t] = prev
                        left[prev] -= 1
                    else:
                        rest.append(a)
                for a in sorted(rest, key=lambda i: p.agents[i].agent_id):
                    open_ = [sid for sid in left if left[sid] > 0]
                    if open_:
                        sid = min(open_, key=lambda s: (priority[a].get(s, 99), s))
                        assign[a][t] = sid
                        left[sid] -= 1
                for a in free:
                    if assign[a][t] is not None:
                        last[a] = assign[a][t]
    agents = []
    for a, ag in enumerate(p.agents):
        spans = []
        cur, s0 = None, 0
        for t in range(n + 1):
            q = assign[a][t] if t < n else None
            if q != cur:
                if cur is not None:
                    spans.append(QueueSpan(cur, s0, t))
                cur, s0 = q, t
        agents.append(AgentPlan(ag.agent_id, tuple(shifts[a]), tuple(sorted(acts[a], key=lambda x: x.start)), tuple(spans)))
    coverage = []
    for q in p.queues:
        staffed = [0] * n
        for a in range(len(p.agents)):
            for t in range(n):
                if assign[a][t] == q.queue_id:
                    staffed[t] += 1
        coverage.append(QueueCoverage(q.queue_id, q.required, tuple(staffed)))
    camp = []
    for c in p.campaigns:
        k = sum(1 for a in range(len(p.agents)) for t in range(n) if assign[a][t] == c.campaign_id)
        camp.append((c.campaign_id, k * p.horizon.interval_min))
    totals: dict[tuple[str, str], list[float]] = {}
    for pen in ctx.penalties if with_penalties else ():
        v = value(pen.expr)
        acc = totals.setdefault((pen.rule_id, pen.unit), [0.0, 0.0])
        acc[0] += v / pen.resolution
        acc[1] += v * pen.coef / COST_SCALE
    penalties = tuple(PenaltyTotal(rid, unit, amt, cost) for (rid, unit), (amt, cost) in sorted(totals.items()))
    return Plan(tuple(agents), tuple(coverage), tuple(camp), penalties, stats)


def value_reader(values: Sequence[int]) -> Value:
    """`solver.value` for a solution held as a value vector: variables, literals and linear expressions."""
    from ortools.sat.python import cp_model_helper

    def value(expr) -> int:
        if isinstance(expr, int):
            return expr
        flat = cp_model_helper.FlatIntExpr(expr)
        return flat.offset + sum(c * values[v.index] for v, c in zip(flat.vars, flat.coeffs))

    return value
