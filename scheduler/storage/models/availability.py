"""When agents can work: recurring weekly windows plus dated exceptions (vacation, sickness, extra days)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from scheduler.storage.types import UTCDateTime


class AvailabilityWindow(SQLModel, table=True):
    """A recurring weekly window in the agent's site-local time; no windows at all means always available."""

    __tablename__ = "availability_window"

    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    weekday: int = Field(ge=0, le=6)
    start_min: int = Field(ge=0, le=1440)
    end_min: int = Field(ge=0, le=2880, description="may pass 1440 for a window that ends after midnight")


class AvailabilityException(SQLModel, table=True):
    """A dated span that overrides the weekly pattern, stored as UTC instants."""

    __tablename__ = "availability_exception"

    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    kind: str = Field(description="an ExceptionKind value")
    start_utc: datetime = Field(sa_type=UTCDateTime)
    end_utc: datetime = Field(sa_type=UTCDateTime)
    note: str = Field(default="")
