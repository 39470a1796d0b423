"""Agents screen: search, sort, and the add/edit form with messages next to the fields."""

from sqlmodel import Session, select
from textual.widgets import Static

from scheduler.storage.models import Agent, AgentSkill
from scheduler.tui.messages import AgentSaved
from scheduler.tui.screens.agent_form import AgentFormScreen
from scheduler.tui.widgets.agent_table import AgentTable, column_x
from tests.scheduler.tui.conftest import run, wait_until


def table_codes(app) -> list[str]:
    return [row.code for row in app.screen.query_one(AgentTable).rows]


class TestAgentsTable:
    def test_search_filters_rows(self, make_app):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                assert len(table_codes(app)) == 6
                await pilot.press("slash")
                await pilot.press(*"support:1")
                await pilot.pause()
                assert table_codes(app) == ["BE-0002", "BE-0004", "BE-0006"]
                await pilot.press("enter", "s")  # back to the table, then sort by the next column
                assert "3 of 6 agents" in str(app.screen.query_one("#agents-status", Static).render())
        run(scenario())

    def test_sort_by_key_and_header_click(self, make_app):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("r")  # code, descending
                assert table_codes(app)[0] == "BE-0006"
                await pilot.click("#agent-table", offset=(column_x("skills") + 2, 0))  # the Skills header
                await pilot.pause()
                assert app.screen.sort_key == "skills"
                assert table_codes(app)[0] in {"BE-0003", "BE-0005"}  # "Sales:1" sorts first
        run(scenario())

    def test_deactivate_is_stored(self, make_app, centre):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("down", "d")
                await pilot.pause()
            with Session(centre.engine) as session:
                assert session.get(Agent, centre.agent_ids[1]).active is False
        run(scenario())


class TestAgentForm:
    def test_validation_messages_next_to_fields_and_nothing_stored(self, make_app, centre):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("a")
                await wait_until(pilot, lambda: isinstance(app.screen, AgentFormScreen))
                await pilot.press(*"BE-0001")  # an existing code, and no name, site or contract
                await pilot.press("ctrl+s")
                await pilot.pause()
                form = app.screen
                assert isinstance(form, AgentFormScreen)
                assert "already used" in str(form.query_one("#error-code", Static).render())
                assert "required" in str(form.query_one("#error-name", Static).render())
                assert "choose one" in str(form.query_one("#error-site", Static).render())
            with Session(centre.engine) as session:
                assert len(session.exec(select(Agent)).all()) == 6
        run(scenario())

    def test_add_agent_with_skills_is_stored(self, make_app, centre):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("a")
                await wait_until(pilot, lambda: isinstance(app.screen, AgentFormScreen))
                form = app.screen
                form.query_one("#field-code").value = "BE-0100"
                form.query_one("#field-name").value = "New Person"
                form.query_one("#field-site").value = centre.site_id
                form.query_one("#field-contract").value = centre.contract_id
                form.query_one("#field-shift_rule").value = centre.shift_rule_id
                form.query_one("#field-skills").value = "Support:1, Sales:3, Nope:1"
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert "unknown queue 'Nope'" in str(form.query_one("#error-skills", Static).render())
                form.query_one("#field-skills").value = "Support:1, Sales:3"
                await pilot.click("#save")
                await wait_until(pilot, lambda: not isinstance(app.screen, AgentFormScreen))
                await wait_until(pilot, lambda: app.seen_of(AgentSaved))
                assert "BE-0100" in table_codes(app)
            with Session(centre.engine) as session:
                agent = session.exec(select(Agent).where(Agent.code == "BE-0100")).one()
                skills = session.exec(select(AgentSkill).where(AgentSkill.agent_id == agent.id)).all()
                assert {(s.queue_id, s.priority) for s in skills} == {(centre.queue_ids[1], 1), (centre.queue_ids[0], 3)}
        run(scenario())


class TestAgentTableNavigation:
    def test_click_row_then_enter_opens_its_form(self, make_app, centre):
        async def scenario():
            app = make_app()
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.click("#agent-table", offset=(3, 3))  # header is line 0: third agent
                await pilot.pause()
                assert app.selected_agent_id == centre.agent_ids[2]
                await pilot.press("end")
                assert app.selected_agent_id == centre.agent_ids[-1]
                await pilot.press("home", "enter")
                await wait_until(pilot, lambda: isinstance(app.screen, AgentFormScreen))
                assert app.screen.agent_id == centre.agent_ids[0]
        run(scenario())
