"""Agents: a searchable, sortable table with weekly planned vs contract hours; add, edit, deactivate."""

from __future__ import annotations

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from scheduler.services.agents import AgentRow, SORT_KEYS, filter_rows, list_agent_rows, set_agent_active, sort_rows
from scheduler.services.errors import ServiceError
from scheduler.tui import keys
from scheduler.tui.widgets.mode_bar import ModeBar
from scheduler.tui.messages import AgentSaved
from scheduler.tui.screens.agent_form import AgentFormScreen

COLUMNS = (("code", "Code"), ("name", "Name"), ("site", "Site"), ("team", "Team"), ("contract", "Contract"),
           ("skills", "Skills"), ("planned_week_min", "Planned/wk"), ("contract_week_min", "Contract/wk"),
           ("active", "Active"))


def hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class AgentsScreen(Screen):
    BINDINGS = keys.AGENTS
    AUTO_FOCUS = "#agent-table"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AgentRow] = []
        self.sort_key = "code"
        self.descending = False
        self._away = False

    def compose(self) -> ComposeResult:
        yield ModeBar("agents")
        yield Static("", id="agents-status", classes="toolbar")
        yield Input(placeholder="search agents (code, name, team, skill…)  /", id="agent-search")
        yield DataTable(id="agent-table", cursor_type="row", zebra_stripes=True)
        yield Static("No agents yet: press a to add one, or import a centre (scheduler import).",
                     id="agents-empty", classes="empty-state hidden")
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            widget.compact = True
        table = self.query_one("#agent-table", DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        self.reload()
        table.focus()

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        # back from another screen: agents or plans may have changed there
        if self._away:
            self._away = False
            self.reload()

    def reload(self) -> None:
        try:
            self.rows = list_agent_rows(engine=self.app.engine)
        except SQLAlchemyError as exc:
            self.app.report_error("Loading agents", exc)
            self.rows = []
        self.refresh_table()

    @property
    def visible_rows(self) -> list[AgentRow]:
        text = self.query_one("#agent-search", Input).value
        return sort_rows(filter_rows(self.rows, text), self.sort_key, descending=self.descending)

    def refresh_table(self) -> None:
        table = self.query_one("#agent-table", DataTable)
        selected = self.selected_agent_id()
        table.clear()
        shown = self.visible_rows
        # rich Text cells skip the DataTable's markup parsing, which dominates for thousands of rows
        table.add_rows([
            (*map(Text, (r.code, r.name, r.site, r.team, r.contract, r.skills)),
             Text(hours(r.planned_week_min), style="bold red" if r.planned_week_min > r.contract_week_min else ""),
             Text(hours(r.contract_week_min)), Text("yes" if r.active else "no", style="" if r.active else "dim"))
            for r in shown
        ])
        # DataTable.add_rows has no per-row keys; remember the ids by position
        self._shown_ids = [r.id for r in shown]
        if selected in self._shown_ids:
            table.move_cursor(row=self._shown_ids.index(selected))
        arrow = "▼" if self.descending else "▲"
        self.query_one("#agents-status", Static).update(
            f"{len(shown)} of {len(self.rows)} agents · sorted by {dict(COLUMNS)[self.sort_key]} {arrow}")
        self.query_one("#agents-empty").set_class(bool(self.rows), "hidden")
        table.set_class(not self.rows, "hidden")

    def selected_agent_id(self) -> int | None:
        table = self.query_one("#agent-table", DataTable)
        ids = getattr(self, "_shown_ids", [])
        if not ids or table.cursor_row is None or not 0 <= table.cursor_row < len(ids):
            return None
        return ids[table.cursor_row]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "agent-search":
            self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#agent-table", DataTable).focus()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        self.descending = not self.descending if key == self.sort_key else False
        self.sort_key = key
        self.refresh_table()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.app.selected_agent_id = self.selected_agent_id()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_agent()

    def action_focus_search(self) -> None:
        self.query_one("#agent-search", Input).focus()

    def action_cycle_sort(self) -> None:
        self.sort_key = SORT_KEYS[(SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)]
        self.descending = False
        self.refresh_table()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.refresh_table()

    def _open_form(self, agent_id: int | None) -> None:
        try:
            form = AgentFormScreen.load(agent_id, engine=self.app.engine)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Opening the agent form", exc)
            return
        self.app.push_screen(form, self._after_form)

    def action_add_agent(self) -> None:
        self._open_form(None)

    def action_edit_agent(self) -> None:
        agent_id = self.selected_agent_id()
        if agent_id is None:
            self.notify("Select an agent first", severity="warning")
            return
        self._open_form(agent_id)

    def _after_form(self, agent_id: int | None) -> None:
        if agent_id is not None:
            self.reload()
            if agent_id in self._shown_ids:
                self.query_one("#agent-table", DataTable).move_cursor(row=self._shown_ids.index(agent_id))
            self.post_message(AgentSaved(agent_id))

    def action_toggle_active(self) -> None:
        agent_id = self.selected_agent_id()
        if agent_id is None:
            return
        row = next(r for r in self.rows if r.id == agent_id)
        try:
            set_agent_active(agent_id, not row.active, engine=self.app.engine)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Changing the agent", exc)
            return
        self.notify(f"{row.code} {'deactivated' if row.active else 'reactivated'}")
        self.reload()

    def action_availability(self) -> None:
        self.app.selected_agent_id = self.selected_agent_id()
        self.app.switch_mode("availability")
