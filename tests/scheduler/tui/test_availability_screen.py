"""Availability screen: paint the week grid with keys and mouse, undo, save in one go, exceptions."""

from datetime import date

from sqlmodel import Session, select

from scheduler.storage.models import AvailabilityException, AvailabilityWindow, Preference
from scheduler.tui.messages import AvailabilitySaved
from scheduler.tui.widgets.week_grid import WeekGrid
from tests.scheduler.tui.conftest import run, wait_until


def windows(engine, agent_id):
    with Session(engine) as session:
        return sorted((w.weekday, w.start_min, w.end_min) for w in session.exec(
            select(AvailabilityWindow).where(AvailabilityWindow.agent_id == agent_id)))


class TestWeekGrid:
    def test_paint_with_keys_undo_and_save(self, make_app, centre):
        agent = centre.agent_ids[0]

        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("2")
                await wait_until(pilot, lambda: app.screen.query(WeekGrid))
                grid = app.screen.query_one(WeekGrid)
                assert grid.has_focus and grid.cursor == (0, 32)  # Monday 08:00
                # Monday: make 08:00-08:45 unavailable by painting with shift+down
                await pilot.press("u", "shift+down", "shift+down")
                # Sunday whole day unavailable
                await pilot.press(*["right"] * 6, "f")
                await pilot.press("a", "ctrl+z")  # painting one cell back and undoing it
                assert app.screen.history.dirty
                assert windows(centre.engine, agent) == []  # nothing stored before saving
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: app.seen_of(AvailabilitySaved))
                assert not app.screen.history.dirty
            assert windows(centre.engine, agent) == [
                (0, 0, 480), (0, 525, 1440), (1, 0, 1440), (2, 0, 1440), (3, 0, 1440), (4, 0, 1440), (5, 0, 1440)]
        run(scenario())

    def test_mouse_drag_paints_preferred_start_window(self, make_app, centre):
        agent = centre.agent_ids[0]

        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("2")
                await wait_until(pilot, lambda: app.screen.query(WeekGrid))
                grid = app.screen.query_one(WeekGrid)
                grid.brush = grid.brush.PREFERRED
                # Tue..Wed, 07:00-08:45: x = 6 + day*5 + quarter, y = 1 + hour
                await pilot.mouse_down(grid, offset=(6 + 5, 8))
                await pilot.hover(grid, offset=(6 + 10 + 3, 9))
                await pilot.mouse_up(grid, offset=(6 + 10 + 3, 9))
                await pilot.pause()
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: app.seen_of(AvailabilitySaved))
            with Session(centre.engine) as session:
                prefs = sorted((p.weekday, p.start_min, p.end_min) for p in session.exec(
                    select(Preference).where(Preference.agent_id == agent, Preference.kind == "start_window")))
            assert prefs == [(1, 420, 540), (2, 420, 540)]
            assert windows(centre.engine, agent) == []  # preferred is available: still always available
        run(scenario())


class TestPreferencesAndExceptions:
    def test_exception_and_days_off_saved_together(self, make_app, centre):
        agent = centre.agent_ids[1]

        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("down", "2")
                await wait_until(pilot, lambda: app.screen.query(WeekGrid))
                screen = app.screen
                assert screen.loaded.agent_id == agent
                screen.query_one("#pref-days_off").value = "Sat Sun"
                screen.query_one("#pref-day_off_weight").value = "2.5"
                screen.query_one("#pref-shift_length_min").value = "abc"
                await pilot.pause()
                assert "not whole minutes" in str(screen.query_one("#error-shift_length_min").render())
                screen.query_one("#pref-shift_length_min").value = "480"
                screen.query_one("#exception-from").value = "2026-03-30"
                screen.query_one("#exception-to").value = "2026-04-03"
                await pilot.click("#exception-add-button")
                await pilot.pause()
                assert len(screen.history.current.exceptions) == 1
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: app.seen_of(AvailabilitySaved))
            with Session(centre.engine) as session:
                prefs = session.exec(select(Preference).where(Preference.agent_id == agent)).all()
                exceptions = session.exec(select(AvailabilityException)
                                          .where(AvailabilityException.agent_id == agent)).all()
            assert sorted((p.kind, p.weekday, p.length_min, p.weight) for p in prefs) == [
                ("day_off", 5, None, 2.5), ("day_off", 6, None, 2.5), ("shift_length", None, 480, 1.0)]
            assert [(e.kind, e.start_utc.date(), e.end_utc.date()) for e in exceptions] == [
                ("vacation", date(2026, 3, 29), date(2026, 4, 3))]  # local midnights in UTC (CEST: -2 h)
        run(scenario())
