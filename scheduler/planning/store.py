"""Writing a checked plan as a new draft version, in one transaction; reading plans back."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import Session, func, select

from scheduler.planning.problem_builder import ProblemIndex
from scheduler.storage import models as m
from solver.plan import Plan


def next_version(session: Session, start_day: date) -> int:
    current = session.exec(select(func.max(m.Plan.version)).where(m.Plan.start_day == start_day)).one()
    return (current or 0) + 1


def latest_published(session: Session, start_day: date) -> m.Plan | None:
    return session.exec(
        select(m.Plan)
        .where(m.Plan.start_day == start_day, m.Plan.status == m.PlanStatus.PUBLISHED)
        .order_by(m.Plan.version.desc())
    ).first()


def save_plan(
    session: Session,
    plan: Plan,
    index: ProblemIndex,
    weeks: int,
    statistics: dict,
    parent_id: int | None = None,
) -> m.Plan:
    """Add the plan and all its items to `session` as the next draft version for its start day."""
    grid = index.grid
    stats = plan.stats
    row = m.Plan(
        version=next_version(session, index.start_day),
        name=f"Week of {index.start_day.isoformat()}",
        status=m.PlanStatus.DRAFT,
        start_day=index.start_day,
        weeks=weeks,
        parent_id=parent_id,
        created_utc=datetime.now(timezone.utc),
        solver_status=stats.status,
        objective=stats.objective,
        bound=stats.bound,
        gap=stats.gap,
        solve_time_s=stats.wall_s,
        statistics=statistics,
    )
    session.add(row)
    session.flush()
    for agent_plan in plan.agents:
        agent_id = index.agent_ids[agent_plan.agent_id]
        for shift in agent_plan.shifts:
            shift_row = m.PlanShift(
                plan_id=row.id,
                agent_id=agent_id,
                day=index.local_day(shift.day),
                start_utc=grid.instant(shift.start),
                end_utc=grid.instant(shift.end),
                locked=shift.locked,
            )
            session.add(shift_row)
            session.flush()
            for b in shift.breaks:
                session.add(
                    m.PlanBreak(shift_id=shift_row.id, start_utc=grid.instant(b.start),
                                end_utc=grid.instant(b.start + b.length), paid=b.paid)
                )
        for act in agent_plan.activities:
            session.add(
                m.PlanActivity(plan_id=row.id, activity_id=index.activities[act.activity_id].activity_id,
                               agent_id=agent_id, start_utc=grid.instant(act.start),
                               end_utc=grid.instant(act.start + act.length))
            )
        for span in agent_plan.queue_spans:
            session.add(
                m.PlanAssignment(plan_id=row.id, agent_id=agent_id, queue_id=index.queue_ids[span.queue_id],
                                 start_utc=grid.instant(span.start), end_utc=grid.instant(span.end))
            )
    session.flush()
    return row
