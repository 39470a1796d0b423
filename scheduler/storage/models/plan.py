"""Plans are versioned: each solve writes a new draft; publishing is explicit and never overwritten."""

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from scheduler.storage.types import UTCDateTime


class Plan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(ge=1, description="1, 2, ... per start date")
    name: str = Field(default="")
    status: str = Field(default="draft", description="a PlanStatus value")
    start_day: date
    weeks: int = Field(default=1, ge=1)
    parent_id: int | None = Field(default=None, foreign_key="plan.id", description="the plan it re-solved")
    created_utc: datetime = Field(sa_type=UTCDateTime)
    published_utc: datetime | None = Field(default=None, sa_type=UTCDateTime)
    solver_status: str = Field(default="")
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_time_s: float | None = None
    statistics: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class PlanShift(SQLModel, table=True):
    __tablename__ = "plan_shift"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    day: date = Field(description="the site-local day the shift starts on")
    start_utc: datetime = Field(sa_type=UTCDateTime)
    end_utc: datetime = Field(sa_type=UTCDateTime)
    locked: bool = Field(default=False)


class PlanBreak(SQLModel, table=True):
    __tablename__ = "plan_break"

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="plan_shift.id", index=True)
    start_utc: datetime = Field(sa_type=UTCDateTime)
    end_utc: datetime = Field(sa_type=UTCDateTime)
    paid: bool = Field(default=False)


class PlanActivity(SQLModel, table=True):
    __tablename__ = "plan_activity"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    activity_id: int = Field(foreign_key="activity.id")
    agent_id: int = Field(foreign_key="agent.id", index=True)
    start_utc: datetime = Field(sa_type=UTCDateTime)
    end_utc: datetime = Field(sa_type=UTCDateTime)


class PlanAssignment(SQLModel, table=True):
    """Queue assignment per interval, stored run-length encoded: one row per agent and unbroken queue span."""

    __tablename__ = "plan_assignment"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    queue_id: int = Field(foreign_key="queue.id")
    start_utc: datetime = Field(sa_type=UTCDateTime)
    end_utc: datetime = Field(sa_type=UTCDateTime)
