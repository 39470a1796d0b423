import shutil
import textwrap
from pathlib import Path

import pytest
import typer
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from scheduler.cli import import_
from scheduler.io.generator import GeneratorSettings, generate_centre
from scheduler.storage.database import open_database
from scheduler.storage.models import Agent, AgentSkill, History

app = typer.Typer()
app.add_typer(import_.app, name="import")
runner = CliRunner()


def _count(url: str, model) -> int:
    with Session(open_database(url)) as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A database holding a small generated centre, imported once through the CLI and copied per test."""
    folder = tmp_path_factory.mktemp("centre")
    generate_centre(GeneratorSettings(agents=24, queues=5, sites=2, weeks=1, seed=5)).write(folder)
    database = folder / "template.sqlite"
    result = runner.invoke(app, ["import", "centre", str(folder), "--db", "sqlite:///" + str(database)])
    assert result.exit_code == 0, result.output
    assert "24 agents" in result.stdout
    return database


@pytest.fixture
def loaded(tmp_path: Path, template: Path) -> str:
    shutil.copy(template, tmp_path / "t.sqlite")
    return "sqlite:///" + str(tmp_path / "t.sqlite")


def test_import_centre_prints_what_it_stored(loaded: str):
    assert _count(loaded, Agent) == 24
    assert _count(loaded, History) == 5 * 7 * 96


def test_bad_rows_all_printed_exit_non_zero_and_nothing_written(loaded: str, tmp_path: Path):
    path = tmp_path / "agents.csv"
    path.write_text(textwrap.dedent("""\
        code,name,email,site,team,role,contract,shift_rule,active
        MS-900,New Agent,,Münster,,agent,full_time_40,full_day,true
        MS-901,Bad Contract,,Münster,,agent,Fulltime,full_day,true
        MS-902,Bad Shift,,Münster,,agent,full_time_40,nights,true
        MS-903,Bad Mail,not-an-address,Münster,,agent,full_time_40,full_day,true
        """), encoding="utf-8")
    result = runner.invoke(app, ["import", "agents", str(path), "--db", loaded])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "agents.csv:3: contract: unknown contract 'Fulltime' (known: full_time_38, full_time_40, part_time_20, "
        "part_time_30, student_12)",
        "agents.csv:4: shift_rule: unknown shift rule 'nights' (known: full_day, part_day, student)",
        "agents.csv:5: email: not an e-mail address: 'not-an-address'",
        "error: 3 problems found; nothing was imported",
    ]
    assert "Traceback" not in result.output
    assert _count(loaded, Agent) == 24


def test_good_skills_file(loaded: str, tmp_path: Path):
    before = _count(loaded, AgentSkill)
    path = tmp_path / "skills.csv"
    path.write_text("agent,queue,priority\nMS-001,Outbound survey,9\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "skills", str(path), "--db", loaded])
    assert result.exit_code == 0, result.output
    assert "skills.csv: skills:" in result.stdout
    assert _count(loaded, AgentSkill) in (before, before + 1)


def test_history_with_tz_and_unreadable_inputs(loaded: str, tmp_path: Path):
    path = tmp_path / "history.csv"
    path.write_text("queue,timestamp,offered,handled,aht_s\nChat,2026-12-01T10:00,3,3,400\n", encoding="utf-8")
    ok = runner.invoke(app, ["import", "history", str(path), "--tz", "Europe/Lisbon", "--db", loaded])
    assert ok.exit_code == 0, ok.output
    bad_zone = runner.invoke(app, ["import", "history", str(path), "--tz", "Mars/Olympus", "--db", loaded])
    assert bad_zone.exit_code == 1 and "unknown IANA time zone 'Mars/Olympus'" in bad_zone.stderr
    missing = runner.invoke(app, ["import", "preferences", str(tmp_path / "none.csv"), "--db", loaded])
    assert missing.exit_code == 1 and "file not found" in missing.stderr
    wrong_type = tmp_path / "skills.xlsx"
    wrong_type.write_text("x", encoding="utf-8")
    unsupported = runner.invoke(app, ["import", "skills", str(wrong_type), "--db", loaded])
    assert unsupported.exit_code == 1 and "unsupported file type '.xlsx'" in unsupported.stderr


def test_availability_parquet_via_cli(loaded: str, tmp_path: Path):
    import polars as pl

    path = tmp_path / "availability.parquet"
    pl.DataFrame({"agent": ["MS-001", "MS-002", "MS-003", "MS-004"], "kind": ["weekly", "weekly", "sick", "weekly"],
                  "weekday": ["Mon", "Funday", None, "Tue"], "start": ["08:00", "08:00", None, "08:00"],
                  "end": ["12:00", "12:00", None, "08:00"], "from_date": [None, None, None, None]}).write_parquet(path)
    result = runner.invoke(app, ["import", "availability", str(path), "--db", loaded])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "availability.parquet:2: weekday: not a weekday (Mon..Sun or 0-6, 0 = Monday): 'Funday'",
        "availability.parquet:3: from_date: required for kind 'sick'",
        "availability.parquet:4: end: end equals start: an empty window",
    ]
