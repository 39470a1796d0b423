"""Days that break the weekly pattern: holidays, campaigns, outages, closures, per site."""

from datetime import date

from sqlmodel import Field, SQLModel


class SpecialDay(SQLModel, table=True):
    __tablename__ = "special_day"

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", index=True)
    day: date = Field(description="a site-local date")
    kind: str = Field(description="a SpecialDayKind value")
    name: str = Field(default="")
    factor: float | None = Field(default=None, ge=0, description="volume multiplier for campaigns and outages")
    reference_day: date | None = Field(default=None, description="forecast this day with that day's profile")
