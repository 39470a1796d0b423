"""Plan a period: build the problem from storage, solve, check, evaluate, store a new draft version.

Callers (CLI, TUI) pass `SolveOptions`, an optional progress callback and an optional `StopHandle`; a stop
returns the best plan found so far, which is checked and stored like any other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from scheduler.planning.api import SolveOptions, SolveOutcome, SolveProgress, StopHandle
from scheduler.planning.evaluation import PlanEvaluation, evaluate_plan
from scheduler.planning.problem_builder import BuiltProblem, ProblemBuildError, build_problem
from scheduler.planning.store import latest_published, save_plan
from scheduler.storage.database import session_scope
from solver import solve as solver_solve
from solver.check import check_plan


class PlanCheckFailed(RuntimeError):
    """The solver returned a plan that breaks a hard rule; it is never stored."""


def _bridge_stop(stop: StopHandle | None, solver_stop: solver_solve.StopHandle) -> Callable[[], None]:
    """Forward the caller's stop to the solver's; returns a function that ends the forwarding."""
    if stop is None:
        return lambda: None
    done = threading.Event()

    def forward() -> None:
        while not done.is_set():
            if stop.wait(0.05):
                solver_stop.stop()
                return

    thread = threading.Thread(target=forward, name="solve-stop-bridge", daemon=True)
    thread.start()

    def finish() -> None:
        done.set()
        thread.join()

    return finish


def build(engine: Engine, options: SolveOptions, today: date | None = None) -> tuple[BuiltProblem, int | None]:
    """The problem for the options, and the published plan whose past days it pins (if any)."""
    today = today or date.today()
    with Session(engine) as session:
        published = latest_published(session, options.start)
        pinned = published.id if published is not None and options.start < today else None
        built = build_problem(
            session, options.start, options.weeks, hint_plan_id=options.hint_plan_id,
            pinned_plan_id=pinned, pinned_until=today,
        )
    return built, pinned


def solve_and_store(
    engine: Engine,
    options: SolveOptions,
    on_progress: Callable[[SolveProgress], None] | None = None,
    stop: StopHandle | None = None,
) -> SolveOutcome:
    try:
        built, _ = build(engine, options)
    except ProblemBuildError as exc:
        return SolveOutcome(None, "INVALID_INPUT", (), str(exc))
    previous = None
    if options.hint_plan_id is not None:
        previous = _previous_plan(engine, built, options.hint_plan_id)

    def progress(p: solver_solve.Progress) -> None:
        if on_progress is not None:
            gap = abs(p.objective - p.bound) / max(1.0, abs(p.objective))
            on_progress(SolveProgress(p.wall_s, p.objective, p.bound, gap, p.solutions))

    solver_stop = solver_solve.StopHandle()
    finish = _bridge_stop(stop, solver_stop)
    try:
        params = solver_solve.SolveParams(time_limit_s=options.time_limit_s, workers=options.workers, seed=options.seed)
        result = solver_solve.solve(built.problem, params, progress, solver_stop, previous=previous)
    finally:
        finish()
    if result.plan is None:
        reasons = tuple(c.message for c in result.explanation) or ("the solver found no plan within the time limit",)
        return SolveOutcome(None, "NO_PLAN", reasons, " ".join(reasons))
    violations = check_plan(built.problem, result.plan)
    if violations:
        listed = "; ".join(f"{v.rule_id}: {v.message}" for v in violations[:5])
        raise PlanCheckFailed(f"the solver's plan breaks {len(violations)} hard rule(s), not stored: {listed}")
    with Session(engine) as session:
        evaluation = evaluate_plan(session, built, result.plan)
    with session_scope(engine) as session:
        row = save_plan(session, result.plan, built.index, options.weeks, evaluation.as_statistics(),
                        parent_id=options.hint_plan_id)
        plan_id, version = row.id, row.version
    status = result.plan.stats.status + (" (stopped)" if result.plan.stats.stopped else "")
    return SolveOutcome(plan_id, status, summary_lines(evaluation, version),
                        f"Plan {plan_id} (version {version}) stored as a draft.")


def _previous_plan(engine: Engine, built: BuiltProblem, plan_id: int):
    from scheduler.planning.load import load_solver_plan

    with Session(engine) as session:
        return load_solver_plan(session, built, plan_id)


def summary_lines(evaluation: PlanEvaluation, version: int) -> tuple[str, ...]:
    return evaluation.summary_lines(version)
