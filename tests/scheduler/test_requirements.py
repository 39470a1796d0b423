"""Requirements from stored forecasts: stored per interval, marginal values per scheduled agent."""

import numpy as np
import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from scheduler.cli import requirements as requirements_cli
from scheduler.requirements import compute_and_store, per_scheduled_agent
from scheduler.storage import models as m
from scheduler.storage.database import session_scope
from tests.scheduler.planning.centre import MONDAY, build_centre


def test_without_shrinkage_values_are_unchanged():
    values = np.array([[5.0, 3.0, 1.0]])
    assert per_scheduled_agent(values, 0.0) is values


def test_shrinkage_spreads_value_over_more_scheduled_agents_and_keeps_the_total():
    values = np.array([[6.0, 4.0, 2.0, 0.0]])
    scheduled = per_scheduled_agent(values, 0.25)
    assert scheduled.sum() == pytest.approx(12.0)
    assert scheduled.shape[1] == 6  # 4 productive agents need ceil(4 / 0.75) = 6 scheduled
    assert scheduled[0, 0] == pytest.approx(0.75 * 6.0)
    assert np.all(np.diff(scheduled[0]) <= 1e-12)


def test_stored_requirements_follow_the_forecast(sqlite_url):
    engine = build_centre(sqlite_url)
    with session_scope(engine) as session:
        summary = compute_and_store(session, MONDAY, 7)
    (voice,) = summary.queues
    assert voice.queue == "DE Voice" and voice.peak_gross > 0
    with Session(engine) as session:
        rows = session.exec(select(m.Requirement).where(m.Requirement.queue_id == 1)).all()
    busy = [r for r in rows if r.required_gross > 0]
    # 20 calls of 180 s per 15 minutes = 4 Erlangs: Erlang C needs 7 agents for 80/20
    assert {r.required_net for r in busy} == {7}
    assert all(r.marginal_values == sorted(r.marginal_values, reverse=True) for r in busy)
    assert all(not r.marginal_values for r in rows if r.required_gross == 0)


def test_recomputing_replaces_rows(sqlite_url):
    engine = build_centre(sqlite_url)
    for _ in range(2):
        with session_scope(engine) as session:
            compute_and_store(session, MONDAY, 7)
    with Session(engine) as session:
        assert len(session.exec(select(m.Requirement)).all()) == 7 * 96


def test_cli_prints_one_line_per_queue(sqlite_url):
    build_centre(sqlite_url)
    app = typer.Typer()
    app.command()(requirements_cli.command)
    result = CliRunner().invoke(app, ["--start", MONDAY.isoformat(), "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "DE Voice" in result.output and "voice" in result.output


def test_each_queue_gets_rows_on_its_own_sites_days_only(sqlite_url):
    """With sites in Berlin and Lisbon the grid spans both clocks (an hour more than a week); each queue's
    rows stay on its own local days, so no screen shows a one-hour day before or after the week."""
    from datetime import datetime, timedelta, timezone

    from scheduler.services.staffing_view import demand_days
    from scheduler.timegrid import local_midnight_utc, planning_grid

    engine = build_centre(sqlite_url)
    with session_scope(engine) as session:
        session.add(m.Site(id=2, name="Lisboa", time_zone="Europe/Lisbon"))
        session.flush()
        session.add(m.Queue(id=3, name="PT Voice", channel="voice", site_id=2, sl_target_pct=80, sl_target_s=20))
        session.flush()
        start = local_midnight_utc("Europe/Lisbon", MONDAY)
        for t in range(7 * 96):
            at = start + timedelta(minutes=15 * t)
            session.add(m.Forecast(queue_id=3, interval_start_utc=at, volume=10.0 if 9 <= at.hour < 17 else 0.0,
                                   aht_s=200, method="test", created_utc=datetime(2026, 11, 1, tzinfo=timezone.utc)))
    with session_scope(engine) as session:
        compute_and_store(session, MONDAY, 7)
    assert planning_grid(["Europe/Berlin", "Europe/Lisbon"], MONDAY, 7).n_intervals == 7 * 96 + 4
    with Session(engine) as session:
        for queue, tz in ((1, "Europe/Berlin"), (3, "Europe/Lisbon")):
            stamps = sorted(r.interval_start_utc.replace(tzinfo=timezone.utc) for r in session.exec(
                select(m.Requirement).where(m.Requirement.queue_id == queue)))
            assert len(stamps) == 7 * 96 and stamps[0] == local_midnight_utc(tz, MONDAY)
            assert any(r.required_gross > 0 for r in session.exec(select(m.Requirement).where(
                m.Requirement.queue_id == queue)))
    assert demand_days(3, engine=engine) == [MONDAY + timedelta(days=d) for d in range(7)]
