"""`scheduler export` through Typer: files written, and every planner mistake one clear line with exit 1."""

from __future__ import annotations

import polars as pl
import pytest
import typer
from icalendar import Calendar
from typer.testing import CliRunner

from scheduler.cli import export
from tests.scheduler.export.roster_builder import dst_week, make_centre

app = typer.Typer()
app.add_typer(export.app, name="export")
runner = CliRunner()


@pytest.fixture
def week(tmp_path):
    week = dst_week(tmp_path)
    week.centre.engine.dispose()
    return week


def _db(tmp_path) -> list[str]:
    return ["--db", f"sqlite:///{tmp_path / 'centre.sqlite'}"]


def _invoke(*args: str):
    return runner.invoke(app, ["export", *args])


def test_ical_all_agents_of_the_newest_published_plan(week, tmp_path):
    result = _invoke("ical", "--all", "--published", "--out", str(tmp_path / "out"), *_db(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["MS-001.ics", "MS-002.ics", "MS-003.ics"]
    assert result.stdout.splitlines() == [str((tmp_path / "out" / n).resolve()) for n in
                                          ("MS-001.ics", "MS-002.ics", "MS-003.ics")]


def test_ical_one_agent_by_email_into_one_file_with_separate_events(week, tmp_path):
    out = tmp_path / "ana.ics"
    result = _invoke("ical", "--plan", str(week.first_plan_id), "--agent", "ana.lozanova@example.com",
                     "--separate-events", "--out", str(out), *_db(tmp_path))
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(out.read_bytes())
    assert {str(e["CATEGORIES"].cats[0]) for e in calendar.walk("VEVENT")} == {"shift", "break", "activity"}


def test_ical_several_agents_by_code_and_id(week, tmp_path):
    agent_id = str(week.centre.agents["MS-003"])
    result = _invoke("ical", "--agent", "MS-001", "--agent", agent_id, "--out", str(tmp_path / "out"), *_db(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["MS-001.ics", "MS-003.ics"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ical", "--agent", "MS-999", "--out", "OUT"], "error: unknown agent 'MS-999'"),
        (["ical", "--all", "--plan", "42", "--out", "OUT"], "error: no plan with id 42"),
        (["ical", "--all", "--plan", "1", "--published", "--out", "OUT"],
         "error: give either --plan ID or --published"),
        (["ical", "--out", "OUT"], "error: choose the agents"),
        (["ical", "--all", "--agent", "MS-001", "--out", "OUT"], "error: choose the agents"),
        (["ical", "--all", "--out", "BLOCKED/out"], "error: cannot create output directory"),
        (["ical", "--all", "--out", "OUT/all.ics"], "error: --out"),
        (["csv", "--plan", "42", "--out", "OUT/plan.csv"], "error: no plan with id 42"),
        (["parquet", "--out", "BLOCKED/plan.parquet"], "error: cannot write"),
    ],
)
def test_mistakes_are_one_clear_line_and_exit_one(week, tmp_path, args, message):
    (tmp_path / "BLOCKED").write_text("a file, not a directory")
    (tmp_path / "OUT").mkdir()
    args = [arg.replace("OUT", str(tmp_path / "OUT")).replace("BLOCKED", str(tmp_path / "BLOCKED")) for arg in args]
    result = _invoke(*args, *_db(tmp_path))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_no_published_plan_is_a_clear_error(tmp_path):
    make_centre(tmp_path, [("MS-001", "Zoë", None)]).engine.dispose()
    for command in (["ical", "--all"], ["csv"]):
        result = _invoke(*command, "--out", str(tmp_path / "x.csv"), *_db(tmp_path))
        assert result.exit_code == 1
        assert "error: no published plan" in result.stderr


def test_csv_and_parquet_tables(week, tmp_path):
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"plan.{fmt}"
        result = _invoke(fmt, "--plan", str(week.second_plan_id), "--out", str(out), *_db(tmp_path))
        assert result.exit_code == 0, result.output
        frame = pl.read_csv(out) if fmt == "csv" else pl.read_parquet(out)
        assert frame.height == 10 and frame["plan_version"].unique().to_list() == [2]
    out = tmp_path / "intervals.csv"
    result = _invoke("csv", "--detail", "intervals", "--interval-min", "60", "--out", str(out), *_db(tmp_path))
    assert result.exit_code == 0, result.output
    assert set(pl.read_csv(out)["interval_min"].to_list()) <= {60, 30}
