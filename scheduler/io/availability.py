"""availability file: weekly windows and dated exceptions; it replaces all availability of the agents it names.

Weekly windows stay in site-local minutes (the planner's weekly pattern); dated exceptions become UTC
instants in the agent's site zone, so a vacation across a DST change keeps its local start and end.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from sqlalchemy import delete, insert
from sqlmodel import Session

from scheduler.io.local_time import local_to_utc
from scheduler.io.references import load_references
from scheduler.io.result import ImportResult
from scheduler.io.validate import (
    Column, Date, Enum, chunks, Str, Table, Time, Weekday, empty, lookup_problem, ok_rows, row_errors, validate,
)
from scheduler.storage.models import AvailabilityException, AvailabilityWindow, ExceptionKind

WEEKLY = "weekly"
KINDS = (WEEKLY, *(kind.value for kind in ExceptionKind))

COLUMNS = (
    Column("agent", Str(max_length=40)),
    Column("kind", Enum(KINDS, "kind")),
    Column("weekday", Weekday(), required=False),
    Column("start", Time(allow_24=False), required=False),
    Column("end", Time(), required=False),
    Column("from_date", Date(), required=False),
    Column("to_date", Date(), required=False),
    Column("note", Str(), required=False, default=""),
)


def _needs(column: str, weekly: bool) -> tuple[str, pl.Expr]:
    kind_matches = (pl.col("kind") == WEEKLY) if weekly else (pl.col("kind") != WEEKLY)
    return column, pl.when(kind_matches & empty(column)).then(
        pl.format(f"required for kind '{{}}'", pl.col("kind"))).otherwise(None)


def _unused(column: str, weekly: bool) -> tuple[str, pl.Expr]:
    kind_matches = (pl.col("kind") == WEEKLY) if weekly else (pl.col("kind") != WEEKLY)
    return column, pl.when(kind_matches & pl.col(column).is_not_null()).then(
        pl.format(f"not used by kind '{{}}'", pl.col("kind"))).otherwise(None)


def import_availability(session: Session, table: Table) -> ImportResult:
    checked = validate(table, COLUMNS)
    errors = list(checked.errors)
    refs = load_references(session)
    frame = checked.frame
    dated = pl.col("kind") != WEEKLY
    checks = [
        ("agent", lookup_problem("agent", list(refs.agent_ids), "agent")),
        _needs("weekday", True), _needs("start", True), _needs("end", True),
        _unused("from_date", True), _unused("to_date", True),
        _needs("from_date", False), _unused("weekday", False),
        ("end", pl.when(dated & (empty("start") != empty("end")))
         .then(pl.lit("give both start and end, or neither for whole days")).otherwise(None)),
        ("end", pl.when(~dated & (pl.col("end") == pl.col("start")))
         .then(pl.lit("end equals start: an empty window")).otherwise(None)),
        ("to_date", pl.when(dated & (pl.col("to_date") < pl.col("from_date")))
         .then(pl.format("before from_date {}", pl.col("from_date"))).otherwise(None)),
        ("end", pl.when(dated & (pl.col("from_date") == pl.col("to_date").fill_null(pl.col("from_date")))
                        & (pl.col("end") == pl.col("start")))
         .then(pl.lit("end equals start on the same day: an empty span")).otherwise(None)),
    ]
    for column, problem in checks:
        frame, found = row_errors(table, frame, problem, column)
        errors += found

    frame = ok_rows(frame)
    windows, exceptions = [], []
    for row in frame.iter_rows(named=True):
        agent_id = refs.agent_ids[row["agent"]]
        if row["kind"] == WEEKLY:
            end = row["end"] if row["end"] > row["start"] else row["end"] + 1440
            windows.append({"agent_id": agent_id, "weekday": row["weekday"], "start_min": row["start"],
                            "end_min": end})
            continue
        zone = refs.agent_zone(row["agent"])
        first, last = row["from_date"], row["to_date"] or row["from_date"]
        if row["start"] is None:
            start, end = local_to_utc(first, 0, zone), local_to_utc(last + timedelta(days=1), 0, zone)
        else:
            end_day = last + timedelta(days=1) if first == last and row["end"] < row["start"] else last
            start, end = local_to_utc(first, row["start"], zone), local_to_utc(end_day, row["end"], zone)
        exceptions.append({"agent_id": agent_id, "kind": row["kind"], "start_utc": start, "end_utc": end,
                           "note": row["note"]})
    agent_ids = sorted({refs.agent_ids[code] for code in frame.get_column("agent")})
    removed = 0
    for model in (AvailabilityWindow, AvailabilityException):
        for chunk in chunks(agent_ids):
            removed += session.execute(delete(model).where(model.agent_id.in_(chunk))).rowcount or 0
    if windows:
        session.execute(insert(AvailabilityWindow), windows)
    if exceptions:
        session.execute(insert(AvailabilityException), exceptions)
    return ImportResult(table.name, "availability", created=len(windows) + len(exceptions), removed=removed,
                        errors=errors)
