"""Solve screen: a deterministic test-double runner drives start, live progress, stop and summary."""

import sys
from datetime import datetime, timezone

from sqlmodel import Session
from textual.widgets import Input, Static

from scheduler.planning.api import SolveOptions, SolveOutcome, SolveProgress, StopHandle
from scheduler.storage.database import session_scope
from scheduler.storage.models import Plan
from scheduler.tui.messages import SolveFailed, SolveFinished, SolveProgressed
from tests.scheduler.tui.conftest import run, wait_until


class SteppingRunner:
    """Reports three improvements, then waits for stop (or its own limit) and stores a draft plan."""

    def __init__(self) -> None:
        self.options: SolveOptions | None = None
        self.stopped_by_user = False

    def __call__(self, engine, options, on_progress=None, stop=None) -> SolveOutcome:
        self.options = options
        for n, objective in enumerate((900.0, 700.0, 650.0), start=1):
            on_progress(SolveProgress(elapsed_s=0.1 * n, objective=objective, bound=600.0,
                                      gap=(objective - 600.0) / objective, solutions=n))
        self.stopped_by_user = stop.wait(options.time_limit_s)
        with session_scope(engine) as session:
            plan = Plan(version=2, start_day=options.start, weeks=options.weeks,
                        created_utc=datetime.now(timezone.utc), solver_status="FEASIBLE", objective=650.0)
            session.add(plan)
            session.flush()
            plan_id = plan.id
        status = "STOPPED" if self.stopped_by_user else "TIME_LIMIT"
        return SolveOutcome(plan_id, status, ("objective 650.0", "gap 7.69%"), "best plan kept")


class TestSolve:
    def test_start_progress_stop_keeps_best_plan(self, make_app, centre):
        runner = SteppingRunner()

        async def scenario():
            app = make_app(runner=runner)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("4")
                await wait_until(pilot, lambda: app.screen.query("#solve-stats"))
                screen = app.screen
                screen.query_one("#solve-limit", Input).value = "30"
                await pilot.press("ctrl+r")
                await wait_until(pilot, lambda: app.seen_of(SolveProgressed)
                                 and app.seen_of(SolveProgressed)[-1].progress.solutions == 3)
                # the UI keeps answering while the worker waits: switch screens and come back
                await pilot.press("1")
                await wait_until(pilot, lambda: type(app.screen).__name__ == "AgentsScreen")
                await pilot.press("4")
                await wait_until(pilot, lambda: app.screen is screen)
                assert screen.query_one("#solve-start", Input).value == "2026-03-02"  # the keys did not type there
                assert screen.running and not app.seen_of(SolveFinished)
                assert "objective 650.0" in str(screen.query_one("#solve-stats", Static).render())
                assert len(app.seen_of(SolveProgressed)[-1].history) == 3
                await pilot.press("ctrl+x")
                await wait_until(pilot, lambda: app.seen_of(SolveFinished))
                outcome = app.seen_of(SolveFinished)[0].outcome
                assert outcome.status == "STOPPED" and runner.stopped_by_user
                assert "gap 7.69%" in str(screen.query_one("#solve-summary", Static).render())
                assert app.current_plan_id == outcome.plan_id
                assert runner.options.start == centre_plan_start(centre) and runner.options.time_limit_s == 30
            with Session(centre.engine) as session:
                assert session.get(Plan, outcome.plan_id).objective == 650.0
        run(scenario())

    def test_runner_failure_is_a_notification(self, make_app):
        def broken(engine, options, on_progress=None, stop=None):
            raise RuntimeError("infeasible: rest.min_between_shifts conflicts with availability of BE-0002")

        async def scenario():
            app = make_app(runner=broken)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("4", "ctrl+r")
                await wait_until(pilot, lambda: app.seen_of(SolveFailed))
                await pilot.pause()
                assert not app.screen.running
                assert any("rest.min_between_shifts" in n.message for n in app._notifications)
        run(scenario())

    def test_bad_start_day_is_refused_before_solving(self, make_app):
        runner = SteppingRunner()

        async def scenario():
            app = make_app(runner=runner)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("4")
                await wait_until(pilot, lambda: app.screen.query("#solve-start"))
                app.screen.query_one("#solve-start", Input).value = "next monday"
                await pilot.press("ctrl+r")
                await pilot.pause()
                assert runner.options is None and not app.screen.running
        run(scenario())


def centre_plan_start(centre):
    with Session(centre.engine) as session:
        return session.get(Plan, centre.plan_id).start_day


def test_default_runner_explains_a_missing_planning_service(centre, monkeypatch):
    import pytest

    from scheduler.tui.runner import RunnerUnavailable, default_runner

    monkeypatch.setitem(sys.modules, "scheduler.planning.run", None)  # as in a build without it
    with pytest.raises(RunnerUnavailable, match="scheduler.planning.run"):
        default_runner(centre.engine, SolveOptions(start=centre_plan_start(centre)), None, StopHandle())
