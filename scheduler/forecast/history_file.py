"""Read a history file (CSV or Parquet) with Polars and validate it row by row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl


class HistoryFileError(ValueError):
    """Bad rows of a history file, each as `file:row: column: problem`."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class HistoryColumns:
    time: str = "timestamp"
    date: str = "date"
    interval_start: str = "interval_start"
    calls: str = "calls"
    aht: str | None = None


@dataclass(frozen=True)
class HistoryFile:
    frame: pl.DataFrame
    """`timestamp`, `calls`, optional `aht_s`."""
    split_date_time: bool
    """True when the file had date + interval_start columns (the output mirrors them)."""
    time_zone_aware: bool


def read_history(path: Path, columns: HistoryColumns) -> HistoryFile:
    if not path.exists():
        raise HistoryFileError([f"{path}: file not found"])
    try:
        raw = pl.read_parquet(path) if path.suffix.lower() == ".parquet" else pl.read_csv(
            path, infer_schema=False)
    except Exception as exc:  # polars raises several types for unreadable files
        raise HistoryFileError([f"{path}: cannot read: {exc}"]) from None
    raw = raw.with_row_index("_row", offset=2 if path.suffix.lower() != ".parquet" else 1)
    split = columns.time not in raw.columns
    needed = [columns.date, columns.interval_start] if split else [columns.time]
    needed.append(columns.calls)
    if columns.aht:
        needed.append(columns.aht)
    missing = [c for c in needed if c not in raw.columns]
    if split and columns.date not in raw.columns and columns.interval_start not in raw.columns:
        missing = [f"{columns.time} (or {columns.date} + {columns.interval_start})"] + missing[2:]
    if missing:
        raise HistoryFileError([f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(raw.columns[1:])}"])
    text = pl.col
    if split:
        stamp = (text(columns.date).cast(pl.String) + " " + text(columns.interval_start).cast(pl.String).str.slice(0, 5))
        parsed = stamp.str.to_datetime("%Y-%m-%d %H:%M", strict=False)
        source = columns.interval_start
    elif raw.schema[columns.time] == pl.String:
        parsed = text(columns.time).str.to_datetime(strict=False)
        source = columns.time
    else:
        parsed = text(columns.time)
        source = columns.time
    frame = raw.with_columns(
        parsed.alias("timestamp"),
        text(columns.calls).cast(pl.Float64, strict=False).alias("calls"),
        *( [text(columns.aht).cast(pl.Float64, strict=False).alias("aht_s")] if columns.aht else []),
    )
    problems = []
    checks = [("timestamp", source, "not a date/time"), ("calls", columns.calls, "not a number")]
    if columns.aht:
        checks.append(("aht_s", columns.aht, "not a number"))
    for col, name, problem in checks:
        for row in frame.filter(pl.col(col).is_null())["_row"].to_list():
            problems.append((row, f"{path}:{row}: {name}: {problem}"))
    for row in frame.filter(pl.col("calls") < 0)["_row"].to_list():
        problems.append((row, f"{path}:{row}: {columns.calls}: negative call count"))
    if columns.aht:
        for row in frame.filter(pl.col("aht_s") < 0)["_row"].to_list():
            problems.append((row, f"{path}:{row}: {columns.aht}: negative handle time"))
    if problems:
        raise HistoryFileError([p for _, p in sorted(problems)])
    if frame.height == 0:
        raise HistoryFileError([f"{path}: no rows"])
    aware = getattr(frame.schema["timestamp"], "time_zone", None) is not None
    keep = ["timestamp", "calls"] + (["aht_s"] if columns.aht else [])
    return HistoryFile(frame.select(keep), split, aware)
