"""`scheduler forecast`: forecast a history file, or backtest the methods on it."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import polars as pl
import typer

from scheduler.forecast import METHODS, backtest, forecast_history
from scheduler.cli.options import DbOption, fail, open_or_fail
from scheduler.forecast.history_file import HistoryColumns, HistoryFileError, read_history

app = typer.Typer(help="Forecast call volume and handle time per interval.", no_args_is_help=False)


def _duration_min(text: str, option: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*(m|min|h|d)\s*", text)
    if not match:
        raise typer.BadParameter(f"{option}: expected e.g. 15m, 1h or 7d, got {text!r}")
    value, unit = int(match.group(1)), match.group(2)
    return value * {"m": 1, "min": 1, "h": 60, "d": 1440}[unit]


def _load(history: Path, columns: HistoryColumns):
    try:
        return read_history(history, columns)
    except HistoryFileError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from None


@app.callback(invoke_without_command=True)
def forecast(
    ctx: typer.Context,
    history: Path = typer.Option(None, "--history", help="CSV or Parquet history file."),
    interval: str = typer.Option("15m", "--interval"),
    horizon: str = typer.Option("7d", "--horizon"),
    method: str = typer.Option("auto", "--method", help=f"One of {', '.join(METHODS)}."),
    out: Path = typer.Option(None, "--out", help="Output CSV or Parquet file."),
    timezone: str = typer.Option("UTC", "--timezone", help="IANA time zone of the site."),
    country: str = typer.Option(None, "--country", help="Country code for public holidays (e.g. DE, US)."),
    time_column: str = typer.Option("timestamp", "--time-column"),
    date_column: str = typer.Option("date", "--date-column"),
    interval_column: str = typer.Option("interval_start", "--interval-column"),
    calls_column: str = typer.Option("calls", "--calls-column"),
    aht_column: str = typer.Option(None, "--aht-column"),
    queue: list[str] = typer.Option(None, "--queue", help="Database mode: forecast this stored queue "
                                    "(repeat for several; --all-queues for every inbound queue)."),
    all_queues: bool = typer.Option(False, "--all-queues", help="Database mode: every inbound queue."),
    start: str = typer.Option(None, "--start", help="Database mode: first local day, YYYY-MM-DD."),
    days: int = typer.Option(14, "--days", min=1, max=366, help="Database mode: number of days."),
    db: DbOption = None,
) -> None:
    """Forecast a history file (--history ... --out ...) or stored queues (--queue NAME --start DATE)."""
    ctx.obj = HistoryColumns(time_column, date_column, interval_column, calls_column, aht_column)
    if ctx.invoked_subcommand is not None:
        return
    if queue or all_queues:
        _forecast_database(queue or None, start, days, method, _duration_min(interval, "--interval"), db)
        return
    if history is None or out is None:
        typer.echo("scheduler forecast: give --history FILE --out FILE, or --queue NAME --start DATE", err=True)
        raise typer.Exit(code=2)
    interval_min = _duration_min(interval, "--interval")
    horizon_days = _duration_min(horizon, "--horizon") // 1440
    if horizon_days < 1:
        raise typer.BadParameter("--horizon must be at least 1d")
    loaded = _load(history, ctx.obj)
    try:
        result = forecast_history(loaded.frame, interval_min=interval_min, horizon_days=horizon_days,
                                  method=method, timezone=timezone, country=country)
    except ValueError as exc:
        typer.echo(f"{history}: {exc}", err=True)
        raise typer.Exit(code=2) from None
    frame = result.frame
    if loaded.split_date_time:
        times = [date_column, interval_column]
        frame = frame.with_columns(pl.col("local_date").alias(date_column),
                                   pl.col("local_time").dt.strftime("%H:%M").alias(interval_column))
    else:
        times = [time_column]
        stamp = pl.col("timestamp").dt.convert_time_zone(timezone)
        if not loaded.time_zone_aware:
            stamp = stamp.dt.replace_time_zone(None)
        frame = frame.with_columns(stamp.alias(time_column))
    values = ["calls_forecast"] + (["aht_forecast_s"] if aht_column else [])
    frame = frame.select(*times, *values)
    if out.suffix.lower() == ".parquet":
        frame.write_parquet(out)
    else:
        frame.write_csv(out)
    typer.echo(f"{out}: {frame.height} intervals, method {result.method}, {result.fit_time_s:.2f} s")


def _forecast_database(queues: list[str] | None, start: str | None, days: int, method: str, interval_min: int,
                       db: str | None) -> None:
    from datetime import date

    from scheduler.forecast.store import ForecastStoreError, forecast_and_store
    from scheduler.storage.database import session_scope

    if start is None:
        fail("--start is required with --queue or --all-queues")
    try:
        first = date.fromisoformat(start)
    except ValueError:
        fail(f"--start: not a date (YYYY-MM-DD): {start!r}")
    engine = open_or_fail(db)
    try:
        with session_scope(engine) as session:
            results = forecast_and_store(session, first, days, method, queues, interval_min)
    except ForecastStoreError as exc:
        fail(str(exc))
    for r in results:
        typer.echo(f"{r.queue:<18} {r.method:<28} {r.volume:>10,.0f} contacts  mean AHT {r.mean_aht_s:>5.0f} s  "
                   f"({r.history_days} days of history, {r.fit_s:.2f} s)")
    typer.echo(f"Stored {days} days from {first} for {len(results)} queue(s).")


@app.command("backtest")
def backtest_command(
    ctx: typer.Context,
    history: Path = typer.Option(..., "--history"),
    interval: str = typer.Option("15m", "--interval"),
    horizon: str = typer.Option("7d", "--horizon"),
    origins: int = typer.Option(8, "--origins"),
    timezone: str = typer.Option("UTC", "--timezone"),
    country: str = typer.Option(None, "--country"),
    as_json: bool = typer.Option(False, "--json"),
    time_column: str = typer.Option(None, "--time-column"),
    date_column: str = typer.Option(None, "--date-column"),
    interval_column: str = typer.Option(None, "--interval-column"),
    calls_column: str = typer.Option(None, "--calls-column"),
) -> None:
    """Rolling weekly origins over the end of the history: MAE, RMSE, MASE and fit time per method."""
    base = ctx.obj or HistoryColumns()
    columns = HistoryColumns(time_column or base.time, date_column or base.date,
                             interval_column or base.interval_start, calls_column or base.calls)
    loaded = _load(history, columns)
    try:
        report = backtest(loaded.frame, interval_min=_duration_min(interval, "--interval"),
                          horizon_days=_duration_min(horizon, "--horizon") // 1440, origins=origins,
                          timezone=timezone, country=country)
    except ValueError as exc:
        typer.echo(f"{history}: {exc}", err=True)
        raise typer.Exit(code=2) from None
    if as_json:
        rows = [{k: v for k, v in asdict(s).items() if k != "origins"} for s in report.scores]
        typer.echo(json.dumps({"origins": [str(d) for d in report.origin_dates], "methods": rows}, indent=2))
        return
    typer.echo(f"{'method':<10} {'MAE':>9} {'RMSE':>9} {'MASE':>7} {'fit s':>7}")
    for s in report.scores:
        typer.echo(f"{s.method:<10} {s.mae:9.2f} {s.rmse:9.2f} {s.mase:7.3f} {s.fit_time_s:7.3f}")
