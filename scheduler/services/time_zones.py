"""Site-local days and UTC instants: the one place the views turn one into the other."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from scheduler.storage.models import Site


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant a site-local day starts (days at DST changes are 23 or 25 hours long)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(timezone.utc)


def local_day_span_utc(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return local_midnight_utc(day, tz), local_midnight_utc(day + timedelta(days=1), tz)


def to_local(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz)


def default_zone(*, session: Session) -> ZoneInfo:
    """The first site's zone: the views show one clock, and most centres have one site."""
    name = session.exec(select(Site.time_zone).order_by(Site.id)).first()
    return zone(name)
