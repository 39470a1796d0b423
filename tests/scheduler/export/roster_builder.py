"""A tiny contact centre and plans written straight into storage, the way the solver will write them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from scheduler.storage.database import open_database, session_scope
from scheduler.storage.models import (
    Activity,
    Agent,
    Contract,
    Plan,
    PlanActivity,
    PlanAssignment,
    PlanBreak,
    PlanShift,
    Queue,
    ShiftRule,
    Site,
)

BERLIN = "Europe/Berlin"
UTC = timezone.utc


@dataclass(frozen=True)
class ShiftSpec:
    """A shift in site-local wall-clock terms; offsets are minutes of elapsed time from the shift start."""

    agent: str
    day: date
    start: str
    length_min: int
    queues: tuple[tuple[str, int, int], ...] = ()
    breaks: tuple[tuple[int, int, bool], ...] = ()
    activities: tuple[tuple[str, int, int], ...] = ()


@dataclass
class Centre:
    engine: Engine
    agents: dict[str, int] = field(default_factory=dict)
    queues: dict[str, int] = field(default_factory=dict)
    activities: dict[str, int] = field(default_factory=dict)


def local_utc(day: date, clock: str, zone: str = BERLIN) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def make_centre(tmp_path: Path, agents: list[tuple[str, str, str | None]], site_name: str = "Berlin, Mitte") -> Centre:
    """`agents` as (code, name, email); two queues, one training, all at one Berlin site."""
    engine = open_database(f"sqlite:///{tmp_path / 'centre.sqlite'}")
    centre = Centre(engine)
    with session_scope(engine) as session:
        site = Site(name=site_name, time_zone=BERLIN)
        contract = Contract(name="full time", max_week_min=2400)
        rule = ShiftRule(name="any", allowed_lengths_min=[480])
        session.add_all([site, contract, rule])
        session.flush()
        for code, name, email in agents:
            agent = Agent(code=code, name=name, email=email, site_id=site.id, contract_id=contract.id,
                          shift_rule_id=rule.id)
            session.add(agent)
            session.flush()
            centre.agents[code] = agent.id
        for name, channel in (("DE Voice", "voice"), ("DE Chat; Social, Web", "chat")):
            queue = Queue(name=name, channel=channel, site_id=site.id)
            session.add(queue)
            session.flush()
            centre.queues[name] = queue.id
        training = Activity(name="Tarife 2026, Teil 1", kind="training", duration_min=60,
                            window_start_utc=datetime(2026, 1, 1, tzinfo=UTC),
                            window_end_utc=datetime(2027, 1, 1, tzinfo=UTC))
        session.add(training)
        session.flush()
        centre.activities["training"] = training.id
    return centre


def add_plan(
    centre: Centre, *, version: int, start_day: date, shifts: list[ShiftSpec], published_utc: datetime | None,
    weeks: int = 1,
) -> int:
    """A plan version with its shifts, breaks, queue spans and activities; published when given a time."""
    with session_scope(centre.engine) as session:
        plan = Plan(
            version=version, start_day=start_day, weeks=weeks,
            status="published" if published_utc else "draft",
            created_utc=(published_utc or datetime(2026, 3, 1, tzinfo=UTC)) - timedelta(hours=1),
            published_utc=published_utc,
        )
        session.add(plan)
        session.flush()
        for spec in shifts:
            start = local_utc(spec.day, spec.start)
            agent_id = centre.agents[spec.agent]
            shift = PlanShift(plan_id=plan.id, agent_id=agent_id, day=spec.day, start_utc=start,
                              end_utc=start + timedelta(minutes=spec.length_min))
            session.add(shift)
            session.flush()
            for offset, length, paid in spec.breaks:
                session.add(PlanBreak(shift_id=shift.id, start_utc=start + timedelta(minutes=offset),
                                      end_utc=start + timedelta(minutes=offset + length), paid=paid))
            for queue, offset, length in spec.queues:
                session.add(PlanAssignment(plan_id=plan.id, agent_id=agent_id, queue_id=centre.queues[queue],
                                           start_utc=start + timedelta(minutes=offset),
                                           end_utc=start + timedelta(minutes=offset + length)))
            for activity, offset, length in spec.activities:
                session.add(PlanActivity(plan_id=plan.id, activity_id=centre.activities[activity], agent_id=agent_id,
                                         start_utc=start + timedelta(minutes=offset),
                                         end_utc=start + timedelta(minutes=offset + length)))
        return plan.id
