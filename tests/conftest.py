"""Shared fixtures: where the read-only benchmark data of ../shared lives."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_BENCHMARKS = REPO.parent / "shared" / "benchmarks"


@pytest.fixture(scope="session")
def shared_benchmarks() -> Path:
    """The ../shared/benchmarks folder beside the checkout; tests that need it skip when it is absent."""
    if not SHARED_BENCHMARKS.is_dir():
        pytest.skip(f"benchmark data not found at {SHARED_BENCHMARKS} (expected ../shared beside the checkout)")
    return SHARED_BENCHMARKS


PG_ENV = "SCHEDULER_TEST_PG"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import text

    from scheduler.storage.database import create_db_engine

    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database URL: an SQLite file always, PostgreSQL when SCHEDULER_TEST_PG names one."""
    import os

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scheduler.sqlite'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    _reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A fresh SQLite file URL, for tests that are not about the database backend."""
    return f"sqlite:///{tmp_path / 'scheduler.sqlite'}"
