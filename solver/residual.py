"""A neighbourhood's residual problem: a few agents re-planned against everyone else's fixed plan.

Re-planning a few agents inside the whole model costs a copy and a presolve of all of it (3.7 s at 80
agents, 11.7 s at 400, measured in session 7). Here the freed agents form a problem of their own: the
fixed agents' queue flows become each queue's base staffing (`Queue.base_staffed`), their paid time
leaves the labour budget, an activity they share with a freed agent keeps its incumbent time, and the
freed agents' days outside the neighbourhood are locked. The residual objective differs from the whole
model's by a constant, so a better residual plan is a better whole plan by exactly the same amount.

Deferred (e-mail) work is split the same way: at each interval the fixed agents keep the on-time work
their capacity covers in the incumbent, and the freed agents carry the rest. Only arrivals with work
left open (carried by freed agents or not done) enter the residual: on the demo centre an e-mail
agent's residual holds about 900 transport variables instead of the whole week's 10,168, and 40 of
41 such steps in one 60 s solve scored the incumbent within the 0.3 s cap (with the whole transport,
38 of 59 steps could not).

Flows belong to skill groups, not to agents: where freed agents leave a group, the group's fixed flows
shrink by the agents it loses (the queue whose last agent is worth least gives them up first), and the
freed agents start from exactly those units, so the incumbent is always a solution of the residual.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from solver.build import ModelContext
from solver.candidates import Candidate
from solver.constraints.coverage import WORK_UNITS_PER_AGENT_INTERVAL
from solver.problem import Activity, DeferredWork, LockedDay, Problem, Queue

FlowKey = tuple[frozenset[str], str, int]  # (skill set, queue or campaign, interval)
WorkKey = tuple[str, int, int]  # (deferred queue, arrival interval, interval the work is done in)


@dataclass
class Roster:
    """A whole plan's decisions: the state a neighbourhood search changes a few agents at a time."""

    shifts: list[dict[int, Candidate]]  # per agent: day -> shift
    breaks: list[set[tuple[int, str, int, int]]]  # per agent: (day, break key, start, length)
    activities: dict[str, int | None]  # activity id -> start (None: unplaced)
    flows: dict[FlowKey, int]  # agents of a skill group on a queue (or campaign) per interval
    working: list[set[int]]  # per agent: intervals present and on the phones
    ontime: dict[WorkKey, int]  # deferred work units done on time

    def staffed(self) -> dict[tuple[str, int], int]:
        out: dict[tuple[str, int], int] = defaultdict(int)
        for (_, sid, t), v in self.flows.items():
            out[(sid, t)] += v
        return out


def roster_of(ctx: ModelContext, value) -> Roster:
    """The decisions of a solution of `ctx`; `value` maps a proto index to its value."""
    p = ctx.problem
    shifts: list[dict[int, Candidate]] = []
    breaks: list[set] = []
    for a, av in enumerate(ctx.agent_vars):
        shifts.append({o.payload.day: o.payload for o in ctx.options_of(a) if value(o.lit.index)})
        breaks.append({(b.day, b.key, b.start, b.length) for b in av.breaks if value(b.lit.index)})
    activities: dict[str, int | None] = {}
    for act in p.activities:
        placed = [tau for tau, y in ctx.activity_vars.get(act.activity_id, []) if value(y.index)]
        activities[act.activity_id] = placed[0] if placed else None
    flows: dict[FlowKey, int] = {}
    if ctx.flows is not None:
        for (g, sid, t), var in ctx.flows.flow.items():
            v = value(var.index)
            if v:
                flows[(ctx.flows.groups[g][0], sid, t)] = v
    ontime = {key: v for key, var in ctx.ontime.items() if (v := value(var.index))}
    return Roster(shifts, breaks, activities, flows, ctx.working_sets(value), ontime)


def decisions(ctx: ModelContext, roster: Roster) -> dict[int, int]:
    """The roster as values of `ctx`'s shift, break, presence, activity and flow variables (by proto index)."""
    out: dict[int, int] = {}
    for a, av in enumerate(ctx.agent_vars):
        mine = roster.shifts[a]
        present: set[int] = set()
        for o in ctx.options_of(a):
            c = o.payload
            s = mine.get(c.day)
            on = s is not None and (s.start, s.length) == (c.start, c.length)
            out[o.lit.index] = int(on)
            if on:
                present.update(range(c.start, c.end))
        for b in av.breaks:
            out[b.lit.index] = int((b.day, b.key, b.start, b.length) in roster.breaks[a])
        for t, lit in av.on.items():
            out[lit.index] = int(t in present)
    for act_id, starts in ctx.activity_vars.items():
        for tau, y in starts:
            out[y.index] = int(roster.activities.get(act_id) == tau)
    if ctx.flows is not None:
        for (g, sid, t), var in ctx.flows.flow.items():
            out[var.index] = roster.flows.get((ctx.flows.groups[g][0], sid, t), 0)
    for key, var in ctx.ontime.items():
        out[var.index] = roster.ontime.get(key, 0)
    return out


@dataclass(frozen=True)
class Neighbourhood:
    agents: tuple[int, ...]  # agent indices of the whole problem
    days: frozenset[int] | None = None  # the days they are free on; None: the whole horizon


@dataclass
class Residual:
    problem: Problem
    agents: tuple[int, ...]  # residual agent i is agent agents[i] of the whole problem
    released: dict[FlowKey, int]  # flow units the freed agents carried in the incumbent
    pinned: frozenset[str]  # activities shared with fixed agents (kept at their incumbent time or dropped)
    released_work: dict[WorkKey, int]  # deferred work units the freed agents carried in the incumbent


def residual(problem: Problem, roster: Roster, hood: Neighbourhood, demand_skills: list[frozenset[str]]) -> Residual:
    """The residual problem of `hood`; `demand_skills[a]` is agent a's skill set among queues and campaigns."""
    freed = set(hood.agents)
    agents = []
    for a in hood.agents:
        ag = problem.agents[a]
        if hood.days is not None:
            planner = {lk.day for lk in ag.locked}
            locks = list(ag.locked)
            for d in range(problem.horizon.n_days):
                if d in planner or d in hood.days:
                    continue
                s = roster.shifts[a].get(d)
                locks.append(LockedDay(d) if s is None else LockedDay(d, s.start, s.length))
            ag = dataclasses.replace(ag, locked=tuple(sorted(locks, key=lambda lk: lk.day)))
        agents.append(ag)
    touched = {demand_skills[a] for a in hood.agents}
    leaving: dict[tuple[frozenset[str], int], int] = defaultdict(int)  # freed agents working per group and interval
    group_working: dict[tuple[frozenset[str], int], int] = defaultdict(int)
    for a, skills in enumerate(demand_skills):
        if skills in touched:
            for t in roster.working[a]:
                group_working[(skills, t)] += 1
                if a in freed:
                    leaving[(skills, t)] += 1
    staffed = roster.staffed()
    by_group: dict[tuple[frozenset[str], int], list[str]] = defaultdict(list)
    for (skills, sid, t), v in roster.flows.items():
        if skills in touched:
            by_group[(skills, t)].append(sid)
    released: dict[FlowKey, int] = {}
    queues = {q.queue_id: q for q in problem.queues}
    for (skills, t), sids in by_group.items():
        total = sum(roster.flows[(skills, sid, t)] for sid in sids)
        excess = total - (group_working[(skills, t)] - leaving.get((skills, t), 0))
        while excess > 0:
            # the queue whose last agent buys least gives one up
            sid = min((s for s in sids if roster.flows[(skills, s, t)] > released.get((skills, s, t), 0)),
                      key=lambda s: (_last_value(queues.get(s), t, staffed[(s, t)]), s))
            released[(skills, sid, t)] = released.get((skills, sid, t), 0) + 1
            staffed[(sid, t)] -= 1
            excess -= 1
    n = problem.horizon.n_intervals
    wanted = set().union(*touched) if touched else set()
    base_q = {q.queue_id: [0] * n for q in problem.queues}
    base_c: dict[str, int] = defaultdict(int)
    for (sid, t), v in staffed.items():
        if sid in base_q:
            base_q[sid][t] = v
        else:
            base_c[sid] += v
    released_work: dict[WorkKey, int] = {}
    sub_queues = []
    for q in problem.queues:
        if q.queue_id not in wanted:
            continue
        q = dataclasses.replace(q, base_staffed=tuple(base_q[q.queue_id]))
        if q.deferred is not None:
            q = dataclasses.replace(q, deferred=_fixed_work(q, roster, released_work))
        sub_queues.append(q)
    sub_campaigns = tuple(dataclasses.replace(c, base_agent_intervals=base_c.get(c.campaign_id, 0))
                          for c in problem.campaigns if c.campaign_id in wanted)
    ids = {problem.agents[a].agent_id for a in hood.agents}
    acts = []
    pinned = set()
    for act in problem.activities:
        mine = tuple(pid for pid in act.participants if pid in ids)
        if not mine:
            continue
        if len(mine) == len(act.participants):
            acts.append(act)
            continue
        start = roster.activities.get(act.activity_id)
        pinned.add(act.activity_id)
        if start is not None:  # shared with fixed agents: only its incumbent time is open to the freed ones
            acts.append(Activity(act.activity_id, act.duration_intervals, mine, (start, start + act.duration_intervals)))
    budget = problem.max_paid_min
    if budget is not None:
        budget -= sum(s.paid_min for a, days in enumerate(roster.shifts) if a not in freed for s in days.values())
    sub = dataclasses.replace(problem, queues=tuple(sub_queues), agents=tuple(agents), campaigns=sub_campaigns,
                              activities=tuple(acts), max_paid_min=budget)
    return Residual(sub, tuple(hood.agents), released, frozenset(pinned), released_work)


def _fixed_work(q: Queue, roster: Roster, released_work: dict[WorkKey, int]) -> DeferredWork:
    """`q.deferred` with the fixed agents' share of the incumbent's on-time work fixed.

    At each interval the fixed agents (`q.base_staffed`) keep as much of the work done there as their
    capacity covers, the earliest arrivals first; the rest goes to `released_work` for the freed agents.
    """
    units = WORK_UNITS_PER_AGENT_INTERVAL
    n = len(q.required)
    done = [0] * n
    load = [0] * n
    by_t: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (qid, s, t), v in roster.ontime.items():
        if qid == q.queue_id:
            by_t[t].append((s, v))
    for t, work in by_t.items():
        room = units * q.base_staffed[t]
        for s, v in sorted(work):
            kept = min(v, room)
            room -= kept
            done[s] += kept
            load[t] += kept
            if v > kept:
                released_work[(q.queue_id, s, t)] = v - kept
    return dataclasses.replace(q.deferred, fixed_done=tuple(done), fixed_load=tuple(load))


def _last_value(q, t: int, staffed: int) -> float:
    """What the last of `staffed` agents on queue `q` buys at `t` (campaigns: taken as nothing)."""
    if q is None or staffed <= 0:
        return 0.0
    vals = q.marginal_values[t]
    value = vals[staffed - 1] if staffed - 1 < len(vals) else 0.0
    return value * q.priority - (q.over_staff_cost_per_agent_interval if staffed > q.required[t] else 0.0)


def hint_of(res: Residual, sub: ModelContext, roster: Roster) -> dict[int, int]:
    """The incumbent as values of the residual model's decisions: the freed agents' plan and released flows."""
    part = Roster(
        [roster.shifts[a] for a in res.agents],
        [roster.breaks[a] for a in res.agents],
        dict(roster.activities),
        {},
        [roster.working[a] for a in res.agents],
        dict(res.released_work),
    )
    if sub.flows is not None:
        groups = {skills for skills, _ in sub.flows.groups}
        part.flows = {k: v for k, v in res.released.items() if k[0] in groups}
    return decisions(sub, part)


def merge(roster: Roster, res: Residual, sub: ModelContext, value, problem: Problem) -> None:
    """Write the residual solution (`value` by the residual model's proto index) into `roster`."""
    got = roster_of(sub, value)
    for i, a in enumerate(res.agents):
        roster.shifts[a] = got.shifts[i]
        roster.breaks[a] = got.breaks[i]
        roster.working[a] = got.working[i]
    _hand_back(roster.flows, res.released, got.flows)
    _hand_back(roster.ontime, res.released_work, got.ontime)
    index = {ag.agent_id: a for a, ag in enumerate(problem.agents)}
    for act in res.problem.activities:
        start = got.activities.get(act.activity_id)
        if act.activity_id in res.pinned and start is None and roster.activities.get(act.activity_id) is not None:
            # dropped: its fixed participants are back on the phones where they are present and not on a break
            old = roster.activities[act.activity_id]
            span = range(old, old + act.duration_intervals)
            whole = next(x for x in problem.activities if x.activity_id == act.activity_id)
            for pid in whole.participants:
                a = index[pid]
                if a in res.agents:
                    continue
                roster.working[a] |= {t for t in span if _present(roster, a, t)}
        roster.activities[act.activity_id] = start


def _hand_back(units: dict, released: dict, solved: dict) -> None:
    """In place: the units the freed agents carried (`released`) replaced by their residual solution's."""
    for key, v in released.items():
        left = units[key] - v
        if left:
            units[key] = left
        else:
            del units[key]
    for key, v in solved.items():
        units[key] = units.get(key, 0) + v


def _present(roster: Roster, a: int, t: int) -> bool:
    on = any(s.start <= t < s.end for s in roster.shifts[a].values())
    return on and not any(start <= t < start + length for _, _, start, length in roster.breaks[a])
