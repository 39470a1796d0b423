"""Queues: one channel of demand with its service target; voice, chat, e-mail, outbound or back-office."""

from sqlmodel import Field, SQLModel


class Queue(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    channel: str = Field(description="a Channel value")
    site_id: int | None = Field(default=None, foreign_key="site.id", description="None: pooled across sites")
    sl_target_pct: float = Field(default=80.0, ge=0, le=100)
    sl_target_s: int = Field(default=20, ge=0)
    max_occupancy: float = Field(default=0.85, gt=0, le=1)
    mean_patience_s: float | None = Field(default=None, gt=0, description="set: staff voice with Erlang A")
    chat_concurrency: int = Field(default=1, ge=1)
    response_deadline_min: int | None = Field(default=None, gt=0, description="e-mail and back-office")
    outbound_week_min: int | None = Field(default=None, ge=0, description="campaign agent-minutes per week")
    shrinkage: float = Field(default=0.3, ge=0, lt=1)
    priority: int = Field(default=1, ge=1, description="1 is the most important")
