"""Opening, migrating and transacting, on SQLite always and on PostgreSQL when configured."""

from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel, func, select

from scheduler.storage.database import (
    SchemaTooNewError,
    create_db_engine,
    head_revision,
    normalize_url,
    open_database,
    schema_revision,
    session_scope,
)
from scheduler.storage.models import Site


def test_new_database_is_at_the_newest_schema(db_url):
    engine = open_database(db_url)
    assert schema_revision(engine) == head_revision()


def test_migrations_create_exactly_the_models(db_url):
    """A model changed without a migration would show up here as a difference."""
    engine = open_database(db_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_reopening_keeps_data(db_url):
    engine = open_database(db_url)
    with session_scope(engine) as session:
        session.add(Site(name="Münster", time_zone="Europe/Berlin"))
    engine.dispose()
    with session_scope(open_database(db_url)) as session:
        assert [s.name for s in session.exec(select(Site))] == ["Münster"]


def test_database_without_schema_is_upgraded(db_url):
    """An older (here: empty, unversioned) database is brought to the newest schema on opening."""
    engine = create_db_engine(db_url)
    assert schema_revision(engine) is None
    open_database(db_url)
    assert schema_revision(engine) == head_revision()


def test_database_from_a_newer_scheduler_is_refused_untouched(db_url):
    engine = open_database(db_url)
    with session_scope(engine) as session:
        session.add(Site(name="Lisboa", time_zone="Europe/Lisbon"))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    with pytest.raises(SchemaTooNewError, match="newer version"):
        open_database(db_url)
    assert schema_revision(engine) == "f00dfeed9999"
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Site)).one() == 1


def test_failed_transaction_writes_nothing(db_url):
    engine = open_database(db_url)
    with pytest.raises(RuntimeError):
        with session_scope(engine) as session:
            session.add(Site(name="Münster", time_zone="Europe/Berlin"))
            session.flush()
            raise RuntimeError("planner pressed cancel")
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Site)).one() == 0


def test_unreachable_postgres_gives_a_clear_error():
    from scheduler.storage.database import DatabaseError

    with pytest.raises(DatabaseError, match="cannot open database"):
        open_database("postgresql://nobody@127.0.0.1:1/none")


@pytest.mark.parametrize(
    ("given", "expected_prefix"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_urls_are_normalised(given, expected_prefix):
    assert normalize_url(given) == expected_prefix


def test_a_plain_path_means_sqlite(tmp_path):
    assert normalize_url(str(tmp_path / "c.db")) == f"sqlite:///{tmp_path / 'c.db'}"


def test_instants_come_back_as_aware_utc(db_url):
    from scheduler.storage.models import AvailabilityException

    engine = open_database(db_url)
    berlin_noon = datetime(2026, 3, 29, 12, 0, tzinfo=timezone.utc)
    with session_scope(engine) as session:
        site = Site(name="Münster", time_zone="Europe/Berlin")
        session.add(site)
        session.flush()
        _add_minimal_agent(session, site.id)
        session.add(
            AvailabilityException(agent_id=1, kind="vacation", start_utc=berlin_noon, end_utc=berlin_noon)
        )
    with session_scope(engine) as session:
        row = session.exec(select(AvailabilityException)).one()
        assert row.start_utc == berlin_noon
        assert row.start_utc.tzinfo is not None


def test_naive_instants_are_refused(sqlite_url):
    from sqlalchemy.exc import StatementError

    from scheduler.storage.models import Activity

    engine = open_database(sqlite_url)
    with pytest.raises(StatementError, match="naive datetime"):
        with session_scope(engine) as session:
            session.add(
                Activity(name="x", kind="training", duration_min=60,
                         window_start_utc=datetime(2026, 1, 1), window_end_utc=datetime(2026, 1, 2))
            )


def _add_minimal_agent(session, site_id: int) -> None:
    from scheduler.storage.models import Agent, Contract, ShiftRule

    session.add(Contract(id=1, name="full", max_week_min=2400))
    session.add(ShiftRule(id=1, name="day", allowed_lengths_min=[480]))
    session.flush()
    session.add(Agent(id=1, code="A1", name="Zoë Noël", site_id=site_id, contract_id=1, shift_rule_id=1))
    session.flush()
