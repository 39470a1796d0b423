"""Manual edits of a plan: lock a shift, move it. Each is one transaction on a draft; a published plan
is first copied to a new draft version, and every edit is recorded in the draft's statistics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from scheduler.services.errors import ServiceError
from scheduler.services.plans import editable_draft
from scheduler.storage.database import session_scope
from scheduler.storage.models import Plan, PlanAssignment, PlanBreak, PlanShift

# The hook for rule checks of manual edits: (engine, plan_id) → planner-readable warnings.
# The lead wires it to `solver.check.check_plan` through the problem builder; None shows no warnings.
ManualEditChecker = Callable[[Engine, int], Sequence[str]]


@dataclass(frozen=True)
class ShiftEdit:
    plan_id: int
    shift_id: int
    copied_from_plan_id: int | None  # set when the edit went to a new draft copy of a published plan


def _record(session: Session, plan_id: int, entry: dict) -> None:
    plan = session.get(Plan, plan_id)
    stats = dict(plan.statistics or {})
    stats["manual_edits"] = [*stats.get("manual_edits", []), entry]
    plan.statistics = stats
    session.add(plan)


def _draft_shift(session: Session, shift_id: int) -> tuple[PlanShift, int | None]:
    shift = session.get(PlanShift, shift_id)
    if shift is None:
        raise ServiceError(f"shift {shift_id} does not exist (re-solved meanwhile?)")
    original_plan = shift.plan_id
    draft = editable_draft(original_plan, session=session)
    if draft.copied:
        shift = session.get(PlanShift, draft.shift_ids[shift_id])
    return shift, (original_plan if draft.copied else None)


def set_shift_locked(shift_id: int, locked: bool, *, engine: Engine) -> ShiftEdit:
    """A locked shift is kept as it is by the next re-solve."""
    with session_scope(engine) as session:
        shift, copied_from = _draft_shift(session, shift_id)
        shift.locked = locked
        session.add(shift)
        _record(session, shift.plan_id, {"edit": "lock" if locked else "unlock", "shift_id": shift.id})
        return ShiftEdit(shift.plan_id, shift.id, copied_from)


def move_shift(shift_id: int, delta_min: int, *, engine: Engine) -> ShiftEdit:
    """Move a shift with its breaks and queue assignments by `delta_min` (negative: earlier)."""
    if delta_min == 0:
        raise ServiceError("moving a shift by 0 minutes changes nothing")
    with session_scope(engine) as session:
        shift, copied_from = _draft_shift(session, shift_id)
        if shift.locked:
            raise ServiceError("this shift is locked: unlock it before moving it")
        delta = timedelta(minutes=delta_min)
        for asg in session.exec(select(PlanAssignment).where(
            PlanAssignment.plan_id == shift.plan_id, PlanAssignment.agent_id == shift.agent_id,
            PlanAssignment.start_utc >= shift.start_utc, PlanAssignment.end_utc <= shift.end_utc,
        )).all():
            asg.start_utc, asg.end_utc = asg.start_utc + delta, asg.end_utc + delta
            session.add(asg)
        for brk in session.exec(select(PlanBreak).where(PlanBreak.shift_id == shift.id)).all():
            brk.start_utc, brk.end_utc = brk.start_utc + delta, brk.end_utc + delta
            session.add(brk)
        shift.start_utc, shift.end_utc = shift.start_utc + delta, shift.end_utc + delta
        session.add(shift)
        _record(session, shift.plan_id, {"edit": "move", "shift_id": shift.id, "delta_min": delta_min})
        return ShiftEdit(shift.plan_id, shift.id, copied_from)
