from pathlib import Path

import polars as pl
import pytest
from tests.scheduler.io.conftest import write
from sqlmodel import Session, select

from scheduler.io.agents import import_agents
from scheduler.io.errors import InputErrors
from scheduler.io.run import import_table
from scheduler.io.validate import read_table
from scheduler.storage.models import Agent, Team


def _agents(engine) -> dict[str, Agent]:
    with Session(engine) as session:
        return {agent.code: agent for agent in session.exec(select(Agent)).all()}


def test_good_file_upserts_by_code(centre_engine, tmp_path: Path):
    path = write(tmp_path / "agents.csv", """\
        code,name,email,site,team,role,contract,shift_rule,active
        MS-002,Matthias Eilhard,m.eilhard@example.org,Münster,Münster Team 1,trainee,full_time_40,day,false
        LX-002,Noël Zoë,,Lisbon,,agent,student_12,day,yes
        """)
    result = import_table(centre_engine, read_table(path), import_agents)
    assert (result.created, result.updated) == (1, 1)
    agents = _agents(centre_engine)
    assert len(agents) == 4
    with Session(centre_engine) as session:
        team = session.exec(select(Team).where(Team.name == "Münster Team 1")).one()
    updated = agents["MS-002"]
    assert (updated.email, updated.role, updated.active, updated.team_id) == (
        "m.eilhard@example.org", "trainee", False, team.id)
    assert agents["LX-002"].name == "Noël Zoë" and agents["LX-002"].active is True
    assert agents["MS-001"].name == "Zoë Müller"  # untouched


def test_three_bad_csv_rows_are_all_reported_and_nothing_is_written(centre_engine, tmp_path: Path, unchanged):
    path = write(tmp_path / "agents.csv", """\
        code,name,email,site,team,role,contract,shift_rule,active
        MS-010,Good Row,,Münster,,agent,full_time_40,day,true
        MS-011,Bad Contract,,Münster,,agent,Fulltime,day,true
        MS-012,Bad Role,,Münster,,boss,full_time_40,day,true
        MS-013,Bad Site,,Paris,,agent,full_time_40,day,maybe
        """)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_agents)
    assert caught.value.lines() == [
        "agents.csv:3: contract: unknown contract 'Fulltime' (known: full_time_40, part_time_20, student_12)",
        "agents.csv:4: role: unknown role 'boss' (known: agent, team_lead, trainee)",
        "agents.csv:5: active: not true/false: 'maybe'",
        "agents.csv:5: site: unknown site 'Paris' (known: Lisbon, Münster)",
    ]
    check()


def test_bad_parquet_records_use_record_numbers(centre_engine, tmp_path: Path, unchanged):
    path = tmp_path / "agents.parquet"
    pl.DataFrame({
        "code": ["MS-020", "MS-021", "MS-022", "MS-020"],
        "name": ["A", "B", None, "D"],
        "site": ["Münster", "Lisbon", "Münster", "Münster"],
        "team": ["Münster Team 1", "Münster Team 1", None, None],
        "role": ["agent"] * 4,
        "contract": ["full_time_40"] * 4,
        "shift_rule": ["day", "day", "day", "day"],
        "active": [True, True, True, True],
    }).write_parquet(path)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_agents)
    assert caught.value.lines() == [
        "agents.parquet:2: team: team 'Münster Team 1' belongs to site 'Münster', not 'Lisbon'",
        "agents.parquet:3: name: missing value",
        "agents.parquet:4: code: duplicate agent code 'MS-020' (first on row 1)",
    ]
    check()


def test_missing_and_unknown_columns(centre_engine, tmp_path: Path, unchanged):
    path = write(tmp_path / "agents.csv", """\
        code,name,site,role,contract,colour
        MS-030,X,Münster,agent,full_time_40,red
        """)
    check = unchanged(centre_engine)
    with pytest.raises(InputErrors) as caught:
        import_table(centre_engine, read_table(path), import_agents)
    assert caught.value.lines() == [
        "agents.csv:1: colour: unknown column (known: code, name, email, site, team, role, contract, shift_rule, "
        "active)",
        "agents.csv:1: shift_rule: missing required column",
    ]
    check()
