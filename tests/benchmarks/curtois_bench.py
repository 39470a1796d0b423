"""Curtois & Qu benchmark: our verified objective beside best_known.csv and the published peers.

    .venv/bin/python tests/benchmarks/curtois_bench.py 1 2 3 --time-limit 60 --workers 2
    .venv/bin/python tests/benchmarks/curtois_bench.py --synthetic --time-limit 60   # 364 d, 150 staff, 32 types

Every objective printed for us is recomputed from the roster by the independent checker. Peers
(literature_results.csv) are solutions found by other methods in 10 or 60 minutes, on other machines:
the comparison says where we stand, not who is faster. Ratio = ours / best known.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from solver.curtois.instance import read_instance  # noqa: E402
from solver.curtois.model import build_model  # noqa: E402
from solver.curtois.solve import BenchParams, solve_instance  # noqa: E402

DATA = REPO.parent / "shared" / "benchmarks" / "curtois"
PEERS = [("Gurobi (best solution found)", "Gurobi"), ("Branch and price", "B&P"), ("Ejection chain", "EC"),
         ("IP+VNS hybrid", "IP+VNS")]


def best_known() -> dict[str, int]:
    with open(DATA / "best_known.csv", newline="") as f:
        return {r["instance"]: int(r["best_known"]) for r in csv.DictReader(f)}


def literature() -> dict[tuple[str, str, int], int]:
    with open(DATA / "literature_results.csv", newline="") as f:
        return {(r["instance"], r["method"], int(r["time_limit_min"])): int(r["objective"]) for r in csv.DictReader(f)}


def versus(ours: int | None, peer: int | None) -> str:
    if peer is None:
        return "-"
    if ours is None:
        return f"{peer}(?)"
    return f"{peer}{'=' if ours == peer else '<' if ours > peer else '>'}"


def run(paths: list[Path], params: BenchParams) -> None:
    bk, lit = best_known(), literature()
    head = ["instance", "ours", "verified", "bound", "best", "ratio", "first_s", "best_s", "handover_s", "limit_s"]
    peers = [f"{short}{m}" for _, short in PEERS for m in (10, 60)]
    print("peer columns: value then '<' peer better than us, '=' equal, '>' we are better")
    print(" ".join(f"{h:>9}" for h in head + peers))
    ratios = []
    for path in paths:
        instance = read_instance(path)
        r = solve_instance(instance, params)
        best = bk.get(instance.name)
        ratio = r.objective / best if r.objective is not None and best else None
        if ratio is not None:
            ratios.append(ratio)
        cells = [instance.name, r.objective, "yes" if r.verified else "NO", r.bound, best,
                 f"{ratio:.4f}" if ratio else "-", f"{r.time_to_first_s:.1f}" if r.time_to_first_s is not None else "-",
                 f"{r.time_to_best_s:.1f}" if r.time_to_best_s is not None else "-",
                 f"{r.handover_s:.1f}" if r.handover_s is not None else "-", f"{params.time_limit_s:g}"]
        cells += [versus(r.objective, lit.get((instance.name, method, m))) for method, _ in PEERS for m in (10, 60)]
        print(" ".join(f"{str(c if c is not None else '-'):>9}" for c in cells), flush=True)
    if ratios:
        geo = 1.0
        for x in ratios:
            geo *= x
        print(f"geometric mean ratio to best known over {len(ratios)} instances: {geo ** (1 / len(ratios)):.4f}")


def run_synthetic(params: BenchParams, days: int, staff: int, types: int) -> None:
    sys.path.insert(0, str(REPO))
    from tests.solver.curtois.synthetic import scaled_instance

    base = read_instance(DATA / "Instance13.txt")
    t0 = time.perf_counter()
    instance = scaled_instance(base, days, staff, types)
    proto = build_model(instance).model.Proto()
    print(f"{instance.name}: {len(proto.variables)} variables, {len(proto.constraints)} constraints, "
          f"built in {time.perf_counter() - t0:.1f} s", flush=True)
    r = solve_instance(instance, params)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{instance.name}: {r.status}, objective {r.objective} (verified: {r.verified}), bound {r.bound}, "
          f"first {r.time_to_first_s}, wall {r.wall_s:.1f} s, peak RSS {peak_mb:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("instances", nargs="*", help="instance numbers (1-16) or paths; default 1-8")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--synthetic", action="store_true", help="the scaled instance (364 d, 150 staff, 32 types)")
    ap.add_argument("--days", type=int, default=364)
    ap.add_argument("--staff", type=int, default=150)
    ap.add_argument("--types", type=int, default=32)
    args = ap.parse_args()
    params = BenchParams(time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
    if args.synthetic:
        run_synthetic(params, args.days, args.staff, args.types)
        return
    names = args.instances or [str(n) for n in range(1, 9)]
    run([Path(n) if not n.isdigit() else DATA / f"Instance{n}.txt" for n in names], params)


if __name__ == "__main__":
    main()
