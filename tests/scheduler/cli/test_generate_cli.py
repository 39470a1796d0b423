from pathlib import Path

import typer
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from scheduler.cli import generate, import_
from scheduler.storage.database import open_database
from scheduler.storage.models import Activity, Agent, History, Queue, Site

app = typer.Typer()
app.command("generate")(generate.command)
app.add_typer(import_.app, name="import")
runner = CliRunner()


def _counts(url: str) -> tuple[int, ...]:
    with Session(open_database(url)) as session:
        return tuple(session.exec(select(func.count()).select_from(model)).one()
                     for model in (Site, Queue, Agent, History, Activity))


def test_generate_stores_and_writes_a_folder_that_imports_identically(tmp_path: Path):
    first = "sqlite:///" + str(tmp_path / "a.sqlite")
    args = ["generate", "--agents", "40", "--queues", "7", "--sites", "3", "--weeks", "1", "--seed", "9"]
    result = runner.invoke(app, [*args, "--db", first, "--out", str(tmp_path / "centre")])
    assert result.exit_code == 0, result.output
    assert "generated 40 agents, 7 queues, 3 sites" in result.stdout
    assert (tmp_path / "centre" / "centre.toml").is_file()
    second = "sqlite:///" + str(tmp_path / "b.sqlite")
    imported = runner.invoke(app, ["import", "centre", str(tmp_path / "centre"), "--db", second])
    assert imported.exit_code == 0, imported.output
    assert _counts(first) == _counts(second)
    assert _counts(first)[:3] == (3, 7, 40)


def test_out_alone_does_not_touch_a_database(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SCHEDULER_DB", raising=False)
    monkeypatch.setattr("scheduler.cli.generate.open_or_fail", lambda db: (_ for _ in ()).throw(AssertionError))
    result = runner.invoke(app, ["generate", "--agents", "12", "--weeks", "1", "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "c").iterdir()) == [
        "agents.csv", "availability.csv", "centre.toml", "history.parquet", "preferences.csv", "skills.csv"]


def test_bad_arguments_are_planner_errors(tmp_path: Path):
    result = runner.invoke(app, ["generate", "--start", "2026-12-01", "--out", str(tmp_path / "c")])
    assert result.exit_code == 1 and "--start must be a Monday, got 2026-12-01 (Tuesday)" in result.stderr
    result = runner.invoke(app, ["generate", "--start", "soon", "--out", str(tmp_path / "c")])
    assert result.exit_code == 1 and "--start: not a date YYYY-MM-DD: 'soon'" in result.stderr


def test_generating_into_a_database_that_holds_the_same_centre_updates_it(tmp_path: Path):
    url = "sqlite:///" + str(tmp_path / "a.sqlite")
    args = ["generate", "--agents", "12", "--weeks", "1", "--db", url]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert _counts(url)[2] == 12
