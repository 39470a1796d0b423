"""Availability and preferences of the selected agent: the week grid, preferences with weights and
dated exceptions. Edits stay in memory with undo until ctrl+s saves them in one transaction."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static

from scheduler.services.availability import (
    DAYS, AgentAvailability, AvailabilityState, ExceptionEntry, PreferenceSettings, UndoHistory, load_availability,
    parse_day, save_availability,
)
from scheduler.services.errors import FieldError, ServiceError, ValidationFailed
from scheduler.storage.models import Agent, ExceptionKind
from scheduler.tui import keys
from scheduler.tui.widgets.mode_bar import ModeBar
from scheduler.tui.messages import AvailabilitySaved
from scheduler.tui.widgets.week_grid import WeekGrid

PREF_FIELDS = (
    ("start_window_weight", "Start window wt"),
    ("days_off", "Days off"),
    ("day_off_weight", "Day off wt"),
    ("shift_length_min", "Shift length min"),
    ("shift_length_weight", "Shift length wt"),
)


def parse_preferences(values: dict[str, str]) -> tuple[PreferenceSettings | None, list[FieldError]]:
    errors: list[FieldError] = []

    def number(field: str, default: float) -> float:
        text = values[field].strip()
        if not text:
            return default
        try:
            return float(text)
        except ValueError:
            errors.append(FieldError(field, f"{text!r} is not a number"))
            return default

    days: list[int] = []
    for word in values["days_off"].replace(",", " ").split():
        names = [d.casefold() for d in DAYS]
        if word[:3].casefold() in names:
            days.append(names.index(word[:3].casefold()))
        else:
            errors.append(FieldError("days_off", f"{word!r}: use day names like Sat Sun"))
    length_text = values["shift_length_min"].strip()
    length = None
    if length_text:
        try:
            length = int(length_text)
        except ValueError:
            errors.append(FieldError("shift_length_min", f"{length_text!r} is not whole minutes"))
    settings = PreferenceSettings(
        start_window_weight=number("start_window_weight", 1.0), days_off=tuple(sorted(set(days))),
        day_off_weight=number("day_off_weight", 1.0), shift_length_min=length,
        shift_length_weight=number("shift_length_weight", 1.0),
    )
    for name in ("start_window_weight", "day_off_weight", "shift_length_weight"):
        if getattr(settings, name) < 0:
            errors.append(FieldError(name, "weights cannot be negative"))
    return (None if errors else settings), errors


def preference_texts(settings: PreferenceSettings) -> dict[str, str]:
    return {
        "start_window_weight": f"{settings.start_window_weight:g}",
        "days_off": " ".join(DAYS[d] for d in settings.days_off),
        "day_off_weight": f"{settings.day_off_weight:g}",
        "shift_length_min": str(settings.shift_length_min or ""),
        "shift_length_weight": f"{settings.shift_length_weight:g}",
    }


class AvailabilityScreen(Screen):
    BINDINGS = [*keys.AVAILABILITY, *keys.EXCEPTIONS]
    AUTO_FOCUS = "#week-grid"

    def __init__(self) -> None:
        super().__init__()
        self.loaded: AgentAvailability | None = None
        self.history: UndoHistory | None = None
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield ModeBar("availability")
        yield Static("", id="availability-status", classes="toolbar")
        with Horizontal(id="availability-body"):
            with VerticalScroll(id="grid-scroll"):
                yield WeekGrid(id="week-grid")
                yield Static("", id="error-grid", classes="field-error")
            with VerticalScroll(id="availability-side"):
                yield Label("Preferences (weighted)", classes="title")
                for field, label in PREF_FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label)
                        yield Input(id=f"pref-{field}")
                    yield Static("", id=f"error-{field}", classes="field-error")
                yield Label("Exceptions (local days, inclusive)", classes="title")
                yield DataTable(id="exceptions-table", cursor_type="row")
                with Horizontal(id="exception-add"):
                    yield Select([(k.value, k.value) for k in ExceptionKind], value=ExceptionKind.VACATION.value,
                                 allow_blank=False, id="exception-kind")
                    yield Input(placeholder="from 2026-03-30", id="exception-from")
                    yield Input(placeholder="to 2026-04-03", id="exception-to")
                    yield Input(placeholder="note", id="exception-note")
                    yield Button("Add", id="exception-add-button", classes="inline")
                yield Static("", id="error-exceptions", classes="field-error")
        yield Static("No agents yet: add one on the Agents screen (1).", id="availability-empty",
                     classes="empty-state hidden")
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            widget.compact = True
        self.query_one("#exceptions-table", DataTable).add_columns("Kind", "From", "To", "Note")
        self.load(self.app.selected_agent_id)

    def on_screen_resume(self) -> None:
        wanted = self.app.selected_agent_id
        if self.loaded is None or (wanted is not None and wanted != self.loaded.agent_id):
            if self.history is not None and self.history.dirty:
                self.notify("Unsaved availability changes kept: save (ctrl+s) or undo before switching agent",
                            severity="warning")
                return
            self.load(wanted)

    def _agent_ids(self) -> list[int]:
        with Session(self.app.engine) as session:
            return list(session.exec(select(Agent.id).order_by(Agent.code)).all())

    def load(self, agent_id: int | None) -> None:
        try:
            if agent_id is None:
                ids = self._agent_ids()
                agent_id = ids[0] if ids else None
            self.loaded = load_availability(agent_id, engine=self.app.engine) if agent_id is not None else None
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Loading availability", exc)
            self.loaded = None
        empty = self.loaded is None
        self.query_one("#availability-body").set_class(empty, "hidden")
        self.query_one("#availability-empty").set_class(not empty, "hidden")
        if empty:
            self.history = None
            self.update_status()
            return
        self.history = UndoHistory(self.loaded.state)
        self.show_state(self.loaded.state, inputs=True)
        self.query_one(WeekGrid).focus()

    def show_state(self, state: AvailabilityState, *, inputs: bool) -> None:
        self.query_one(WeekGrid).set_grid(state.grid)
        if inputs:
            self._quiet = True
            for field, text in preference_texts(state.preferences).items():
                self.query_one(f"#pref-{field}", Input).value = text
            self.call_after_refresh(self._unquiet)
        table = self.query_one("#exceptions-table", DataTable)
        table.clear()
        for entry in state.exceptions:
            table.add_row(entry.kind, f"{entry.first_day}", f"{entry.last_day}", entry.note)
        self.update_status()

    def _unquiet(self) -> None:
        self._quiet = False

    def update_status(self) -> None:
        status = self.query_one("#availability-status", Static)
        if self.loaded is None or self.history is None:
            status.update("Availability")
            return
        brush = self.query_one(WeekGrid).brush.name.lower()
        dirty = "[b $warning]unsaved changes (ctrl+s save, ctrl+z undo)[/]" if self.history.dirty else "saved"
        status.update(f"[b]{self.loaded.agent_label}[/b] · {self.loaded.time_zone} · brush {brush} · {dirty}")

    def edit(self, state: AvailabilityState) -> None:
        if self.history is not None:
            self.history.push(state)
            self.update_status()

    def on_week_grid_painted(self, event: WeekGrid.Painted) -> None:
        if self.history is not None:
            self.edit(replace(self.history.current, grid=event.grid))
            self.query_one("#error-grid", Static).update("")

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._quiet or self.history is None or not (event.input.id or "").startswith("pref-"):
            return
        values = {f: self.query_one(f"#pref-{f}", Input).value for f, _ in PREF_FIELDS}
        settings, errors = parse_preferences(values)
        for field, _ in PREF_FIELDS:
            self.query_one(f"#error-{field}", Static).update(
                "; ".join(e.message for e in errors if e.field == field))
        if settings is not None:
            self.edit(replace(self.history.current, preferences=settings))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "exception-add-button":
            self.add_exception()

    def add_exception(self) -> None:
        if self.history is None:
            return
        first, error_from = parse_day(self.query_one("#exception-from", Input).value, "from")
        last_text = self.query_one("#exception-to", Input).value.strip()
        last, error_to = parse_day(last_text, "to") if last_text else (first, None)
        errors = [e for e in (error_from, error_to) if e]
        if not errors and last < first:
            errors.append(FieldError("to", "the last day is before the first"))
        message = self.query_one("#error-exceptions", Static)
        if errors:
            message.update("; ".join(f"{e.field}: {e.message}" for e in errors))
            return
        message.update("")
        entry = ExceptionEntry(str(self.query_one("#exception-kind", Select).value), first, last,
                               self.query_one("#exception-note", Input).value.strip())
        state = self.history.current
        self.edit(replace(state, exceptions=tuple(sorted((*state.exceptions, entry),
                                                         key=lambda e: (e.first_day, e.kind)))))
        self.show_state(self.history.current, inputs=False)
        for field in ("from", "to", "note"):
            self.query_one(f"#exception-{field}", Input).value = ""

    def action_delete_exception(self) -> None:
        table = self.query_one("#exceptions-table", DataTable)
        if self.history is None or not table.has_focus or not self.history.current.exceptions:
            return
        index = table.cursor_row
        state = self.history.current
        self.edit(replace(state, exceptions=state.exceptions[:index] + state.exceptions[index + 1:]))
        self.show_state(self.history.current, inputs=False)

    def action_undo(self) -> None:
        if self.history is None:
            return
        state = self.history.undo()
        if state is None:
            self.notify("Nothing to undo")
            return
        self.show_state(state, inputs=True)

    def action_save(self) -> None:
        if self.history is None or self.loaded is None:
            return
        try:
            save_availability(self.loaded.agent_id, self.history.current, engine=self.app.engine)
        except ValidationFailed as exc:
            for error in exc.errors:
                target = f"#error-{error.field}" if self.query(f"#error-{error.field}") else "#error-exceptions"
                self.query_one(target, Static).update(error.message)
            self.notify(str(exc), title="Not saved", severity="warning")
            return
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Saving availability", exc)
            return
        agent_id = self.loaded.agent_id
        try:
            self.loaded = load_availability(agent_id, engine=self.app.engine)
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Reloading availability after saving", exc)
        self.history = UndoHistory(self.loaded.state)
        self.show_state(self.loaded.state, inputs=False)
        self.notify(f"Saved availability of {self.loaded.agent_label}")
        self.post_message(AvailabilitySaved(agent_id))

    def _step_agent(self, step: int) -> None:
        if self.history is not None and self.history.dirty:
            self.notify("Save (ctrl+s) or undo (ctrl+z) the changes first", severity="warning")
            return
        try:
            ids = self._agent_ids()
        except SQLAlchemyError as exc:
            self.app.report_error("Listing agents", exc)
            return
        if not ids:
            return
        current = self.loaded.agent_id if self.loaded else ids[0]
        index = (ids.index(current) + step) % len(ids) if current in ids else 0
        self.app.selected_agent_id = ids[index]
        self.load(ids[index])

    def action_next_agent(self) -> None:
        self._step_agent(1)

    def action_previous_agent(self) -> None:
        self._step_agent(-1)
