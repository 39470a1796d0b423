"""history file: observed volume and handle time per queue and interval, upserted by (queue, interval start).

Vectorised end to end (Polars for parsing and zone conversion, executemany for storage), because a
centre's history is tens of thousands of rows per import. Naive timestamps are wall times in `--tz`,
else the queue's site zone (UTC for pooled queues). At the autumn DST change a repeated wall time is read
as its first occurrence the first time it appears for a queue and as the second occurrence the next time,
which is how interval reports written in local time list it; a wall time inside the spring gap is an error.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, select

from scheduler.io.references import load_references
from scheduler.io.result import ImportResult
from scheduler.io.validate import (
    ROW, Column, DateTime, Float, Int, Str, Table, duplicate_problem, lookup_problem, ok_rows, row_errors, validate,
)
from scheduler.storage.models import History

COLUMNS = (
    Column("queue", Str()),
    Column("timestamp", DateTime()),
    Column("interval_min", Int(min=1, max=1440), required=False, default=15),
    Column("offered", Int(min=0)),
    Column("handled", Int(min=0)),
    Column("abandoned", Int(min=0), required=False, default=0),
    Column("aht_s", Float(min=0)),
)


def _to_utc(frame: pl.DataFrame, zones: dict[str, str]) -> pl.DataFrame:
    """Add `start_utc` (Datetime UTC): offset-bearing cells as they are, naive cells placed in their zone."""
    parts = []
    frame = frame.with_columns(
        _zone=pl.col("queue").replace_strict(zones, default="UTC", return_dtype=pl.String),
        _seen=pl.col(ROW).rank("ordinal").over(["queue", "timestamp"]) - 1,
    )
    with_offset = frame.filter(pl.col("timestamp__has_offset"))
    parts.append(with_offset.with_columns(start_utc=pl.col("timestamp").dt.replace_time_zone("UTC")))
    naive = frame.filter(~pl.col("timestamp__has_offset"))
    for zone in naive.get_column("_zone").unique().sort():
        local = naive.filter(pl.col("_zone") == zone)
        ambiguous = pl.when(pl.col("_seen") == 0).then(pl.lit("earliest")).otherwise(pl.lit("latest"))
        placed = local.with_columns(
            start_utc=pl.col("timestamp").dt.replace_time_zone(zone, ambiguous=ambiguous, non_existent="null")
            .dt.convert_time_zone("UTC"))
        parts.append(placed)
    utc = pl.Datetime("us", "UTC")
    return pl.concat([part.with_columns(pl.col("start_utc").cast(utc)) for part in parts]).sort(ROW).drop(
        "_zone", "_seen")


def import_history(session: Session, table: Table, *, time_zone: str | None = None) -> ImportResult:
    checked = validate(table, COLUMNS)
    errors = list(checked.errors)
    refs = load_references(session)
    frame, found = row_errors(table, checked.frame, lookup_problem("queue", list(refs.queue_ids), "queue"),
                              "queue")
    errors += found
    wall_minute = pl.col("timestamp").dt.hour().cast(pl.Int64) * 60 + pl.col("timestamp").dt.minute()
    frame, found = row_errors(table, frame, pl.when(
        (wall_minute % pl.col("interval_min") != 0) | (pl.col("timestamp").dt.second() != 0)
        | (pl.col("timestamp").dt.microsecond() != 0))
        .then(pl.format("{} is not on a {}-minute interval boundary", pl.col("timestamp").dt.strftime("%H:%M:%S"),
                        pl.col("interval_min"))).otherwise(None), "timestamp")
    errors += found
    zones = {name: time_zone or refs.queue_zone(name) for name in refs.queue_ids}
    frame = _to_utc(frame, zones)
    gap = pl.col("timestamp").is_not_null() & pl.col("start_utc").is_null()
    frame, found = row_errors(table, frame, pl.when(gap).then(
        pl.format("local time {} does not exist in {} (clocks go forward); give a UTC offset",
                  pl.col("timestamp").dt.strftime("%Y-%m-%d %H:%M"),
                  pl.col("queue").replace_strict(zones, default="UTC", return_dtype=pl.String))).otherwise(None),
        "timestamp")
    errors += found
    frame = frame.with_columns(interval=pl.col("start_utc").dt.strftime("%Y-%m-%d %H:%M UTC"))
    frame, found = row_errors(table, frame, duplicate_problem(["queue", "interval"], "interval"), "timestamp")
    errors += found

    frame = ok_rows(frame)
    frame = frame.with_columns(queue_id=pl.col("queue").replace_strict(refs.queue_ids, return_dtype=pl.Int64))
    stored = {}
    for queue_id in frame.get_column("queue_id").unique().to_list():
        times = frame.filter(pl.col("queue_id") == queue_id).get_column("start_utc")
        rows = session.exec(select(History.interval_start_utc, History.id).where(
            History.queue_id == queue_id, History.interval_start_utc >= times.min(),
            History.interval_start_utc <= times.max())).all()
        stored.update({(queue_id, start): id_ for start, id_ in rows})
    values = frame.select(
        "queue_id", interval_start_utc="start_utc", interval_min="interval_min", offered="offered",
        handled="handled", abandoned="abandoned", aht_s="aht_s").to_dicts()
    new, existing = [], []
    for row in values:
        id_ = stored.get((row["queue_id"], row["interval_start_utc"]))
        if id_ is None:
            new.append(row)
        else:
            existing.append({**row, "_id": id_})
    if new:
        session.execute(insert(History.__table__), new)
    if existing:
        table_ = History.__table__
        session.execute(update(table_).where(table_.c.id == bindparam("_id")).values(
            {name: bindparam(name) for name in ("interval_min", "offered", "handled", "abandoned", "aht_s")}),
            existing)
    return ImportResult(table.name, "history intervals", created=len(new), updated=len(existing), errors=errors)
