"""The availability state: grid painting, round trips through the store, undo, validation."""

from datetime import date, datetime, timezone

import pytest
from sqlmodel import Session, select

from scheduler.services.availability import (
    SLOTS_PER_DAY, AvailabilityState, Cell, ExceptionEntry, PreferenceSettings, UndoHistory, WeekGrid,
    load_availability, save_availability,
)
from scheduler.services.errors import ValidationFailed
from scheduler.storage.database import session_scope
from scheduler.storage.models import AvailabilityException, AvailabilityWindow


def test_grid_runs_and_rectangles():
    grid = WeekGrid.filled(Cell.UNAVAILABLE).painted(2, 0, 40, 32, Cell.AVAILABLE)  # any corner order
    assert grid.runs(0, {Cell.AVAILABLE}) == [(480, 615)]
    assert grid.runs(3, {Cell.AVAILABLE}) == []
    assert grid.count(Cell.AVAILABLE) == 3 * 9


def test_round_trip_keeps_windows_preferences_and_exceptions(centre):
    agent = centre.agent_ids[0]
    grid = WeekGrid.filled(Cell.UNAVAILABLE).painted(0, 4, 28, 71, Cell.AVAILABLE).painted(0, 0, 28, 35,
                                                                                           Cell.PREFERRED)
    state = AvailabilityState(
        grid, (ExceptionEntry("sick", date(2026, 3, 3), date(2026, 3, 4), "flu"),),
        PreferenceSettings(start_window_weight=3.0, days_off=(5, 6), day_off_weight=2.0, shift_length_min=450))
    save_availability(agent, state, engine=centre.engine)
    loaded = load_availability(agent, engine=centre.engine)
    assert loaded.state.grid == grid
    assert loaded.state.preferences == state.preferences
    assert [(e.kind, e.first_day, e.last_day, e.note) for e in loaded.state.exceptions] == [
        ("sick", date(2026, 3, 3), date(2026, 3, 4), "flu")]
    with Session(centre.engine) as session:
        windows = session.exec(select(AvailabilityWindow).where(AvailabilityWindow.agent_id == agent)).all()
    assert sorted((w.weekday, w.start_min, w.end_min) for w in windows) == [(d, 420, 1080) for d in range(5)]


def test_stored_exception_instants_survive_a_save(centre):
    agent = centre.agent_ids[0]
    afternoon = (datetime(2026, 3, 5, 12, tzinfo=timezone.utc), datetime(2026, 3, 5, 16, tzinfo=timezone.utc))
    with session_scope(centre.engine) as session:
        session.add(AvailabilityException(agent_id=agent, kind="unavailable", start_utc=afternoon[0],
                                          end_utc=afternoon[1]))
    loaded = load_availability(agent, engine=centre.engine)
    save_availability(agent, loaded.state, engine=centre.engine)
    with Session(centre.engine) as session:
        stored = session.exec(select(AvailabilityException)).one()
    assert (stored.start_utc, stored.end_utc) == afternoon


def test_overnight_window_paints_the_next_morning(centre):
    agent = centre.agent_ids[0]
    with session_scope(centre.engine) as session:
        session.add(AvailabilityWindow(agent_id=agent, weekday=6, start_min=1320, end_min=1560))
    grid = load_availability(agent, engine=centre.engine).state.grid
    assert grid.runs(6, {Cell.AVAILABLE}) == [(1320, 1440)]
    assert grid.runs(0, {Cell.AVAILABLE}) == [(0, 120)]


def test_nothing_available_is_refused(centre):
    with pytest.raises(ValidationFailed, match="deactivate"):
        save_availability(centre.agent_ids[0], AvailabilityState(WeekGrid.filled(Cell.UNAVAILABLE)),
                          engine=centre.engine)


def test_undo_until_saved():
    saved = AvailabilityState(WeekGrid.filled(Cell.AVAILABLE))
    history = UndoHistory(saved)
    one = AvailabilityState(saved.grid.painted(0, 0, 0, 0, Cell.UNAVAILABLE))
    history.push(one)
    history.push(one)  # no-op edits are not steps
    history.push(AvailabilityState(one.grid.painted(1, 1, 0, SLOTS_PER_DAY - 1, Cell.UNAVAILABLE)))
    assert history.undo() == one and history.dirty
    history.mark_saved()
    assert not history.dirty and history.undo() is None and history.current == one
