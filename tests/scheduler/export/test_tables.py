"""Payroll tables: one row per shift with local times and minutes, read back from CSV and Parquet."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import polars as pl
import pytest

from scheduler.export.errors import ExportError
from scheduler.export.tables import Detail, TableFormat, export_table
from tests.scheduler.export.roster_builder import CHAT, SATURDAY, VOICE, dst_week

UTC = timezone.utc


@pytest.fixture
def week(tmp_path):
    return dst_week(tmp_path, replanned=False)


def test_parquet_has_one_row_per_shift_with_local_times_and_minutes(week, tmp_path):
    path = export_table(week.centre.engine, week.first_plan_id, tmp_path / "plan.parquet", TableFormat.PARQUET)
    frame = pl.read_parquet(path)
    assert frame.height == 10
    night = frame.filter((pl.col("agent_code") == "MS-001") & (pl.col("local_date") == SATURDAY)).row(0, named=True)
    assert night["local_start"] == datetime(2026, 3, 28, 22, 0)
    assert night["local_end"] == datetime(2026, 3, 29, 7, 0)
    assert night["start_utc"] == datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    assert (night["shift_min"], night["paid_min"], night["break_min"], night["activity_min"]) == (480, 450, 30, 0)
    assert (night["queues"], night["queue_min"]) == (f"{VOICE}; {CHAT}", "240; 210")
    assert night["agent_name"].startswith("Noël, Zoë;") and night["site"] == "Berlin, Mitte"
    sunday = frame.filter((pl.col("agent_code") == "MS-002") & (pl.col("local_date") == date(2026, 3, 29)))
    assert sunday["activity_min"].to_list() == [60]


def test_csv_round_trips_names_with_commas_quotes_and_newlines(week, tmp_path):
    path = export_table(week.centre.engine, week.first_plan_id, tmp_path / "plan.csv", TableFormat.CSV)
    frame = pl.read_csv(path, try_parse_dates=True)
    assert frame.height == 10
    names = set(frame["agent_name"].to_list())
    assert 'Noël, Zoë; the "night owl"\nsecond line' in names and "Matthias Eilhard" in names
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("plan_id,plan_version,agent_code,")
    night = frame.filter(pl.col("local_start") == datetime(2026, 3, 28, 22, 0))
    assert night["paid_min"].to_list() == [450]
    assert night["start_utc"].to_list() == [datetime(2026, 3, 28, 21, 0, tzinfo=UTC)]
    assert "2026-03-28T22:00:00,2026-03-29T07:00:00,2026-03-28T21:00:00Z,2026-03-29T05:00:00Z" in path.read_text()


def test_interval_detail_expands_queue_spans_into_intervals(week, tmp_path):
    path = export_table(week.centre.engine, week.first_plan_id, tmp_path / "intervals.parquet", TableFormat.PARQUET,
                        detail=Detail.INTERVALS, interval_min=30)
    frame = pl.read_parquet(path)
    night = frame.filter((pl.col("agent_code") == "MS-001") & (pl.col("local_date") == SATURDAY))
    assert night.group_by("queue").agg(pl.col("interval_min").sum()).sort("queue").rows() == [
        (CHAT, 210), (VOICE, 240)]
    # Voice 21:00-01:00 UTC, break, chat from 01:30 UTC: local 22:00-02:00 CET, then 03:30 CEST onwards.
    voice = night.filter(pl.col("queue") == VOICE).sort("interval_start_utc")["interval_start_local"].to_list()
    chat = night.filter(pl.col("queue") == CHAT).sort("interval_start_utc")["interval_start_local"].to_list()
    assert voice == [datetime(2026, 3, 28, 22, 0) + timedelta(minutes=30 * i) for i in range(8)]
    assert (chat[0], chat[-1], len(chat)) == (datetime(2026, 3, 29, 3, 30), datetime(2026, 3, 29, 6, 30), 7)


def test_missing_directory_is_a_clear_error(week, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_table(week.centre.engine, None, tmp_path / "nowhere" / "plan.csv", TableFormat.CSV)
