"""Every table of the domain model stores and returns its rows, JSON and dates included, on each backend."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from scheduler.storage import models as m
from scheduler.storage.database import open_database, session_scope

T0 = datetime(2026, 10, 25, 6, 0, tzinfo=timezone.utc)


def _centre(session) -> None:
    session.add(m.Site(id=1, name="Münster", time_zone="Europe/Berlin", country="DE"))
    session.add(m.Site(id=2, name="Lisboa", time_zone="Europe/Lisbon", country="PT"))
    session.flush()
    session.add(m.OpeningHours(site_id=1, weekday=0, opens_min=7 * 60, closes_min=22 * 60))
    session.add(m.Queue(id=1, name="DE Voice", channel=m.Channel.VOICE, mean_patience_s=180))
    session.add(m.Queue(id=2, name="E-mail", channel=m.Channel.EMAIL, response_deadline_min=480))
    session.add(m.Contract(id=1, name="full_time_40", min_week_min=2280, max_week_min=2400))
    session.add(m.ShiftRule(id=1, name="day", allowed_lengths_min=[360, 480, 570]))
    session.add(m.Team(id=1, name="Team Ems", site_id=1))
    session.flush()
    session.add(m.Agent(id=1, code="MS-001", name="Matthias Eilhard", site_id=1, team_id=1,
                        contract_id=1, shift_rule_id=1, role=m.Role.TEAM_LEAD))
    session.add(m.Agent(id=2, code="LX-001", name="João Noël", site_id=2, contract_id=1, shift_rule_id=1))
    session.flush()
    session.add(m.AgentSkill(agent_id=1, queue_id=1, priority=1))
    session.add(m.AgentSkill(agent_id=1, queue_id=2, priority=2))
    session.add(m.AvailabilityWindow(agent_id=1, weekday=0, start_min=480, end_min=1020))
    session.add(m.AvailabilityException(agent_id=2, kind=m.ExceptionKind.VACATION,
                                        start_utc=T0, end_utc=T0 + timedelta(days=5), note="Algarve"))
    session.add(m.Preference(agent_id=1, kind=m.PreferenceKind.DAY_OFF, weekday=2, weight=3))
    session.add(m.Activity(id=1, name="Product training", kind=m.ActivityKind.TRAINING, duration_min=120,
                           window_start_utc=T0, window_end_utc=T0 + timedelta(days=4), team_id=1))
    session.flush()
    session.add(m.ActivityParticipant(activity_id=1, agent_id=2))
    session.add(m.SpecialDay(site_id=1, day=date(2026, 12, 25), kind=m.SpecialDayKind.HOLIDAY, name="1. Weihnachtstag"))
    session.add(m.History(queue_id=1, interval_start_utc=T0, offered=40, handled=38, abandoned=2, aht_s=210.5))
    session.add(m.Forecast(queue_id=1, interval_start_utc=T0, volume=41.2, aht_s=205, method="dshw", created_utc=T0))
    session.add(m.Requirement(queue_id=1, interval_start_utc=T0, required_net=9, required_gross=13,
                              marginal_values=[0.0, 1.5, 7.25, 3.0]))
    plan = m.Plan(id=1, version=1, start_day=date(2026, 10, 26), created_utc=T0,
                  statistics={"gap": 0.004, "queues": {"DE Voice": 0.83}})
    session.add(plan)
    session.flush()
    session.add(m.PlanShift(id=1, plan_id=1, agent_id=1, day=date(2026, 10, 26), start_utc=T0, end_utc=T0 + timedelta(hours=8)))
    session.flush()
    session.add(m.PlanBreak(shift_id=1, start_utc=T0 + timedelta(hours=4), end_utc=T0 + timedelta(hours=4, minutes=30)))
    session.add(m.PlanActivity(plan_id=1, activity_id=1, agent_id=1, start_utc=T0, end_utc=T0 + timedelta(hours=2)))
    session.add(m.PlanAssignment(plan_id=1, agent_id=1, queue_id=1, start_utc=T0 + timedelta(hours=2), end_utc=T0 + timedelta(hours=4)))


def test_a_whole_centre_round_trips(db_url):
    engine = open_database(db_url)
    with session_scope(engine) as session:
        _centre(session)
    with session_scope(engine) as session:
        assert session.get(m.ShiftRule, 1).allowed_lengths_min == [360, 480, 570]
        assert session.get(m.Requirement, 1).marginal_values == [0.0, 1.5, 7.25, 3.0]
        assert session.get(m.Plan, 1).statistics["queues"]["DE Voice"] == 0.83
        assert session.get(m.Agent, 2).name == "João Noël"
        assert session.get(m.SpecialDay, 1).day == date(2026, 12, 25)
        assert session.exec(select(m.History)).one().interval_start_utc == T0
        skills = session.exec(select(m.AgentSkill).where(m.AgentSkill.agent_id == 1)).all()
        assert sorted((s.queue_id, s.priority) for s in skills) == [(1, 1), (2, 2)]


def test_history_is_unique_per_queue_and_interval(db_url):
    engine = open_database(db_url)
    with session_scope(engine) as session:
        _centre(session)
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(m.History(queue_id=1, interval_start_utc=T0, offered=1, handled=1, aht_s=1))


def test_foreign_keys_are_enforced(db_url):
    engine = open_database(db_url)
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(m.Team(name="orphan", site_id=99))
