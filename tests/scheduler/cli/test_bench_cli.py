"""`scheduler bench curtois`: verified results as text or JSON, rosters as CSV, one-line errors for bad files."""

from __future__ import annotations

import csv
import json

import typer
from typer.testing import CliRunner

from scheduler.cli import bench
from solver.curtois.check import evaluate_roster
from solver.curtois.instance import read_instance

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(bench.app, name="bench")
    return app


def test_text_line_reports_a_verified_objective(shared_benchmarks):
    path = shared_benchmarks / "curtois" / "Instance1.txt"
    result = runner.invoke(_app(), ["bench", "curtois", str(path), "--time-limit", "5", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Instance1: objective ")
    assert "(verified)" in result.output and "bound" in result.output


def test_json_and_roster_csv_agree_with_the_checker(shared_benchmarks, tmp_path):
    path = shared_benchmarks / "curtois" / "Instance1.txt"
    result = runner.invoke(_app(), ["bench", "curtois", str(path), "--time-limit", "5", "--workers", "1",
                                    "--json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (line,) = json.loads(result.output)
    assert line["verified"] and line["bound"] <= line["objective"]
    assert line["time_to_first_s"] <= line["time_to_best_s"] <= line["wall_s"]
    assert line["handover_s"] is None or line["handover_s"] <= line["wall_s"]
    with open(tmp_path / "Instance1.csv", newline="") as f:
        rows = list(csv.reader(f))
    instance = read_instance(path)
    assert rows[0] == ["employee"] + [str(d) for d in range(instance.days)]
    roster = {r[0]: [s or None for s in r[1:]] for r in rows[1:]}
    evaluation = evaluate_roster(instance, roster)
    assert evaluation.feasible and evaluation.objective == line["objective"]


def test_missing_file_is_one_line_error(tmp_path):
    result = runner.invoke(_app(), ["bench", "curtois", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "nope.txt: no such file" in result.output


def test_malformed_file_names_file_and_line(tmp_path):
    bad = tmp_path / "Bad.txt"
    bad.write_text("SECTION_HORIZON\nfourteen\n")
    result = runner.invoke(_app(), ["bench", "curtois", str(bad)])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "Bad.txt" in result.output
