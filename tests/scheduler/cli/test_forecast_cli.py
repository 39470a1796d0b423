"""`scheduler forecast` end to end through CliRunner on a tiny app that registers only this group."""

import datetime as dt
import json

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from scheduler.cli import forecast
from tests.scheduler.forecast.synthetic import make_history

root = typer.Typer()
root.add_typer(forecast.app, name="forecast")
runner = CliRunner()
FIRST = dt.date(2024, 1, 1)


def run(*args):
    return runner.invoke(root, ["forecast", *map(str, args)])


def test_forecast_timestamp_csv_with_aht(tmp_path):
    history = make_history(FIRST, 6 * 7, aht=True).rename({"timestamp": "ts", "calls": "n", "aht_s": "aht"})
    src, out = tmp_path / "h.csv", tmp_path / "f.csv"
    history.write_csv(src)
    result = run("--history", src, "--interval", "15m", "--horizon", "7d", "--method", "auto", "--out", out,
                 "--time-column", "ts", "--calls-column", "n", "--aht-column", "aht")
    assert result.exit_code == 0, result.output
    frame = pl.read_csv(out, try_parse_dates=True)
    assert frame.columns == ["ts", "calls_forecast", "aht_forecast_s"]
    assert frame.height == 7 * 96
    assert frame["ts"][0] == dt.datetime(2024, 2, 10, 0, 0)  # the day after the last history day
    assert frame["calls_forecast"].sum() > 0


def test_forecast_date_and_interval_columns_five_minute_parquet(tmp_path):
    fine = make_history(FIRST, 6 * 7, interval_min=5).with_columns(
        pl.col("timestamp").dt.date().alias("date"), pl.col("timestamp").dt.strftime("%H:%M").alias("interval_start"),
    ).drop("timestamp")
    src, out = tmp_path / "h.parquet", tmp_path / "f.parquet"
    fine.with_columns(pl.col("date").cast(pl.String)).write_parquet(src)
    result = run("--history", src, "--interval", "15m", "--horizon", "3d", "--method", "snaive", "--out", out)
    assert result.exit_code == 0, result.output
    frame = pl.read_parquet(out)
    assert frame.columns == ["date", "interval_start", "calls_forecast"]
    monday = frame.filter(pl.col("date") == dt.date(2024, 2, 12))
    last_monday = fine.filter(pl.col("date") == dt.date(2024, 2, 5))
    assert monday["calls_forecast"].sum() == pytest.approx(last_monday["calls"].sum())
    assert monday.filter(pl.col("interval_start") == "09:00")["calls_forecast"][0] == pytest.approx(
        last_monday.filter(pl.col("interval_start").is_in(["09:00", "09:05", "09:10"]))["calls"].sum())


def test_backtest_json(tmp_path):
    src = tmp_path / "h.csv"
    make_history(FIRST, 8 * 7).write_csv(src)
    result = run("backtest", "--history", src, "--interval", "15m", "--horizon", "7d", "--origins", "3", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["origins"]) == 3
    methods = {row["method"]: row for row in report["methods"]}
    assert {"snaive", "window", "profile", "dshw", "auto"} <= set(methods)
    assert all(row["mase"] > 0 and row["fit_time_s"] >= 0 for row in methods.values())


def test_backtest_table(tmp_path):
    src = tmp_path / "h.csv"
    make_history(FIRST, 8 * 7).rename({"calls": "volume"}).write_csv(src)
    result = run("backtest", "--history", src, "--origins", "2", "--calls-column", "volume")
    assert result.exit_code == 0, result.output
    assert "MASE" in result.output and "auto" in result.output


def test_bad_rows_are_all_reported(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("timestamp,calls,aht\n2024-01-01 08:00,3,100\nnot-a-time,4,100\n"
                   "2024-01-01 08:30,-1,100\n2024-01-01 08:45,abc,x\n")
    result = run("--history", src, "--out", tmp_path / "o.csv", "--aht-column", "aht")
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert f"{src}:3: timestamp: not a date/time" in lines
    assert f"{src}:4: calls: negative call count" in lines
    assert f"{src}:5: calls: not a number" in lines
    assert f"{src}:5: aht: not a number" in lines
    assert "Traceback" not in result.output


def test_missing_column_and_missing_file(tmp_path):
    src = tmp_path / "h.csv"
    src.write_text("when,calls\n2024-01-01 08:00,3\n")
    result = run("--history", src, "--out", tmp_path / "o.csv")
    assert result.exit_code == 2 and "missing column(s) timestamp (or date + interval_start)" in result.output
    result = run("--history", tmp_path / "nope.csv", "--out", tmp_path / "o.csv")
    assert result.exit_code == 2 and "file not found" in result.output


def test_bad_interval_option(tmp_path):
    src = tmp_path / "h.csv"
    make_history(FIRST, 21).write_csv(src)
    result = run("--history", src, "--interval", "quarter", "--out", tmp_path / "o.csv")
    assert result.exit_code != 0 and "expected e.g. 15m" in result.output
