"""Forecast and staffing per queue and day: required vs planned agents as a chart and a table, with
the service level the plan gives in each interval coloured against the queue's target."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Select, Static
from textual_plotext import PlotextPlot

from scheduler.services.errors import ServiceError
from scheduler.services.staffing_view import QueueDay, demand_days, list_queues, load_queue_day
from scheduler.timegrid import within_text
from scheduler.tui import keys
from scheduler.tui.widgets.mode_bar import ModeBar


def sl_cell(value: float | None, target: float) -> Text:
    if value is None:
        return Text("–", style="dim")
    style = "green" if value >= target else ("yellow" if value >= target - 10 else "bold red")
    return Text(f"{value:5.1f}%", style=style)


class StaffingScreen(Screen):
    BINDINGS = keys.STAFFING
    AUTO_FOCUS = "#staffing-table"

    def __init__(self) -> None:
        super().__init__()
        self.days: list[date] = []
        self.day_index = 0
        self.queue_day: QueueDay | None = None
        self.queue_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield ModeBar("staffing")
        with Vertical(classes="toolbar", id="staffing-toolbar"):
            yield Select([], prompt="queue", id="staffing-queue", allow_blank=True)
            yield Static("", id="staffing-status")
        with Vertical(id="staffing-body"):
            yield PlotextPlot(id="staffing-chart")
            yield DataTable(id="staffing-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="staffing-empty", classes="empty-state hidden")
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            widget.compact = True
        self.query_one("#staffing-table", DataTable).add_columns(
            "Time", "Volume", "AHT s", "Req net", "Req gross", "Planned", "SL")
        self.reload_queues()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.show_day()

    def reload_queues(self) -> None:
        try:
            queues = list_queues(engine=self.app.engine)
        except SQLAlchemyError as exc:
            self.app.report_error("Loading queues", exc)
            queues = []
        self.queue_ids = [q.id for q in queues]
        select = self.query_one("#staffing-queue", Select)
        select.set_options([(f"{q.name} ({q.channel})", q.id) for q in queues])
        if queues:
            select.value = queues[0].id
        else:
            self.show_empty("No queues yet: import a centre (scheduler import) to see forecast and staffing.")

    def show_empty(self, message: str | None) -> None:
        self.query_one("#staffing-body").set_class(message is not None, "hidden")
        empty = self.query_one("#staffing-empty", Static)
        empty.set_class(message is None, "hidden")
        if message:
            empty.update(message)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "staffing-queue" or event.value is Select.NULL:
            return
        try:
            self.days = demand_days(int(event.value), engine=self.app.engine)
        except SQLAlchemyError as exc:
            self.app.report_error("Loading forecast days", exc)
            self.days = []
        self.day_index = 0
        self.show_day()

    def show_day(self) -> None:
        value = self.query_one("#staffing-queue", Select).value
        if value is Select.NULL:
            return
        if not self.days:
            self.query_one("#staffing-status", Static).update("")
            self.show_empty("No forecast or requirements for this queue yet: run "
                            "`scheduler forecast` and `scheduler staffing` first.")
            return
        try:
            self.queue_day = load_queue_day(int(value), self.days[self.day_index], engine=self.app.engine)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Loading staffing", exc)
            return
        self.show_empty(None)
        qd = self.queue_day
        plan = f"plan #{qd.plan_id}" if qd.plan_id else "no plan covers this day"
        self.query_one("#staffing-status", Static).update(
            f"[b]{qd.queue.name}[/b] {qd.day:%a %Y-%m-%d} ({self.day_index + 1}/{len(self.days)}) · "
            f"{qd.volume_total:.0f} contacts · target {qd.sl_target_pct:g}% in {within_text(qd.sl_target_s)} · {plan} · "
            f"{qd.below_target()} intervals below target")
        table = self.query_one("#staffing-table", DataTable)
        table.clear()
        for i in qd.intervals:
            table.add_row(i.local_label, "" if i.volume is None else f"{i.volume:.1f}",
                          "" if i.aht_s is None else f"{i.aht_s:.0f}",
                          "" if i.required_net is None else str(i.required_net),
                          "" if i.required_gross is None else str(i.required_gross),
                          str(i.planned), sl_cell(i.service_level_pct, qd.sl_target_pct))
        self.draw_chart(qd)

    def draw_chart(self, qd: QueueDay) -> None:
        plot = self.query_one("#staffing-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(len(qd.intervals)))
        plt.plot(xs, [i.required_gross or 0 for i in qd.intervals], label="required", color="red")
        plt.plot(xs, [i.planned for i in qd.intervals], label="planned", color="green")
        step = max(1, len(xs) // 8)
        plt.xticks(xs[::step], [qd.intervals[x].local_label for x in xs[::step]])
        plt.title(f"{qd.queue.name}: agents per interval")
        plot.refresh()

    def action_day(self, step: int) -> None:
        if self.days:
            self.day_index = (self.day_index + step) % len(self.days)
            self.show_day()

    def action_next_queue(self) -> None:
        select = self.query_one("#staffing-queue", Select)
        if self.queue_ids:
            current = select.value
            index = self.queue_ids.index(current) + 1 if current in self.queue_ids else 0
            select.value = self.queue_ids[index % len(self.queue_ids)]
