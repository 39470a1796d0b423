"""Re-checking a stored plan after a planner's manual edit: every hard rule, in the planner's words.

The TUI calls this after each lock or move; edits are allowed (the planner decides), but every broken
rule is shown as a warning, as the best commercial tools do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler.planning.load import load_solver_plan
from scheduler.planning.problem_builder import ProblemBuildError, build_problem
from scheduler.storage import models as m
from solver.check import check_plan


def check_stored_plan(engine: Engine, plan_id: int) -> Sequence[str]:
    """One line per hard-rule violation of the stored plan ("MS-014 Tue 01.12: rest.min_between_shifts: ...")."""
    with Session(engine) as session:
        plan = session.get(m.Plan, plan_id)
        if plan is None:
            return (f"plan {plan_id} no longer exists",)
        try:
            built = build_problem(session, plan.start_day, plan.weeks)
        except ProblemBuildError as exc:
            return (f"cannot check the plan: {exc}",)
        violations = check_plan(built.problem, load_solver_plan(session, built, plan_id))
    lines = []
    for v in violations:
        when = ""
        if v.day is not None:
            when = f" {plan.start_day + timedelta(days=v.day):%a %d.%m}"
        who = v.agent_id or "plan"
        lines.append(f"{who}{when}: {v.rule_id}: {v.message}")
    return tuple(lines)
