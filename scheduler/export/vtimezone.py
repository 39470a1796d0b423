"""VTIMEZONE components whose observance onsets follow RFC 5545 §3.6.5 to the second.

icalendar 7's `Timezone.from_tzid` writes each onset as the wall clock *after* the change (03:00 for
Berlin's spring change, with TZOFFSETFROM +0100, i.e. an hour late), while the RFC wants the wall clock
in the offset before it (02:00). Clients that trust the embedded definition over their own tz database
(Outlook, some CalDAV servers) would shift the change by an hour. So the transitions are taken from
zoneinfo here and written as icalendar components.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_SCAN_STEP = timedelta(hours=6)
_ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class _Observance:
    offset: timedelta
    dst: bool
    name: str


@dataclass(frozen=True)
class Transition:
    """The zone changes from one observance to the next at `at_utc`."""

    at_utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    dst: bool
    name: str

    @property
    def onset_local(self) -> datetime:
        """The RFC 5545 DTSTART: the onset as a wall clock in the offset in effect before it."""
        return (self.at_utc + self.offset_from).replace(tzinfo=None)


def _observance(zone: ZoneInfo, instant_utc: datetime) -> _Observance:
    local = instant_utc.astimezone(zone)
    return _Observance(local.utcoffset(), bool(local.dst()), local.tzname() or str(local.utcoffset()))


def transitions(zone: ZoneInfo, start_utc: datetime, end_utc: datetime) -> list[Transition]:
    """Every change of offset, DST flag or abbreviation in [start_utc, end_utc), found to the second."""
    found = []
    before, instant = _observance(zone, start_utc), start_utc
    while instant < end_utc:
        step_end = min(instant + _SCAN_STEP, end_utc)
        after = _observance(zone, step_end)
        if after != before:
            low, high = instant, step_end  # observance(low) == before, observance(high) != before
            while high - low > _ONE_SECOND:
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if _observance(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            new = _observance(zone, high)
            found.append(Transition(high, before.offset, new.offset, new.dst, new.name))
            before = new
        instant = step_end
    return found


@lru_cache(maxsize=32)
def vtimezone(time_zone: str, first_day: date, last_day: date) -> Timezone:
    """The zone's definition from `first_day` to `last_day` (local days), one sub-component per observance."""
    zone = ZoneInfo(time_zone)
    start_local = datetime.combine(first_day, datetime.min.time())
    start_utc = start_local.replace(tzinfo=zone).astimezone(timezone.utc)
    end_utc = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=zone).astimezone(timezone.utc)
    initial = _observance(zone, start_utc)
    onsets: dict[tuple[timedelta, timedelta, bool, str], list[datetime]] = {
        (initial.offset, initial.offset, initial.dst, initial.name): [start_local]
    }
    for change in transitions(zone, start_utc, end_utc):
        key = (change.offset_from, change.offset_to, change.dst, change.name)
        onsets.setdefault(key, []).append(change.onset_local)
    component = Timezone()
    component.add("tzid", time_zone)
    for (offset_from, offset_to, dst, name), starts in onsets.items():
        observance = TimezoneDaylight() if dst else TimezoneStandard()
        observance.add("dtstart", starts[0])
        if starts[1:]:
            observance.add("rdate", starts[1:])
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        observance.add("tzname", name)
        component.add_component(observance)
    return component
