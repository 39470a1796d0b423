from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from tests.scheduler.io.conftest import AGENTS_CSV, CENTRE_TOML, write
from sqlmodel import Session, select

from scheduler.io.centre import load_centre, read_centre_folder
from scheduler.io.errors import InputErrors
from scheduler.storage.database import session_scope
from scheduler.storage.models import Activity, ActivityParticipant, OpeningHours, Queue, ShiftRule, Site, SpecialDay

ACTIVITIES = """
[[special_day]]
site = "Münster"
day = 2026-12-24
kind = "holiday"
name = "Heiligabend"
factor = 0.2

[[activity]]
name = "Product training"
kind = "training"
duration_min = 120
window_start = 2026-03-24T09:00:00
window_end = 2026-03-26T17:00:00
site = "Münster"
participants = ["MS-001", "MS-002"]

[[activity]]
name = "Coaching"
kind = "coaching"
duration_min = 30
window_start = 2026-03-24T10:00:00+01:00
window_end = 2026-03-24T16:00:00+01:00
team = "Lisbon Team 1"
recurs_weekly = true
"""


def test_centre_folder_loads_everything(engine, centre_folder: Path):
    write(centre_folder / "centre.toml", CENTRE_TOML + ACTIVITIES)
    write(centre_folder / "skills.csv", "agent,queue,priority\nMS-001,German voice,1\nLX-001,Chat,1\n")
    with session_scope(engine) as session:
        summary = load_centre(session, read_centre_folder(centre_folder))
    assert summary.plan_start == date(2026, 3, 23)
    assert (summary.counts.sites, summary.counts.queues, summary.counts.agents, summary.counts.skills,
            summary.counts.activities, summary.counts.special_days) == (2, 2, 3, 2, 2, 1)
    with Session(engine) as session:
        sites = {site.name: site for site in session.exec(select(Site)).all()}
        hours = session.exec(select(OpeningHours).where(OpeningHours.site_id == sites["Lisbon"].id)).all()
        assert [(h.weekday, h.opens_min, h.closes_min) for h in hours] == [(0, 480, 1260)]
        chat = session.exec(select(Queue).where(Queue.name == "Chat")).one()
        assert chat.site_id is None and chat.chat_concurrency == 2
        rule = session.exec(select(ShiftRule)).one()
        assert (rule.earliest_start_min, rule.latest_start_min, rule.allowed_lengths_min) == (360, 840, [480, 510])
        training = session.exec(select(Activity).where(Activity.name == "Product training")).one()
        # Münster local 09:00 on 24 March is CET (+1)
        assert training.window_start_utc == datetime(2026, 3, 24, 8, 0, tzinfo=timezone.utc)
        assert len(session.exec(select(ActivityParticipant).where(
            ActivityParticipant.activity_id == training.id)).all()) == 2
        coaching = session.exec(select(Activity).where(Activity.name == "Coaching")).one()
        assert coaching.team_id is not None and coaching.recurs_weekly
        assert session.exec(select(SpecialDay)).one().factor == 0.2


def test_toml_problems_name_file_entry_and_field(engine, tmp_path: Path, unchanged):
    folder = tmp_path / "bad"
    folder.mkdir()
    toml = (CENTRE_TOML.replace('time_zone = "Europe/Lisbon"', 'time_zone = "Europe/Lisboa"')
            .replace('max_week_min = 1200', 'max_week_min = "20h"')
            .replace('mean_patience_s = 120.0', 'mean_patience_s = 120.0\nsl_target_pct = 120')
            .replace('name = "Lisbon Team 1"\nsite = "Lisbon"', 'name = "Lisbon Team 1"\nsite = "Porto"'))
    write(folder / "centre.toml", toml + '\n[[shift_rule]]\nname = "late"\nearliest_start = "25:00"\n')
    write(folder / "agents.csv", AGENTS_CSV)
    check = unchanged(engine)
    with pytest.raises(InputErrors) as caught, session_scope(engine) as session:
        load_centre(session, read_centre_folder(folder))
    lines = caught.value.lines()
    assert "centre.toml: site 'Lisbon': time_zone: unknown IANA time zone 'Europe/Lisboa' (e.g. Europe/Berlin)" in lines
    assert "centre.toml: contract 'part_time_20': max_week_min: expected a whole number, got '20h'" in lines
    assert "centre.toml: queue 'German voice': sl_target_pct: must be <= 100, got 120.0" in lines
    assert "centre.toml: team 'Lisbon Team 1': site: unknown site 'Porto' (known: Münster)" in lines
    assert "centre.toml: shift_rule 'late': earliest_start: expected a time \"HH:MM\", got '25:00'" in lines
    assert "centre.toml: shift_rule 'late': allowed_lengths_min: missing required field" in lines
    # the agents that needed the broken site, contract and team are reported too, by row
    assert "agents.csv:3: contract: unknown contract 'part_time_20' (known: full_time_40, student_12)" in lines
    assert any(line.startswith("agents.csv:4: site: unknown site 'Lisbon'") for line in lines)
    check()


def test_invalid_toml_and_missing_folder(tmp_path: Path):
    folder = tmp_path / "c"
    folder.mkdir()
    write(folder / "centre.toml", "[[site]]\nname = \n")
    with pytest.raises(InputErrors) as caught:
        read_centre_folder(folder)
    assert caught.value.lines()[0].startswith("centre.toml: invalid TOML: ")
    with pytest.raises(InputErrors) as caught:
        read_centre_folder(tmp_path / "nowhere")
    assert caught.value.lines() == [f"{tmp_path / 'nowhere'}: not a folder"]
