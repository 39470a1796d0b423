"""Training, coaching and team meetings: time off the phones that must be planned, not squeezed out."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from scheduler.storage.types import UTCDateTime


class Activity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    kind: str = Field(description="an ActivityKind value")
    duration_min: int = Field(gt=0)
    window_start_utc: datetime = Field(sa_type=UTCDateTime)
    window_end_utc: datetime = Field(sa_type=UTCDateTime)
    recurs_weekly: bool = Field(default=False, description="repeat the window every week of a plan")
    team_id: int | None = Field(default=None, foreign_key="team.id", description="all of a team take part")


class ActivityParticipant(SQLModel, table=True):
    __tablename__ = "activity_participant"

    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", primary_key=True)
