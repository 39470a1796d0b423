from pathlib import Path

import polars as pl
import pytest
from tests.scheduler.io.conftest import write
from sqlmodel import Session, select

from scheduler.io.errors import InputErrors
from scheduler.io.run import import_table
from scheduler.io.skills import import_skills
from scheduler.io.validate import read_table
from scheduler.storage.models import Agent, AgentSkill, Queue


def _skills(engine) -> set[tuple[str, str, int]]:
    with Session(engine) as session:
        rows = session.exec(select(Agent.code, Queue.name, AgentSkill.priority)
                            .join(Agent, Agent.id == AgentSkill.agent_id)
                            .join(Queue, Queue.id == AgentSkill.queue_id)).all()
    return set(rows)


def test_good_file_upserts_priorities(centre_engine, tmp_path: Path):
    first = write(tmp_path / "skills.csv", """\
        agent,queue,priority
        MS-001,German voice,1
        MS-001,Chat,2
        LX-001,Chat,1
        """)
    import_table(centre_engine, read_table(first), import_skills)
    again = write(tmp_path / "skills2.csv", """\
        agent,queue,priority
        MS-001,Chat,1
        MS-002,German voice,3
        """)
    result = import_table(centre_engine, read_table(again), import_skills)
    assert (result.created, result.updated) == (1, 1)
    assert _skills(centre_engine) == {("MS-001", "German voice", 1), ("MS-001", "Chat", 1), ("LX-001", "Chat", 1),
                                      ("MS-002", "German voice", 3)}


def test_three_bad_csv_rows(centre_engine, tmp_path: Path, unchanged):
    path = write(tmp_path / "skills.csv", """\
        agent,queue,priority
        MS-001,German voice,1
        MS-404,German voice,1
        MS-001,French voice,1
        MS-002,Chat,0
        """)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_skills)
    assert caught.value.lines() == [
        "skills.csv:3: agent: unknown agent 'MS-404' (known: LX-001, MS-001, MS-002)",
        "skills.csv:4: queue: unknown queue 'French voice' (known: Chat, German voice)",
        "skills.csv:5: priority: must be >= 1, got 0",
    ]
    check()


def test_three_bad_parquet_records(centre_engine, tmp_path: Path, unchanged):
    path = tmp_path / "skills.parquet"
    pl.DataFrame({"agent": ["MS-001", "MS-001", "MS-002", "LX-001"],
                  "queue": ["Chat", "Chat", "Chat", "Chat"],
                  "priority": [1.0, 2.0, 1.5, None]}).write_parquet(path)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_skills)
    assert caught.value.lines() == [
        "skills.parquet:2: queue: duplicate skill 'MS-001 / Chat' (first on row 1)",
        "skills.parquet:3: priority: not a whole number: '1.5'",
        "skills.parquet:4: priority: missing value",
    ]
    check()


def test_missing_column(centre_engine, tmp_path: Path):
    path = write(tmp_path / "skills.csv", "agent,priority\nMS-001,1\n")
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_skills)
    assert caught.value.lines() == ["skills.csv:1: queue: missing required column"]
