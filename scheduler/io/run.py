"""One import, one transaction: store a table, or raise every problem and leave the database untouched."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler.io.errors import InputErrors
from scheduler.io.result import ImportResult
from scheduler.io.validate import Table
from scheduler.storage.database import session_scope

Importer = Callable[[Session, Table], ImportResult]


def import_table(engine: Engine, table: Table, importer: Importer) -> ImportResult:
    """Raises `InputErrors` (after rolling back) when any row has a problem."""
    with session_scope(engine) as session:
        result = importer(session, table)
        if result.errors:
            raise InputErrors(result.errors)
    return result
