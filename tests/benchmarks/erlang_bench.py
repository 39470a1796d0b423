"""Erlang kernels: compiled vs plain-Python twin on the same week, in the same run.

One week of 15-minute intervals for 50 queues (33,600 intervals), seeded: day-shaped volumes (some
queues closed at night), AHT 150-600 s, SL 80 % in 20 s, occupancy at most 85 %; Erlang A with mean
patience 60-300 s. Prints best-of timings and the speed-up ratios; the twin is timed on a subset when
it would take too long, and the scaled figure is labelled as such.

    .venv/bin/python tests/benchmarks/erlang_bench.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ext import erlang  # noqa: E402
from ext import reference  # noqa: E402

QUEUES = 50
INTERVALS = 7 * 96
INTERVAL_S = 15 * 60.0


def week(seed: int = 20261122) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    slot = np.arange(INTERVALS) % 96
    day = np.arange(INTERVALS) // 96
    hour = slot / 4.0
    shape = np.exp(-0.5 * ((hour - 11.0) / 2.5) ** 2) + 0.8 * np.exp(-0.5 * ((hour - 16.0) / 2.0) ** 2)
    weekly = np.where(day >= 5, 0.55, 1.0) * np.where(day == 0, 1.15, 1.0)
    volume, aht, patience = [], [], []
    for _ in range(QUEUES):
        peak = rng.lognormal(mean=np.log(60.0), sigma=0.8)          # calls per 15 min at the daily peak
        open_247 = rng.random() < 0.3
        base = shape * weekly * peak
        if open_247:
            base = base + 0.05 * peak
        else:
            base = np.where((hour >= 7) & (hour < 21), base, 0.0)
        volume.append(rng.poisson(base).astype(float))
        aht.append(np.full(INTERVALS, rng.uniform(150.0, 600.0)) * rng.uniform(0.9, 1.1, INTERVALS))
        patience.append(np.full(INTERVALS, rng.uniform(60.0, 300.0)))
    volume_a = np.concatenate(volume)
    n = volume_a.size
    return {
        "arrival_rate": volume_a / INTERVAL_S,
        "aht": np.concatenate(aht),
        "patience": np.concatenate(patience),
        "answer_time": np.full(n, 20.0),
        "sl_target": np.full(n, 0.8),
        "max_asa": np.full(n, np.inf),
        "max_occupancy": np.full(n, 0.85),
        "max_abandon": np.full(n, 1.0),
    }


def best_of(fn, repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def pyworkforce_peer(w: dict[str, np.ndarray], compiled_c: np.ndarray, comp_c_s: float) -> None:
    """The popular pyworkforce ErlangC, interval by interval on the same week (optional: pip install pyworkforce)."""
    try:
        from pyworkforce.queuing import ErlangC
    except ImportError:
        print("pyworkforce peer: not installed (pip install pyworkforce) - skipped")
        return
    calls = w["arrival_rate"] * INTERVAL_S
    busy = np.flatnonzero(calls > 0)
    agree = failed = 0
    start = time.perf_counter()
    for i in busy:
        try:
            positions = ErlangC(transactions=float(calls[i]), aht=float(w["aht"][i]) / 60.0, asa=20.0 / 60.0,
                                interval=15).required_positions(service_level=0.8, max_occupancy=0.85)["raw_positions"]
        except (OverflowError, ValueError, ZeroDivisionError):
            failed += 1
            continue
        agree += int(positions == compiled_c[i])
    peer_s = time.perf_counter() - start
    print(f"pyworkforce ErlangC peer: {peer_s * 1e3:.0f} ms for the {busy.size} intervals with calls "
          f"({failed} failed) -> compiled is {peer_s / comp_c_s:.0f}x faster; same agents in "
          f"{agree}/{busy.size - failed} intervals")


def main() -> None:
    w = week()
    n = w["arrival_rate"].size
    c_args = [w[k] for k in ("arrival_rate", "aht", "answer_time", "sl_target", "max_asa", "max_occupancy")]
    a_args = [w[k] for k in ("arrival_rate", "aht", "patience", "answer_time", "sl_target", "max_asa",
                             "max_occupancy", "max_abandon")]
    load = w["arrival_rate"] * w["aht"]
    print(f"input: {QUEUES} queues x {INTERVALS} intervals = {n} intervals; "
          f"load mean {load.mean():.1f} E, max {load.max():.1f} E; {np.mean(load == 0):.0%} zero-call intervals")

    compiled_c = erlang.erlang_c_agents(*c_args)
    twin_c = reference.erlang_c_agents(*c_args)
    twin_c_s = best_of(lambda: reference.erlang_c_agents(*c_args), 3)
    assert np.array_equal(compiled_c, twin_c), "compiled and twin Erlang C disagree"
    comp_c_s = best_of(lambda: erlang.erlang_c_agents(*c_args), 20)
    print(f"Erlang C agents-needed: compiled {comp_c_s * 1e3:.2f} ms (best of 20; goal < 5 ms), "
          f"twin {twin_c_s * 1e3:.0f} ms (full set, best of 3) -> ratio {twin_c_s / comp_c_s:.0f}x "
          f"(target >= 100x); total agents {compiled_c.sum()}")

    pyworkforce_peer(w, compiled_c, comp_c_s)

    compiled_a = erlang.erlang_a_agents(*a_args)
    comp_a_s = best_of(lambda: erlang.erlang_a_agents(*a_args), 3)
    subset = np.random.default_rng(7).choice(n, size=min(n, 3360), replace=False)
    subset.sort()
    sub_args = [np.ascontiguousarray(a[subset]) for a in a_args]
    start = time.perf_counter()
    twin_a = reference.erlang_a_agents(*sub_args)
    twin_a_sub_s = time.perf_counter() - start
    assert np.array_equal(compiled_a[subset], twin_a), "compiled and twin Erlang A disagree"
    twin_a_s = twin_a_sub_s * n / subset.size
    print(f"Erlang A agents-needed: compiled {comp_a_s * 1e3:.1f} ms (best of 3; goal < 500 ms), "
          f"twin {twin_a_sub_s:.2f} s on a random {subset.size}-interval subset, scaled to {twin_a_s:.1f} s "
          f"for all {n} -> ratio {twin_a_s / comp_a_s:.0f}x (scaled); total agents {compiled_a.sum()} "
          f"vs Erlang C {compiled_c.sum()}")


if __name__ == "__main__":
    main()
