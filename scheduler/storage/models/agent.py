"""Agents, their teams and their skills."""

from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    site_id: int = Field(foreign_key="site.id", index=True)


class Agent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, description="the planner's stable key, e.g. MS-014")
    name: str
    email: str | None = Field(default=None, index=True)
    site_id: int = Field(foreign_key="site.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    role: str = Field(default="agent", description="a Role value")
    contract_id: int = Field(foreign_key="contract.id")
    shift_rule_id: int = Field(foreign_key="shift_rule.id")
    active: bool = Field(default=True)


class AgentSkill(SQLModel, table=True):
    """An agent may serve a queue; priority 1 is the queue the agent is preferably routed to."""

    __tablename__ = "agent_skill"

    agent_id: int = Field(foreign_key="agent.id", primary_key=True)
    queue_id: int = Field(foreign_key="queue.id", primary_key=True)
    priority: int = Field(default=1, ge=1)
