"""Sites: where agents sit, in which time zone, and when each site is open."""

from sqlmodel import Field, SQLModel


class Site(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    time_zone: str = Field(description="IANA zone, e.g. Europe/Berlin; all local days are computed in it")
    country: str = Field(default="DE", description="ISO 3166 code for public holidays")


class OpeningHours(SQLModel, table=True):
    """One open span per site and local weekday (0 = Monday), in local minutes since midnight."""

    __tablename__ = "opening_hours"

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", index=True)
    weekday: int = Field(ge=0, le=6)
    opens_min: int = Field(ge=0, le=1440)
    closes_min: int = Field(ge=0, le=2880, description="may pass 1440 for a span that ends after midnight")
