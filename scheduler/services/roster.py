"""The roster view of a plan: per agent the shifts, breaks, activities and queue spans of one day or
one week, as minute offsets from the view start, plus the agents on a queue per interval."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from scheduler.services.errors import ServiceError
from scheduler.services.time_zones import default_zone, local_midnight_utc
from scheduler.storage.models import (
    Activity, Agent, Plan, PlanActivity, PlanAssignment, PlanBreak, PlanShift, Queue,
)


class SegmentKind(StrEnum):
    SHIFT = "shift"
    QUEUE = "queue"
    BREAK = "break"
    ACTIVITY = "activity"


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    start_min: int  # from the view start
    end_min: int
    label: str = ""
    shift_id: int | None = None
    locked: bool = False
    queue_id: int | None = None


@dataclass(frozen=True)
class RosterRow:
    agent_id: int
    code: str
    name: str
    segments: tuple[Segment, ...]

    def shift_at(self, minute: int) -> Segment | None:
        """The shift covering `minute`, else the nearest shift after it, else the last one."""
        shifts = [s for s in self.segments if s.kind is SegmentKind.SHIFT]
        for seg in shifts:
            if seg.start_min <= minute < seg.end_min:
                return seg
        later = [s for s in shifts if s.start_min >= minute]
        return later[0] if later else (shifts[-1] if shifts else None)


@dataclass(frozen=True)
class Roster:
    plan_id: int
    plan_label: str
    status: str
    view_start_utc: datetime
    span_min: int
    slot_min: int
    week: bool
    time_zone: str
    first_day: date
    rows: tuple[RosterRow, ...]
    coverage: tuple[int, ...]  # agents on any queue per slot
    queue_names: dict[int, str]


def _minutes(instant: datetime, origin: datetime) -> int:
    return int((instant - origin).total_seconds() // 60)


def load_roster(plan_id: int, day: date | None = None, *, engine: Engine, week: bool = False,
                slot_min: int = 15) -> Roster:
    """One local day (or the 7 days from `day`) of the plan; `day` defaults to the plan's first day."""
    with Session(engine) as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise ServiceError(f"plan {plan_id} does not exist")
        tz: ZoneInfo = default_zone(session=session)
        first = day or plan.start_day
        start = local_midnight_utc(first, tz)
        end = local_midnight_utc(first + timedelta(days=7 if week else 1), tz)
        span_min = _minutes(end, start)
        segments: dict[int, list[Segment]] = defaultdict(list)
        for shift_id, agent_id, s_start, s_end, locked in session.exec(select(
            PlanShift.id, PlanShift.agent_id, PlanShift.start_utc, PlanShift.end_utc, PlanShift.locked,
        ).where(PlanShift.plan_id == plan_id, PlanShift.end_utc > start, PlanShift.start_utc < end)).all():
            segments[agent_id].append(Segment(SegmentKind.SHIFT, _minutes(s_start, start), _minutes(s_end, start),
                                              shift_id=shift_id, locked=locked))
        queue_names = dict(session.exec(select(Queue.id, Queue.name)).all())
        slots = span_min // slot_min + (1 if span_min % slot_min else 0)
        change = [0] * (slots + 1)  # +1 where a span starts, -1 where it ends: one pass, not one per slot
        for agent_id, queue_id, a_start, a_end in session.exec(select(
            PlanAssignment.agent_id, PlanAssignment.queue_id, PlanAssignment.start_utc, PlanAssignment.end_utc,
        ).where(PlanAssignment.plan_id == plan_id, PlanAssignment.end_utc > start,
                PlanAssignment.start_utc < end)).all():
            lo, hi = max(0, _minutes(a_start, start)), min(span_min, _minutes(a_end, start))
            segments[agent_id].append(Segment(SegmentKind.QUEUE, lo, hi, queue_names.get(queue_id, "?"),
                                              queue_id=queue_id))
            if hi > lo:
                change[lo // slot_min] += 1
                change[(hi + slot_min - 1) // slot_min] -= 1
        for agent_id, b_start, b_end in session.exec(select(
            PlanShift.agent_id, PlanBreak.start_utc, PlanBreak.end_utc,
        ).join(PlanShift, PlanBreak.shift_id == PlanShift.id).where(
            PlanShift.plan_id == plan_id, PlanBreak.end_utc > start, PlanBreak.start_utc < end)).all():
            segments[agent_id].append(Segment(SegmentKind.BREAK, _minutes(b_start, start),
                                              _minutes(b_end, start), "break"))
        for agent_id, name, a_start, a_end in session.exec(select(
            PlanActivity.agent_id, Activity.name, PlanActivity.start_utc, PlanActivity.end_utc,
        ).join(Activity, PlanActivity.activity_id == Activity.id).where(
            PlanActivity.plan_id == plan_id, PlanActivity.end_utc > start, PlanActivity.start_utc < end)).all():
            segments[agent_id].append(Segment(SegmentKind.ACTIVITY, _minutes(a_start, start),
                                              _minutes(a_end, start), name))
        coverage, running = [], 0
        for step in change[:slots]:
            running += step
            coverage.append(running)
        order = {SegmentKind.SHIFT: 0, SegmentKind.QUEUE: 1, SegmentKind.ACTIVITY: 2, SegmentKind.BREAK: 3}
        rows = tuple(
            RosterRow(agent_id, code, name,
                      tuple(sorted(segments.get(agent_id, ()), key=lambda s: (order[s.kind], s.start_min))))
            for agent_id, code, name, active in session.exec(
                select(Agent.id, Agent.code, Agent.name, Agent.active).order_by(Agent.code)).all()
            if active or agent_id in segments
        )
        label = f"#{plan.id} v{plan.version} {plan.status}"
        return Roster(plan.id, label, plan.status, start, span_min, slot_min, week, tz.key, first, rows,
                      tuple(coverage), queue_names)
