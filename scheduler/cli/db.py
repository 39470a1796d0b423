"""`scheduler db`: where the data lives and which schema it has."""

from __future__ import annotations

import typer
from sqlmodel import Session, func, select

from scheduler.cli.options import DbOption, open_or_fail
from scheduler.storage import models
from scheduler.storage.database import head_revision, schema_revision

app = typer.Typer(help="Inspect and upgrade the database.", no_args_is_help=True)

COUNTED = [
    ("sites", models.Site), ("queues", models.Queue), ("agents", models.Agent),
    ("contracts", models.Contract), ("history intervals", models.History),
    ("forecast intervals", models.Forecast), ("requirement intervals", models.Requirement),
    ("plans", models.Plan),
]


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Bring the database to the newest schema (opening it does this too)."""
    engine = open_or_fail(db)
    typer.echo(f"{engine.url.render_as_string(hide_password=True)}: schema {schema_revision(engine)}")


@app.command("info")
def info(db: DbOption = None) -> None:
    """Show the database URL, its schema revision and how much it holds."""
    engine = open_or_fail(db)
    typer.echo(f"database: {engine.url.render_as_string(hide_password=True)}")
    typer.echo(f"schema:   {schema_revision(engine)} (newest known: {head_revision()})")
    with Session(engine) as session:
        for label, model in COUNTED:
            count = session.exec(select(func.count()).select_from(model)).one()
            typer.echo(f"{label:>22}: {count}")
