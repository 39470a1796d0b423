"""A small stored centre to import into, and a fingerprint of the whole database to prove nothing changed."""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from scheduler.io.centre import load_centre, read_centre_folder
from scheduler.storage.database import open_database, session_scope

CENTRE_TOML = textwrap.dedent("""\
    [centre]
    name = "Test centre"
    plan_start = 2026-03-23

    [[site]]
    name = "Münster"
    time_zone = "Europe/Berlin"
    country = "DE"
    opening_hours = { Mon = "07:00-22:00", Tue = "07:00-22:00", Wed = "07:00-22:00", Thu = "07:00-22:00", Fri = "07:00-22:00", Sat = "08:00-18:00" }

    [[site]]
    name = "Lisbon"
    time_zone = "Europe/Lisbon"
    country = "PT"
    opening_hours = { Mon = "08:00-21:00", Sun = "closed" }

    [[contract]]
    name = "full_time_40"
    max_week_min = 2400

    [[contract]]
    name = "part_time_20"
    max_week_min = 1200

    [[contract]]
    name = "student_12"
    min_week_min = 480
    max_week_min = 960

    [[shift_rule]]
    name = "day"
    earliest_start = "06:00"
    latest_start = "14:00"
    allowed_lengths_min = [480, 510]

    [[queue]]
    name = "German voice"
    channel = "voice"
    site = "Münster"
    mean_patience_s = 120.0

    [[queue]]
    name = "Chat"
    channel = "chat"
    chat_concurrency = 2

    [[team]]
    name = "Münster Team 1"
    site = "Münster"

    [[team]]
    name = "Lisbon Team 1"
    site = "Lisbon"
    """)

AGENTS_CSV = textwrap.dedent("""\
    code,name,email,site,team,role,contract,shift_rule,active
    MS-001,Zoë Müller,zoe@example.org,Münster,Münster Team 1,team_lead,full_time_40,day,true
    MS-002,Matthias Eilhard,,Münster,,agent,part_time_20,day,
    LX-001,João Gonçalves,joao@example.org,Lisbon,Lisbon Team 1,agent,student_12,day,false
    """)


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return "sqlite:///" + str(tmp_path / "t.sqlite")


@pytest.fixture
def engine(db_url: str) -> Engine:
    return open_database(db_url)


@pytest.fixture
def centre_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "centre"
    folder.mkdir()
    write(folder / "centre.toml", CENTRE_TOML)
    write(folder / "agents.csv", AGENTS_CSV)
    return folder


@pytest.fixture
def centre_engine(engine: Engine, centre_folder: Path) -> Engine:
    """The engine of a database holding the test centre and its three agents."""
    with session_scope(engine) as session:
        load_centre(session, read_centre_folder(centre_folder))
    return engine


def fingerprint(engine: Engine) -> tuple[tuple[str, int], ...] | str:
    """Row counts and a hash of every row of every table: equal fingerprints mean an unchanged database."""
    digest = hashlib.sha256()
    counts = []
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            counts.append((table.name, len(rows)))
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return tuple(counts), digest.hexdigest()


@pytest.fixture
def unchanged() -> Callable[[Engine], Callable[[], None]]:
    """`check = unchanged(engine)` before an import, `check()` after: asserts the database did not change."""
    def snapshot(engine: Engine) -> Callable[[], None]:
        before = fingerprint(engine)

        def check() -> None:
            assert fingerprint(engine) == before

        return check

    return snapshot
