"""A Lagrangian lower bound on the objective, independent of CP-SAT's LP.

CP-SAT's own bound on these models stays close to its first LP for the whole run (its root LP is large,
degenerate and rarely re-solved to optimality with two workers), so the gap it reports says more about
the bound than about the plan. Here the one constraint that ties agents together, "flows out of a skill
group never exceed the group's working agents per interval", and the labour budget are priced with
multipliers instead. What is left falls apart into small exact problems:

- per queue and interval: how many agents to buy at the cheapest group's price (the concave value
  table minus over-staffing, exactly as the model rounds it);
- per deferred queue: each arrival's work goes to the cheapest interval of its deadline window;
- per campaign: the cheapest allowed intervals up to the campaign's need;
- per weekly service target: its shortfall cost c * max(0, need - V) is max over nu in [0, 1] of
  nu * c * (need - V), so a multiplier nu per target scales the value counted towards it by 1 + nu * c;
- per agent: the best legal week (one shift a day, weekly minimum and maximum minutes and days, locked
  days, rest between the shifts of consecutive days) by dynamic programming over (days worked, paid
  minutes, how late the last day ended), each break at its cheapest place.

Rest across a week's boundary or a day off, consecutive days, break overlap, activities (but for those
no plan can hold, whose cost is a constant) and start-time spread are left out, and the convex
weekend and late-shift costs are replaced by their first linear piece (they only make the true problem
harder, and those costs are never below what is kept), so every multiplier gives a valid bound in the
model's own integer units; subgradient steps towards the best known objective tighten it.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import reduce
from typing import Callable, NamedTuple

import numpy as np

from ext import week_dp
from solver.activity_reach import unreachable_activities
from solver.candidates import Candidate, candidate_shifts
from solver.constraints.coverage import (WORK_UNITS_PER_AGENT_INTERVAL, active_mask, deferred_units, target_units,
                                        value_scale, value_steps)
from solver.day_context import week_ranges
from solver.penalty import coefficient
from solver.problem import Agent, Problem

_UNITS = WORK_UNITS_PER_AGENT_INTERVAL


def _coef(weight: float, resolution: int = 1) -> int:
    """The model's coefficient for a weight, 0 where the model leaves the rule out."""
    return max(0, coefficient(weight, resolution))


@dataclass
class _AgentData:
    """One agent's candidates as arrays, the fixed part of their value, and the week structure."""

    group: int  # skill group index, -1: serves no demand
    starts: np.ndarray
    ends: np.ndarray
    days: np.ndarray
    paid: np.ndarray
    fixed_cost: np.ndarray  # paid time and preferences, milli-cost per candidate
    breaks: list[tuple[np.ndarray, int, np.ndarray]]  # (candidate index, length, window start positions [k, w])
    weeks: list[tuple[range, int, int, int]]  # (days, min paid, max paid, max days)
    unit: int  # gcd of paid minutes
    # per week, its candidates grouped by (day, paid units within the maximum, rest classes), its days with
    # a locked shift and its number of rest classes, as ext.week_dp.best_week takes them
    week_groups: list[tuple]


class Week(NamedTuple):
    """One agent's relaxed week: a master-LP column, and the candidates it works (a warm start's shifts)."""

    cost: float  # fixed cost: paid time, preferences, the linear fairness floor
    paid: float  # paid minutes
    working: np.ndarray  # working agents per interval
    chosen: np.ndarray  # indices into the class's flattened candidates (_AgentData order)


@dataclass(frozen=True)
class BoundResult:
    bound: float  # lower bound on the objective, in the model's milli-cost units
    iterations: int
    wall_s: float
    multipliers: tuple | None = None  # (mu, lam, nu) that gave the bound
    weeks: list | None = None  # per agent class, the distinct relaxed weeks met at improving steps (column_bound.py)


class LagrangianBound:
    def __init__(self, problem: Problem, candidates: list[list[list[Candidate]]] | None = None):
        self.p = p = problem
        n = self.n = p.horizon.n_intervals
        im = p.horizon.interval_min
        self.cands = candidates or [candidate_shifts(p, ag) for ag in p.agents]
        demand = {q.queue_id for q in p.queues} | {c.campaign_id for c in p.campaigns}
        cover = []
        for day_list in self.cands:
            mask = np.zeros(n, dtype=bool)
            for day in day_list:
                for c in day:
                    mask[c.start : c.end] = True
            cover.append(mask)
        groups: dict[frozenset[str], list[int]] = defaultdict(list)
        for a, ag in enumerate(p.agents):
            skills = ag.skill_ids & demand
            if skills and cover[a].any():
                groups[skills].append(a)
        self.groups = sorted(groups.items(), key=lambda kv: sorted(kv[0]))
        group_of = {a: g for g, (_, members) in enumerate(self.groups) for a in members}
        G = len(self.groups)
        self.present = np.zeros((G, n), dtype=np.int64)  # agents of g able to be present at t
        for g, (_, members) in enumerate(self.groups):
            for a in members:
                self.present[g] += cover[a]
        # which groups can feed each demand at t (flows exist only where the demand is active)
        self.queue_data = []
        self.targets: list[int] = []  # weekly targets in value units, by multiplier index
        self.shortfall = p.weights.target_shortfall_value_multiple
        for q in p.queues:
            feeders = np.array([q.queue_id in skills for skills, _ in self.groups], dtype=bool)
            active = active_mask(q, n)
            reach = (self.present[feeders].sum(axis=0) if feeders.any() else np.zeros(n, dtype=np.int64)) * active
            scale = value_scale(p, q)
            over = _coef(q.over_staff_cost_per_agent_interval)
            # which weekly target each interval (live) or arrival (deferred) counts towards, -1 for none
            target_of = np.full(n, -1, dtype=np.int64)
            for k in q.targets:
                target_of[k.start : k.end] = len(self.targets)
                self.targets.append(target_units(q, k.contacts, scale))
            if q.deferred is None:
                width = int(reach.max(initial=0)) + 1
                value = np.full((n, width), -np.inf)
                over_cost = np.zeros((n, width))
                for t in range(n):
                    ub = int(reach[t])
                    table = np.concatenate(([0], np.cumsum(value_steps(q, t, ub, scale)))).astype(float)
                    s = np.arange(ub + 1)
                    value[t, : ub + 1] = table[np.minimum(s, len(table) - 1)]
                    if over > 0 and ub > q.required[t]:
                        over_cost[t, : ub + 1] = over * np.maximum(0, s - q.required[t])
                self.queue_data.append(("live", q, feeders, reach, (value, over_cost, target_of)))
            else:
                classes = []
                for s_, (contacts, work, due) in enumerate(zip(q.deferred.contacts, q.deferred.work, q.deferred.due)):
                    cap, coef = deferred_units(contacts, work, scale)
                    window = [t for t in range(s_, min(due, n - 1) + 1) if reach[t] > 0]
                    if coef > 0 and window:
                        classes.append((cap, coef, np.array(window), int(target_of[s_])))
                self.queue_data.append(("deferred", q, feeders, reach, classes))
        self.campaign_data = []
        res = max(1, 60 // im)
        for c in p.campaigns:
            feeders = np.array([c.campaign_id in skills for skills, _ in self.groups], dtype=bool)
            allowed = np.asarray(c.allowed, dtype=bool)
            reach = (self.present[feeders].sum(axis=0) if feeders.any() else np.zeros(n, dtype=np.int64)) * allowed
            need = -(-c.agent_min // im)
            self.campaign_data.append((feeders, reach, need, _coef(p.weights.outbound_unplaced_per_agent_hour, res)))
        self.paid_coef = _coef(p.weights.paid_time_per_hour, 60)
        # an activity no plan can hold is unplaced in every plan
        self.unplaceable_cost = (_coef(p.weights.activity_unplaced_per_activity) * len(unreachable_activities(p, self.cands))
                                 if p.activities else 0)
        # agents alike in everything the relaxation reads (skills, site, contract, preferences, candidate
        # shifts) share one best week: `agents` holds one entry per class and `counts` its size
        classes: dict[tuple, list[int]] = {}
        for a, ag in enumerate(p.agents):
            members = classes.setdefault((group_of.get(a, -1), replace(ag, agent_id="")), [])
            if members and self.cands[members[0]] != self.cands[a]:
                members = classes.setdefault((a,), [])  # same fields, other candidates: its own class
            members.append(a)
        self.members = list(classes.values())
        self.counts = np.array([len(m) for m in self.members], dtype=float)
        self.agents = [self._agent_data(m[0], p.agents[m[0]], group_of.get(m[0], -1)) for m in self.members]

    def _agent_data(self, a: int, ag: Agent, group: int) -> _AgentData:
        p = self.p
        im = p.horizon.interval_min
        site = p.horizon.site(ag.site_id)
        flat = [c for day in self.cands[a] for c in day]
        starts = np.array([c.start for c in flat], dtype=np.int64)
        ends = np.array([c.end for c in flat], dtype=np.int64)
        days = np.array([c.day for c in flat], dtype=np.int64)
        paid = np.array([c.paid_min for c in flat], dtype=np.int64)
        cost = self.paid_coef * paid.astype(float)
        pr, scale = ag.preferences, p.weights.preference_scale
        local = np.array([(c.start - site.day_starts[c.day]) * im for c in flat], dtype=np.int64)
        if pr.start_window_min is not None and flat:
            lo, hi = pr.start_window_min
            cost += _coef(pr.start_weight_per_shift * scale) * ((local < lo) | (local > hi))
        if pr.days_off and flat:
            cost += _coef(pr.days_off_weight_per_day * scale) * np.isin(days, sorted(pr.days_off))
        if pr.length_min is not None and flat:
            cost += _coef(pr.length_weight_per_hour * scale, 60) * np.abs((ends - starts) * im - pr.length_min)
        # fairness: k weekend days (late shifts) cost w * k(k+1)/2 >= w * k, so w per day is a valid floor
        if flat:
            cost += _coef(p.weights.weekend_day_worked_per_day) * np.isin(days, sorted(site.weekend_days))
            late_end = np.array([(c.end - site.day_starts[c.day]) * im for c in flat]) > p.late_shift_end_after_min
            cost += _coef(p.weights.late_shift_per_shift) * late_end
        by_item: dict[tuple[int, int], list[tuple[int, np.ndarray]]] = defaultdict(list)
        for i, c in enumerate(flat):
            for it in c.breaks:
                by_item[(it.length, it.window[1] - it.window[0] + 1)].append((i, c.start + np.arange(it.window[0], it.window[1] + 1)))
        breaks = [(np.array([i for i, _ in rows]), length, np.stack([w for _, w in rows])) for (length, _), rows in by_item.items()]
        forced = {c.day for c in flat if c.locked}
        unit = reduce(math.gcd, [int(x) for x in paid] + [ag.contract.max_week_min, ag.contract.min_week_min], 0) or 1
        weeks = []
        for week in week_ranges(len(self.cands[a])):
            c = ag.contract
            weeks.append((week, c.min_week_min if len(week) == 7 else 0, c.max_week_min,
                          min(len(week), c.max_days_per_week)))
        u_max = ag.contract.max_week_min // unit
        rest = -(-ag.contract.min_rest_min // im)  # intervals from one shift's end to the next day's start
        week_groups = []
        for week, *_ in weeks:
            within = {day: [i for i in np.flatnonzero(days == day).tolist() if paid[i] // unit <= u_max]
                      for day in week}
            day_starts = {day: sorted({int(starts[i]) for i in within[day]}) for day in week}
            # a shift's rest class: how many of the next day's start times come too soon after its end
            # (0 for the week's last day: rest across weeks is left out)
            late = {i: bisect_left(day_starts[day + 1], int(ends[i]) + rest) if day + 1 in week else 0
                    for day in week for i in within[day]}
            ranks = {day: sorted({0} | {late[i] for i in within[day]}) for day in week}
            order, group_start, units, need, out, day_groups = [], [0], [], [], [], [0]
            for day in week:
                groups: dict[tuple[int, int, int], list[int]] = {}
                for i in within[day]:
                    # the latest of yesterday's classes after which this start leaves enough rest
                    after = (bisect_right(ranks[day - 1], bisect_left(day_starts[day], int(starts[i]))) - 1
                             if day - 1 in week else 0)
                    groups.setdefault((int(paid[i]) // unit, after, ranks[day].index(late[i])), []).append(i)
                for (u, after, cls), ix in groups.items():
                    order += ix
                    group_start.append(len(order))
                    units.append(u)
                    need.append(after)
                    out.append(cls)
                day_groups.append(len(units))
            arrays = [np.array(x, dtype=np.int64) for x in (order, group_start, units, need, out, day_groups)]
            week_groups.append((*arrays, np.array([day in forced for day in week], dtype=np.uint8),
                                max((len(r) for r in ranks.values()), default=1)))
        return _AgentData(group, starts, ends, days, paid, cost, breaks, weeks, unit, week_groups)

    # ---- the separate problems for given multipliers ----
    def _agent_best(self, d: _AgentData, mu_row: np.ndarray | None, lam: float):
        """The best relaxed week: (value, chosen candidate indices, break placements), None if impossible."""
        if d.starts.size == 0:
            return (0.0, np.array([], dtype=np.int64), []) if all(mn == 0 for _, mn, _, _ in d.weeks) else None
        value = -d.fixed_cost - lam * d.paid
        break_at: list[tuple[np.ndarray, int, np.ndarray]] = []
        if mu_row is not None:
            cum = np.concatenate(([0.0], np.cumsum(mu_row)))
            value = value + cum[d.ends] - cum[d.starts]
            for idx, length, windows in d.breaks:
                sums = cum[np.minimum(windows + length, self.n)] - cum[windows]
                pick = np.argmin(sums, axis=1)
                np.subtract.at(value, idx, sums[np.arange(idx.size), pick])  # a shift may have two alike breaks
                break_at.append((idx, length, windows[np.arange(idx.size), pick]))
        value = np.ascontiguousarray(value, dtype=np.float64)
        chosen = []
        total = 0.0
        out = np.empty(7, dtype=np.int64)
        for (week, mn, mx, max_days), groups in zip(d.weeks, d.week_groups):
            if out.size < len(week):
                out = np.empty(len(week), dtype=np.int64)
            got, count = week_dp.best_week(value, *groups, max_days, mx // d.unit, -(-mn // d.unit), out)
            if got == -math.inf:
                return None
            total += got
            chosen += out[:count].tolist()
        return total, np.array(chosen, dtype=np.int64), break_at

    def evaluate(self, mu: np.ndarray, lam: float, nu: np.ndarray | None = None, weeks: list | None = None
                 ) -> tuple[float, np.ndarray, float, np.ndarray] | None:
        """L(mu, lam, nu) (an upper bound on value minus costs), its subgradient in mu, in lam, and the value
        bought per weekly target.

        The shortfall cost c * max(0, need - V) equals max over nu in [0, 1] of nu * c * (need - V), so for any
        such nu the value towards a target counts (1 + nu * c) times and nu * c * need is subtracted.
        `weeks`, if given, receives each agent class's best relaxed week as a master column (see `week_column`).
        """
        n = self.n
        G = len(self.groups)
        total = 0.0
        sub = np.zeros((G, n))
        paid_used = 0.0
        cols = np.arange(n)
        nu = np.zeros(len(self.targets)) if nu is None else nu
        factor = np.append(1.0 + self.shortfall * nu, 1.0)  # index -1: counts towards no target
        bought = np.zeros(len(self.targets) + 1)
        total -= float(self.shortfall * (nu * np.asarray(self.targets, dtype=float)).sum())
        total -= self.unplaceable_cost
        for kind, q, feeders, reach, data in self.queue_data:
            if not feeders.any():
                continue
            prices = np.where(self.present[feeders] > 0, mu[feeders], np.inf)
            cheapest = np.argmin(prices, axis=0)
            price = prices[cheapest, cols]
            owner = np.flatnonzero(feeders)[cheapest]
            if kind == "live":
                value, over_cost, target_of = data
                s = np.arange(value.shape[1])
                gain = (value * factor[target_of][:, None] - over_cost
                        - np.where(np.isfinite(price), price, 0.0)[:, None] * s[None, :])
                best = np.argmax(gain, axis=1)
                total += float(gain[cols, best].sum())
                np.add.at(bought, target_of, value[cols, best])
                np.subtract.at(sub, (owner, cols), best.astype(float))
            else:
                staffed = np.zeros(n)
                for cap, coef, window, k in data:
                    w_price = price[window] / _UNITS
                    j = int(np.argmin(w_price))
                    if coef * factor[k] > w_price[j]:
                        total += cap * (coef * factor[k] - w_price[j])
                        bought[k] += cap * coef
                        staffed[window[j]] += cap / _UNITS
                np.subtract.at(sub, (owner, cols), staffed)
        for feeders, reach, need, coef in self.campaign_data:
            total -= coef * need
            if not feeders.any() or coef <= 0:
                continue
            prices = np.where(self.present[feeders] > 0, mu[feeders], np.inf)
            cheapest = np.argmin(prices, axis=0)
            price = prices[cheapest, cols]
            owner = np.flatnonzero(feeders)[cheapest]
            left = need
            for t in np.argsort(price, kind="stable"):
                if left <= 0 or price[t] >= coef or reach[t] <= 0:
                    break
                take = min(left, int(reach[t]))
                total += take * (coef - price[t])
                sub[owner[t], t] -= take
                left -= take
        for a, d in enumerate(self.agents):
            row = mu[d.group] if d.group >= 0 else None
            got = self._agent_best(d, row, lam)
            if got is None:
                return None
            value, chosen, break_at = got
            count = self.counts[a]
            total += count * value
            paid_used += count * float(d.paid[chosen].sum())
            if weeks is not None or (row is not None and chosen.size):
                column = self.week_column(a, chosen, break_at)
                if weeks is not None:
                    weeks.append(column)
                if row is not None:
                    sub[d.group] += count * column[2]
        lam_grad = 0.0
        if self.p.max_paid_min is not None:
            total += lam * self.p.max_paid_min
            lam_grad = self.p.max_paid_min - paid_used
        return total, sub, lam_grad, bought[:-1]

    def week_column(self, a: int, chosen: np.ndarray, break_at) -> Week:
        """A relaxed week of one agent of class `a` as a master-LP column."""
        d = self.agents[a]
        diff = np.zeros(self.n + 1, dtype=np.int64)
        np.add.at(diff, d.starts[chosen], 1)
        np.add.at(diff, d.ends[chosen], -1)
        working = np.cumsum(diff)[: self.n].astype(np.int8)
        picked = np.zeros(d.starts.size, dtype=bool)
        picked[chosen] = True
        for idx, length, at in break_at:
            for b in at[picked[idx]].tolist():
                working[b : b + length] -= 1
        return Week(float(d.fixed_cost[chosen].sum()), float(d.paid[chosen].sum()), working, chosen)

    def value_scale(self) -> float:
        """The largest value of one agent-interval on any live queue (milli-cost), 1 if there is none."""
        best = 1.0
        for kind, _, _, _, data in self.queue_data:
            if kind == "live" and data[0].shape[1] >= 2:
                first = data[0][:, 1] - data[0][:, 0]
                first = first[np.isfinite(first)]
                if first.size:
                    best = max(best, float(first.max()))
        return best

    def initial_mu(self) -> np.ndarray:
        """Start from the value of the last required agent of the cheapest queue a group serves."""
        G, n = len(self.groups), self.n
        mu = np.zeros((G, n))
        for kind, q, feeders, reach, data in self.queue_data:
            if kind != "live" or data[0].shape[1] < 2:
                continue
            table = data[0] - data[1]
            s = np.maximum(0, np.minimum(np.asarray(q.required) - 1, table.shape[1] - 2))  # the last required agent
            with np.errstate(invalid="ignore"):  # -inf - -inf where nobody can serve the queue
                slope = table[np.arange(n), s + 1] - table[np.arange(n), s]
            slope = np.where(np.isfinite(slope), np.maximum(slope, 0.0), 0.0)
            for g in np.flatnonzero(feeders):
                mu[g] = np.maximum(mu[g], slope)
        return mu


MAX_KEPT_WEEKS = 30  # per agent class: columns for the master LP, the latest of the steps that improved the bound


def lagrangian_bound(problem: Problem, target: float | None, time_limit_s: float, max_iterations: int = 5000,
                     candidates=None, lb: LagrangianBound | None = None, keep_weeks: bool = False,
                     stall_halvings: int | None = None, should_stop=lambda: False,
                     on_bound: Callable[[float], None] | None = None) -> BoundResult | None:
    """Best lower bound on the objective found in the time (model units); None if the relaxation is infeasible.

    `target` is the best known objective: Polyak steps aim at it (it is never assumed to be optimal).
    With `stall_halvings`, the steps end once they had to halve that many times (they have stalled);
    `should_stop()` ends them at once (the best bound so far stands); `on_bound` hears every better bound.
    """
    t0 = time.monotonic()
    lb = lb or LagrangianBound(problem, candidates)
    pool: list[dict] | None = [{} for _ in lb.agents] if keep_weeks else None
    best_at = None
    mu = lb.initial_mu()
    # the budget's price per paid minute moves by its own sign steps: its subgradient is in minutes and
    # would swamp the interval prices in one Polyak norm
    im = problem.horizon.interval_min
    positive = mu[mu > 0]
    scale = lb.value_scale() / im  # the first agent's value per paid minute: the most the budget can be worth
    lam = (float(np.median(positive)) / im if positive.size else scale / 2) if problem.max_paid_min is not None else 0.0
    lam_step = max(lam, scale) / 2
    last_sign = 0
    best = -math.inf
    theta = 1.0
    stall = 0
    it = 0
    goal = -target if target is not None and math.isfinite(target) else None  # in "value minus costs" terms
    nu = np.zeros(len(lb.targets))  # weekly-target multipliers in [0, 1], moved by halving sign steps like lam
    nu_step = np.full(len(lb.targets), 0.5)
    nu_sign = np.zeros(len(lb.targets))
    need = np.asarray(lb.targets, dtype=float)
    while it < max_iterations and time.monotonic() - t0 < time_limit_s and not should_stop():
        it += 1
        weeks: list | None = [] if pool is not None else None
        got = lb.evaluate(mu, lam, nu, weeks)
        if got is None:
            return None
        value, sub, lam_grad, bought = got
        if -value > best + 1e-9:
            best_at = (mu.copy(), lam, nu.copy())
            if pool is not None:
                for kept, col in zip(pool, weeks):
                    kept.setdefault((col[0], col[1], col[2].tobytes()), col)
                    if len(kept) > MAX_KEPT_WEEKS:  # the oldest go: later steps' weeks are nearer the optimum
                        kept.pop(next(iter(kept)))
        if nu.size:
            sign = np.where(bought < need, 1.0, -1.0)  # short of a target: its shortfall must weigh more
            nu_step = np.where((nu_sign != 0) & (sign != nu_sign), nu_step * 0.7, nu_step)
            nu_sign = sign
            nu = np.clip(nu + sign * nu_step, 0.0, 1.0)
        if -value > best + 1e-9:
            best, stall = -value, 0
            if on_bound is not None:
                on_bound(math.floor(best))
        else:
            stall += 1
            if stall >= 12:
                theta, stall = theta / 2, 0
                if stall_halvings is not None and theta < 0.5 ** stall_halvings:
                    break
        norm = float((sub * sub).sum())
        if norm <= 1e-12 or theta < 1e-4:
            if not nu.size or nu_step.max() < 1e-4:
                break
        else:
            aim = goal if goal is not None else value * 0.99
            step = theta * max(value - aim, 1e-6 * abs(value) + 1.0) / norm
            mu = np.maximum(0.0, mu - step * sub)
        if problem.max_paid_min is not None:
            sign = 1 if lam_grad < 0 else -1  # over budget: paid time must become dearer
            if last_sign and sign != last_sign:
                lam_step *= 0.7
            last_sign = sign
            lam = max(0.0, lam + sign * lam_step)
    if best == -math.inf:
        return None
    return BoundResult(math.floor(best), it, time.monotonic() - t0, best_at,
                       [list(kept.values()) for kept in pool] if pool is not None else None)

