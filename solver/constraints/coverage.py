"""Coverage: integer flows from skill groups to queues, valued by the service level they buy.

Agents with the same skill set form a group; per interval the group's working count (present minus
breaks and activities) bounds the sum of its flows, so a multi-skilled agent is in one queue at a time.
The value of n agents on a queue/interval is the concave piecewise-linear sum of the first n marginal
values; one integer per (queue, interval) lies under every linear piece, so maximising it buys
service level where it is cheapest. Outbound campaigns draw flows only where they are allowed.

Deferred queues (e-mail, back-office) are valued by a transportation model instead: the work of each
arrival interval may be done in any interval up to its deadline, each interval's staffed agents bound the
work done in it, and every unit of work done on time is worth its share of the arrival's contacts. So the
solver staffs e-mail where its agents are cheapest inside the deadline window, not at one fixed profile.

A residual problem (residual.py) carries the fixed agents' staffing as `Queue.base_staffed`: its value
table then starts at that many agents, and targets, over-staffing and e-mail capacity count it too.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from solver import rule_ids as R
from solver.build import FlowVars, ModelContext
from solver.penalty import COST_SCALE, Penalty, keep
from solver.problem import Problem, Queue


def skill_groups(ctx: ModelContext) -> list[tuple[frozenset[str], list[int]]]:
    demand_ids = {q.queue_id for q in ctx.problem.queues} | {c.campaign_id for c in ctx.problem.campaigns}
    groups: dict[frozenset[str], list[int]] = defaultdict(list)
    for a, ag in enumerate(ctx.problem.agents):
        skills = ag.skill_ids & demand_ids
        if skills and ctx.agent_vars[a].on:
            groups[skills].append(a)
    return sorted(groups.items(), key=lambda kv: sorted(kv[0]))


WORK_UNITS_PER_AGENT_INTERVAL = 12  # deferred work in integer units: 75 s of a 15-minute interval


def deferred_windows(q: Queue, n: int) -> np.ndarray:
    """Intervals in which some deferred work of `q` is waiting and still on time."""
    active = np.zeros(n, dtype=bool)
    for s, (w, due) in enumerate(zip(q.deferred.work, q.deferred.due)):
        if w > 0:
            active[s : min(due, n - 1) + 1] = True
    return active


def active_mask(q: Queue, n: int) -> np.ndarray:
    """Intervals in which `q` takes agents: demand or value there, or deferred work waiting on time."""
    if q.deferred is not None:
        return deferred_windows(q, n)
    return np.array([q.required[t] > 0 or any(v > 0 for v in q.marginal_values[t]) for t in range(n)], dtype=bool)


def value_scale(p: Problem, q: Queue) -> float:
    """Objective units per contact answered in target on `q`."""
    return q.priority * p.weights.service_value_per_call * COST_SCALE


_ROUNDED: dict[tuple[int, float], tuple[tuple, list[int]]] = {}  # id of a value table -> (the table, its steps)


def value_steps(q: Queue, t: int, ub: int, scale: float) -> list[int]:
    """The positive integer values of the first `ub` agents on `q` at `t`, as the objective counts them.

    Rounded once per value table: every roster-search step builds its residual from the same tables.
    """
    vals = q.marginal_values[t]
    key = (id(vals), scale)
    got = _ROUNDED.get(key)
    if got is None or got[0] is not vals:
        if len(_ROUNDED) > 500_000:
            _ROUNDED.clear()
        got = (vals, [round(x * scale) for x in vals])
        _ROUNDED[key] = got
    return [v for v in got[1][:ub] if v > 0]


def deferred_units(contacts: float, work: float, scale: float) -> tuple[int, int]:
    """An arrival's work in integer units and the objective value of one unit done on time."""
    cap = round(work * WORK_UNITS_PER_AGENT_INTERVAL)
    return cap, (round(scale * contacts / cap) if cap > 0 else 0)


def _deferred_value(ctx: ModelContext, q: Queue, scale: float, base_units: dict[int, int]) -> dict[int, tuple]:
    """On-time work as flows from arrival intervals to the staffed intervals of their windows.

    Returns per arrival interval (value expression, its maximum). In a residual problem the work that
    agents outside it already finish stays theirs: only the rest of each arrival is open, only their
    spare capacity is offered, and the value of their work goes to `base_units` (by arrival).
    """
    m = ctx.model
    n = ctx.problem.horizon.n_intervals
    units = WORK_UNITS_PER_AGENT_INTERVAL
    base = q.base_staffed or (0,) * n
    done = q.deferred.fixed_done or (0,) * n
    load = q.deferred.fixed_load or (0,) * n
    into: dict[int, list] = defaultdict(list)
    terms: dict[int, tuple] = {}
    for s, (contacts, work, due) in enumerate(zip(q.deferred.contacts, q.deferred.work, q.deferred.due)):
        cap, coef = deferred_units(contacts, work, scale)
        if coef <= 0:
            continue
        if done[s]:
            base_units[s] = coef * done[s]
        left = cap - done[s]
        if left <= 0:
            continue
        xs = []
        for t in range(s, min(due, n - 1) + 1):
            if (q.queue_id, t) in ctx.flows.staffed or units * base[t] > load[t]:
                x = m.new_int_var(0, left, f"ontime[{q.queue_id},{s},{t}]")
                ctx.ontime[(q.queue_id, s, t)] = x
                into[t].append(x)
                xs.append(x)
        if xs:
            m.add(sum(xs) <= left)
            terms[s] = (coef * sum(xs), coef * left)
    for t, xs in into.items():
        m.add(sum(xs) <= units * (ctx.flows.staffed.get((q.queue_id, t), 0) + base[t]) - load[t])
    return terms


def target_units(q: Queue, contacts: float, scale: float) -> int:
    """A weekly target in the objective's value units (the same rounding as the value it is compared with)."""
    return round(contacts * scale)


def _target_shortfalls(ctx: ModelContext, q: Queue, scale: float, by_time: dict[int, tuple],
                       base_units: dict[int, int]) -> list:
    """Per weekly target, the value units short of it: the model's own view of contacts answered in target.

    `base_units` is what agents outside the problem already buy per interval (Queue.base_staffed)."""
    m = ctx.model
    out = []
    for k in q.targets:
        need = target_units(q, k.contacts, scale) - sum(v for t, v in base_units.items() if k.start <= t < k.end)
        if need <= 0:
            continue
        got = [expr for t, (expr, _) in by_time.items() if k.start <= t < k.end]
        short = m.new_int_var(0, need, f"target_short[{q.queue_id},{k.start}]")
        m.add(short >= need - sum(got))
        out.append(short)
    return out


def add_coverage(ctx: ModelContext) -> list[Penalty]:
    p = ctx.problem
    m = ctx.model
    n = p.horizon.n_intervals
    active = {q.queue_id: active_mask(q, n) for q in p.queues}
    flows = FlowVars(skill_groups(ctx))
    ctx.flows = flows
    queues = {q.queue_id: q for q in p.queues}
    campaigns = {c.campaign_id: c for c in p.campaigns}
    per_target: dict[tuple[str, int], list] = defaultdict(list)
    for g, (skills, members) in enumerate(flows.groups):
        for t in range(n):
            present = [ctx.agent_vars[a].working_terms(t) for a in members]
            present = [x for x in present if x is not None]
            if not present:
                continue
            targets = []
            for sid in sorted(skills):
                q = queues.get(sid)
                if q is not None and active[sid][t]:
                    targets.append(sid)
                c = campaigns.get(sid)
                if c is not None and c.allowed[t]:
                    targets.append(sid)
            if not targets:
                continue
            fs = []
            for sid in targets:
                f = m.new_int_var(0, len(present), f"flow[{g},{sid},{t}]")
                flows.flow[(g, sid, t)] = f
                per_target[(sid, t)].append((f, len(present)))
                fs.append(f)
            working = sum(on for on, _ in present) - sum(lit for _, offs in present for lit in offs)
            m.add(sum(fs) <= working)
    value_terms = []
    value_max = 0
    over_terms = []
    shortfalls = []
    for q in p.queues:
        scale = value_scale(p, q)
        by_time: dict[int, tuple] = {}
        base_units: dict[int, int] = {}  # value bought by agents outside the problem (residual problems only)
        for t in range(n):
            b = q.base_staffed[t] if q.base_staffed is not None else 0
            ins = per_target.get((q.queue_id, t))
            if not ins:
                if b and q.deferred is None:
                    base_units[t] = sum(value_steps(q, t, b, scale))
                continue
            ub = sum(cap for _, cap in ins)
            staffed = sum(f for f, _ in ins)
            flows.staffed[(q.queue_id, t)] = staffed
            marg = [] if q.deferred is not None else value_steps(q, t, ub + b, scale)  # deferred: valued below
            if b and marg:
                base_units[t] = sum(marg[:b])
                marg = marg[b:]
            if marg:
                vmax = sum(marg)
                u = m.new_int_var(0, vmax, f"value[{q.queue_id},{t}]")
                acc = 0
                for k, v in enumerate(marg):
                    m.add(u <= acc + v * (staffed - k))
                    acc += v
                value_terms.append(u)
                value_max += vmax
                by_time[t] = (u, vmax)
            over_cost = q.over_staff_cost_per_agent_interval
            if over_cost > 0 and ub + b > q.required[t]:
                o = m.new_int_var(0, ub + b - q.required[t], f"over[{q.queue_id},{t}]")
                m.add(o >= staffed + b - q.required[t])
                over_terms.append((q.queue_id, o))
        if q.deferred is not None:
            by_time = _deferred_value(ctx, q, scale, base_units)
            value_terms += [expr for expr, _ in by_time.values()]
            value_max += sum(vmax for _, vmax in by_time.values())
        shortfalls += _target_shortfalls(ctx, q, scale, by_time, base_units)
    out = []
    res = max(1, round(p.weights.service_value_per_call * COST_SCALE))
    if value_terms:
        out.append(Penalty(R.COVERAGE_UNDER_SERVICE_VALUE, "weighted_calls", value_max - sum(value_terms), 1, res, constant=value_max))
    if shortfalls and p.weights.target_shortfall_value_multiple > 0:
        out.append(Penalty(R.COVERAGE_BELOW_WEEKLY_TARGET, "weighted_calls_below_target", sum(shortfalls),
                           p.weights.target_shortfall_value_multiple, res))
    if over_terms:
        # per-queue costs differ: one penalty per queue keeps the reported amount in agent-intervals
        by_q = defaultdict(list)
        for qid, o in over_terms:
            by_q[qid].append(o)
        for qid, os_ in by_q.items():
            out += keep(Penalty.weighted(R.COVERAGE_OVER_STAFFING, "agent_intervals", sum(os_), queues[qid].over_staff_cost_per_agent_interval))
    for c in p.campaigns:
        ins = [f for t in range(n) for f, _ in per_target.get((c.campaign_id, t), [])]
        need = max(0, -(-c.agent_min // p.horizon.interval_min) - c.base_agent_intervals)
        for t in range(n):
            if (c.campaign_id, t) in per_target:
                flows.staffed[(c.campaign_id, t)] = sum(f for f, _ in per_target[(c.campaign_id, t)])
        short = m.new_int_var(0, need, f"outbound_short[{c.campaign_id}]")
        m.add(short >= need - sum(ins))
        out += keep(
            Penalty.weighted(
                R.OUTBOUND_UNPLACED, "agent_hours", short, p.weights.outbound_unplaced_per_agent_hour, resolution=60 // p.horizon.interval_min
            )
        )
    return out
