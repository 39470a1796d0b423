"""Staffing screen: per queue and day, the table and chart of required vs planned, SL coloured."""

from textual.widgets import DataTable, Static

from tests.scheduler.tui.conftest import run, wait_until


class TestStaffing:
    def test_table_shows_required_planned_and_service_level(self, make_app):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("3")
                await wait_until(pilot, lambda: app.screen.query("#staffing-table")
                                 and app.screen.query_one("#staffing-table", DataTable).row_count)
                table = app.screen.query_one("#staffing-table", DataTable)
                assert table.row_count == 40  # 08:00-18:00 in 15-minute intervals
                first = table.get_row_at(0)
                assert first[0] == "08:00" and first[4] == "8" and first[5] == "2"
                sl = first[6]
                assert sl.plain.strip().endswith("%") and "red" in str(sl.style)  # 2 agents for 20 calls of 3 min
                status = str(app.screen.query_one("#staffing-status", Static).render())
                assert "Sales" in status and "plan #1" in status
                await pilot.press("q")  # next queue
                await pilot.pause()
                assert "Support" in str(app.screen.query_one("#staffing-status", Static).render())
        run(scenario())
