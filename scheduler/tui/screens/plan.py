"""Plan: the roster of one day or week, with coverage under it; lock and move shifts (always on a
draft: a published plan is copied first), publish a version, export iCal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.text import Text

from sqlalchemy.exc import SQLAlchemyError
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from scheduler.services.errors import ServiceError
from scheduler.services.plans import PlanSummary, list_plans, publish_plan
from scheduler.services.roster import SegmentKind, load_roster
from scheduler.services.shift_edits import ShiftEdit, move_shift, set_shift_locked
from scheduler.tui import keys
from scheduler.tui.widgets.mode_bar import ModeBar
from scheduler.tui.messages import PlanPublished, ShiftEdited
from scheduler.tui.widgets.roster_view import STYLE, RosterView, queue_glyphs, queue_style


class PlanScreen(Screen):
    BINDINGS = keys.PLAN
    AUTO_FOCUS = "#roster"

    def __init__(self) -> None:
        super().__init__()
        self.plans: list[PlanSummary] = []
        self.plan: PlanSummary | None = None
        self.day_offset = 0
        self.week = False

    def compose(self) -> ComposeResult:
        yield ModeBar("plan")
        yield Static("", id="plan-status", classes="toolbar")
        yield Static("", id="roster-ruler")
        yield RosterView(id="roster")
        yield Static("", id="roster-coverage")
        yield Static("", id="plan-legend")
        yield Static("", id="plan-warnings", classes="warnings")
        yield Static("No plan yet: solve one on the Solve screen (4) or with `scheduler solve`.",
                     id="plan-empty", classes="empty-state hidden")
        yield Footer()

    def on_mount(self) -> None:
        self.reload_plans()
        self.query_one(RosterView).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            wanted = self.app.current_plan_id
            if self.plan is None or (wanted is not None and wanted != self.plan.id):
                self.reload_plans()

    def reload_plans(self) -> None:
        try:
            self.plans = list_plans(engine=self.app.engine)
        except SQLAlchemyError as exc:
            self.app.report_error("Loading plans", exc)
            self.plans = []
        wanted = self.app.current_plan_id
        self.plan = next((p for p in self.plans if p.id == wanted), self.plans[0] if self.plans else None)
        if self.plan is not None and self.app.current_plan_id != self.plan.id:
            self.app.current_plan_id = self.plan.id
        self.show_roster()

    def show_roster(self) -> None:
        empty = self.plan is None
        for selector in ("#roster-ruler", "#roster", "#roster-coverage", "#plan-legend", "#plan-warnings"):
            self.query_one(selector).set_class(empty, "hidden")
        self.query_one("#plan-empty").set_class(not empty, "hidden")
        view = self.query_one(RosterView)
        if empty:
            view.set_roster(None)
            self.query_one("#plan-status", Static).update("Plan")
            return
        day = self.plan.start_day + timedelta(days=self.day_offset)
        try:
            roster = load_roster(self.plan.id, day, engine=self.app.engine, week=self.week)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Loading the plan", exc)
            return
        view.set_roster(roster)
        self.update_legend(roster.queue_names)

    def update_legend(self, queue_names: dict[int, str]) -> None:
        legend = Text()
        glyphs = queue_glyphs(queue_names)
        for queue_id, name in queue_names.items():
            legend.append(f" {glyphs[queue_id]} {name} ", queue_style(queue_id))
            legend.append(" ")
        legend.append(" ─ shift ", STYLE[SegmentKind.SHIFT])
        legend.append(" ")
        legend.append(" b break ", STYLE[SegmentKind.BREAK])
        legend.append(" ")
        legend.append(" T training ", STYLE[SegmentKind.ACTIVITY])
        legend.append("  ▒/* locked")
        self.query_one("#plan-legend", Static).update(legend)

    def on_roster_view_cursor_moved(self, message: RosterView.CursorMoved) -> None:
        view = self.query_one(RosterView)
        self.query_one("#roster-ruler", Static).update(view.ruler())
        self.query_one("#roster-coverage", Static).update(view.coverage_line())
        if self.plan is None or view.roster is None:
            return
        roster, row, shift = view.roster, view.current_row(), view.current_shift()
        when = roster.view_start_utc + timedelta(minutes=view.cursor_minute)
        local = when.astimezone(ZoneInfo(roster.time_zone))
        where = f"{row.code} {row.name}" if row else "no agents"
        shift_text = ""
        if shift is not None:
            start = roster.view_start_utc + timedelta(minutes=shift.start_min)
            end = roster.view_start_utc + timedelta(minutes=shift.end_min)
            tz = ZoneInfo(roster.time_zone)
            shift_text = (f" · shift {start.astimezone(tz):%a %H:%M}–{end.astimezone(tz):%H:%M}"
                          f"{' locked' if shift.locked else ''}")
        scope = "week of" if roster.week else "day"
        self.query_one("#plan-status", Static).update(
            f"[b]{self.plan.label}[/b] · {scope} {roster.first_day:%a %d %b} · {view.minutes_per_col}'/col · "
            f"{where} @ {local:%a %H:%M}{shift_text} ({roster.time_zone} time: one clock for every site)")

    # navigation -----------------------------------------------------------------------------------
    def action_day(self, step: int) -> None:
        if self.plan is None:
            return
        days = 7 * self.plan.weeks
        jump = 7 if self.week else 1
        self.day_offset = max(0, min(days - jump, self.day_offset + step * jump))
        self.show_roster()

    def action_toggle_week(self) -> None:
        self.week = not self.week
        self.day_offset = (self.day_offset // 7) * 7 if self.week else self.day_offset
        self.show_roster()

    def action_next_version(self) -> None:
        if len(self.plans) < 2 or self.plan is None:
            self.notify("Only one plan version stored")
            return
        index = [p.id for p in self.plans].index(self.plan.id)
        self.plan = self.plans[(index + 1) % len(self.plans)]
        self.app.current_plan_id = self.plan.id
        self.day_offset = 0
        self.show_roster()

    # edits ----------------------------------------------------------------------------------------
    def _edited(self, edit: ShiftEdit, what: str) -> None:
        if edit.copied_from_plan_id is not None:
            self.notify(f"Plan #{edit.copied_from_plan_id} is published and stays as it is: "
                        f"the edit went to a new draft #{edit.plan_id}", severity="warning", timeout=8)
        self.app.current_plan_id = edit.plan_id
        self.reload_plans()
        self.post_message(ShiftEdited(edit.plan_id, edit.shift_id, what))
        self.check_rules(edit.plan_id)

    def check_rules(self, plan_id: int) -> None:
        """Warnings from the manual-edit rule check hook (`SchedulerApp.check_manual_edit`)."""
        checker = self.app.check_manual_edit
        warnings = self.query_one("#plan-warnings", Static)
        if checker is None:
            warnings.update("")
            return
        try:
            found = list(checker(self.app.engine, plan_id))
        except Exception as exc:  # the check is advisory: report it, keep the edit
            self.app.report_error("Checking the rules", exc)
            return
        warnings.update("\n".join(f"⚠ {w}" for w in found))
        if found:
            self.notify(f"{len(found)} rule warning(s) after the edit", severity="warning")

    def action_toggle_lock(self) -> None:
        shift = self.query_one(RosterView).current_shift()
        if shift is None:
            self.notify("No shift for this agent in view", severity="warning")
            return
        try:
            edit = set_shift_locked(shift.shift_id, not shift.locked, engine=self.app.engine)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Locking the shift", exc)
            return
        self._edited(edit, "unlock" if shift.locked else "lock")

    def action_move_shift(self, delta_min: int) -> None:
        shift = self.query_one(RosterView).current_shift()
        if shift is None:
            self.notify("No shift for this agent in view", severity="warning")
            return
        try:
            edit = move_shift(shift.shift_id, delta_min, engine=self.app.engine)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Moving the shift", exc)
            return
        view = self.query_one(RosterView)
        self._edited(edit, "move")
        view.action_cursor(round(delta_min / view.minutes_per_col), 0)

    def action_publish(self) -> None:
        if self.plan is None:
            return
        try:
            summary = publish_plan(self.plan.id, engine=self.app.engine)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Publishing", exc)
            return
        self.notify(f"Published plan #{summary.id} v{summary.version}")
        self.reload_plans()
        self.post_message(PlanPublished(summary.id))

    # export ---------------------------------------------------------------------------------------
    def action_export_agent(self) -> None:
        row = self.query_one(RosterView).current_row()
        if self.plan is not None and row is not None:
            self.export([row.agent_id], row.code)

    def action_export_all(self) -> None:
        if self.plan is not None:
            self.export(None, "all agents")

    @work(thread=True, group="export")
    def export(self, agent_ids: list[int] | None, who: str) -> None:
        try:
            from scheduler.export.ical import export_ical
        except ImportError:
            self.app.call_from_thread(self.notify, "iCal export (scheduler.export.ical) is not available in "
                                      "this build", title="Cannot export", severity="error")
            return
        out: Path = self.app.export_dir
        try:
            paths = export_ical(self.app.engine, self.plan.id, agent_ids, out)
        except Exception as exc:  # file system or data problems: one readable line
            self.app.call_from_thread(self.app.report_error, f"Exporting iCal for {who}", exc)
            return
        self.app.call_from_thread(self.notify, f"Wrote {len(paths)} calendar file(s) for {who} to {out}")
