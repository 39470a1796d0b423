"""Solve: run the planning service in a thread worker with live progress (objective, bound, gap,
elapsed, chart), a stop key that keeps the best plan so far, and the summary when it is done."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from scheduler.planning.api import SolveOptions, SolveProgress, StopHandle
from scheduler.storage.models import Plan
from scheduler.tui import keys
from scheduler.tui.widgets.mode_bar import ModeBar
from scheduler.tui.messages import SolveFailed, SolveFinished, SolveProgressed


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


class SolveScreen(Screen):
    BINDINGS = keys.SOLVE
    AUTO_FOCUS = "#solve-start-button"

    def __init__(self) -> None:
        super().__init__()
        self.stop_handle: StopHandle | None = None
        self.running = False
        self.last_outcome = None

    def compose(self) -> ComposeResult:
        yield ModeBar("solve")
        with Horizontal(id="solve-form", classes="toolbar"):
            yield Label("Start ")
            yield Input(id="solve-start", placeholder="YYYY-MM-DD")
            yield Label("Weeks ")
            yield Input("1", id="solve-weeks")
            yield Label("Limit s ")
            yield Input("60", id="solve-limit")
            yield Button("Start ^r", id="solve-start-button", variant="primary")
            yield Button("Stop ^x", id="solve-stop-button", variant="error", disabled=True)
        yield Static("Idle. Set the start day and press ctrl+r to solve.", id="solve-stats")
        yield PlotextPlot(id="solve-chart")
        yield Static("", id="solve-summary")
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            widget.compact = True
        try:
            with Session(self.app.engine) as session:
                newest = session.exec(select(Plan.start_day).order_by(Plan.id.desc())).first()
        except SQLAlchemyError as exc:
            self.app.report_error("Reading the newest plan", exc)
            newest = None
        self.query_one("#solve-start", Input).value = f"{newest or next_monday(date.today())}"
        self.draw_chart(())

    def options(self) -> SolveOptions | None:
        try:
            start = datetime.strptime(self.query_one("#solve-start", Input).value.strip(), "%Y-%m-%d").date()
            weeks = int(self.query_one("#solve-weeks", Input).value)
            limit_s = float(self.query_one("#solve-limit", Input).value)
        except ValueError:
            self.notify("Start must be a date like 2026-03-02, weeks a whole number, the limit seconds",
                        title="Cannot solve", severity="error")
            return None
        if weeks < 1 or limit_s <= 0:
            self.notify("Weeks must be at least 1 and the time limit positive", severity="error")
            return None
        hint = self.app.current_plan_id
        return SolveOptions(start=start, weeks=weeks, time_limit_s=limit_s, hint_plan_id=hint)

    def action_start(self) -> None:
        if self.running:
            self.notify("A solve is already running: stop it first (ctrl+x)", severity="warning")
            return
        options = self.options()
        if options is None:
            return
        self.stop_handle = StopHandle()
        self.set_running(True)
        self.query_one("#solve-summary", Static).update("")
        self.query_one("#solve-stats", Static).update(f"Solving from {options.start} for {options.weeks} week(s)…")
        self.draw_chart(())
        self.solve(options, self.stop_handle)

    def on_unmount(self) -> None:
        # leaving the app mid-solve: let the worker thread return instead of running to its time limit
        if self.stop_handle is not None:
            self.stop_handle.stop()

    def action_stop(self) -> None:
        if self.running and self.stop_handle is not None:
            self.stop_handle.stop()
            self.query_one("#solve-stats", Static).update("Stopping: keeping the best plan found so far…")

    def set_running(self, running: bool) -> None:
        self.running = running
        start, stop = self.query_one("#solve-start-button", Button), self.query_one("#solve-stop-button", Button)
        start.disabled, stop.disabled = running, not running
        # keep focus on a button: a disabled one would hand it to the date input, which eats the screen keys
        (stop if running else start).focus()

    @work(thread=True, exclusive=True, group="solve")
    def solve(self, options: SolveOptions, stop: StopHandle) -> None:
        """Runs in a worker thread; talks to the screen only through posted messages."""
        history: list[SolveProgress] = []
        worker = get_current_worker()

        def on_progress(progress: SolveProgress) -> None:
            if worker.is_cancelled:
                stop.stop()
                return
            history.append(progress)
            self.post_message(SolveProgressed(progress, tuple(history)))

        try:
            outcome = self.app.runner(self.app.engine, options, on_progress, stop)
        except Exception as exc:  # any failure of the planning service becomes one readable message
            self.post_message(SolveFailed(str(exc) or type(exc).__name__))
        else:
            self.post_message(SolveFinished(outcome))

    def on_solve_progressed(self, message: SolveProgressed) -> None:
        p = message.progress
        self.query_one("#solve-stats", Static).update(
            f"objective [b]{p.objective:,.1f}[/b] · "
            + (f"bound {p.bound:,.1f} · gap {p.gap:.2%} · " if p.bound_known else "bound (computing) · ")
            + f"{p.elapsed_s:.1f} s · {p.solutions} solutions")
        self.draw_chart(message.history)

    def on_solve_finished(self, message: SolveFinished) -> None:
        outcome = message.outcome
        self.last_outcome = outcome
        self.set_running(False)
        if outcome.plan_id is not None:
            self.app.current_plan_id = outcome.plan_id
        self.query_one("#solve-stats", Static).update(
            f"[b]{outcome.status}[/b]: {outcome.message}" + (f" → plan #{outcome.plan_id}" if outcome.plan_id else ""))
        self.query_one("#solve-summary", Static).update("\n".join(outcome.summary_lines))
        self.notify(outcome.message or outcome.status, title="Solve finished",
                    severity="information" if outcome.plan_id else "warning")

    def on_solve_failed(self, message: SolveFailed) -> None:
        self.set_running(False)
        self.query_one("#solve-stats", Static).update(f"[b $error]Not solved[/]: {message.message}")
        self.notify(message.message, title="Solve failed", severity="error", timeout=10)

    def draw_chart(self, history: tuple[SolveProgress, ...]) -> None:
        plot = self.query_one("#solve-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("objective and bound over time (s)")
        if history:
            xs = [p.elapsed_s for p in history]
            plt.plot(xs, [p.objective for p in history], label="objective", color="cyan")
            known = [p for p in history if p.bound_known]  # a bound thousands of per cent away would flatten the plot
            if known:
                plt.plot([p.elapsed_s for p in known], [p.bound for p in known], label="bound", color="magenta")
        plot.refresh()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "solve-start-button":
            self.action_start()
        elif event.button.id == "solve-stop-button":
            self.action_stop()
