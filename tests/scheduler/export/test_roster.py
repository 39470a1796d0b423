"""Reading a plan's roster: agents by code, id or e-mail; minutes that payroll can trust; nothing dropped."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from scheduler.export.errors import ExportError
from scheduler.export.roster import find_agent, find_plan, load_roster
from scheduler.storage.database import session_scope
from scheduler.storage.models import Site
from tests.scheduler.export.roster_builder import (
    CHAT,
    FIRST_PUBLISHED,
    SATURDAY,
    VOICE,
    WEEK_START,
    ShiftSpec,
    add_plan,
    dst_week,
    make_centre,
)


@pytest.fixture
def week(tmp_path):
    return dst_week(tmp_path)


@pytest.mark.parametrize("ident", ["MS-002", "ANA.LOZANOVA@example.com", " ana.lozanova@example.com "])
def test_an_agent_is_found_by_code_or_email(week, ident):
    with session_scope(week.centre.engine) as session:
        assert find_agent(session, ident).code == "MS-002"


def test_an_agent_is_found_by_numeric_id(week):
    agent_id = week.centre.agents["MS-003"]
    with session_scope(week.centre.engine) as session:
        agent = find_agent(session, str(agent_id))
    assert (agent.code, agent.name, agent.site_name, agent.time_zone) == (
        "MS-003", "Matthias Eilhard", "Berlin, Mitte", "Europe/Berlin")


def test_an_unknown_agent_is_a_clear_error(week):
    with session_scope(week.centre.engine) as session, pytest.raises(ExportError, match="unknown agent 'MS-999'"):
        find_agent(session, "MS-999")


def test_without_an_id_the_newest_published_plan_is_chosen(week):
    with session_scope(week.centre.engine) as session:
        assert find_plan(session, plan_id=None).id == week.second_plan_id


def test_minutes_of_a_night_shift_over_the_dst_change(week):
    with session_scope(week.centre.engine) as session:
        roster = load_roster(session, find_plan(session, plan_id=week.first_plan_id))
    night = next(s for s in roster.for_agent(week.centre.agents["MS-001"]).shifts if s.day == SATURDAY)
    assert (night.shift_min, night.break_min, night.unpaid_break_min, night.paid_min) == (480, 30, 30, 450)
    assert [(q.queue_name, q.minutes) for q in night.queue_shares()] == [(VOICE, 240), (CHAT, 210)]


def test_paid_breaks_count_as_paid_time_and_activities_attach_to_their_shift(week):
    with session_scope(week.centre.engine) as session:
        roster = load_roster(session, find_plan(session, plan_id=week.first_plan_id))
    [night, _] = roster.for_agent(week.centre.agents["MS-003"]).shifts
    assert (night.break_min, night.paid_min) == (30, 480)
    sunday = roster.for_agent(week.centre.agents["MS-002"]).shifts[-1]
    assert sunday.activity_min == 60 and sunday.activities[0].name == "Tarife 2026, Teil 1"


def test_queue_spans_are_clipped_to_their_shift_and_loose_activities_are_kept(tmp_path):
    centre = make_centre(tmp_path, [("MS-001", "Zoë", None)])
    plan = add_plan(centre, version=1, start_day=WEEK_START, published_utc=FIRST_PUBLISHED, shifts=[
        ShiftSpec("MS-001", WEEK_START, "08:00", 240, queues=((VOICE, -60, 600),)),
        ShiftSpec("MS-001", date(2026, 3, 25), "08:00", 240, activities=(("training", 600, 60),)),
    ])
    with session_scope(centre.engine) as session:
        [agent] = load_roster(session, find_plan(session, plan_id=plan)).agents
    assert [q.minutes for q in agent.shifts[0].queue_spans] == [240]
    assert [q.minutes for q in agent.shifts[1].queue_spans] == []
    assert [a.minutes for a in agent.loose_activities] == [60] and agent.shifts[1].activities == ()


def test_a_site_with_an_unknown_time_zone_is_a_clear_error(tmp_path):
    centre = make_centre(tmp_path, [("MS-001", "Zoë", None)])
    plan = add_plan(centre, version=1, start_day=WEEK_START, published_utc=FIRST_PUBLISHED,
                    shifts=[ShiftSpec("MS-001", WEEK_START, "08:00", 480)])
    with session_scope(centre.engine) as session:
        session.exec(select(Site)).one().time_zone = "Europe/Atlantis"
    with session_scope(centre.engine) as session, pytest.raises(ExportError, match="unknown time zone 'Europe/At"):
        load_roster(session, find_plan(session, plan_id=plan))
