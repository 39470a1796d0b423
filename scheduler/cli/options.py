"""Options and error handling shared by every command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from sqlalchemy.engine import Engine

from scheduler.storage.database import DatabaseError, open_database

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="SCHEDULER_DB",
        help="Database URL (sqlite:///path, postgresql://user@host/db) or an SQLite file path. "
        "Default: scheduler.sqlite in your user data directory.",
        show_default=False,
    ),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a planner-readable error on stderr and exit non-zero; never a traceback."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def open_or_fail(db: str | None) -> Engine:
    try:
        return open_database(db)
    except DatabaseError as exc:
        fail(str(exc))


@contextmanager
def planner_errors(*kinds: type[Exception]) -> Iterator[None]:
    """Turn the expected failures of a command into one clear error line."""
    try:
        yield
    except kinds as exc:
        fail(str(exc))
