"""Demand over time: observed history, its forecast, and the staffing requirement derived from it."""

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from scheduler.storage.types import UTCDateTime


class History(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("queue_id", "interval_start_utc"),)

    id: int | None = Field(default=None, primary_key=True)
    queue_id: int = Field(foreign_key="queue.id", index=True)
    interval_start_utc: datetime = Field(sa_type=UTCDateTime)
    interval_min: int = Field(default=15, gt=0)
    offered: int = Field(ge=0)
    handled: int = Field(ge=0)
    abandoned: int = Field(default=0, ge=0)
    aht_s: float = Field(ge=0)


class Forecast(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("queue_id", "interval_start_utc"),)

    id: int | None = Field(default=None, primary_key=True)
    queue_id: int = Field(foreign_key="queue.id", index=True)
    interval_start_utc: datetime = Field(sa_type=UTCDateTime)
    interval_min: int = Field(default=15, gt=0)
    volume: float = Field(ge=0)
    aht_s: float = Field(ge=0)
    method: str
    created_utc: datetime = Field(sa_type=UTCDateTime)


class Requirement(SQLModel, table=True):
    """Agents needed on a queue in one interval, net of and gross of shrinkage, with marginal SL values."""

    __table_args__ = (UniqueConstraint("queue_id", "interval_start_utc"),)

    id: int | None = Field(default=None, primary_key=True)
    queue_id: int = Field(foreign_key="queue.id", index=True)
    interval_start_utc: datetime = Field(sa_type=UTCDateTime)
    interval_min: int = Field(default=15, gt=0)
    required_net: int = Field(ge=0)
    required_gross: int = Field(ge=0)
    backlog: float = Field(default=0.0, ge=0)
    marginal_values: list[float] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="expected contacts answered within target added by the 1st, 2nd, ... agent",
    )
