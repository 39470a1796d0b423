"""Site-local wall times to UTC instants, with pendulum so DST gaps and folds follow the zone's rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pendulum


def local_to_utc(day: date, minute: int, zone: str) -> datetime:
    """`minute` minutes after local midnight of `day` (1440 = next midnight) as an aware UTC datetime.

    A wall time inside a spring-forward gap moves forward by the gap (02:30 -> 03:30 in Berlin); a
    repeated wall time in the autumn takes its later (standard-time) occurrence.
    """
    day = day + timedelta(days=minute // 1440)
    minute %= 1440
    local = pendulum.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tz=zone)
    utc = local.in_timezone("UTC")
    return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, tzinfo=timezone.utc)


def valid_zone(zone: str) -> bool:
    try:
        pendulum.timezone(zone)
    except Exception:  # pendulum raises several kinds for unknown names
        return False
    return True
