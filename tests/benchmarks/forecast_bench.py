"""Forecast benchmark on the US bank 5-minute series (../shared/benchmarks/arrivals).

15-minute intervals, one-week horizon, 8 weekly origins at the end of the history. Peers in the same run:
weekly seasonal naive, 4-week window average, statsforecast MSTL (day and week seasonality, optional
dependency). Prints MASE per method, the ratio of auto to the best peer, fit times, and the time of 200
queues x 8-week horizon on 2 processes.

    .venv/bin/python tests/benchmarks/forecast_bench.py
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scheduler.forecast import forecast_history  # noqa: E402
from scheduler.forecast.evaluation import origin_errors, weekly_origins  # noqa: E402
from scheduler.forecast.grid import DayGrid, build_grid  # noqa: E402
from scheduler.forecast.methods._days import filled_calls  # noqa: E402
from scheduler.forecast.predict import forecaster_for  # noqa: E402

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "arrivals" / "us_bank_2003_5min.csv"


def load() -> pl.DataFrame:
    df = pl.read_csv(DATA)
    return df.select(
        (pl.col("date") + " " + pl.col("interval_start")).str.to_datetime("%Y-%m-%d %H:%M").alias("timestamp"),
        pl.col("calls"),
    )


def mstl_forecaster(fit_times: list[float]):
    from statsforecast.models import MSTL

    def run(train: DayGrid, targets: list[dt.date]) -> np.ndarray:
        calls = filled_calls(train)
        usable = train.usable
        open_days = [i for i in range(len(train.dates)) if usable[i]]
        slots = np.flatnonzero(np.nansum(calls[open_days], axis=0) > 0)
        weekdays = sorted({train.dates[i].weekday() for i in open_days})
        y = calls[open_days][:, slots].ravel()
        m1 = len(slots)
        steps = [d for d in targets if d.weekday() in weekdays]
        started = time.perf_counter()
        model = MSTL(season_length=[m1, m1 * len(weekdays)])
        path = model.forecast(y=y.astype(float), h=len(steps) * m1)["mean"].reshape(len(steps), m1)
        fit_times.append(time.perf_counter() - started)
        out = np.zeros((len(targets), train.slots_per_day))
        for k, d in enumerate(steps):
            out[targets.index(d), slots] = path[k]
        return out

    return run


def timed(grid: DayGrid, origins, method: str):
    forecaster = forecaster_for(method, 7)
    started = time.perf_counter()
    errs = [origin_errors(grid, o, 7, forecaster) for o in origins]
    return float(np.mean([e.mase for e in errs])), (time.perf_counter() - started) / len(origins)


def _one_queue(args):
    frame, seed = args
    rng = np.random.default_rng(seed)
    noisy = frame.with_columns(pl.Series("calls", rng.poisson(frame["calls"].to_numpy() * rng.uniform(0.2, 2))))
    return forecast_history(noisy, interval_min=15, horizon_days=56, method="auto").frame.height


def queues_benchmark(history: pl.DataFrame) -> None:
    sixteen = history.filter(pl.col("timestamp") >= pl.col("timestamp").max() - pl.duration(weeks=16))
    started = time.perf_counter()
    # spawn, not fork: Polars' thread pool does not survive a fork
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = sum(pool.map(_one_queue, [(sixteen, seed) for seed in range(200)], chunksize=10))
    print(f"200 queues x 8-week horizon (auto, 16 weeks history, 2 processes): {time.perf_counter() - started:.1f} s, "
          f"{done} intervals")


def main() -> None:
    history = load()
    if "--queues-only" in sys.argv:
        queues_benchmark(history)
        return
    grid = build_grid(history, 15, "America/New_York")
    origins = weekly_origins(grid, 8, 7)
    rows = {}
    for method in ("snaive", "window", "profile", "dshw", "auto"):
        rows[method] = timed(grid, origins, method)
    mstl_times: list[float] = []
    try:
        forecaster = mstl_forecaster(mstl_times)
        rows["mstl"] = (float(np.mean([origin_errors(grid, o, 7, forecaster).mase for o in origins])),
                        float(np.mean(mstl_times)))
    except ImportError:
        print("statsforecast not installed: MSTL peer skipped (pip install statsforecast)")
    print(f"{'method':<8} {'MASE':>7} {'s/origin':>9}")
    for method, (mase, secs) in rows.items():
        print(f"{method:<8} {mase:7.3f} {secs:9.3f}")
    peers = [rows[m][0] for m in ("snaive", "window", "mstl") if m in rows]
    best = min(peers)
    print(f"auto MASE / best peer MASE = {rows['auto'][0] / best:.3f} (goal <= 0.95)")
    # one 16-week series: fit + forecast, auto and dshw vs MSTL
    sixteen = history.filter(pl.col("timestamp") >= pl.col("timestamp").max() - pl.duration(weeks=16))
    started = time.perf_counter()
    forecast_history(sixteen, interval_min=15, horizon_days=7, method="auto")
    auto_s = time.perf_counter() - started
    started = time.perf_counter()
    forecast_history(sixteen, interval_min=15, horizon_days=7, method="dshw")
    dshw_s = time.perf_counter() - started
    if mstl_times:
        sixteen_grid = build_grid(sixteen, 15, "America/New_York")
        targets = [sixteen_grid.dates[-1] + dt.timedelta(days=k) for k in range(1, 8)]
        times16: list[float] = []
        mstl_forecaster(times16)(sixteen_grid, targets)
        mstl_s = times16[0]
        print(f"16-week series, fit + 1-week forecast: auto {auto_s:.3f} s, dshw {dshw_s:.3f} s, MSTL {mstl_s:.3f} s "
              f"-> MSTL/auto = {mstl_s / auto_s:.1f}x, MSTL/dshw = {mstl_s / dshw_s:.1f}x")
    queues_benchmark(history)


if __name__ == "__main__":
    main()
