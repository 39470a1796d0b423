"""VTIMEZONE definitions: onsets in the offset before the change (RFC 5545 §3.6.5), checked against zoneinfo."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone

from scheduler.export.vtimezone import transitions, vtimezone

UTC = timezone.utc
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]


def test_berlin_2026_changes_at_two_in_spring_and_three_in_autumn_local_before_the_change():
    component = vtimezone("Europe/Berlin", date(2026, 1, 1), date(2026, 12, 31))
    onsets = {
        (sub.name, sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td): sub["DTSTART"].dt
        for sub in component.subcomponents
    }
    assert onsets[("DAYLIGHT", timedelta(hours=1), timedelta(hours=2))] == datetime(2026, 3, 29, 2, 0)
    assert onsets[("STANDARD", timedelta(hours=2), timedelta(hours=1))] == datetime(2026, 10, 25, 3, 0)


@pytest.mark.parametrize("name", [*ZONES, "Australia/Lord_Howe"])
def test_every_transition_is_a_real_change_at_its_onset(name):
    zone = ZoneInfo(name)
    found = transitions(zone, datetime(2025, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    for change in found:
        assert (change.at_utc - timedelta(seconds=1)).astimezone(zone).utcoffset() == change.offset_from
        assert change.at_utc.astimezone(zone).utcoffset() == change.offset_to
        assert change.onset_local - change.offset_from == change.at_utc.replace(tzinfo=None)
    assert len(found) == (0 if name == "Asia/Kolkata" else 6)


@pytest.mark.parametrize("name", [zone for zone in ZONES if zone != "Australia/Sydney"])
def test_an_independent_parser_reads_the_same_offsets_as_zoneinfo_all_year(name):
    """icalendar turns our definition (under an unknown TZID, so it cannot cheat) into a tzinfo.

    Southern zones are left out: dateutil, which does the parsing, mislabels the fold of the hour
    before their autumn change even for correct definitions.
    """
    text = vtimezone(name, date(2026, 1, 1), date(2026, 12, 31)).to_ical()
    parsed = Timezone.from_ical(text.replace(f"TZID:{name}".encode(), f"TZID:test-only-{name}".encode())).to_tz()
    zone = ZoneInfo(name)
    year_start, year_end = datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 12, 30, tzinfo=UTC)
    samples = [year_start + timedelta(hours=6 * i) for i in range(4 * 362)]
    for change in transitions(zone, year_start, year_end):  # every quarter hour for a day around each change
        samples += [change.at_utc + timedelta(minutes=15 * i) for i in range(-48, 48)]
    for instant in samples:
        assert instant.astimezone(parsed).utcoffset() == instant.astimezone(zone).utcoffset(), instant
