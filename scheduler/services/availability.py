"""Availability and preferences of one agent as an editable state: a week grid of 15-minute cells
(unavailable / available / preferred start), dated exceptions and weighted preferences. The state is an
immutable value, so undo is a stack of states, and saving writes it whole in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import IntEnum

from sqlalchemy.engine import Engine
from sqlmodel import Session, delete, select

from scheduler.services.errors import FieldError, ServiceError, ValidationFailed
from scheduler.services.time_zones import local_midnight_utc, zone
from scheduler.storage.database import session_scope
from scheduler.storage.models import (
    Agent, AvailabilityException, AvailabilityWindow, ExceptionKind, Preference, PreferenceKind, Site,
)

SLOT_MIN = 15
SLOTS_PER_DAY = 1440 // SLOT_MIN
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Cell(IntEnum):
    UNAVAILABLE = 0
    AVAILABLE = 1
    PREFERRED = 2  # available, and a preferred time to start


@dataclass(frozen=True)
class WeekGrid:
    cells: tuple[tuple[Cell, ...], ...]  # 7 days × 96 slots, site-local

    @classmethod
    def filled(cls, cell: Cell) -> WeekGrid:
        return cls(tuple(tuple([cell] * SLOTS_PER_DAY) for _ in range(7)))

    def at(self, day: int, slot: int) -> Cell:
        return self.cells[day][slot]

    def painted(self, day_from: int, day_to: int, slot_from: int, slot_to: int, cell: Cell) -> WeekGrid:
        """The grid with the rectangle of days and slots (inclusive, any corner order) set to `cell`."""
        d0, d1 = sorted((day_from, day_to))
        s0, s1 = sorted((slot_from, slot_to))
        return WeekGrid(tuple(
            tuple(cell if d0 <= d <= d1 and s0 <= s <= s1 else c for s, c in enumerate(row))
            for d, row in enumerate(self.cells)
        ))

    def runs(self, day: int, wanted: set[Cell]) -> list[tuple[int, int]]:
        """Unbroken spans of `wanted` cells on a day, in minutes [start, end)."""
        spans, start = [], None
        for slot, cell in enumerate([*self.cells[day], None]):
            if cell in wanted and start is None:
                start = slot
            elif cell not in wanted and start is not None:
                spans.append((start * SLOT_MIN, slot * SLOT_MIN))
                start = None
        return spans

    def count(self, cell: Cell) -> int:
        return sum(row.count(cell) for row in self.cells)


@dataclass(frozen=True)
class ExceptionEntry:
    """A dated exception; local days inclusive. Stored instants are kept for entries read from the store."""

    kind: str
    first_day: date
    last_day: date
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class PreferenceSettings:
    start_window_weight: float = 1.0
    days_off: tuple[int, ...] = ()
    day_off_weight: float = 1.0
    shift_length_min: int | None = None
    shift_length_weight: float = 1.0


@dataclass(frozen=True)
class AvailabilityState:
    grid: WeekGrid
    exceptions: tuple[ExceptionEntry, ...] = ()
    preferences: PreferenceSettings = field(default_factory=PreferenceSettings)


@dataclass(frozen=True)
class AgentAvailability:
    agent_id: int
    agent_label: str
    time_zone: str
    state: AvailabilityState


def _agent_zone(session: Session, agent: Agent):
    site = session.get(Site, agent.site_id)
    return zone(site.time_zone if site else None)


def load_availability(agent_id: int, *, engine: Engine) -> AgentAvailability:
    with Session(engine) as session:
        agent = session.get(Agent, agent_id)
        if agent is None:
            raise ServiceError(f"agent {agent_id} does not exist (deleted meanwhile?)")
        tz = _agent_zone(session, agent)
        windows = session.exec(select(AvailabilityWindow).where(AvailabilityWindow.agent_id == agent_id)).all()
        cells = [[Cell.UNAVAILABLE if windows else Cell.AVAILABLE] * SLOTS_PER_DAY for _ in range(7)]

        def paint(weekday: int, start_min: int, end_min: int, cell: Cell) -> None:
            for slot in range(start_min // SLOT_MIN, -(-end_min // SLOT_MIN)):
                cells[(weekday + slot // SLOTS_PER_DAY) % 7][slot % SLOTS_PER_DAY] = cell

        for w in windows:
            paint(w.weekday, w.start_min, w.end_min, Cell.AVAILABLE)
        prefs = session.exec(select(Preference).where(Preference.agent_id == agent_id)).all()
        settings = PreferenceSettings()
        for p in prefs:
            if p.kind == PreferenceKind.START_WINDOW and p.start_min is not None and p.end_min is not None:
                for weekday in ([p.weekday] if p.weekday is not None else range(7)):
                    paint(weekday, p.start_min, p.end_min, Cell.PREFERRED)
                settings = replace(settings, start_window_weight=p.weight)
            elif p.kind == PreferenceKind.DAY_OFF and p.weekday is not None:
                settings = replace(settings, days_off=tuple(sorted({*settings.days_off, p.weekday})),
                                   day_off_weight=p.weight)
            elif p.kind == PreferenceKind.SHIFT_LENGTH and p.length_min:
                settings = replace(settings, shift_length_min=p.length_min, shift_length_weight=p.weight)
        exceptions = tuple(
            ExceptionEntry(e.kind, e.start_utc.astimezone(tz).date(),
                           (e.end_utc - timedelta(microseconds=1)).astimezone(tz).date(), e.note, e.id)
            for e in session.exec(select(AvailabilityException).where(AvailabilityException.agent_id == agent_id)
                                  .order_by(AvailabilityException.start_utc)).all()
        )
        grid = WeekGrid(tuple(tuple(row) for row in cells))
        return AgentAvailability(agent.id, f"{agent.code} {agent.name}", tz.key,
                                 AvailabilityState(grid, exceptions, settings))


def validate_state(state: AvailabilityState) -> list[FieldError]:
    errors = []
    if state.grid.count(Cell.UNAVAILABLE) == 7 * SLOTS_PER_DAY:
        errors.append(FieldError("grid", "no available time at all: deactivate the agent instead"))
    prefs = state.preferences
    for name in ("start_window_weight", "day_off_weight", "shift_length_weight"):
        if getattr(prefs, name) < 0:
            errors.append(FieldError(name, "weights cannot be negative"))
    if prefs.shift_length_min is not None and not 0 < prefs.shift_length_min <= 720:
        errors.append(FieldError("shift_length_min", "a shift length between 1 and 720 minutes"))
    if len(prefs.days_off) > 6:
        errors.append(FieldError("days_off", "at most 6 preferred days off"))
    for entry in state.exceptions:
        if entry.last_day < entry.first_day:
            errors.append(FieldError("exceptions", f"{entry.kind} ends before it starts"))
        if entry.kind not in {k.value for k in ExceptionKind}:
            errors.append(FieldError("exceptions", f"unknown kind {entry.kind!r}"))
    return errors


def save_availability(agent_id: int, state: AvailabilityState, *, engine: Engine) -> None:
    """Replace windows and preferences, and add/remove exceptions, all in one transaction."""
    errors = validate_state(state)
    if errors:
        raise ValidationFailed(errors)
    with session_scope(engine) as session:
        agent = session.get(Agent, agent_id)
        if agent is None:
            raise ServiceError(f"agent {agent_id} does not exist (deleted meanwhile?)")
        tz = _agent_zone(session, agent)
        session.exec(delete(AvailabilityWindow).where(AvailabilityWindow.agent_id == agent_id))
        session.exec(delete(Preference).where(Preference.agent_id == agent_id))
        grid = state.grid
        if grid.count(Cell.UNAVAILABLE):  # no windows at all means always available
            for day in range(7):
                for start_min, end_min in grid.runs(day, {Cell.AVAILABLE, Cell.PREFERRED}):
                    session.add(AvailabilityWindow(agent_id=agent_id, weekday=day, start_min=start_min,
                                                   end_min=end_min))
        prefs = state.preferences
        for day in range(7):
            for start_min, end_min in grid.runs(day, {Cell.PREFERRED}):
                session.add(Preference(agent_id=agent_id, kind=PreferenceKind.START_WINDOW.value, weekday=day,
                                       start_min=start_min, end_min=end_min, weight=prefs.start_window_weight))
        for day in prefs.days_off:
            session.add(Preference(agent_id=agent_id, kind=PreferenceKind.DAY_OFF.value, weekday=day,
                                   weight=prefs.day_off_weight))
        if prefs.shift_length_min:
            session.add(Preference(agent_id=agent_id, kind=PreferenceKind.SHIFT_LENGTH.value,
                                   length_min=prefs.shift_length_min, weight=prefs.shift_length_weight))
        kept = {e.id for e in state.exceptions if e.id is not None}
        for stored in session.exec(select(AvailabilityException)
                                   .where(AvailabilityException.agent_id == agent_id)).all():
            if stored.id not in kept:
                session.delete(stored)
        for entry in state.exceptions:
            if entry.id is None:
                session.add(AvailabilityException(
                    agent_id=agent_id, kind=entry.kind, note=entry.note,
                    start_utc=local_midnight_utc(entry.first_day, tz),
                    end_utc=local_midnight_utc(entry.last_day + timedelta(days=1), tz)))


class UndoHistory:
    """Edits since the last save, newest last; undo steps back one state at a time until the saved one."""

    def __init__(self, saved: AvailabilityState) -> None:
        self._states = [saved]

    @property
    def current(self) -> AvailabilityState:
        return self._states[-1]

    @property
    def dirty(self) -> bool:
        return len(self._states) > 1

    def push(self, state: AvailabilityState) -> None:
        if state != self._states[-1]:
            self._states.append(state)

    def undo(self) -> AvailabilityState | None:
        """The previous state, or None when nothing is left to undo."""
        if len(self._states) == 1:
            return None
        self._states.pop()
        return self._states[-1]

    def mark_saved(self) -> None:
        self._states = [self._states[-1]]


def parse_day(text: str, field_name: str) -> tuple[date | None, FieldError | None]:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date(), None
    except ValueError:
        return None, FieldError(field_name, f"{text!r} is not a date like 2026-03-30")
