"""The Lagrangian bound's multipliers from a column-generation master LP instead of subgradient steps.

Subgradient steps on bound.py's relaxation can stall short of its best value: the prices of neighbouring
intervals interact through every shift, and Polyak steps zig-zag (the two-step baseline's 80-agent model:
a 3.05 % gap from the steps, 0.69 % with the master; small generated problems: the master reaches the
optimum from a few steps). The best multipliers are the duals of the Dantzig-Wolfe master of the same
relaxation: per class of alike agents as many relaxed weeks as it has agents (bound.py's dynamic
programme is the pricing problem), per group and interval the capacity row whose dual is the interval
price, the labour budget row, and the queue side as an LP (concave value segments, deferred transport,
campaign caps, weekly target shortfalls).

Every bound reported is `LagrangianBound.evaluate` at the master's duals, so it is valid whatever state
the LP is in (a stopped or inexact master only gives a weaker bound, never a wrong one).
"""

from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np
from ortools.linear_solver import pywraplp

from solver.bound import _UNITS, BoundResult, LagrangianBound, Week


class _Master:
    def __init__(self, lb: LagrangianBound):
        self.lb = lb
        self.s = s = pywraplp.Solver.CreateSolver("GLOP")
        # columns arrive between solves: presolve would discard the basis the next solve starts from
        s.SetSolverSpecificParametersAsString("use_preprocessing: false")
        inf = s.infinity()
        G = len(lb.groups)
        self.cap: dict[tuple[int, int], pywraplp.Constraint] = {}  # (group, t): flows - working <= 0
        for g in range(G):
            for t in np.flatnonzero(lb.present[g] > 0).tolist():
                self.cap[(g, t)] = s.Constraint(-inf, 0.0)
        self.conv = [s.Constraint(count, count) for count in lb.counts.tolist()]  # one row per class of alike agents
        self.weeks: list[list[tuple[pywraplp.Variable, Week]]] = [[] for _ in lb.agents]
        self.budget = s.Constraint(-inf, float(lb.p.max_paid_min)) if lb.p.max_paid_min is not None else None
        obj = s.Objective()
        if self.budget is not None:  # until columns under the budget exist, paid time above it costs heavily
            over = s.NumVar(0.0, inf, "")
            self.budget.SetCoefficient(over, -1.0)
            obj.SetCoefficient(over, 4.0 * lb.value_scale() / lb.p.horizon.interval_min)
        self.shortfall = lb.shortfall
        self.target_rows = []
        for need in lb.targets:  # short_k + value towards k >= need  (short_k costs shortfall per unit)
            row = s.Constraint(float(need), inf)
            short = s.NumVar(0.0, float(need), "")
            row.SetCoefficient(short, 1.0)
            obj.SetCoefficient(short, float(self.shortfall))
            self.target_rows.append(row)
        for kind, q, feeders, reach, data in lb.queue_data:
            groups = np.flatnonzero(feeders).tolist()
            if not groups:
                continue
            if kind == "live":
                value, over_cost, target_of = data
                for t in np.flatnonzero(reach > 0).tolist():
                    flows = self._flows(groups, t)
                    if not flows:
                        continue
                    row = s.Constraint(-inf, 0.0)  # segments taken <= agents staffed
                    for f in flows:
                        row.SetCoefficient(f, -1.0)
                    k = int(target_of[t])
                    segments: list[list[float]] = []  # [gain, value towards the target, agents]: equal gains merged
                    for j in range(1, int(reach[t]) + 1):
                        gain = (value[t, j] - value[t, j - 1]) - (over_cost[t, j] - over_cost[t, j - 1])
                        if not gain > 0:
                            break  # concave: no later segment is worth more
                        toward = value[t, j] - value[t, j - 1]
                        if segments and segments[-1][0] == gain and segments[-1][1] == toward:
                            segments[-1][2] += 1
                        else:
                            segments.append([gain, toward, 1])
                    for gain, toward, count in segments:
                        y = s.NumVar(0.0, float(count), "")
                        row.SetCoefficient(y, 1.0)
                        obj.SetCoefficient(y, -float(gain))
                        if k >= 0:
                            self.target_rows[k].SetCoefficient(y, float(toward))
            else:
                rows: dict[int, pywraplp.Constraint] = {}
                for cap, coef, window, k in data:
                    total = s.Constraint(-inf, float(cap))
                    for t in window.tolist():
                        if t not in rows:
                            flows = self._flows(groups, t)
                            if not flows:
                                continue
                            rows[t] = s.Constraint(-inf, 0.0)  # work done <= units * agents staffed
                            for f in flows:
                                rows[t].SetCoefficient(f, -float(_UNITS))
                        x = s.NumVar(0.0, float(cap), "")
                        total.SetCoefficient(x, 1.0)
                        rows[t].SetCoefficient(x, 1.0)
                        obj.SetCoefficient(x, -float(coef))
                        if k >= 0:
                            self.target_rows[k].SetCoefficient(x, float(coef))
        for feeders, reach, need, coef in lb.campaign_data:
            groups = np.flatnonzero(feeders).tolist()
            if not groups or coef <= 0:
                continue
            row = s.Constraint(-inf, float(need))
            for t in np.flatnonzero(reach > 0).tolist():
                for f in self._flows(groups, t):
                    row.SetCoefficient(f, 1.0)
                    obj.SetCoefficient(f, -float(coef))
        obj.SetMinimization()

    def _flows(self, groups: list[int], t: int) -> list[pywraplp.Variable]:
        out = []
        for g in groups:
            row = self.cap.get((g, t))
            if row is not None:
                f = self.s.NumVar(0.0, self.s.infinity(), "")
                row.SetCoefficient(f, 1.0)
                out.append(f)
        return out

    def add_column(self, a: int, week: Week) -> None:
        """A week of class `a`: its variable counts how many of the class's agents work it."""
        cost, paid, working, _ = week
        s = self.s
        x = s.NumVar(0.0, float(self.lb.counts[a]), "")
        self.weeks[a].append((x, week))
        s.Objective().SetCoefficient(x, cost)
        self.conv[a].SetCoefficient(x, 1.0)
        if self.budget is not None:
            self.budget.SetCoefficient(x, paid)
        g = self.lb.agents[a].group
        if g >= 0:
            for t in np.flatnonzero(working).tolist():
                row = self.cap.get((g, t))
                if row is not None:
                    row.SetCoefficient(x, -float(working[t]))

    def solve(self, time_limit_s: float) -> bool:
        self.s.SetTimeLimit(max(1, int(time_limit_s * 1000)))
        return self.s.Solve() == pywraplp.Solver.OPTIMAL

    def rounded(self) -> list[list[Week]]:
        """Per class, as many weeks as it has agents: the LP solution's whole parts, then its largest
        fractions (read right after a solve)."""
        out = []
        for a, cols in enumerate(self.weeks):
            count = int(self.lb.counts[a])
            taken = sorted(((x.solution_value(), week) for x, week in cols), key=lambda t: -t[0])
            mine = [week for value, week in taken for _ in range(int(value + 1e-6))][:count]
            rest = sorted(((value - int(value + 1e-6), week) for value, week in taken), key=lambda t: -t[0])
            mine += [week for _, week in rest[: count - len(mine)]]
            out.append(mine)
        return out

    def duals(self) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
        lb = self.lb
        mu = np.zeros((len(lb.groups), lb.n))
        for (g, t), row in self.cap.items():
            mu[g, t] = max(0.0, -row.dual_value())
        lam = max(0.0, -self.budget.dual_value()) if self.budget is not None else 0.0
        nu = np.array([min(1.0, max(0.0, r.dual_value() / self.shortfall)) for r in self.target_rows]) if self.shortfall else np.zeros(len(self.target_rows))
        pi = np.array([r.dual_value() for r in self.conv])
        return mu, lam, nu, pi


START_COLUMNS = 8
MIN_MASTER_S = 0.5
MIXES = (0.7, 0.35, 0.0)  # Wentges smoothing: weight of the best multipliers so far against the master's duals


def column_generation_bound(lb: LagrangianBound, start: BoundResult, time_limit_s: float,
                            max_iterations: int = 10**6, should_stop=lambda: False,
                            on_bound: Callable[[float], None] | None = None,
                            on_weeks: Callable[[list[list[Week]]], None] | None = None) -> BoundResult:
    """Improve `start` (a subgradient run with its weeks kept) by column generation; never below it.
    `on_bound` hears every better bound, `on_weeks` the master's solution rounded to whole weeks
    (`_Master.rounded`) after every solve: a warm start near the relaxation's optimum."""
    t0 = time.monotonic()
    if time_limit_s < MIN_MASTER_S or start.weeks is None or start.multipliers is None:
        return start  # the steps used the time up (building the master alone takes a moment)
    master = _Master(lb)
    for a, weeks in enumerate(start.weeks):
        for col in weeks[-START_COLUMNS:]:  # the latest; more make the first solve slow, pricing adds what is missing
            master.add_column(a, col)
    centre = start.multipliers
    best = start.bound
    it = 0
    while time.monotonic() - t0 < time_limit_s and it < max_iterations and not should_stop():
        it += 1
        left = time_limit_s - (time.monotonic() - t0)
        if left <= 0 or not master.solve(left):
            break
        if on_weeks is not None:
            on_weeks(master.rounded())
        mu_lp, lam_lp, nu_lp, pi = master.duals()
        added: set[tuple] = set()
        # each round prices at several mixes of the best multipliers and the master's duals: the smoothed
        # ones give the steadier columns and most of the bound, the master's own duals the columns that
        # price out against it (and prove the LP optimal when none do). A GLOP re-solve costs seconds at
        # 400 agents however few columns arrive, so more columns per round pay (12 rounds from the same
        # start: -96.88 M with two mixes, -96.76 M with three in 22 % less time; one mix: -96.75 M in 240 s)
        for alpha in MIXES:
            point = (alpha * centre[0] + (1 - alpha) * mu_lp, alpha * centre[1] + (1 - alpha) * lam_lp,
                     alpha * centre[2] + (1 - alpha) * nu_lp)
            weeks: list = []
            got = lb.evaluate(*point, weeks=weeks)
            if got is None:
                return BoundResult(math.floor(best), start.iterations + it, start.wall_s + time.monotonic() - t0, centre)
            if -got[0] > best:
                best, centre = -got[0], point
                if on_bound is not None:
                    on_bound(math.floor(best))
            for a, week in enumerate(weeks):
                cost, paid, working, _ = week
                g = lb.agents[a].group
                reduced = cost + lam_lp * paid - pi[a] - (float(mu_lp[g] @ working) if g >= 0 else 0.0)
                key = (a, cost, paid, working.tobytes())  # a week priced at two mixes is one column
                if reduced < -1e-6 * max(1.0, abs(cost)) and key not in added:
                    master.add_column(a, week)
                    added.add(key)
        if not added:
            break  # no week prices out at the master's own duals: its value is the relaxation's bound
    return BoundResult(math.floor(best), start.iterations + it, start.wall_s + time.monotonic() - t0, centre)
