"""Contracts and shift rules: the labour limits and shift shapes an agent may be given."""

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class Contract(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    min_week_min: int = Field(default=0, ge=0)
    max_week_min: int = Field(ge=0)
    max_day_min: int = Field(default=600, gt=0)
    max_days_per_week: int = Field(default=5, ge=0, le=7)
    min_rest_min: int = Field(default=660, ge=0, description="ArbZG: 11 h between shifts")
    max_consecutive_days: int = Field(default=6, ge=1)
    labour_rules: str = Field(default="arbzg", description="name of the labour rule pack for breaks and limits")


class ShiftRule(SQLModel, table=True):
    """Where a shift may start (local minutes) and how long it may be; breaks follow the labour pack."""

    __tablename__ = "shift_rule"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    earliest_start_min: int = Field(default=0, ge=0, lt=1440)
    latest_start_min: int = Field(default=1425, ge=0, lt=1440)
    start_step_min: int = Field(default=15, gt=0)
    allowed_lengths_min: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    short_break_min: int = Field(default=15, ge=0, description="paid company break, 0 for none")
    short_break_from_min: int = Field(default=90, ge=0, description="earliest, relative to the shift start")
    short_break_to_min: int = Field(default=180, ge=0, description="latest start, relative to the shift start")
