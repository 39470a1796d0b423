"""The best queue assignment for fixed shifts, solved exactly as a min-cost network flow.

With shifts, breaks and activities fixed, sending working agents to queues is a transportation problem
with concave rewards: per interval each skill group supplies its working agents, a queue's k-th agent
earns its k-th marginal service value (decreasing in k) less the over-staffing cost beyond the
requirement, and a campaign earns its shortfall price until its weekly hours are placed. CP-SAT's search
leaves easy moves of this kind untaken for minutes (a chat agent over target while Dutch voice is short:
15 s of CP-SAT on the fixed shifts of the demo centre closed well under half of the gap); a min-cost flow
finds the optimum in a fraction of a second.

Two couplings are not network arcs and are handled around the flow: deferred (e-mail) flows keep their
given values, and a weekly target's extra value (its contacts short cost `target_shortfall_value_multiple`
more) is a price per target between 1 and 1 + multiple, set by bisection so that the target is just met
where it can be. Every candidate is scored by the model's own objective terms for flows, and the best wins.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.graph.python import min_cost_flow

from solver.build import ModelContext
from solver.constraints.coverage import target_units, value_scale, value_steps
from solver.penalty import coefficient

COST_PRECISION = 16  # integer arc costs are objective units times this, so fractional target prices stay exact enough
BISECTION_ROUNDS = 6


class FlowPolish:
    """The flow network of one set of fixed shifts; `best` returns flow values for every flow variable."""

    def __init__(self, ctx: ModelContext, values):
        p = ctx.problem
        self.ctx = ctx
        flows = ctx.flows
        working = ctx.working_sets(values.__getitem__)
        queues = {q.queue_id: q for q in p.queues}
        live = {q.queue_id for q in p.queues if q.deferred is None}
        campaigns = {c.campaign_id: c for c in p.campaigns}
        self.queues, self.live = queues, live
        self.campaign_coef = coefficient(p.weights.outbound_unplaced_per_agent_hour, 60 // p.horizon.interval_min)
        self.fixed: dict[int, int] = {}  # deferred flows: kept as given
        cap: dict[tuple[int, int], int] = {}
        used = defaultdict(int)  # per (group, interval): agents the kept flows take
        for (g, sid, t), var in flows.flow.items():
            if sid in queues and sid not in live:
                self.fixed[var.index] = values[var.index]
                used[(g, t)] += values[var.index]
        for g, (_, members) in enumerate(flows.groups):
            for a in members:
                for t in working[a]:
                    cap[(g, t)] = cap.get((g, t), 0) + 1
        node = {}

        def nid(key) -> int:
            if key not in node:
                node[key] = len(node)
            return node[key]

        source, sink = nid("source"), nid("sink")
        tails, heads, caps, kinds = [], [], [], []  # kinds: ("flow", var index) | ("value", q, t, k) | ("campaign", c)

        def arc(u, v, c, kind) -> None:
            tails.append(u)
            heads.append(v)
            caps.append(c)
            kinds.append(kind)

        staffed_ub: dict[tuple[str, int], int] = defaultdict(int)
        for (g, sid, t), var in flows.flow.items():
            if var.index in self.fixed:
                continue
            k = cap.get((g, t), 0) - used[(g, t)]
            if k <= 0:
                continue
            if (g, t) not in node:
                arc(source, nid((g, t)), k, None)
                arc(nid((g, t)), sink, k, None)  # idle: on the phones with nothing worth doing
            if sid in live:
                arc(nid((g, t)), nid((sid, t)), k, ("flow", var.index))
                staffed_ub[(sid, t)] += k
            elif sid in campaigns:
                arc(nid((g, t)), nid(("campaign", sid)), k, ("flow", var.index))
        self.steps: dict[tuple[str, int], list[int]] = {}
        self.over_coef = {q.queue_id: coefficient(q.over_staff_cost_per_agent_interval) for q in p.queues}
        for (sid, t), ub in staffed_ub.items():
            q = queues[sid]
            steps = value_steps(q, t, ub, value_scale(p, q))
            self.steps[(sid, t)] = steps
            for k in range(min(ub, len(steps))):
                arc(nid((sid, t)), sink, 1, ("value", sid, t, k))
        im = p.horizon.interval_min
        self.campaign_need: dict[str, int] = {}
        for cid, c in campaigns.items():
            if ("campaign", cid) in node:
                need = -(-c.agent_min // im)
                self.campaign_need[cid] = need
                arc(nid(("campaign", cid)), sink, need, ("campaign", cid))
        self.kinds = kinds
        self.supply = sum(caps[i] for i in range(len(kinds)) if tails[i] == source)
        self.tails, self.heads, self.caps = np.array(tails), np.array(heads), np.array(caps)
        self.source, self.sink = source, sink
        self.targets = []  # (queue, start, end, need in value units)
        for q in p.queues:
            if q.queue_id in live:
                for k in q.targets:
                    need = target_units(q, k.contacts, value_scale(p, q))
                    if need > 0:
                        self.targets.append((q.queue_id, k.start, k.end, need))
        self.multiple = p.weights.target_shortfall_value_multiple

    def score(self, flow_values: dict[int, int]) -> int:
        """The objective terms flows change (lower is better), as the model counts them."""
        return self._evaluate(flow_values)[0]

    def _evaluate(self, flow_values: dict[int, int]) -> tuple[int, list[int]]:
        """The score, and per weekly target the value units the flows buy inside it."""
        staffed: dict[tuple[str, int], int] = defaultdict(int)
        to_campaign: dict[str, int] = defaultdict(int)
        for (g, sid, t), var in self.ctx.flows.flow.items():
            v = flow_values.get(var.index, 0)
            if v and sid in self.live:
                staffed[(sid, t)] += v
            elif v and sid in self.campaign_need:
                to_campaign[sid] += v
        total = 0
        value_of: dict[tuple[str, int], int] = {}
        for key, s in staffed.items():
            sid, t = key
            value_of[key] = sum(self.steps.get(key, ())[:s])
            total -= value_of[key]
            total += self.over_coef[sid] * max(0, s - self.queues[sid].required[t])
        got = [sum(value_of.get((sid, t), 0) for t in range(start, end)) for sid, start, end, _ in self.targets]
        for (_, _, _, need), g in zip(self.targets, got):
            total += self.multiple * max(0, need - g)
        for cid, need in self.campaign_need.items():
            total += self.campaign_coef * max(0, need - to_campaign[cid])
        return total, got

    def _solve(self, prices: list[float]) -> dict[int, int] | None:
        price: dict[tuple[str, int], float] = {}
        for (sid, start, end, _), pr in zip(self.targets, prices):
            for t in range(start, end):
                price[(sid, t)] = pr
        costs = np.zeros(len(self.kinds), dtype=np.int64)
        for i, kind in enumerate(self.kinds):
            if kind is None or kind[0] == "flow":
                continue
            if kind[0] == "value":
                _, sid, t, k = kind
                reward = self.steps[(sid, t)][k] * price.get((sid, t), 1.0)
                over = self.over_coef[sid] if k + 1 > self.queues[sid].required[t] else 0
                costs[i] = round((over - reward) * COST_PRECISION)
            else:
                costs[i] = -self.campaign_coef * COST_PRECISION
        smcf = min_cost_flow.SimpleMinCostFlow()
        arcs = smcf.add_arcs_with_capacity_and_unit_cost(self.tails, self.heads, self.caps, costs)
        smcf.set_nodes_supplies(np.array([self.source, self.sink]), np.array([self.supply, -self.supply]))
        if smcf.solve() != smcf.OPTIMAL:
            return None
        got = smcf.flows(arcs)
        out = dict(self.fixed)
        for i, kind in enumerate(self.kinds):
            if kind is not None and kind[0] == "flow":
                out[kind[1]] = int(got[i])
        return out

    def best(self) -> tuple[dict[int, int], int] | None:
        """The best flows found and their score: every target priced fully, then each target met
        more exactly by bisecting its price where the full price buys more than it needs."""
        top = 1.0 + self.multiple
        lo = [1.0] * len(self.targets)
        hi = [top] * len(self.targets)
        prices = list(hi)
        best = None
        for _ in range(BISECTION_ROUNDS + 1):
            got = self._solve(prices)
            if got is None:
                return best
            s, values = self._evaluate(got)
            if best is None or s < best[1]:
                best = (got, s)
            moved = False
            for i, (_, _, _, need) in enumerate(self.targets):
                if values[i] > need:  # priced higher than needed: lower it
                    hi[i] = prices[i]
                elif values[i] < need and prices[i] < top:
                    lo[i] = prices[i]
                else:
                    continue
                new = (lo[i] + hi[i]) / 2
                if abs(new - prices[i]) > 1e-3:
                    prices[i], moved = new, True
            if not moved:
                break
        return best


def polished_flows(ctx: ModelContext, values) -> tuple[dict[int, int], int, int] | None:
    """(new flow values, their score, the given flows' score) for the shifts in `values`; None without flows."""
    if ctx.flows is None or not ctx.flows.flow:
        return None
    net = FlowPolish(ctx, values)
    found = net.best()
    if found is None:
        return None
    given = {var.index: values[var.index] for var in ctx.flows.flow.values()}
    return found[0], found[1], net.score(given)


BOOKKEEPING_GAP = 0.002  # the rest of the objective (on-time e-mail, counters) for the fixed flows, this close to its bound


def decision_values(ctx: ModelContext, values) -> dict[int, int]:
    """The shift, break, presence and activity variables of `values`: what the polish keeps fixed."""
    out = {}
    for a, av in enumerate(ctx.agent_vars):
        for o in ctx.options_of(a):
            out[o.lit.index] = values[o.lit.index]
        for b in av.breaks:
            out[b.lit.index] = values[b.lit.index]
        for lit in av.on.values():
            out[lit.index] = values[lit.index]
    for starts in ctx.activity_vars.values():
        for _, y in starts:
            out[y.index] = values[y.index]
    return out


def polish(ctx: ModelContext, values, time_limit_s: float, seed: int = 0, deterministic_limit: float | None = None,
           stop=None, workers: int = 0):
    """The plan of `values` with the best flows for its shifts: (values, objective), or None if the flows
    were already best (or no time was left to fill in the rest of the objective)."""
    from solver.warm_start import solve_fixed

    found = polished_flows(ctx, values)
    if found is None or found[1] >= found[2]:
        return None
    fixed = decision_values(ctx, values)
    fixed.update(found[0])
    solver = solve_fixed(ctx, fixed, dict(enumerate(values)), time_limit_s, seed, deterministic_limit, stop, workers,
                         first_only=False, gap=BOOKKEEPING_GAP)
    if solver is None:
        return None
    return list(solver.response_proto.solution), solver.objective_value
