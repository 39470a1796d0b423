"""A tiny stored centre for planning tests: one site, a voice queue, an outbound campaign, a few agents."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from scheduler.storage import models as m
from scheduler.storage.database import open_database, session_scope
from scheduler.timegrid import local_instant_utc, planning_grid

MONDAY = date(2026, 11, 30)


def build_centre(url: str, agents: int = 4, open_from: int = 8 * 60, open_to: int = 20 * 60):
    engine = open_database(url)
    grid = planning_grid(["Europe/Berlin"], MONDAY, 7)
    with session_scope(engine) as s:
        s.add(m.Site(id=1, name="Münster", time_zone="Europe/Berlin"))
        s.flush()
        for wd in range(6):
            s.add(m.OpeningHours(site_id=1, weekday=wd, opens_min=open_from, closes_min=open_to))
        s.add(m.Queue(id=1, name="DE Voice", channel="voice", sl_target_pct=80, sl_target_s=20, shrinkage=0.0))
        s.add(m.Queue(id=2, name="Survey", channel="outbound", outbound_week_min=120))
        s.add(m.Contract(id=1, name="full", min_week_min=0, max_week_min=40 * 60, max_day_min=600,
                         max_days_per_week=5))
        s.add(m.ShiftRule(id=1, name="day", earliest_start_min=8 * 60, latest_start_min=12 * 60, start_step_min=60,
                          allowed_lengths_min=[360, 480], short_break_min=0))
        s.add(m.Team(id=1, name="Ems", site_id=1))
        s.flush()
        for i in range(agents):
            s.add(m.Agent(id=i + 1, code=f"MS-{i + 1:03d}", name=f"Agent {i + 1}", site_id=1, team_id=1,
                          contract_id=1, shift_rule_id=1))
        s.flush()
        for i in range(agents):
            s.add(m.AgentSkill(agent_id=i + 1, queue_id=1, priority=1))
            s.add(m.AgentSkill(agent_id=i + 1, queue_id=2, priority=2))
        s.add(m.Preference(agent_id=1, kind="day_off", weekday=2, weight=5))
        s.add(m.AvailabilityException(agent_id=2, kind="vacation",
                                      start_utc=local_instant_utc("Europe/Berlin", MONDAY, 0),
                                      end_utc=local_instant_utc("Europe/Berlin", MONDAY + timedelta(days=2), 0)))
        s.add(m.Activity(id=1, name="Coaching", kind="coaching", duration_min=60, team_id=1,
                         window_start_utc=local_instant_utc("Europe/Berlin", MONDAY + timedelta(days=1), 9 * 60),
                         window_end_utc=local_instant_utc("Europe/Berlin", MONDAY + timedelta(days=1), 17 * 60)))
        now = datetime(2026, 11, 1, tzinfo=timezone.utc)
        for t in range(grid.n_intervals):
            start = grid.instant(t)
            local_hour = (start + timedelta(hours=1)).hour
            busy = 9 <= local_hour < 18 and start.weekday() < 5
            volume = 20.0 if busy else 0.0
            s.add(m.Forecast(queue_id=1, interval_start_utc=start, volume=volume, aht_s=180, method="test",
                             created_utc=now))
            s.add(m.Requirement(queue_id=1, interval_start_utc=start, required_net=2 if busy else 0,
                                required_gross=2 if busy else 0,
                                marginal_values=[12.0, 6.0, 1.0] if busy else []))
    return engine
