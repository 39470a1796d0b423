"""Solver benchmark: synthetic centres (1 week, 15-min intervals, 4 queues, ArbZG breaks).

One command:  .venv/bin/python tests/benchmarks/solve_bench.py --agents 80 --time 60
Prints solve statistics of our service-level model and of the textbook two-step baseline on the same
centre (Erlang requirement per interval, then shifts covering it at least paid hours), with both plans'
weekly service level (Erlang C on the staffed counts) and paid hours, and their ratio.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from solver.check import check_plan  # noqa: E402
from solver.problem import Agent, Contract, Horizon, Preferences, Problem, Queue, ShiftRule, SiteCalendar, Skill, Weights  # noqa: E402
from solver.rules import ARBZG, ShortBreak  # noqa: E402
from solver.solve import SolveParams, solve  # noqa: E402

IM = 15
DAY = 96
AHT_S = 300.0
TARGET_S = 20.0
SL_GOAL = 0.8


# ---- a small local Erlang C (the project kernel lives in ext/, not importable from the bench here) ----
def erlang_c_sl(n: int, calls: float, aht_s: float = AHT_S, target_s: float = TARGET_S, interval_s: float = IM * 60) -> float:
    """Fraction of calls answered within target with n agents (0 if unstable)."""
    a = calls * aht_s / interval_s
    if calls <= 0:
        return 1.0
    if n <= a:
        return 0.0
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    pw = n * b / (n - a * (1 - b))
    return max(0.0, 1.0 - pw * math.exp(-(n - a) * target_s / aht_s))


def agents_needed(calls: float) -> int:
    if calls <= 0:
        return 0
    n = max(1, int(calls * AHT_S / (IM * 60)))
    while erlang_c_sl(n, calls) < SL_GOAL:
        n += 1
    return n


def concave_marginals(calls: float, n_max: int) -> tuple[float, ...]:
    """Slopes of the least concave majorant of n -> calls answered in target (non-increasing)."""
    if calls <= 0:
        return ()
    pts = [(n, calls * erlang_c_sl(n, calls)) for n in range(n_max + 1)]
    hull = [pts[0]]
    for p in pts[1:]:
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (y2 - y1) * (p[0] - x1) <= (p[1] - y1) * (x2 - x1):
                hull.pop()
            else:
                break
        hull.append(p)
    out = []
    for (x1, y1), (x2, y2) in zip(hull, hull[1:]):
        out += [(y2 - y1) / (x2 - x1)] * (x2 - x1)
    while out and out[-1] < 1e-3:
        out.pop()
    return tuple(out)


def make_centre(n_agents: int, seed: int = 7) -> tuple[Problem, dict[str, list[float]]]:
    rng = random.Random(seed)
    n = 7 * DAY
    horizon = Horizon(IM, n, (SiteCalendar("hq", tuple(d * DAY for d in range(8)), frozenset({5, 6}), tuple((7 * 4 <= t % DAY < 22 * 4) for t in range(n))),))
    weekly = [1.0, 0.95, 0.9, 0.9, 0.85, 0.5, 0.35]
    mix = [0.4, 0.3, 0.2, 0.1]
    # agent-hours available ~ n_agents * 34 h; load sized so requirements use ~85 % of it
    target_agent_intervals = n_agents * 34 * 4 * 0.8
    calls: dict[str, list[float]] = {}
    shape = []
    for t in range(n):
        h = (t % DAY) / 4
        if not 7 <= h < 22:
            shape.append(0.0)
            continue
        intraday = math.exp(-((h - 10.5) ** 2) / 4) + 0.8 * math.exp(-((h - 15) ** 2) / 6) + 0.15
        shape.append(intraday * weekly[t // DAY] * (1 + 0.08 * (rng.random() - 0.5)))
    # find a volume scale so the Erlang requirement hits the target
    lo, hi = 0.1, 500.0
    for _ in range(30):
        mid = (lo + hi) / 2
        tot = sum(agents_needed(s * mid * m) for s in shape for m in mix if s > 0)
        lo, hi = (mid, hi) if tot < target_agent_intervals else (lo, mid)
    scale = lo
    queues = []
    for qi, m in enumerate(mix):
        qid = f"Q{qi + 1}"
        c = [s * scale * m for s in shape]
        calls[qid] = c
        req = tuple(agents_needed(x) for x in c)
        marg = tuple(concave_marginals(x, r + 4) for x, r in zip(c, req))
        queues.append(Queue(qid, req, marg, over_staff_cost_per_agent_interval=0.02))
    pack = ARBZG.with_short_breaks(ShortBreak(15, (90, 165), 5 * 60))
    agents = []
    skill_sets = [("Q1",), ("Q2",), ("Q3",), ("Q4",), ("Q1", "Q2"), ("Q1", "Q3"), ("Q2", "Q4"), ("Q1", "Q2", "Q3", "Q4")]
    skill_w = [25, 15, 10, 5, 15, 10, 10, 10]
    for i in range(n_agents):
        full = rng.random() < 0.7
        contract = (
            Contract(min_week_min=32 * 60, max_week_min=40 * 60, max_day_min=10 * 60, max_days_per_week=5)
            if full
            else Contract(min_week_min=16 * 60, max_week_min=30 * 60, max_day_min=8 * 60, max_days_per_week=4)
        )
        rule = ShiftRule(7 * 60, 14 * 60, 30, (6 * 60, 8 * 60, 8 * 60 + 30, 9 * 60 + 30) if full else (4 * 60, 6 * 60))
        avail = [True] * n
        if rng.random() < 0.3:  # one unavailable day
            d = rng.randrange(7)
            for t in range(d * DAY, (d + 1) * DAY):
                avail[t] = False
        skills = rng.choices(skill_sets, skill_w)[0]
        prefs = Preferences(
            start_window_min=(7 * 60, 10 * 60) if rng.random() < 0.3 else None,
            start_weight_per_shift=0.5,
            days_off=frozenset({rng.randrange(5)}) if rng.random() < 0.2 else frozenset(),
            days_off_weight_per_day=1.0,
        )
        agents.append(Agent(f"A{i:04d}", "hq", tuple(Skill(s) for s in skills), tuple(avail), contract, rule, pack, prefs))
    return Problem(horizon, tuple(queues), tuple(agents), weights=Weights()), calls


def baseline_problem(p: Problem) -> Problem:
    """Two-step textbook: every required agent is worth the same; minimise unmet requirement, then paid hours."""
    queues = tuple(
        Queue(q.queue_id, q.required, tuple((10.0,) * r for r in q.required), over_staff_cost_per_agent_interval=0.0) for q in q_list(p)
    )
    w = Weights(paid_time_per_hour=1.0, weekend_day_worked_per_day=0.0, late_shift_per_shift=0.0, start_spread_per_hour=0.0, preference_scale=0.0)
    return Problem(p.horizon, queues, p.agents, weights=w)


def q_list(p: Problem):
    return p.queues


def evaluate(p: Problem, plan, calls: dict[str, list[float]]) -> tuple[float, float, float]:
    """Weekly service level (calls answered in target / calls), paid hours, unmet agent-intervals."""
    ans = tot = 0.0
    unmet = 0
    for qc in plan.coverage:
        for t, s in enumerate(qc.staffed):
            c = calls[qc.queue_id][t]
            if c > 0:
                ans += c * erlang_c_sl(s, c)
                tot += c
        unmet += sum(qc.unmet)
    paid = 0
    for ap in plan.agents:
        for s in ap.shifts:
            paid += s.length - sum(b.length for b in s.breaks if not b.paid)
    return ans / tot, paid * IM / 60, unmet


def run(label: str, p: Problem, calls, params: SolveParams):
    t0 = time.monotonic()
    firsts = []
    res = solve(p, params, on_progress=lambda pr: firsts.append(pr.wall_s))
    wall = time.monotonic() - t0
    if res.plan is None:
        print(f"{label}: no plan: {res.explanation}")
        return None
    plan = res.plan
    t1 = time.monotonic()
    viol = check_plan(p, plan)
    sl, paid, unmet = evaluate(p, plan, calls)
    st = plan.stats
    print(
        f"{label}: status={st.status} gap={st.gap * 100:.2f}% first={st.first_solution_s or float('nan'):.1f}s total={wall:.1f}s "
        f"solutions={st.solutions} violations={len(viol)} (check {time.monotonic() - t1:.1f}s) | weekly SL={sl * 100:.2f}% "
        f"paid={paid:.1f}h unmet={unmet} agent-intervals"
    )
    for v in viol[:5]:
        print("   ", v)
    return plan, sl, paid


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agents", type=int, default=80)
    ap.add_argument("--time", type=float, default=60.0)
    ap.add_argument("--baseline-time", type=float, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--log", action="store_true")
    args = ap.parse_args()
    t0 = time.monotonic()
    p, calls = make_centre(args.agents, args.seed)
    print(f"centre: {args.agents} agents, {len(p.queues)} queues, {p.horizon.n_intervals} intervals, built in {time.monotonic() - t0:.1f}s")
    base_p = baseline_problem(p)
    b = run("baseline two-step", base_p, calls, SolveParams(time_limit_s=args.baseline_time or args.time, workers=args.workers, seed=0, log=args.log))
    if b is None:
        return
    _, b_sl, b_paid = b
    ours_p = Problem(p.horizon, p.queues, p.agents, weights=p.weights, max_paid_min=int(round(b_paid * 60)))
    o = run("ours (SL value, same paid budget)", ours_p, calls, SolveParams(time_limit_s=args.time, workers=args.workers, seed=0, log=args.log))
    if o is None:
        return
    _, o_sl, o_paid = o
    print(f"ratio ours/baseline: weekly SL {o_sl / b_sl:.4f} (+{(o_sl - b_sl) * 100:.2f} points), paid hours {o_paid / b_paid:.4f}")


if __name__ == "__main__":
    main()
