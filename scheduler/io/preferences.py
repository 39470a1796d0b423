"""preferences file: weighted flexible-hours wishes; it replaces all preferences of the agents it names."""

from __future__ import annotations

import polars as pl
from sqlalchemy import delete, insert
from sqlmodel import Session

from scheduler.io.references import load_references
from scheduler.io.result import ImportResult
from scheduler.io.validate import (
    Column, Enum, Float, chunks, Int, Str, Table, Time, Weekday, empty, lookup_problem, ok_rows, row_errors, validate,
)
from scheduler.storage.models import Preference, PreferenceKind

COLUMNS = (
    Column("agent", Str(max_length=40)),
    Column("kind", Enum(tuple(kind.value for kind in PreferenceKind), "kind")),
    Column("weekday", Weekday(), required=False),
    Column("start", Time(), required=False),
    Column("end", Time(), required=False),
    Column("length_min", Int(min=1, max=1440), required=False),
    Column("weight", Float(min=0), required=False, default=1.0),
)

_NEEDS = {
    PreferenceKind.START_WINDOW: ("start", "end"),
    PreferenceKind.DAY_OFF: ("weekday",),
    PreferenceKind.SHIFT_LENGTH: ("length_min",),
}


def import_preferences(session: Session, table: Table) -> ImportResult:
    checked = validate(table, COLUMNS)
    errors = list(checked.errors)
    refs = load_references(session)
    frame = checked.frame
    checks: list[tuple[str, pl.Expr]] = [("agent", lookup_problem("agent", list(refs.agent_ids), "agent"))]
    for kind, needed in _NEEDS.items():
        for column in needed:
            checks.append((column, pl.when((pl.col("kind") == kind.value) & empty(column))
                           .then(pl.lit(f"required for kind '{kind.value}'")).otherwise(None)))
    checks.append(("end", pl.when((pl.col("kind") == PreferenceKind.START_WINDOW.value)
                                  & (pl.col("end") <= pl.col("start")))
                   .then(pl.lit("must be after start")).otherwise(None)))
    for column, problem in checks:
        frame, found = row_errors(table, frame, problem, column)
        errors += found
    frame = ok_rows(frame)
    rows = [
        {"agent_id": refs.agent_ids[row["agent"]], "kind": row["kind"], "weekday": row["weekday"],
         "start_min": row["start"], "end_min": row["end"], "length_min": row["length_min"],
         "weight": row["weight"]}
        for row in frame.iter_rows(named=True)
    ]
    removed = 0
    for chunk in chunks(sorted({row["agent_id"] for row in rows})):
        removed += session.execute(delete(Preference).where(Preference.agent_id.in_(chunk))).rowcount or 0
    if rows:
        session.execute(insert(Preference), rows)
    return ImportResult(table.name, "preferences", created=len(rows), removed=removed, errors=errors)
