"""Plan versions: which exist, which is newest, publishing, and the draft copy that protects a
published plan from edits (nothing ever overwrites a published plan)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from scheduler.services.errors import ServiceError
from scheduler.storage.database import session_scope
from scheduler.storage.models import Plan, PlanActivity, PlanAssignment, PlanBreak, PlanShift, PlanStatus


@dataclass(frozen=True)
class PlanSummary:
    id: int
    version: int
    name: str
    status: str
    start_day: date
    weeks: int
    created_utc: datetime

    @property
    def label(self) -> str:
        return f"#{self.id} v{self.version} {self.start_day:%Y-%m-%d} ×{self.weeks}w {self.status}"


def _summary(plan: Plan) -> PlanSummary:
    return PlanSummary(plan.id, plan.version, plan.name, plan.status, plan.start_day, plan.weeks, plan.created_utc)


def list_plans(*, engine: Engine) -> list[PlanSummary]:
    with Session(engine) as session:
        return [_summary(p) for p in session.exec(select(Plan).order_by(Plan.id.desc())).all()]


def get_plan(plan_id: int, *, engine: Engine) -> PlanSummary:
    with Session(engine) as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise ServiceError(f"plan {plan_id} does not exist")
        return _summary(plan)


def latest_plan_id(*, session: Session) -> int | None:
    return session.exec(select(func.max(Plan.id))).one()


def worked_minutes_by_agent(plan_id: int, *, session: Session) -> dict[int, int]:
    """Shift minutes less unpaid breaks, per agent, over the whole plan."""
    worked: dict[int, float] = defaultdict(float)
    for agent_id, start, end in session.exec(
        select(PlanShift.agent_id, PlanShift.start_utc, PlanShift.end_utc).where(PlanShift.plan_id == plan_id)
    ).all():
        worked[agent_id] += (end - start).total_seconds() / 60
    for agent_id, start, end in session.exec(
        select(PlanShift.agent_id, PlanBreak.start_utc, PlanBreak.end_utc)
        .join(PlanShift, PlanBreak.shift_id == PlanShift.id)
        .where(PlanShift.plan_id == plan_id, PlanBreak.paid == False)  # noqa: E712 (SQL expression)
    ).all():
        worked[agent_id] -= (end - start).total_seconds() / 60
    return {agent_id: round(minutes) for agent_id, minutes in worked.items()}


def publish_plan(plan_id: int, *, engine: Engine) -> PlanSummary:
    """draft → published, once; a published plan stays as it is from then on."""
    with session_scope(engine) as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise ServiceError(f"plan {plan_id} does not exist")
        if plan.status == PlanStatus.PUBLISHED:
            raise ServiceError(f"plan #{plan_id} v{plan.version} is already published")
        plan.status = PlanStatus.PUBLISHED.value
        plan.published_utc = datetime.now(timezone.utc)
        session.add(plan)
        session.flush()
        return _summary(plan)


@dataclass(frozen=True)
class DraftCopy:
    plan_id: int
    copied: bool
    shift_ids: dict[int, int]  # old shift id → shift id in the draft (identity when not copied)


def editable_draft(plan_id: int, *, session: Session) -> DraftCopy:
    """The plan itself when it is a draft; a new draft version copied from it when it is published."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise ServiceError(f"plan {plan_id} does not exist")
    shifts = session.exec(select(PlanShift).where(PlanShift.plan_id == plan_id)).all()
    if plan.status != PlanStatus.PUBLISHED:
        return DraftCopy(plan_id, False, {s.id: s.id for s in shifts})
    version = session.exec(select(func.max(Plan.version)).where(Plan.start_day == plan.start_day)).one() or 0
    draft = Plan(
        version=version + 1, name=plan.name, status=PlanStatus.DRAFT.value, start_day=plan.start_day,
        weeks=plan.weeks, parent_id=plan.id, created_utc=datetime.now(timezone.utc),
        solver_status=plan.solver_status, objective=plan.objective, bound=plan.bound, gap=plan.gap,
        solve_time_s=plan.solve_time_s, statistics={**plan.statistics, "copied_from": plan.id},
    )
    session.add(draft)
    session.flush()
    mapping: dict[int, int] = {}
    new_shifts = {}
    for shift in shifts:
        copy = PlanShift(plan_id=draft.id, agent_id=shift.agent_id, day=shift.day, start_utc=shift.start_utc,
                         end_utc=shift.end_utc, locked=shift.locked)
        session.add(copy)
        new_shifts[shift.id] = copy
    session.flush()
    mapping = {old: new.id for old, new in new_shifts.items()}
    if mapping:
        for brk in session.exec(select(PlanBreak).where(PlanBreak.shift_id.in_(list(mapping)))).all():
            session.add(PlanBreak(shift_id=mapping[brk.shift_id], start_utc=brk.start_utc, end_utc=brk.end_utc,
                                  paid=brk.paid))
    for act in session.exec(select(PlanActivity).where(PlanActivity.plan_id == plan_id)).all():
        session.add(PlanActivity(plan_id=draft.id, activity_id=act.activity_id, agent_id=act.agent_id,
                                 start_utc=act.start_utc, end_utc=act.end_utc))
    for asg in session.exec(select(PlanAssignment).where(PlanAssignment.plan_id == plan_id)).all():
        session.add(PlanAssignment(plan_id=draft.id, agent_id=asg.agent_id, queue_id=asg.queue_id,
                                   start_utc=asg.start_utc, end_utc=asg.end_utc))
    session.flush()
    return DraftCopy(draft.id, True, mapping)
