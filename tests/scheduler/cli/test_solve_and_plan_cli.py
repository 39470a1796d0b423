"""`scheduler solve` and `scheduler plan list|show|publish|diff` on a small stored centre."""

import json

import typer
from typer.testing import CliRunner

from scheduler.cli import plan, solve
from tests.scheduler.planning.centre import MONDAY, build_centre

app = typer.Typer()
app.command("solve")(solve.command)
app.add_typer(plan.app, name="plan")
runner = CliRunner()


def _solve(url, *extra):
    return runner.invoke(app, ["solve", "--start", MONDAY.isoformat(), "--time-limit", "5", "--workers", "1",
                               "--db", url, *extra])


def test_solve_prints_progress_and_a_summary(sqlite_url):
    build_centre(sqlite_url)
    result = _solve(sqlite_url)
    assert result.exit_code == 0, result.output
    assert "solution   1" in result.output
    assert "DE Voice" in result.output and "Preferences met" in result.output
    assert "stored as a draft" in result.output


def test_solve_json_and_the_plan_commands(sqlite_url):
    build_centre(sqlite_url)
    body = json.loads(_solve(sqlite_url, "--json").output)
    assert body["version"] == 1
    assert {q["queue"] for q in body["statistics"]["queues"]} == {"DE Voice"}
    second = json.loads(_solve(sqlite_url, "--json", "--seed", "3").output)

    listed = runner.invoke(app, ["plan", "list", "--db", sqlite_url])
    assert listed.exit_code == 0 and "draft" in listed.output

    shown = runner.invoke(app, ["plan", "show", str(body["plan_id"]), "--db", sqlite_url])
    assert shown.exit_code == 0, shown.output
    assert "MS-001" in shown.output and "Mon 30.11" in shown.output

    published = runner.invoke(app, ["plan", "publish", str(body["plan_id"]), "--db", sqlite_url])
    assert published.exit_code == 0 and "Published plan" in published.output
    again = runner.invoke(app, ["plan", "publish", str(body["plan_id"]), "--db", sqlite_url])
    assert again.exit_code == 1 and "already published" in again.output

    diff = runner.invoke(app, ["plan", "diff", str(body["plan_id"]), str(second["plan_id"]), "--db", sqlite_url])
    assert diff.exit_code == 0 and "change(s) between" in diff.output


def test_bad_input_is_one_clear_line(sqlite_url):
    build_centre(sqlite_url)
    bad_date = runner.invoke(app, ["solve", "--start", "30.11.2026", "--db", sqlite_url])
    assert bad_date.exit_code == 1 and "not a date" in bad_date.output
    missing = runner.invoke(app, ["plan", "show", "99", "--db", sqlite_url])
    assert missing.exit_code == 1 and "no plan with id 99" in missing.output


def test_no_agents_is_explained(sqlite_url):
    from scheduler.storage.database import open_database

    open_database(sqlite_url)
    result = _solve(sqlite_url)
    assert result.exit_code == 2
    assert "no active agents" in result.output


def test_a_progress_line_prints_no_gap_until_a_bound_worth_reading_exists():
    from scheduler.planning.api import SolveProgress

    early = solve._progress_line(SolveProgress(1.0, -13_000_000.0, -412_000_000.0, 30.7, 1))
    assert "(computing)" in early and "gap" not in early
    assert "(computing)" in solve._progress_line(SolveProgress(1.0, 5.0, float("-inf"), float("inf"), 1))
    later = solve._progress_line(SolveProgress(9.0, -13_000_000.0, -13_200_000.0, 0.0154, 4))
    assert "gap   1.54 %" in later and "-13,200,000.0" in later


def test_plan_show_names_the_clock_of_its_times(sqlite_url):
    from sqlmodel import Session, select

    from scheduler.storage import models as m
    from scheduler.storage.database import open_database

    build_centre(sqlite_url)
    plan_id = json.loads(_solve(sqlite_url, "--json").output)["plan_id"]
    shown = runner.invoke(app, ["plan", "show", str(plan_id), "--db", sqlite_url])
    assert "Times in Europe/Berlin." in shown.output

    with Session(open_database(sqlite_url)) as s:  # one agent moves to a site on another clock
        s.add(m.Site(id=2, name="Leeds", time_zone="Europe/London"))
        agent = s.exec(select(m.Agent).where(m.Agent.code == "MS-001")).one()
        agent.site_id = 2
        s.commit()
    shown = runner.invoke(app, ["plan", "show", str(plan_id), "--db", sqlite_url])
    assert shown.exit_code == 0, shown.output
    assert "each agent's own time zone (Europe/Berlin, Europe/London)" in shown.output
    row = next(line for line in shown.output.splitlines() if line.startswith("MS-001"))
    assert "(Europe/London)" in row

    unknown = runner.invoke(app, ["plan", "show", str(plan_id), "--agent", "XX-999", "--db", sqlite_url])
    assert unknown.exit_code == 1 and "no agent 'XX-999' in plan" in unknown.output
