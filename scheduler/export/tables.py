"""A plan as flat tables for payroll and other tools (Polars), written as CSV or Parquet.

Shift table, one row per shift (`detail="shifts"`):

| column | type | meaning |
|---|---|---|
| plan_id, plan_version | int | the exported plan |
| agent_code, agent_name, agent_email | str | the agent (e-mail may be empty) |
| site, time_zone | str | the agent's site and its IANA zone |
| local_date | date | the site-local day the shift starts on |
| local_start, local_end | datetime (naive) | wall-clock start and end at the site (CSV: 2026-03-28T22:00:00) |
| start_utc, end_utc | datetime (UTC) | the same instants in UTC (in CSV with a trailing Z) |
| shift_min | int | elapsed minutes (a night shift over a DST change counts real time) |
| paid_min | int | shift_min minus unpaid breaks |
| break_min, unpaid_break_min | int | all breaks, and the unpaid part of them |
| activity_min | int | training, coaching and meetings inside the shift |
| queues | str | queues served, largest time share first, joined by "; " |
| queue_min | str | minutes per queue in the same order, joined by "; " |

Interval table, one row per agent and interval on a queue (`detail="intervals"`): plan_id, plan_version,
agent_code, agent_name, site, time_zone, local_date (the shift's day), interval_start_local,
interval_start_utc, interval_min (shorter for the last piece of a span that is not a whole number of
intervals), queue.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy.engine import Engine

from scheduler.export.errors import ExportError
from scheduler.export.roster import PlanRoster, find_plan, load_roster
from scheduler.storage.database import session_scope

LIST_SEPARATOR = "; "
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


class TableFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"


class Detail(StrEnum):
    SHIFTS = "shifts"
    INTERVALS = "intervals"


SHIFT_SCHEMA = {
    "plan_id": pl.Int64, "plan_version": pl.Int64, "agent_code": pl.String, "agent_name": pl.String,
    "agent_email": pl.String, "site": pl.String, "time_zone": pl.String, "local_date": pl.Date,
    "local_start": pl.Datetime("us"), "local_end": pl.Datetime("us"), "start_utc": pl.Datetime("us", "UTC"),
    "end_utc": pl.Datetime("us", "UTC"), "shift_min": pl.Int64, "paid_min": pl.Int64, "break_min": pl.Int64,
    "unpaid_break_min": pl.Int64, "activity_min": pl.Int64, "queues": pl.String, "queue_min": pl.String,
}
INTERVAL_SCHEMA = {
    "plan_id": pl.Int64, "plan_version": pl.Int64, "agent_code": pl.String, "agent_name": pl.String,
    "site": pl.String, "time_zone": pl.String, "local_date": pl.Date, "interval_start_local": pl.Datetime("us"),
    "interval_start_utc": pl.Datetime("us", "UTC"), "interval_min": pl.Int64, "queue": pl.String,
}


def shift_table(roster: PlanRoster) -> pl.DataFrame:
    rows = []
    for agent_roster in roster.agents:
        agent = agent_roster.agent
        zone = ZoneInfo(agent.time_zone)
        for shift in agent_roster.shifts:
            shares = shift.queue_shares()
            rows.append({
                "plan_id": roster.plan.id, "plan_version": roster.plan.version, "agent_code": agent.code,
                "agent_name": agent.name, "agent_email": agent.email, "site": agent.site_name,
                "time_zone": agent.time_zone, "local_date": shift.day,
                "local_start": shift.start_utc.astimezone(zone).replace(tzinfo=None),
                "local_end": shift.end_utc.astimezone(zone).replace(tzinfo=None),
                "start_utc": shift.start_utc, "end_utc": shift.end_utc, "shift_min": shift.shift_min,
                "paid_min": shift.paid_min, "break_min": shift.break_min,
                "unpaid_break_min": shift.unpaid_break_min, "activity_min": shift.activity_min,
                "queues": LIST_SEPARATOR.join(s.queue_name for s in shares),
                "queue_min": LIST_SEPARATOR.join(str(s.minutes) for s in shares),
            })
    return pl.DataFrame(rows, schema=SHIFT_SCHEMA, orient="row") if rows else pl.DataFrame(schema=SHIFT_SCHEMA)


def interval_table(roster: PlanRoster, interval_min: int = 15) -> pl.DataFrame:
    """The run-length encoded queue assignment expanded to one row per interval."""
    if interval_min <= 0:
        raise ExportError(f"interval length must be positive, got {interval_min} min")
    step = timedelta(minutes=interval_min)
    rows = []
    for agent_roster in roster.agents:
        agent = agent_roster.agent
        zone = ZoneInfo(agent.time_zone)
        for shift in agent_roster.shifts:
            for span in sorted(shift.queue_spans, key=lambda s: s.start_utc):
                start = span.start_utc
                while start < span.end_utc:
                    end = min(start + step, span.end_utc)
                    rows.append({
                        "plan_id": roster.plan.id, "plan_version": roster.plan.version, "agent_code": agent.code,
                        "agent_name": agent.name, "site": agent.site_name, "time_zone": agent.time_zone,
                        "local_date": shift.day,
                        "interval_start_local": start.astimezone(zone).replace(tzinfo=None),
                        "interval_start_utc": start, "interval_min": round((end - start).total_seconds() / 60),
                        "queue": span.queue_name,
                    })
                    start = end
    return pl.DataFrame(rows, schema=INTERVAL_SCHEMA, orient="row") if rows else pl.DataFrame(schema=INTERVAL_SCHEMA)


def _with_utc_suffix(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no types: UTC columns get a trailing Z so no reader mistakes them for local wall-clock times."""
    utc_columns = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Datetime) and dtype.time_zone]
    return frame.with_columns(pl.col(name).dt.strftime(DATETIME_FORMAT + "Z") for name in utc_columns)


def write_table(frame: pl.DataFrame, out: Path, table_format: TableFormat) -> Path:
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: directory {out.parent} does not exist")
    if out.is_dir():
        raise ExportError(f"cannot write {out}: it is a directory, give a file name")
    try:
        if table_format is TableFormat.CSV:
            _with_utc_suffix(frame).write_csv(out, datetime_format=DATETIME_FORMAT)
        else:
            frame.write_parquet(out)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    return out


def export_table(
    engine: Engine,
    plan_id: int | None,
    out: Path,
    table_format: TableFormat,
    *,
    detail: Detail = Detail.SHIFTS,
    interval_min: int = 15,
) -> Path:
    """Write the plan (newest published when `plan_id` is None) as one table; the path written."""
    with session_scope(engine) as session:
        roster = load_roster(session, find_plan(session, plan_id=plan_id))
    frame = shift_table(roster) if detail is Detail.SHIFTS else interval_table(roster, interval_min)
    return write_table(frame, out, table_format)
