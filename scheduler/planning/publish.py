"""Publishing: a draft becomes the plan in force; a published plan is never changed afterwards."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlmodel import Session

from scheduler.storage import models as m


class PublishError(ValueError):
    """The plan cannot be published; the message says why."""


def publish_plan(session: Session, plan_id: int) -> m.Plan:
    plan = session.get(m.Plan, plan_id)
    if plan is None:
        raise PublishError(f"no plan with id {plan_id}")
    if plan.status == m.PlanStatus.PUBLISHED:
        raise PublishError(f"plan {plan_id} (version {plan.version}) is already published")
    plan.status = m.PlanStatus.PUBLISHED
    plan.published_utc = datetime.now(timezone.utc)
    session.add(plan)
    session.flush()
    return plan
