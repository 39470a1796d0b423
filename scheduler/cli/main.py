"""The `scheduler` application: registers one module per command."""

from __future__ import annotations

import typer

from scheduler.cli import db

app = typer.Typer(
    name="scheduler",
    help="Open workforce scheduler for contact centres: forecast, Erlang staffing and CP-SAT shift plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")


def run() -> None:
    app()
