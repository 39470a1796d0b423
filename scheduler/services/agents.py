"""The agents table and the agent form: rows to show, and validated create, edit and deactivate."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy.engine import Engine
from sqlmodel import Session, delete, select

from scheduler.services.errors import FieldError, ServiceError, ValidationFailed
from scheduler.services.plans import latest_plan_id, worked_minutes_by_agent
from scheduler.storage.database import session_scope
from scheduler.storage.models import Agent, AgentSkill, Contract, Plan, Queue, Role, ShiftRule, Site, Team

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class AgentRow:
    id: int
    code: str
    name: str
    site: str
    team: str
    contract: str
    skills: str
    planned_week_min: int
    contract_week_min: int
    active: bool

    @property
    def search_text(self) -> str:
        return f"{self.code} {self.name} {self.site} {self.team} {self.contract} {self.skills}".casefold()


SORT_KEYS: tuple[str, ...] = ("code", "name", "site", "team", "contract", "skills", "planned_week_min",
                              "contract_week_min", "active")


def list_agent_rows(*, engine: Engine, plan_id: int | None = None) -> list[AgentRow]:
    """Every agent with its planned weekly minutes in `plan_id` (default: the newest plan)."""
    with Session(engine) as session:
        names = {
            "site": dict(session.exec(select(Site.id, Site.name)).all()),
            "team": dict(session.exec(select(Team.id, Team.name)).all()),
            "queue": dict(session.exec(select(Queue.id, Queue.name)).all()),
        }
        contracts = {c.id: c for c in session.exec(select(Contract)).all()}
        skills: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for agent_id, queue_id, priority in session.exec(
            select(AgentSkill.agent_id, AgentSkill.queue_id, AgentSkill.priority)
        ).all():
            skills[agent_id].append((priority, names["queue"].get(queue_id, "?")))
        plan_id = plan_id if plan_id is not None else latest_plan_id(session=session)
        worked = worked_minutes_by_agent(plan_id, session=session) if plan_id is not None else {}
        weeks = session.get(Plan, plan_id).weeks if plan_id is not None else 1
        rows = []
        columns = (Agent.id, Agent.code, Agent.name, Agent.site_id, Agent.team_id, Agent.contract_id, Agent.active)
        for agent_id, code, name, site_id, team_id, contract_id, active in session.exec(
            select(*columns).order_by(Agent.code)
        ).all():
            contract = contracts.get(contract_id)
            rows.append(AgentRow(
                id=agent_id, code=code, name=name,
                site=names["site"].get(site_id, "?"),
                team=names["team"].get(team_id, "") if team_id else "",
                contract=contract.name if contract else "?",
                skills=" ".join(f"{queue}:{prio}" for prio, queue in sorted(skills.get(agent_id, []))),
                planned_week_min=round(worked.get(agent_id, 0) / weeks),
                contract_week_min=contract.max_week_min if contract else 0,
                active=active,
            ))
        return rows


def filter_rows(rows: Iterable[AgentRow], text: str) -> list[AgentRow]:
    """Rows containing every word of `text` anywhere (code, name, site, team, contract, skills)."""
    words = text.casefold().split()
    return [row for row in rows if all(word in row.search_text for word in words)]


def sort_rows(rows: Iterable[AgentRow], key: str, *, descending: bool = False) -> list[AgentRow]:
    if key not in SORT_KEYS:
        raise ServiceError(f"cannot sort agents by {key!r}; choose one of {', '.join(SORT_KEYS)}")
    return sorted(rows, key=lambda row: (getattr(row, key), row.code), reverse=descending)


@dataclass(frozen=True)
class Skill:
    queue_id: int
    priority: int = 1


@dataclass(frozen=True)
class AgentDraft:
    """What the form edits; `id` None creates a new agent."""

    id: int | None
    code: str
    name: str
    site_id: int | None
    contract_id: int | None
    shift_rule_id: int | None
    team_id: int | None = None
    email: str | None = None
    role: str = Role.AGENT.value
    skills: tuple[Skill, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


@dataclass(frozen=True)
class FormChoices:
    sites: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    contracts: tuple[Choice, ...]
    shift_rules: tuple[Choice, ...]
    queues: tuple[Choice, ...]


def form_choices(*, engine: Engine) -> FormChoices:
    with Session(engine) as session:
        def choices(model, label) -> tuple[Choice, ...]:
            return tuple(Choice(i, n) for i, n in session.exec(select(model.id, label).order_by(label)).all())
        return FormChoices(
            sites=choices(Site, Site.name), teams=choices(Team, Team.name),
            contracts=choices(Contract, Contract.name), shift_rules=choices(ShiftRule, ShiftRule.name),
            queues=choices(Queue, Queue.name),
        )


def load_agent_draft(agent_id: int, *, engine: Engine) -> AgentDraft:
    with Session(engine) as session:
        agent = session.get(Agent, agent_id)
        if agent is None:
            raise ServiceError(f"agent {agent_id} does not exist (deleted meanwhile?)")
        skills = session.exec(
            select(AgentSkill).where(AgentSkill.agent_id == agent_id).order_by(AgentSkill.priority)
        ).all()
        return AgentDraft(
            id=agent.id, code=agent.code, name=agent.name, site_id=agent.site_id, team_id=agent.team_id,
            contract_id=agent.contract_id, shift_rule_id=agent.shift_rule_id, email=agent.email,
            role=agent.role, skills=tuple(Skill(s.queue_id, s.priority) for s in skills), active=agent.active,
        )


def parse_skills(text: str, queues: Sequence[Choice]) -> tuple[tuple[Skill, ...], FieldError | None]:
    """`"Sales:1, Support:2"` (priority defaults to 1) into skills, or the first problem found."""
    by_name = {q.label.casefold(): q.id for q in queues}
    skills: list[Skill] = []
    for item in filter(None, (part.strip() for part in re.split(r"[,;]", text))):
        name, _, priority_text = item.partition(":")
        queue_id = by_name.get(name.strip().casefold())
        if queue_id is None:
            known = ", ".join(q.label for q in queues) or "none defined"
            return (), FieldError("skills", f"unknown queue {name.strip()!r} (queues: {known})")
        try:
            priority = int(priority_text) if priority_text.strip() else 1
        except ValueError:
            return (), FieldError("skills", f"priority of {name.strip()!r} must be a whole number, got {priority_text!r}")
        skills.append(Skill(queue_id, priority))
    return tuple(skills), None


def format_skills(skills: Sequence[Skill], queues: Sequence[Choice]) -> str:
    names = {q.id: q.label for q in queues}
    return ", ".join(f"{names.get(s.queue_id, s.queue_id)}:{s.priority}" for s in skills)


def validate_agent(draft: AgentDraft, *, session: Session) -> list[FieldError]:
    errors: list[FieldError] = []
    code = draft.code.strip()
    if not code:
        errors.append(FieldError("code", "required, e.g. MS-014"))
    else:
        clash = session.exec(select(Agent.id).where(Agent.code == code)).first()
        if clash is not None and clash != draft.id:
            errors.append(FieldError("code", f"{code} is already used by another agent"))
    if not draft.name.strip():
        errors.append(FieldError("name", "required"))
    if draft.email and not EMAIL.match(draft.email.strip()):
        errors.append(FieldError("email", f"{draft.email!r} is not an e-mail address"))
    for field, model, value in (("site", Site, draft.site_id), ("contract", Contract, draft.contract_id),
                                ("shift_rule", ShiftRule, draft.shift_rule_id)):
        if value is None:
            errors.append(FieldError(field, "choose one"))
        elif session.get(model, value) is None:
            errors.append(FieldError(field, f"{field.replace('_', ' ')} {value} does not exist"))
    if draft.team_id is not None:
        team = session.get(Team, draft.team_id)
        if team is None:
            errors.append(FieldError("team", f"team {draft.team_id} does not exist"))
        elif draft.site_id is not None and team.site_id != draft.site_id:
            errors.append(FieldError("team", f"team {team.name} belongs to another site"))
    if draft.role not in {r.value for r in Role}:
        errors.append(FieldError("role", f"{draft.role!r} is not one of {', '.join(r.value for r in Role)}"))
    seen: set[int] = set()
    for skill in draft.skills:
        if skill.priority < 1:
            errors.append(FieldError("skills", "priorities start at 1 (the preferred queue)"))
        if skill.queue_id in seen:
            errors.append(FieldError("skills", "each queue may appear once"))
        seen.add(skill.queue_id)
        if session.get(Queue, skill.queue_id) is None:
            errors.append(FieldError("skills", f"queue {skill.queue_id} does not exist"))
    return errors


def save_agent(draft: AgentDraft, *, engine: Engine) -> int:
    """Create or update the agent and replace its skills in one transaction; raises ValidationFailed."""
    draft = replace(draft, code=draft.code.strip(), name=draft.name.strip(),
                    email=(draft.email or "").strip() or None)
    with session_scope(engine) as session:
        errors = validate_agent(draft, session=session)
        if errors:
            raise ValidationFailed(errors)
        agent = session.get(Agent, draft.id) if draft.id is not None else Agent(
            code=draft.code, name=draft.name, site_id=draft.site_id, contract_id=draft.contract_id,
            shift_rule_id=draft.shift_rule_id)
        if agent is None:
            raise ServiceError(f"agent {draft.id} does not exist (deleted meanwhile?)")
        for field in ("code", "name", "email", "site_id", "team_id", "contract_id", "shift_rule_id", "role",
                      "active"):
            setattr(agent, field, getattr(draft, field))
        session.add(agent)
        session.flush()
        session.exec(delete(AgentSkill).where(AgentSkill.agent_id == agent.id))
        for skill in draft.skills:
            session.add(AgentSkill(agent_id=agent.id, queue_id=skill.queue_id, priority=skill.priority))
        return agent.id


def set_agent_active(agent_id: int, active: bool, *, engine: Engine) -> None:
    """Deactivate (or reactivate) an agent: kept for history and old plans, left out of new solves."""
    with session_scope(engine) as session:
        agent = session.get(Agent, agent_id)
        if agent is None:
            raise ServiceError(f"agent {agent_id} does not exist (deleted meanwhile?)")
        agent.active = active
        session.add(agent)
