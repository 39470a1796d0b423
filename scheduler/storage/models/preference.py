"""Flexible-hours preferences: what agents value most, each weighted so the solver can trade them."""

from sqlmodel import Field, SQLModel


class Preference(SQLModel, table=True):
    """kind decides which fields matter: start_window (start/end), day_off (weekday), shift_length (length)."""

    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    kind: str = Field(description="a PreferenceKind value")
    weekday: int | None = Field(default=None, ge=0, le=6)
    start_min: int | None = Field(default=None, ge=0, le=1440)
    end_min: int | None = Field(default=None, ge=0, le=1440)
    length_min: int | None = Field(default=None, gt=0)
    weight: float = Field(default=1.0, ge=0)
