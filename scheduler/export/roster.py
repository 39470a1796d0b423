"""A plan's per-agent roster read from storage into frozen dataclasses, so no view touches the ORM.

Everything stays in UTC instants here; the views convert to the site's local time at the edge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, func, select

from scheduler.export.errors import ExportError
from scheduler.storage.models import (
    Activity,
    Agent,
    Plan,
    PlanActivity,
    PlanAssignment,
    PlanBreak,
    PlanShift,
    PlanStatus,
    Queue,
    Site,
)


def _minutes(start_utc: datetime, end_utc: datetime) -> int:
    return round((end_utc - start_utc).total_seconds() / 60)


def _overlap_min(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> int:
    return max(0, _minutes(max(a_start, b_start), min(a_end, b_end)))


@dataclass(frozen=True)
class PlanInfo:
    id: int
    version: int
    name: str
    status: str
    start_day: date
    weeks: int
    created_utc: datetime
    published_utc: datetime | None

    @property
    def end_day(self) -> date:
        """The first site-local day after the plan."""
        return self.start_day + timedelta(days=7 * self.weeks)

    @property
    def stamp_utc(self) -> datetime:
        """When this version became what agents see: its publication, or its creation for a draft."""
        return self.published_utc or self.created_utc

    def covers(self, day: date) -> bool:
        return self.start_day <= day < self.end_day


@dataclass(frozen=True)
class AgentInfo:
    id: int
    code: str
    name: str
    email: str | None
    site_name: str
    time_zone: str


@dataclass(frozen=True)
class BreakSpan:
    start_utc: datetime
    end_utc: datetime
    paid: bool

    @property
    def minutes(self) -> int:
        return _minutes(self.start_utc, self.end_utc)


@dataclass(frozen=True)
class ActivitySpan:
    activity_id: int
    name: str
    kind: str
    start_utc: datetime
    end_utc: datetime

    @property
    def minutes(self) -> int:
        return _minutes(self.start_utc, self.end_utc)


@dataclass(frozen=True)
class QueueSpan:
    """One unbroken stretch on one queue, already clipped to its shift."""

    queue_id: int
    queue_name: str
    start_utc: datetime
    end_utc: datetime

    @property
    def minutes(self) -> int:
        return _minutes(self.start_utc, self.end_utc)


@dataclass(frozen=True)
class QueueShare:
    queue_name: str
    minutes: int


@dataclass(frozen=True)
class RosterShift:
    id: int
    day: date
    start_utc: datetime
    end_utc: datetime
    locked: bool
    breaks: tuple[BreakSpan, ...]
    activities: tuple[ActivitySpan, ...]
    queue_spans: tuple[QueueSpan, ...]

    @property
    def shift_min(self) -> int:
        """Elapsed minutes, so a night shift over a DST change counts the hours really worked."""
        return _minutes(self.start_utc, self.end_utc)

    @property
    def break_min(self) -> int:
        return sum(b.minutes for b in self.breaks)

    @property
    def unpaid_break_min(self) -> int:
        return sum(b.minutes for b in self.breaks if not b.paid)

    @property
    def paid_min(self) -> int:
        return self.shift_min - self.unpaid_break_min

    @property
    def activity_min(self) -> int:
        return sum(
            _overlap_min(a.start_utc, a.end_utc, self.start_utc, self.end_utc) for a in self.activities
        )

    def queue_shares(self) -> tuple[QueueShare, ...]:
        """Minutes per queue, largest first (ties by name, so the order is deterministic)."""
        totals: dict[str, int] = defaultdict(int)
        for span in self.queue_spans:
            totals[span.queue_name] += span.minutes
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        return tuple(QueueShare(name, minutes) for name, minutes in ranked if minutes > 0)


@dataclass(frozen=True)
class AgentRoster:
    agent: AgentInfo
    shifts: tuple[RosterShift, ...]
    loose_activities: tuple[ActivitySpan, ...] = ()
    """Activities that overlap none of the agent's shifts (kept, never silently dropped)."""


@dataclass(frozen=True)
class PlanRoster:
    plan: PlanInfo
    agents: tuple[AgentRoster, ...]

    def for_agent(self, agent_id: int) -> AgentRoster | None:
        return next((roster for roster in self.agents if roster.agent.id == agent_id), None)


def plan_info(plan: Plan) -> PlanInfo:
    return PlanInfo(
        id=plan.id, version=plan.version, name=plan.name, status=plan.status, start_day=plan.start_day,
        weeks=plan.weeks, created_utc=plan.created_utc, published_utc=plan.published_utc,
    )


def find_plan(session: Session, *, plan_id: int | None) -> PlanInfo:
    """The plan with this id, or the newest published plan when no id is given."""
    if plan_id is not None:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise ExportError(f"no plan with id {plan_id}")
        return plan_info(plan)
    newest = session.exec(
        select(Plan)
        .where(Plan.status == PlanStatus.PUBLISHED)
        .order_by(col(Plan.published_utc).desc().nulls_last(), col(Plan.id).desc())
    ).first()
    if newest is None:
        raise ExportError("no published plan: publish a plan first or choose one with --plan ID")
    return plan_info(newest)


def find_agent(session: Session, ident: str) -> AgentInfo:
    """An agent by code (exact), numeric id or e-mail (case-insensitive), in that order."""
    text = ident.strip()
    agent = session.exec(select(Agent).where(Agent.code == text)).first()
    if agent is None and text.isdigit():
        agent = session.get(Agent, int(text))
    if agent is None and "@" in text:
        matches = session.exec(select(Agent).where(func.lower(Agent.email) == text.lower())).all()
        if len(matches) > 1:
            codes = ", ".join(sorted(a.code for a in matches))
            raise ExportError(f"e-mail {ident!r} belongs to several agents ({codes}): use the agent code")
        agent = matches[0] if matches else None
    if agent is None:
        raise ExportError(f"unknown agent {ident!r}: no agent has this code, id or e-mail")
    return _agent_infos(session, [agent.id])[agent.id]


def _agent_infos(session: Session, agent_ids: Iterable[int]) -> dict[int, AgentInfo]:
    ids = sorted(set(agent_ids))
    if not ids:
        return {}
    rows = session.exec(select(Agent, Site).join(Site, Agent.site_id == Site.id).where(col(Agent.id).in_(ids)))
    infos = {}
    for agent, site in rows:
        _check_zone(site)
        infos[agent.id] = AgentInfo(agent.id, agent.code, agent.name, agent.email, site.name, site.time_zone)
    return infos


def _check_zone(site: Site) -> None:
    """Every view converts to the site's zone; a bad zone is one clear error here, not a traceback there."""
    try:
        ZoneInfo(site.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ExportError(f"site {site.name!r} has an unknown time zone {site.time_zone!r}") from None


def earlier_published(session: Session, plan: PlanInfo) -> list[PlanInfo]:
    """Published versions before this plan that share at least one day with it, oldest first.

    A draft is the prospective next version, so every published plan counts as earlier than it.
    """
    candidates = session.exec(
        select(Plan).where(Plan.status == PlanStatus.PUBLISHED, Plan.id != plan.id)
    ).all()
    infos = [plan_info(p) for p in candidates]
    earlier = [
        p for p in infos
        if p.start_day < plan.end_day and plan.start_day < p.end_day
        and (plan.published_utc is None or (p.stamp_utc, p.id) < (plan.stamp_utc, plan.id))
    ]
    return sorted(earlier, key=lambda p: (p.stamp_utc, p.id))


def load_roster(session: Session, plan: PlanInfo, agent_ids: Collection[int] | None = None) -> PlanRoster:
    """Every agent's shifts with breaks, activities and queue spans; `agent_ids` limits (and fixes) the agents."""

    def of_plan(statement, model):
        statement = statement.where(model.plan_id == plan.id)
        return statement if agent_ids is None else statement.where(col(model.agent_id).in_(list(agent_ids)))

    shifts = session.exec(
        of_plan(select(PlanShift), PlanShift).order_by(PlanShift.agent_id, PlanShift.start_utc, PlanShift.id)
    ).all()
    breaks_by_shift: dict[int, list[BreakSpan]] = defaultdict(list)
    for brk in session.exec(
        of_plan(select(PlanBreak).join(PlanShift, PlanBreak.shift_id == PlanShift.id), PlanShift)
        .order_by(PlanBreak.start_utc, PlanBreak.id)
    ):
        breaks_by_shift[brk.shift_id].append(BreakSpan(brk.start_utc, brk.end_utc, brk.paid))
    activities_by_agent: dict[int, list[ActivitySpan]] = defaultdict(list)
    for row, activity in session.exec(
        of_plan(select(PlanActivity, Activity).join(Activity, PlanActivity.activity_id == Activity.id),
                PlanActivity).order_by(PlanActivity.start_utc, PlanActivity.id)
    ):
        activities_by_agent[row.agent_id].append(
            ActivitySpan(activity.id, activity.name, activity.kind, row.start_utc, row.end_utc)
        )
    spans_by_agent: dict[int, list[tuple[PlanAssignment, Queue]]] = defaultdict(list)
    for row, queue in session.exec(
        of_plan(select(PlanAssignment, Queue).join(Queue, PlanAssignment.queue_id == Queue.id),
                PlanAssignment).order_by(PlanAssignment.start_utc, PlanAssignment.id)
    ):
        spans_by_agent[row.agent_id].append((row, queue))

    ids = set(agent_ids) if agent_ids is not None else {s.agent_id for s in shifts} | set(activities_by_agent)
    infos = _agent_infos(session, ids)
    shifts_by_agent: dict[int, list[PlanShift]] = defaultdict(list)
    for shift in shifts:
        shifts_by_agent[shift.agent_id].append(shift)

    rosters = []
    for agent_id in sorted(infos, key=lambda i: (infos[i].code, i)):
        agent_shifts = shifts_by_agent.get(agent_id, [])
        owned: dict[int, list[ActivitySpan]] = defaultdict(list)
        loose: list[ActivitySpan] = []
        for activity in activities_by_agent.get(agent_id, []):
            best = max(
                agent_shifts,
                key=lambda s: _overlap_min(activity.start_utc, activity.end_utc, s.start_utc, s.end_utc),
                default=None,
            )
            if best is None or _overlap_min(activity.start_utc, activity.end_utc, best.start_utc, best.end_utc) == 0:
                loose.append(activity)
            else:
                owned[best.id].append(activity)
        roster_shifts = []
        for shift in agent_shifts:
            spans = tuple(
                QueueSpan(queue.id, queue.name, max(row.start_utc, shift.start_utc), min(row.end_utc, shift.end_utc))
                for row, queue in spans_by_agent.get(agent_id, [])
                if row.start_utc < shift.end_utc and shift.start_utc < row.end_utc
            )
            roster_shifts.append(RosterShift(
                id=shift.id, day=shift.day, start_utc=shift.start_utc, end_utc=shift.end_utc, locked=shift.locked,
                breaks=tuple(breaks_by_shift.get(shift.id, [])), activities=tuple(owned.get(shift.id, [])),
                queue_spans=spans,
            ))
        rosters.append(AgentRoster(infos[agent_id], tuple(roster_shifts), tuple(loose)))
    return PlanRoster(plan, tuple(rosters))


__all__ = [
    "ActivitySpan", "AgentInfo", "AgentRoster", "BreakSpan", "PlanInfo", "PlanRoster", "QueueShare", "QueueSpan",
    "RosterShift", "earlier_published", "find_agent", "find_plan", "load_roster",
]
