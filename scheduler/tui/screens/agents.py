"""Agents: a searchable, sortable table with weekly planned vs contract hours; add, edit, deactivate."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from scheduler.services.agents import AgentRow, SORT_KEYS, filter_rows, list_agent_rows, set_agent_active, sort_rows
from scheduler.services.errors import ServiceError
from scheduler.tui import keys
from scheduler.tui.messages import AgentSaved
from scheduler.tui.screens.agent_form import AgentFormScreen
from scheduler.tui.widgets.agent_table import COLUMNS, AgentTable
from scheduler.tui.widgets.mode_bar import ModeBar


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
        yield AgentTable(id="agent-table")
        yield Static("No agents yet: press a to add one, or import a centre (scheduler import).",
                     id="agents-empty", classes="empty-state hidden")
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            widget.compact = True
        self.reload()
        self.query_one(AgentTable).focus()

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
        table = self.query_one(AgentTable)
        shown = self.visible_rows
        table.sort_marker = (self.sort_key, self.descending)
        table.set_rows(shown, keep_agent=table.current_agent_id)
        arrow = "▼" if self.descending else "▲"
        label = next(c.label for c in COLUMNS if c.key == self.sort_key)
        self.query_one("#agents-status", Static).update(
            f"{len(shown)} of {len(self.rows)} agents · sorted by {label} {arrow} (s, r, or click a header)")
        self.query_one("#agents-empty").set_class(bool(self.rows), "hidden")
        table.set_class(not self.rows, "hidden")

    def selected_agent_id(self) -> int | None:
        return self.query_one(AgentTable).current_agent_id

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "agent-search":
            self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(AgentTable).focus()

    def on_agent_table_header_clicked(self, event: AgentTable.HeaderClicked) -> None:
        self.descending = not self.descending if event.key == self.sort_key else False
        self.sort_key = event.key
        self.refresh_table()

    def on_agent_table_row_highlighted(self, event: AgentTable.RowHighlighted) -> None:
        self.app.selected_agent_id = event.agent_id

    def on_agent_table_row_selected(self, event: AgentTable.RowSelected) -> None:
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
            table = self.query_one(AgentTable)
            table.move_to(next((i for i, r in enumerate(table.rows) if r.id == agent_id), table.cursor_row))
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
