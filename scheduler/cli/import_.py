"""`scheduler import`: validated CSV/Parquet imports and whole centre folders, each in one transaction.

Every problem is printed as `file:row: column: problem`; with any problem nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.options import DbOption, fail, open_or_fail
from scheduler.io.agents import import_agents
from scheduler.io.availability import import_availability
from scheduler.io.centre import load_centre, read_centre_folder
from scheduler.io.errors import InputErrors
from scheduler.io.history import import_history
from scheduler.io.local_time import valid_zone
from scheduler.io.preferences import import_preferences
from scheduler.io.run import Importer, import_table
from scheduler.io.skills import import_skills
from scheduler.io.validate import Table, UnreadableFile, read_table
from scheduler.storage.database import session_scope

app = typer.Typer(help="Import agents, skills, availability, preferences, history or a whole centre.",
                  no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="A .csv or .parquet file.", show_default=False)]


def _report(errors: InputErrors) -> None:
    for line in errors.lines():
        typer.echo(line, err=True)
    fail(errors.summary())


def _run(db: str | None, path: Path, importer: Importer) -> None:
    try:
        table = read_table(path)
    except UnreadableFile as exc:
        fail(str(exc.error))
    engine = open_or_fail(db)
    try:
        result = import_table(engine, table, importer)
    except InputErrors as errors:
        _report(errors)
    typer.echo(result.describe())


@app.command("agents")
def agents(file: FileArg, db: DbOption = None) -> None:
    """Agents (code, name, email, site, team, role, contract, shift_rule, active), upserted by code."""
    _run(db, file, import_agents)


@app.command("skills")
def skills(file: FileArg, db: DbOption = None) -> None:
    """Skills (agent, queue, priority), upserted by agent and queue."""
    _run(db, file, import_skills)


@app.command("availability")
def availability(file: FileArg, db: DbOption = None) -> None:
    """Weekly windows and dated exceptions; replaces all availability of the agents in the file."""
    _run(db, file, import_availability)


@app.command("preferences")
def preferences(file: FileArg, db: DbOption = None) -> None:
    """Weighted preferences; replaces all preferences of the agents in the file."""
    _run(db, file, import_preferences)


@app.command("history")
def history(
    file: FileArg,
    db: DbOption = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Zone of naive timestamps (default: the queue's site zone, "
                                                        "UTC for pooled queues).")] = None,
) -> None:
    """Interval history (queue, timestamp, interval_min, offered, handled, abandoned, aht_s), upserted."""
    if tz is not None and not valid_zone(tz):
        fail(f"--tz: unknown IANA time zone {tz!r} (e.g. Europe/Berlin)")
    _run(db, file, lambda session, table: import_history(session, table, time_zone=tz))


@app.command("centre")
def centre(
    folder: Annotated[Path, typer.Argument(help="A folder with centre.toml and agents.csv, skills.csv, ...",
                                           show_default=False)],
    db: DbOption = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Zone of naive history timestamps.")] = None,
) -> None:
    """A whole centre folder (centre.toml plus the CSV/Parquet files), in one transaction."""
    if tz is not None and not valid_zone(tz):
        fail(f"--tz: unknown IANA time zone {tz!r} (e.g. Europe/Berlin)")
    try:
        source = read_centre_folder(folder)
        engine = open_or_fail(db)
        with session_scope(engine) as session:
            summary = load_centre(session, source, history_time_zone=tz)
    except InputErrors as errors:
        _report(errors)
    typer.echo(f"{folder}: {summary.describe()}")
