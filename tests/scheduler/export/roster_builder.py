"""A tiny contact centre and plans written straight into storage, the way the solver will write them."""

from __future__ import annotations

import atexit
import shutil
import tempfile
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


# --- The week of the March 2026 DST change in Berlin (Sunday 29 March: 02:00 CET -> 03:00 CEST) ---------------

WEEK_START = date(2026, 3, 23)
SATURDAY, SUNDAY = date(2026, 3, 28), date(2026, 3, 29)
FIRST_PUBLISHED = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
SECOND_PUBLISHED = datetime(2026, 3, 20, 9, 30, tzinfo=UTC)
DST_AGENTS = [
    ("MS-001", "Noël, Zoë; the \"night owl\"\nsecond line", "noel@example.com"),
    ("MS-002", "Ana Lozanova", "ana.lozanova@example.com"),
    ("MS-003", "Matthias Eilhard", "matthias.eilhard@example.com"),
]
VOICE, CHAT = "DE Voice", "DE Chat; Social, Web"


def day_shift(agent: str, day: date, start: str = "08:00", length_min: int = 480) -> ShiftSpec:
    return ShiftSpec(agent, day, start, length_min, queues=((VOICE, 0, length_min),),
                     breaks=((240, 30, False),))


def first_version() -> list[ShiftSpec]:
    """Day shifts, a night shift over midnight and the DST change, a shift that starts before the change."""
    weekdays = [WEEK_START + timedelta(days=i) for i in range(5)]
    return [
        *(day_shift("MS-001", day) for day in weekdays),
        # Saturday 22:00 CET to Sunday 07:00 CEST: 8 hours really worked.
        ShiftSpec("MS-001", SATURDAY, "22:00", 480, queues=((VOICE, 0, 240), (CHAT, 270, 210)),
                  breaks=((240, 30, False),)),
        day_shift("MS-002", date(2026, 3, 25), "14:00"),
        ShiftSpec("MS-002", SUNDAY, "08:00", 480, queues=((CHAT, 0, 480),), breaks=((240, 30, False),),
                  activities=(("training", 300, 60),)),
        # Thursday 22:00 to Friday 06:00, an ordinary night.
        ShiftSpec("MS-003", date(2026, 3, 26), "22:00", 480, queues=((VOICE, 0, 480),), breaks=((240, 30, True),)),
        # Sunday 00:00 CET, 4 hours elapsed: ends 05:00 CEST.
        ShiftSpec("MS-003", SUNDAY, "00:00", 240, queues=((VOICE, 0, 240),)),
    ]


def second_version() -> list[ShiftSpec]:
    """The re-plan: Monday later, Tuesday removed, the Saturday night an hour earlier, a new Friday shift."""
    changed = []
    for spec in first_version():
        if spec.agent == "MS-001" and spec.day == WEEK_START:
            changed.append(day_shift("MS-001", WEEK_START, "10:00"))
        elif spec.agent == "MS-001" and spec.day == WEEK_START + timedelta(days=1):
            continue
        elif spec.agent == "MS-001" and spec.day == SATURDAY:
            changed.append(ShiftSpec("MS-001", SATURDAY, "21:00", 480, queues=((VOICE, 0, 480),),
                                     breaks=((240, 30, False),)))
        else:
            changed.append(spec)
    changed.append(day_shift("MS-002", date(2026, 3, 27), "09:00"))
    return changed


@dataclass(frozen=True)
class DstWeek:
    centre: Centre
    first_plan_id: int
    second_plan_id: int | None


def _build_dst_week(folder: Path, replanned: bool) -> DstWeek:
    centre = make_centre(folder, DST_AGENTS)
    first = add_plan(centre, version=1, start_day=WEEK_START, shifts=first_version(), published_utc=FIRST_PUBLISHED)
    second = None
    if replanned:
        second = add_plan(centre, version=2, start_day=WEEK_START, shifts=second_version(),
                          published_utc=SECOND_PUBLISHED)
    centre.engine.dispose()
    return DstWeek(centre, first, second)


_TEMPLATES = tempfile.TemporaryDirectory(prefix="dst-week-")
atexit.register(_TEMPLATES.cleanup)
_BUILT: dict[bool, DstWeek] = {}


def dst_week(tmp_path: Path, *, replanned: bool = True) -> DstWeek:
    """The DST week in `tmp_path/centre.sqlite`: built once per session, then copied (migrations are slow)."""
    if replanned not in _BUILT:
        folder = Path(_TEMPLATES.name) / ("replanned" if replanned else "first")
        folder.mkdir()
        _BUILT[replanned] = _build_dst_week(folder, replanned)
    template = _BUILT[replanned]
    shutil.copyfile(Path(_TEMPLATES.name) / ("replanned" if replanned else "first") / "centre.sqlite",
                    tmp_path / "centre.sqlite")
    centre = Centre(open_database(f"sqlite:///{tmp_path / 'centre.sqlite'}"), dict(template.centre.agents),
                    dict(template.centre.queues), dict(template.centre.activities))
    return DstWeek(centre, template.first_plan_id, template.second_plan_id)
