"""A small, deterministic contact centre built with the models, for service, TUI tests and the bench."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from scheduler.storage.database import open_database, session_scope
from scheduler.storage.models import (
    Activity, Agent, AgentSkill, Contract, Forecast, Plan, PlanActivity, PlanAssignment, PlanBreak, PlanShift,
    Queue, Requirement, ShiftRule, Site, Team,
)

MONDAY = date(2026, 3, 2)
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Centre:
    engine: Engine
    agent_ids: tuple[int, ...]
    queue_ids: tuple[int, ...]
    plan_id: int | None
    site_id: int
    team_id: int
    contract_id: int
    shift_rule_id: int


def local(day: date, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=BERLIN).astimezone(timezone.utc) + timedelta(minutes=minute)


def build_centre(path: Path, *, agents: int = 6, with_plan: bool = True, with_demand: bool = True,
                 days: int = 5) -> Centre:
    engine = open_database("sqlite:///" + str(path))
    with session_scope(engine) as s:
        site = Site(name="Berlin", time_zone="Europe/Berlin")
        s.add(site)
        s.flush()
        team = Team(name="Team A", site_id=site.id)
        full = Contract(name="Full time", max_week_min=2400, min_week_min=2100)
        rule = ShiftRule(name="Day", earliest_start_min=360, latest_start_min=720, allowed_lengths_min=[480, 510])
        sales = Queue(name="Sales", channel="voice", site_id=site.id, sl_target_pct=80, sl_target_s=20)
        support = Queue(name="Support", channel="voice", site_id=site.id, sl_target_pct=80, sl_target_s=20)
        s.add_all([team, full, rule, sales, support])
        s.flush()
        rows = [Agent(code=f"BE-{i:04d}", name=f"Agent {i:04d}", site_id=site.id, team_id=team.id,
                      contract_id=full.id, shift_rule_id=rule.id) for i in range(1, agents + 1)]
        s.add_all(rows)
        s.flush()
        for i, agent in enumerate(rows):
            s.add(AgentSkill(agent_id=agent.id, queue_id=(sales if i % 2 == 0 else support).id, priority=1))
            if i % 3 == 0:
                s.add(AgentSkill(agent_id=agent.id, queue_id=(support if i % 2 == 0 else sales).id, priority=2))
        if with_demand:
            created = datetime(2026, 2, 20, tzinfo=timezone.utc)
            for queue in (sales, support):
                for slot in range(8 * 4, 18 * 4):
                    instant = local(MONDAY, slot * 15)
                    volume = 20.0 + (slot % 8)
                    s.add(Forecast(queue_id=queue.id, interval_start_utc=instant, volume=volume, aht_s=180.0,
                                   method="test", created_utc=created))
                    s.add(Requirement(queue_id=queue.id, interval_start_utc=instant, required_net=6,
                                      required_gross=8, marginal_values=[]))
        plan_id = None
        if with_plan:
            plan = Plan(version=1, start_day=MONDAY, created_utc=datetime(2026, 2, 25, tzinfo=timezone.utc),
                        solver_status="FEASIBLE")
            training = Activity(name="Training", kind="training", duration_min=60,
                                window_start_utc=local(MONDAY, 600), window_end_utc=local(MONDAY, 900))
            s.add_all([plan, training])
            s.flush()
            plan_id = plan.id
            shifts = []
            for i, agent in enumerate(rows):
                for d in range(days):
                    day = MONDAY + timedelta(days=d)
                    start_min = 8 * 60 + (i % 4) * 60
                    shifts.append(PlanShift(plan_id=plan.id, agent_id=agent.id, day=day,
                                            start_utc=local(day, start_min), end_utc=local(day, start_min + 480)))
            s.add_all(shifts)
            s.flush()
            extra = []
            for n, shift in enumerate(shifts):
                agent_index = n // days
                queue = sales if agent_index % 2 == 0 else support
                mid = shift.start_utc + timedelta(minutes=240)
                extra.append(PlanBreak(shift_id=shift.id, start_utc=mid, end_utc=mid + timedelta(minutes=30)))
                extra.append(PlanAssignment(plan_id=plan.id, agent_id=shift.agent_id, queue_id=queue.id,
                                            start_utc=shift.start_utc, end_utc=mid))
                extra.append(PlanAssignment(plan_id=plan.id, agent_id=shift.agent_id, queue_id=queue.id,
                                            start_utc=mid + timedelta(minutes=30), end_utc=shift.end_utc))
            first = shifts[0]
            extra.append(PlanActivity(plan_id=plan.id, activity_id=training.id, agent_id=first.agent_id,
                                      start_utc=first.end_utc - timedelta(minutes=60), end_utc=first.end_utc))
            s.add_all(extra)
        return Centre(engine, tuple(a.id for a in rows), (sales.id, support.id), plan_id, site.id, team.id,
                      full.id, rule.id)


def copy_centre(template: Path, centre: Centre, target: Path) -> Centre:
    """A private copy of a built centre file: building and migrating once per session keeps tests fast."""
    shutil.copy(template, target)
    return replace(centre, engine=open_database("sqlite:///" + str(target)))
