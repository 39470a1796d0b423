from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest
from tests.scheduler.io.conftest import write
from sqlmodel import Session, select

from scheduler.io.availability import import_availability
from scheduler.io.errors import InputErrors
from scheduler.io.run import import_table
from scheduler.io.validate import read_table
from scheduler.storage.models import Agent, AvailabilityException, AvailabilityWindow

UTC = timezone.utc


def _stored(engine, code: str):
    with Session(engine) as session:
        agent = session.exec(select(Agent).where(Agent.code == code)).one()
        windows = session.exec(select(AvailabilityWindow).where(AvailabilityWindow.agent_id == agent.id)
                               .order_by(AvailabilityWindow.weekday)).all()
        exceptions = session.exec(select(AvailabilityException).where(AvailabilityException.agent_id == agent.id)
                                  .order_by(AvailabilityException.start_utc)).all()
        return ([(w.weekday, w.start_min, w.end_min) for w in windows],
                [(e.kind, e.start_utc, e.end_utc, e.note) for e in exceptions])


def test_weekly_windows_and_dated_exceptions_across_dst(centre_engine, tmp_path: Path):
    path = write(tmp_path / "availability.csv", """\
        agent,kind,weekday,start,end,from_date,to_date,note
        MS-001,weekly,Mon,08:00,16:00,,,
        MS-001,weekly,5,18:00,02:00,,,night into Sunday
        MS-001,weekly,Sun,10:00,24:00,,,
        MS-001,vacation,,,,2026-03-27,2026-03-30,spring break
        MS-001,unavailable,,,,2026-10-25,,clocks go back
        MS-001,sick,,08:00,12:00,2026-03-30,,
        LX-001,available,,22:00,02:00,2026-03-28,,late shift offered
        """)
    result = import_table(centre_engine, read_table(path), import_availability)
    assert result.created == 7
    windows, exceptions = _stored(centre_engine, "MS-001")
    assert windows == [(0, 480, 960), (5, 1080, 1560), (6, 600, 1440)]
    assert exceptions == [
        # Berlin: CET (+1) before 29 March, CEST (+2) after; whole days from local midnight to local midnight
        ("vacation", datetime(2026, 3, 26, 23, 0, tzinfo=UTC), datetime(2026, 3, 30, 22, 0, tzinfo=UTC),
         "spring break"),
        ("sick", datetime(2026, 3, 30, 6, 0, tzinfo=UTC), datetime(2026, 3, 30, 10, 0, tzinfo=UTC), ""),
        # 25 October has 25 hours in Berlin
        ("unavailable", datetime(2026, 10, 24, 22, 0, tzinfo=UTC), datetime(2026, 10, 25, 23, 0, tzinfo=UTC),
         "clocks go back"),
    ]
    _, lisbon = _stored(centre_engine, "LX-001")
    # Lisbon: WET (+0) on 28 March, WEST (+1) from 29 March 01:00 UTC; the span ends the next day
    assert lisbon == [("available", datetime(2026, 3, 28, 22, 0, tzinfo=UTC),
                       datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "late shift offered")]


def test_file_replaces_the_availability_of_the_agents_it_names(centre_engine, tmp_path: Path):
    first = write(tmp_path / "a.csv", """\
        agent,kind,weekday,start,end
        MS-001,weekly,Mon,08:00,16:00
        MS-002,weekly,Tue,08:00,16:00
        """)
    import_table(centre_engine, read_table(first), import_availability)
    second = write(tmp_path / "b.csv", "agent,kind,weekday,start,end\nMS-001,weekly,Fri,09:00,13:00\n")
    result = import_table(centre_engine, read_table(second), import_availability)
    assert result.removed == 1
    assert _stored(centre_engine, "MS-001")[0] == [(4, 540, 780)]
    assert _stored(centre_engine, "MS-002")[0] == [(1, 480, 960)]


def test_three_bad_csv_rows(centre_engine, tmp_path: Path, unchanged):
    path = write(tmp_path / "availability.csv", """\
        agent,kind,weekday,start,end,from_date,to_date,note
        MS-001,weekly,Mon,08:00,16:00,,,
        MS-001,weekly,Tue,08:00,,,,
        MS-002,vacation,,,,2026-04-10,2026-04-01,
        MS-002,holiday,,,,2026-04-10,,
        """)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_availability)
    assert caught.value.lines() == [
        "availability.csv:3: end: required for kind 'weekly'",
        "availability.csv:4: to_date: before from_date 2026-04-10",
        "availability.csv:5: kind: unknown kind 'holiday' (known: weekly, vacation, sick, unavailable, available)",
    ]
    check()


def test_three_bad_parquet_records(centre_engine, tmp_path: Path, unchanged):
    path = tmp_path / "availability.parquet"
    pl.DataFrame({
        "agent": ["MS-001", "MS-001", "MS-001", "XX-9"],
        "kind": ["weekly", "weekly", "sick", "sick"],
        "weekday": [0, 7, None, None],
        "start": ["08:00", "08:00", "25:00", None],
        "end": ["12:00", "12:00", "26:00", None],
        "from_date": [None, None, datetime(2026, 5, 1).date(), datetime(2026, 5, 1).date()],
    }).write_parquet(path)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_availability)
    assert caught.value.lines() == [
        "availability.parquet:2: weekday: not a weekday (Mon..Sun or 0-6, 0 = Monday): '7'",
        "availability.parquet:3: end: not a time HH:MM between 00:00 and 24:00: '26:00'",
        "availability.parquet:3: start: not a time HH:MM between 00:00 and 23:59: '25:00'",
        "availability.parquet:4: agent: unknown agent 'XX-9' (known: LX-001, MS-001, MS-002)",
    ]
    check()
