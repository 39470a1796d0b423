"""Forecasting stored queues: history from the database in, forecasts replaced in one transaction."""

from datetime import date, timedelta

import pytest
import typer
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from scheduler.cli import forecast as forecast_cli
from scheduler.forecast.store import ForecastStoreError, forecast_and_store
from scheduler.io.demo import load_demo
from scheduler.storage import models as m
from scheduler.storage.database import open_database, session_scope
from scheduler.timegrid import local_midnight_utc

START = date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('forecast') / 'demo.sqlite'}"
    load_demo(open_database(url))
    return url


def test_every_inbound_queue_gets_whole_local_days(demo_url):
    engine = open_database(demo_url)
    with session_scope(engine) as session:
        results = forecast_and_store(session, START, 7)
    assert [r.queue for r in results] == ["Dutch voice", "German voice", "Chat", "E-mail"]
    with Session(engine) as session:
        german = session.exec(select(m.Queue).where(m.Queue.name == "German voice")).one()
        rows = session.exec(select(m.Forecast).where(m.Forecast.queue_id == german.id)).all()
    begins = local_midnight_utc("Europe/Berlin", START)
    assert len(rows) == 7 * 96
    assert min(r.interval_start_utc for r in rows) == begins
    night = [r.volume for r in rows if r.interval_start_utc < begins + timedelta(hours=5)]
    assert max(night) == 0.0  # the site is closed at night: forecast as closed, not smoothed
    assert sum(r.volume for r in rows) > 1000 and all(r.aht_s > 0 for r in rows if r.volume > 0)


def test_forecasting_again_replaces_rows(demo_url):
    engine = open_database(demo_url)
    for _ in range(2):
        with session_scope(engine) as session:
            forecast_and_store(session, START, 2, queue_names=["Chat"])
    with Session(engine) as session:
        chat = session.exec(select(m.Queue).where(m.Queue.name == "Chat")).one()
        count = session.exec(select(func.count()).select_from(m.Forecast).where(m.Forecast.queue_id == chat.id)).one()
    assert count >= 2 * 96


def test_unknown_queue_and_method_are_refused(demo_url):
    engine = open_database(demo_url)
    with pytest.raises(ForecastStoreError, match="unknown queue"):
        with session_scope(engine) as session:
            forecast_and_store(session, START, 7, queue_names=["Klingon voice"])
    with pytest.raises(ForecastStoreError, match="unknown method"):
        with session_scope(engine) as session:
            forecast_and_store(session, START, 7, method="crystal-ball")


def test_cli_database_mode(demo_url):
    app = typer.Typer()
    app.add_typer(forecast_cli.app, name="forecast")
    runner = CliRunner()
    ok = runner.invoke(app, ["forecast", "--queue", "E-mail", "--start", START.isoformat(), "--days", "3",
                             "--db", demo_url])
    assert ok.exit_code == 0, ok.output
    assert "E-mail" in ok.output and "Stored 3 days" in ok.output
    missing = runner.invoke(app, ["forecast", "--queue", "E-mail", "--db", demo_url])
    assert missing.exit_code == 1 and "--start is required" in missing.output
