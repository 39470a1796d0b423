from pathlib import Path

import polars as pl
import pytest
from tests.scheduler.io.conftest import write
from sqlmodel import Session, select

from scheduler.io.errors import InputErrors
from scheduler.io.preferences import import_preferences
from scheduler.io.run import import_table
from scheduler.io.validate import read_table
from scheduler.storage.models import Agent, Preference


def _preferences(engine) -> list[tuple]:
    with Session(engine) as session:
        rows = session.exec(select(Agent.code, Preference).join(Agent, Agent.id == Preference.agent_id)
                            .order_by(Preference.id)).all()
    return [(code, p.kind, p.weekday, p.start_min, p.end_min, p.length_min, p.weight) for code, p in rows]


def test_good_file_replaces_preferences_of_named_agents(centre_engine, tmp_path: Path):
    first = write(tmp_path / "p1.csv", """\
        agent,kind,weekday,start,end,length_min,weight
        MS-001,start_window,,07:00,09:00,,2
        MS-002,day_off,Fri,,,,
        """)
    import_table(centre_engine, read_table(first), import_preferences)
    second = write(tmp_path / "p2.csv", """\
        agent,kind,weekday,start,end,length_min,weight
        MS-001,shift_length,,,,360,1.5
        MS-001,day_off,0,,,,0
        """)
    result = import_table(centre_engine, read_table(second), import_preferences)
    assert (result.created, result.removed) == (2, 1)
    assert _preferences(centre_engine) == [
        ("MS-002", "day_off", 4, None, None, None, 1.0),
        ("MS-001", "shift_length", None, None, None, 360, 1.5),
        ("MS-001", "day_off", 0, None, None, None, 0.0),
    ]


def test_three_bad_csv_rows(centre_engine, tmp_path: Path, unchanged):
    path = write(tmp_path / "preferences.csv", """\
        agent,kind,weekday,start,end,length_min,weight
        MS-001,start_window,,09:00,07:00,,1
        MS-001,day_off,,,,,1
        MS-002,shift_length,,,,360,-2
        """)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_preferences)
    assert caught.value.lines() == [
        "preferences.csv:2: end: must be after start",
        "preferences.csv:3: weekday: required for kind 'day_off'",
        "preferences.csv:4: weight: must be >= 0, got -2.0",
    ]
    check()


def test_three_bad_parquet_records(centre_engine, tmp_path: Path, unchanged):
    path = tmp_path / "preferences.parquet"
    pl.DataFrame({"agent": ["MS-001", "MS-001", "MS-009"], "kind": ["shift_length", "nap", "day_off"],
                  "weekday": [None, None, "Mon"], "length_min": [None, None, None],
                  "weight": [1.0, 1.0, 1.0]}).write_parquet(path)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_preferences)
    assert caught.value.lines() == [
        "preferences.parquet:1: length_min: required for kind 'shift_length'",
        "preferences.parquet:2: kind: unknown kind 'nap' (known: start_window, day_off, shift_length)",
        "preferences.parquet:3: agent: unknown agent 'MS-009' (known: LX-001, MS-001, MS-002)",
    ]
    check()
