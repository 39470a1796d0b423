"""Plan screen: lock and move shifts (stored, on a draft), publish, and the rule-check hook."""

from datetime import timedelta

from sqlmodel import Session, select
from textual.widgets import Static

from scheduler.services.plans import publish_plan
from scheduler.storage.models import Plan, PlanBreak, PlanShift
from scheduler.tui.messages import PlanPublished, ShiftEdited
from scheduler.tui.widgets.roster_view import RosterView
from tests.scheduler.tui.conftest import run, wait_until


def first_shift(engine, plan_id, agent_id):
    with Session(engine) as session:
        return session.exec(select(PlanShift).where(PlanShift.plan_id == plan_id, PlanShift.agent_id == agent_id)
                            .order_by(PlanShift.start_utc)).first()


async def open_plan(app, pilot):
    await pilot.press("5")
    await wait_until(pilot, lambda: app.screen.query(RosterView) and app.screen.query_one(RosterView).roster)
    return app.screen.query_one(RosterView)


class TestPlanEdits:
    def test_lock_shift_is_stored_and_checked(self, make_app, centre):
        calls = []

        def checker(engine, plan_id):
            calls.append(plan_id)
            return ["contracts.max_week_min: BE-0001 works 41:00 h in week 10"]

        async def scenario():
            app = make_app(check_manual_edit=checker)
            async with app.run_test(size=(120, 40)) as pilot:
                view = await open_plan(app, pilot)
                assert view.current_shift() is not None  # the cursor starts on the first agent's shift
                await pilot.press("l")
                await wait_until(pilot, lambda: app.seen_of(ShiftEdited))
                assert calls == [centre.plan_id]
                assert "max_week_min" in str(app.screen.query_one("#plan-warnings", Static).render())
                assert view.current_shift().locked
        run(scenario())
        shift = first_shift(centre.engine, centre.plan_id, centre.agent_ids[0])
        assert shift.locked
        with Session(centre.engine) as session:
            assert session.get(Plan, centre.plan_id).statistics["manual_edits"] == [
                {"edit": "lock", "shift_id": shift.id}]

    def test_move_shift_moves_its_breaks(self, make_app, centre):
        before = first_shift(centre.engine, centre.plan_id, centre.agent_ids[0])

        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await open_plan(app, pilot)
                await pilot.press("full_stop", "full_stop")
                await wait_until(pilot, lambda: len(app.seen_of(ShiftEdited)) == 2)
        run(scenario())
        after = first_shift(centre.engine, centre.plan_id, centre.agent_ids[0])
        assert after.id == before.id and after.start_utc - before.start_utc == timedelta(minutes=30)
        with Session(centre.engine) as session:
            brk = session.exec(select(PlanBreak).where(PlanBreak.shift_id == after.id)).one()
        assert brk.start_utc == after.start_utc + timedelta(minutes=240)

    def test_published_plan_is_never_overwritten(self, make_app, centre):
        publish_plan(centre.plan_id, engine=centre.engine)

        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await open_plan(app, pilot)
                await pilot.press("l")
                await wait_until(pilot, lambda: app.seen_of(ShiftEdited))
                return app.seen_of(ShiftEdited)[0].plan_id, app.current_plan_id
        draft_id, shown = run(scenario())
        assert draft_id != centre.plan_id and shown == draft_id
        assert not first_shift(centre.engine, centre.plan_id, centre.agent_ids[0]).locked
        assert first_shift(centre.engine, draft_id, centre.agent_ids[0]).locked
        with Session(centre.engine) as session:
            draft = session.get(Plan, draft_id)
            assert (draft.status, draft.parent_id, draft.version) == ("draft", centre.plan_id, 2)

    def test_publish_key(self, make_app, centre):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await open_plan(app, pilot)
                await pilot.press("P")
                await wait_until(pilot, lambda: app.seen_of(PlanPublished))
                await pilot.press("P")  # a second publish is refused with a notification
                await pilot.pause()
                assert any("already published" in n.message for n in app._notifications)
        run(scenario())
        with Session(centre.engine) as session:
            assert session.get(Plan, centre.plan_id).status == "published"


class TestPlanView:
    def test_week_view_and_navigation(self, make_app, centre):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(80, 24)) as pilot:
                view = await open_plan(app, pilot)
                assert view.minutes_per_col == 30 and view.roster.span_min == 1440
                await pilot.press("w")
                await pilot.pause()
                assert view.roster.week and view.roster.span_min == 7 * 1440 - 0
                await pilot.press("w", "right_square_bracket")
                await pilot.pause()
                assert view.roster.first_day == centre_start(centre) + timedelta(days=1)
                await pilot.press("down")
                await pilot.pause()
                status = str(app.screen.query_one("#plan-status").render())
                assert f"({view.roster.time_zone} time" in status  # the planner knows which clock the grid shows
        run(scenario())

    def test_empty_state_without_plans(self, tmp_path):
        from tests.scheduler.services.centre import build_centre
        from tests.scheduler.tui.conftest import RecordingApp

        bare = build_centre(tmp_path / "bare.sqlite", with_plan=False, with_demand=False)

        async def scenario():
            app = RecordingApp(bare.engine, keymap={})
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("5")
                await wait_until(pilot, lambda: app.screen.query("#plan-empty"))
                await pilot.press("l", "P")  # nothing to act on: no traceback
                assert not app.screen.query_one("#plan-empty").has_class("hidden")
                await pilot.press("3")
                await wait_until(pilot, lambda: app.screen.query("#staffing-empty"))
                await pilot.pause()
                assert "No forecast" in str(app.screen.query_one("#staffing-empty", Static).render())
        run(scenario())


def centre_start(centre):
    with Session(centre.engine) as session:
        return session.get(Plan, centre.plan_id).start_day


class TestMouseAndExport:
    def test_mode_bar_and_roster_clicks(self, make_app):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.click("#mode-bar", offset=(61, 0))  # " Scheduler  1 Agents  2 Availability  3 Staffing  4 Solve  5 Plan"
                await wait_until(pilot, lambda: app.screen.query(RosterView)
                                 and app.screen.query_one(RosterView).roster)
                view = app.screen.query_one(RosterView)
                await pilot.click(view, offset=(40, 2))
                await pilot.pause()
                assert view.cursor_row == 2 and view.current_row().code == "BE-0003"
        run(scenario())

    def test_ical_export_for_the_agent_under_the_cursor(self, make_app, centre, tmp_path, monkeypatch):
        import sys
        import types

        calls = []

        def export_ical(engine, plan_id, agent_ids, out):
            calls.append((plan_id, agent_ids, out))
            return [out / "BE-0001.ics"]

        monkeypatch.setitem(sys.modules, "scheduler.export.ical", types.SimpleNamespace(export_ical=export_ical))

        async def scenario():
            app = make_app(export_dir=tmp_path)
            async with app.run_test(size=(120, 40)) as pilot:
                await open_plan(app, pilot)
                await pilot.press("i")
                await wait_until(pilot, lambda: any("Wrote 1 calendar" in n.message for n in app._notifications))
        run(scenario())
        assert calls == [(centre.plan_id, [centre.agent_ids[0]], tmp_path)]

    def test_missing_ical_export_is_a_notification(self, make_app, monkeypatch):
        import sys

        monkeypatch.setitem(sys.modules, "scheduler.export.ical", None)

        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await open_plan(app, pilot)
                await pilot.press("I")
                await wait_until(pilot, lambda: any("not available" in n.message for n in app._notifications))
        run(scenario())
