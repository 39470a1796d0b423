"""`scheduler erlang` through Typer's CliRunner on an app that registers just this command."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from scheduler.cli import erlang

app = typer.Typer()
app.command("erlang")(erlang.command)


@app.callback()
def _group() -> None:
    """Keep `erlang` a named sub-command, as in the real app."""


def run(*args: str):
    return CliRunner().invoke(app, ["erlang", *args])


def test_json_has_the_documented_keys_and_the_worked_example_values():
    result = run("--calls", "100", "--interval", "30m", "--aht", "180s", "--sl", "80/20",
                 "--max-occupancy", "0.85", "--shrinkage", "0.3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"agents", "service_level", "asa_s", "occupancy", "p_wait", "p_abandon", "scheduled_agents"}
    assert data["agents"] == 14 and data["scheduled_agents"] == 20
    assert data["service_level"] == pytest.approx(0.88835, abs=1e-5)
    assert data["p_wait"] == pytest.approx(0.1741319, abs=1e-6)
    assert data["occupancy"] == pytest.approx(10 / 14)
    assert data["asa_s"] == pytest.approx(0.1741319 * 180 / 4, rel=1e-5)
    assert data["p_abandon"] == 0.0


def test_plain_numbers_are_seconds_for_aht_and_minutes_for_interval():
    with_units = json.loads(run("--calls", "100", "--interval", "30m", "--aht", "3m", "--json").output)
    plain = json.loads(run("--calls", "100", "--interval", "30", "--aht", "180", "--json").output)
    assert with_units == plain


def test_patience_switches_to_erlang_a():
    result = run("--calls", "100", "--interval", "30m", "--aht", "3m", "--patience", "5m", "--agents", "14", "--json")
    data = json.loads(result.output)
    assert data["p_wait"] == pytest.approx(0.14526, abs=5e-6)          # pyworkforce's Erlang A regression values
    assert data["p_abandon"] == pytest.approx(0.013984, abs=5e-7)
    assert data["service_level"] == pytest.approx(0.916792, abs=5e-7)
    assert data["asa_s"] == pytest.approx(0.069919 * 60, abs=1e-4)
    assert "scheduled_agents" not in data


def test_reverse_calculation_reports_the_given_agents():
    table = run("--calls", "100", "--aht", "180s", "--agents", "12")
    assert table.exit_code == 0 and "agents            12" in table.output
    unstable = json.loads(run("--calls", "100", "--aht", "180s", "--agents", "10", "--json").output)
    assert unstable == {"agents": 10, "service_level": 0.0, "asa_s": None, "occupancy": 1.0, "p_wait": 1.0,
                        "p_abandon": 0.0}
    needed = json.loads(run("--calls", "100", "--aht", "180s", "--json").output)["agents"]
    below = json.loads(run("--calls", "100", "--aht", "180s", "--agents", str(needed - 1), "--json").output)
    assert below["service_level"] < 0.8


def test_human_table_is_readable():
    result = run("--calls", "100", "--aht", "180s", "--shrinkage", "30%", "--asa", "30s")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("Erlang C") and "10.00 Erlangs" in lines[0]
    assert any(line.startswith("agents needed") for line in lines)
    assert any(line.startswith("scheduled agents") for line in lines)


def test_zero_calls_need_no_agents():
    data = json.loads(run("--calls", "0", "--aht", "180s", "--json").output)
    assert data["agents"] == 0 and data["service_level"] == 1.0


@pytest.mark.parametrize("args, fragment", [
    (("--calls", "100", "--aht", "3 parsecs"), "--aht"),
    (("--calls", "-1", "--aht", "180"), "--calls"),
    (("--calls", "100", "--aht", "180", "--sl", "80"), "--sl"),
    (("--calls", "100", "--aht", "180", "--sl", "120/20"), "--sl"),
    (("--calls", "100", "--aht", "180", "--max-occupancy", "0"), "--max-occupancy"),
    (("--calls", "100", "--aht", "180", "--shrinkage", "1"), "--shrinkage"),
    (("--calls", "100", "--aht", "180", "--agents", "-2"), "--agents"),
    (("--calls", "100", "--aht", "180", "--max-abandon", "5%"), "--patience"),
    (("--calls", "100", "--aht", "0"), "--aht"),
    (("--calls", "100", "--aht", "180", "--interval", "0m"), "--interval"),
])
def test_bad_values_give_a_clear_error_without_traceback(args, fragment):
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
