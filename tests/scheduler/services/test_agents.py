"""Agent rows, filtering, sorting and validated saves."""

import pytest
from sqlmodel import Session, select

from scheduler.services.agents import (
    AgentDraft, Skill, filter_rows, form_choices, list_agent_rows, load_agent_draft, parse_skills, save_agent,
    set_agent_active, sort_rows,
)
from scheduler.services.errors import ServiceError, ValidationFailed
from scheduler.storage.models import Agent, AgentSkill


class TestRows:
    def test_planned_week_minutes_exclude_unpaid_breaks(self, centre):
        rows = list_agent_rows(engine=centre.engine)
        assert len(rows) == 6
        assert rows[0].planned_week_min == 5 * (480 - 30) and rows[0].contract_week_min == 2400
        assert rows[0].skills == "Sales:1 Support:2"

    def test_filter_needs_every_word_and_sort_is_stable(self, centre):
        rows = list_agent_rows(engine=centre.engine)
        assert [r.code for r in filter_rows(rows, "sales:1 SUPPORT")] == ["BE-0001"]
        assert [r.code for r in sort_rows(rows, "skills")][:3] == ["BE-0003", "BE-0005", "BE-0001"]
        with pytest.raises(ServiceError, match="cannot sort agents by 'age'"):
            sort_rows(rows, "age")


class TestSave:
    def draft(self, centre, **changes) -> AgentDraft:
        base = dict(id=None, code="BE-0200", name="Kim", site_id=centre.site_id, contract_id=centre.contract_id,
                    shift_rule_id=centre.shift_rule_id, team_id=centre.team_id, skills=(Skill(centre.queue_ids[0]),))
        return AgentDraft(**{**base, **changes})

    def test_create_then_edit_replaces_skills(self, centre):
        agent_id = save_agent(self.draft(centre), engine=centre.engine)
        draft = load_agent_draft(agent_id, engine=centre.engine)
        save_agent(AgentDraft(**{**draft.__dict__, "name": "Kim Lee", "skills": (Skill(centre.queue_ids[1], 2),)}),
                   engine=centre.engine)
        with Session(centre.engine) as session:
            assert session.get(Agent, agent_id).name == "Kim Lee"
            skills = session.exec(select(AgentSkill).where(AgentSkill.agent_id == agent_id)).all()
            assert [(s.queue_id, s.priority) for s in skills] == [(centre.queue_ids[1], 2)]

    @pytest.mark.parametrize("changes, field, words", [
        ({"code": " "}, "code", "required"),
        ({"code": "BE-0001"}, "code", "already used"),
        ({"name": ""}, "name", "required"),
        ({"email": "kim.example.org"}, "email", "not an e-mail"),
        ({"contract_id": None}, "contract", "choose one"),
        ({"site_id": 999}, "site", "does not exist"),
        ({"role": "boss"}, "role", "not one of"),
        ({"skills": (Skill(1), Skill(1))}, "skills", "once"),
        ({"skills": (Skill(1, 0),)}, "skills", "start at 1"),
    ])
    def test_each_rule_names_its_field(self, centre, changes, field, words):
        with pytest.raises(ValidationFailed) as info:
            save_agent(self.draft(centre, **changes), engine=centre.engine)
        assert any(e.field == field and words in e.message for e in info.value.errors)
        with Session(centre.engine) as session:
            assert session.exec(select(Agent).where(Agent.code == "BE-0200")).first() is None

    def test_parse_skills(self, centre):
        queues = form_choices(engine=centre.engine).queues
        skills, error = parse_skills("support:2; Sales", queues)
        assert error is None and skills == (Skill(centre.queue_ids[1], 2), Skill(centre.queue_ids[0], 1))
        assert parse_skills("Sales:x", queues)[1].message.startswith("priority of 'Sales'")

    def test_deactivate(self, centre):
        set_agent_active(centre.agent_ids[0], False, engine=centre.engine)
        assert not list_agent_rows(engine=centre.engine)[0].active
        with pytest.raises(ServiceError, match="does not exist"):
            set_agent_active(12345, False, engine=centre.engine)
