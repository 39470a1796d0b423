"""Bound benchmark: subgradient steps alone against subgradient steps plus the column-generation master.

One command:  .venv/bin/python tests/benchmarks/bound_bench.py --agents 80 --time 60 --bound-time 18
On solve_bench.py's centre (with the labour budget the two-step baseline paid), solves once for a plan,
then gives each bound the same time and prints both gaps to that plan and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from solve_bench import baseline_problem, evaluate, make_centre  # noqa: E402
from solver.bound import LagrangianBound, lagrangian_bound  # noqa: E402
from solver.column_bound import column_generation_bound  # noqa: E402
from solver.problem import Problem  # noqa: E402
from solver.solve import STALL_HALVINGS, SUBGRADIENT_SHARE, SolveParams, solve  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agents", type=int, default=80)
    ap.add_argument("--time", type=float, default=60.0, help="each of the two solves (baseline, ours)")
    ap.add_argument("--bound-time", type=float, default=18.0, help="each bound")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    p, calls = make_centre(args.agents, args.seed)
    params = SolveParams(time_limit_s=args.time, workers=2, seed=0, bound_share=0.0)
    base = solve(baseline_problem(p), params).plan
    _, paid_h, _ = evaluate(p, base, calls)
    ours = Problem(p.horizon, p.queues, p.agents, weights=p.weights, max_paid_min=int(round(paid_h * 60)))
    obj = solve(ours, params).plan.stats.objective
    print(f"centre: {args.agents} agents, budget {paid_h:.1f} h, plan objective {obj:.0f} (solved {args.time:g} s)")
    lb = LagrangianBound(ours)

    def gap(bound: float) -> float:
        return (obj - bound) / abs(obj)

    t0 = time.monotonic()
    sub = lagrangian_bound(ours, obj, args.bound_time, lb=lb)
    print(f"subgradient only: bound {sub.bound:.0f} gap {gap(sub.bound) * 100:.2f}% in {time.monotonic() - t0:.1f} s "
          f"({sub.iterations} steps)")
    t0 = time.monotonic()
    start = lagrangian_bound(ours, obj, args.bound_time * SUBGRADIENT_SHARE, lb=lb, keep_weeks=True,
                             stall_halvings=STALL_HALVINGS)
    both = column_generation_bound(lb, start, args.bound_time - (time.monotonic() - t0))
    print(f"subgradient + master: bound {both.bound:.0f} gap {gap(both.bound) * 100:.2f}% in {time.monotonic() - t0:.1f} s "
          f"(from {start.bound:.0f} after {start.iterations} steps)")
    print(f"ratio of gaps master/subgradient: {gap(both.bound) / gap(sub.bound):.4f}")


if __name__ == "__main__":
    main()
