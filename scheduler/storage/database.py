"""Opening the store: which database, bringing its schema up to date, and one transaction per user action.

The default is an SQLite file in the user's data directory; `--db URL` or `SCHEDULER_DB` choose another,
PostgreSQL included. Opening always runs the Alembic migrations, so an older file is upgraded in place and a
file written by a newer scheduler is refused before anything touches it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session, create_engine

import scheduler.storage.models  # noqa: F401  (registers every table on the metadata)

MIGRATIONS = Path(__file__).parent / "migrations"
ENV_VAR = "SCHEDULER_DB"


class DatabaseError(RuntimeError):
    """The database cannot be used as asked; the message says why and what to do."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer scheduler; opening it here could lose data."""


def default_url() -> str:
    """`SCHEDULER_DB` if set, else an SQLite file in the user's data directory."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    folder = Path(platformdirs.user_data_dir("contact-scheduler", appauthor=False))
    return f"sqlite:///{folder / 'scheduler.sqlite'}"


def normalize_url(url: str) -> str:
    """Accept plain file paths and `postgresql://` URLs; route PostgreSQL through psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"not a database URL: {url!r} ({exc})") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def _enable_sqlite_foreign_keys(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def create_db_engine(url: str | None = None) -> Engine:
    """An engine for the URL (default: `default_url()`), creating the SQLite folder when needed."""
    url = normalize_url(url or default_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if parsed.get_backend_name() == "sqlite":
        _enable_sqlite_foreign_keys(engine)
    return engine


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def migrate(engine: Engine) -> None:
    """Upgrade to the newest schema this scheduler knows; refuse a database from a newer scheduler."""
    config = _alembic_config(engine)
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    try:
        current = schema_revision(engine)
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {engine.url!r}: {exc.orig}") from None
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"the database {engine.url!r} has schema revision {current}, which this scheduler does not know "
            f"(it knows up to {head_revision()}): it was written by a newer version. "
            "Upgrade the scheduler; nothing was changed."
        )
    command.upgrade(config, "head")


def open_database(url: str | None = None) -> Engine:
    """The engine of an up-to-date database, ready for `session_scope`."""
    engine = create_db_engine(url)
    migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back whole on any error."""
    with Session(engine) as session:
        with session.begin():
            yield session
