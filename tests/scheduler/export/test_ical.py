"""iCalendar rosters read back with the icalendar parser: local times, VTIMEZONE, escaping, UIDs, updates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from scheduler.export.errors import ExportError
from scheduler.export.ical import export_ical
from tests.scheduler.export.roster_builder import (
    CHAT,
    FIRST_PUBLISHED,
    SECOND_PUBLISHED,
    WEEK_START,
    ShiftSpec,
    add_plan,
    day_shift,
    dst_week,
    first_version,
    make_centre,
    second_version,
)

UTC = timezone.utc
DOMAIN = "roster.contact-scheduler.invalid"


def _read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _events(path: Path) -> dict[str, object]:
    return {str(event["UID"]): event for event in _read(path).walk("VEVENT")}


def _uid(code: str, day: str, suffix: str = "") -> str:
    return f"{code}-{day}{suffix}@{DOMAIN}"


class TestLocalTime:
    def test_each_shift_is_one_event_in_site_local_time_with_its_vtimezone(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        [path] = export_ical(week.centre.engine, week.first_plan_id, [week.centre.agents["MS-001"]], tmp_path / "out")
        calendar = _read(path)
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
        events = _events(path)
        assert len(events) == 6
        for event in events.values():
            assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
            assert event["DTEND"].params["TZID"] == "Europe/Berlin"

    def test_a_night_shift_over_the_spring_dst_change_keeps_local_times_and_real_duration(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        [path] = export_ical(week.centre.engine, week.first_plan_id, [week.centre.agents["MS-001"]], tmp_path / "out")
        night = _events(path)[_uid("MS-001", "20260328")]
        start, end = night["DTSTART"].dt, night["DTEND"].dt
        assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
            datetime(2026, 3, 28, 22, 0), datetime(2026, 3, 29, 7, 0))
        assert start.astimezone(UTC) == datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
        assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=8)

    def test_a_night_shift_over_the_autumn_dst_change_lasts_nine_hours_of_wall_clock_eight_real(self, tmp_path):
        centre = make_centre(tmp_path, [("MS-001", "Zoë", None)])
        plan = add_plan(centre, version=1, start_day=date(2026, 10, 19), published_utc=FIRST_PUBLISHED,
                        shifts=[ShiftSpec("MS-001", date(2026, 10, 24), "22:00", 480)])
        [path] = export_ical(centre.engine, plan, None, tmp_path / "out")
        [night] = _events(path).values()
        assert night["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 10, 24, 22, 0)
        assert night["DTEND"].dt.replace(tzinfo=None) == datetime(2026, 10, 25, 5, 0)
        assert night["DTSTART"].dt.astimezone(UTC) == datetime(2026, 10, 24, 20, 0, tzinfo=UTC)


class TestTexts:
    def test_summary_location_and_description_survive_commas_semicolons_newlines_and_umlauts(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        [path] = export_ical(week.centre.engine, week.first_plan_id, [week.centre.agents["MS-001"]], tmp_path / "out")
        night = _events(path)[_uid("MS-001", "20260328")]
        assert str(night["SUMMARY"]) == f"Shift · DE Voice / {CHAT}"
        assert str(night["LOCATION"]) == "Berlin, Mitte"
        assert str(night["DESCRIPTION"]).split("\n") == [
            "Shift 22:00–07:00 (+1 day) (Europe/Berlin), paid 7 h 30 min",
            f"Queues: DE Voice 4 h, {CHAT} 3 h 30 min",
            "Break 03:00–03:30 (Sun 29 Mar)",
        ]
        raw = path.read_bytes().decode("utf-8").replace("\r\n ", "")
        assert "LOCATION:Berlin\\, Mitte\r\n" in raw
        assert "DE Chat\\; Social\\, Web" in raw
        assert 'NAME:Roster · Noël\\, Zoë\\; the "night owl" second line\r\n' in raw

    def test_activities_appear_in_the_description_in_local_time(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        [path] = export_ical(week.centre.engine, week.first_plan_id, [week.centre.agents["MS-002"]], tmp_path / "out")
        sunday = _events(path)[_uid("MS-002", "20260329")]
        assert str(sunday["DESCRIPTION"]).split("\n")[2:] == [
            "Break 12:00–12:30", "Training · Tarife 2026, Teil 1 13:00–14:00"]

    def test_separate_events_add_breaks_and_activities_with_their_own_uids(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        [path] = export_ical(week.centre.engine, week.first_plan_id, [week.centre.agents["MS-002"]], tmp_path / "out",
                             separate_events=True)
        events = _events(path)
        brk = events[_uid("MS-002", "20260329", "-break-1")]
        training = events[_uid("MS-002", "20260329", f"-activity-{week.centre.activities['training']}")]
        assert str(brk["SUMMARY"]) == "Break" and str(brk["TRANSP"]) == "TRANSPARENT"
        assert brk["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 3, 29, 12, 0)
        assert str(training["SUMMARY"]) == "Training · Tarife 2026, Teil 1"
        assert training["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 3, 29, 13, 0)
        assert len(events) == 2 + 2 + 1  # two shifts, their two breaks, one training


class TestDeterminism:
    def test_the_same_plan_exports_to_identical_bytes_stamped_with_its_publication(self, tmp_path):
        week = dst_week(tmp_path)
        first = export_ical(week.centre.engine, None, None, tmp_path / "a")
        second = export_ical(week.centre.engine, None, None, tmp_path / "b")
        assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
        for event in _events(first[0]).values():
            assert event["DTSTAMP"].dt == SECOND_PUBLISHED


class TestUpdates:
    def test_a_replan_raises_sequence_of_changed_shifts_and_cancels_removed_ones(self, tmp_path):
        week = dst_week(tmp_path)
        ids = [week.centre.agents["MS-001"], week.centre.agents["MS-002"]]
        ms001, ms002 = export_ical(week.centre.engine, week.second_plan_id, ids, tmp_path / "out")
        events = {**_events(ms001), **_events(ms002)}
        monday, tuesday = events[_uid("MS-001", "20260323")], events[_uid("MS-001", "20260324")]
        wednesday, new_friday = events[_uid("MS-001", "20260325")], events[_uid("MS-002", "20260327")]
        assert (monday["SEQUENCE"], str(monday["STATUS"])) == (1, "CONFIRMED")
        assert monday["LAST-MODIFIED"].dt == SECOND_PUBLISHED
        assert (tuesday["SEQUENCE"], str(tuesday["STATUS"])) == (1, "CANCELLED")
        assert tuesday["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 3, 24, 8, 0)
        assert (wednesday["SEQUENCE"], wednesday["LAST-MODIFIED"].dt) == (0, FIRST_PUBLISHED)
        assert (new_friday["SEQUENCE"], new_friday["LAST-MODIFIED"].dt) == (0, SECOND_PUBLISHED)

    def test_sequence_counts_the_versions_that_changed_the_event(self, tmp_path):
        week = dst_week(tmp_path)  # v2 moved Monday
        unchanged = add_plan(week.centre, version=3, start_day=WEEK_START, shifts=second_version(),
                             published_utc=SECOND_PUBLISHED + timedelta(days=1))
        [path] = export_ical(week.centre.engine, unchanged, [week.centre.agents["MS-001"]], tmp_path / "v3")
        assert _events(path)[_uid("MS-001", "20260323")]["SEQUENCE"] == 1
        moved_again = [day_shift("MS-001", WEEK_START, "06:00") if s.agent == "MS-001" and s.day == WEEK_START else s
                       for s in second_version()]
        draft = add_plan(week.centre, version=4, start_day=WEEK_START, shifts=moved_again, published_utc=None)
        [path] = export_ical(week.centre.engine, draft, [week.centre.agents["MS-001"]], tmp_path / "v4")
        events = _events(path)
        assert events[_uid("MS-001", "20260323")]["SEQUENCE"] == 2
        assert events[_uid("MS-001", "20260324")]["SEQUENCE"] == 1  # cancelled once, still cancelled

    def test_exporting_an_older_version_ignores_the_versions_published_after_it(self, tmp_path):
        week = dst_week(tmp_path)
        [path] = export_ical(week.centre.engine, week.first_plan_id, [week.centre.agents["MS-001"]], tmp_path / "v1")
        events = _events(path)
        assert {e["SEQUENCE"] for e in events.values()} == {0}
        assert {str(e["STATUS"]) for e in events.values()} == {"CONFIRMED"}

    def test_a_plan_for_another_week_neither_cancels_nor_changes_this_weeks_shifts(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        next_week = WEEK_START + timedelta(days=7)
        later = add_plan(week.centre, version=1, start_day=next_week, published_utc=SECOND_PUBLISHED,
                         shifts=[day_shift("MS-001", next_week)])
        [path] = export_ical(week.centre.engine, later, [week.centre.agents["MS-001"]], tmp_path / "next")
        assert list(_events(path)) == [_uid("MS-001", "20260330")]
        [path] = export_ical(week.centre.engine, week.first_plan_id, [week.centre.agents["MS-001"]], tmp_path / "this")
        assert len(_events(path)) == 6

    def test_an_agent_without_shifts_still_gets_a_valid_calendar(self, tmp_path):
        centre = make_centre(tmp_path, [("MS-001", "Zoë", None), ("MS-002", "Ana", None)])
        plan = add_plan(centre, version=1, start_day=WEEK_START, published_utc=FIRST_PUBLISHED,
                        shifts=[day_shift("MS-001", WEEK_START)])
        [path] = export_ical(centre.engine, plan, [centre.agents["MS-002"]], tmp_path / "ana.ics")
        calendar = _read(path)
        assert path == tmp_path / "ana.ics"
        assert calendar.walk("VEVENT") == [] and len(calendar.walk("VTIMEZONE")) == 1


HOSTILE_CODES = [
    "../../escape", "..", ".", "/etc/passwd", "C:\\Windows\\evil", "nul\0byte", ".hidden", "CON", "---",
    "Zoë/../..", "a" * 300, "Noël", "noel", "MS 014; drop", "\n\t",
]


class TestFileNames:
    def test_hostile_codes_never_leave_the_target_directory_and_never_collide(self, tmp_path):
        centre = make_centre(tmp_path, [(code, f"Agent {i}", None) for i, code in enumerate(HOSTILE_CODES)])
        plan = add_plan(centre, version=1, start_day=WEEK_START, published_utc=FIRST_PUBLISHED,
                        shifts=[day_shift(code, WEEK_START) for code in HOSTILE_CODES])
        out = tmp_path / "out"
        written = export_ical(centre.engine, plan, None, out)
        assert len(written) == len(HOSTILE_CODES) == len({p.name.lower() for p in written})
        assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
        for path in written:
            assert path.parent == out.resolve()
            assert not path.name.startswith(".") and path.name.endswith(".ics") and len(path.name) <= 100
            assert all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in path.name)
        uids = {uid for path in written for uid in _events(path)}
        assert len(uids) == len(HOSTILE_CODES)
        assert all("/" not in uid and "\\" not in uid and "\0" not in uid for uid in uids)

    def test_a_single_file_is_refused_for_several_agents(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        with pytest.raises(ExportError, match="names one file but 3 agents"):
            export_ical(week.centre.engine, week.first_plan_id, None, tmp_path / "all.ics")

    def test_an_unwritable_target_is_a_clear_error(self, tmp_path):
        week = dst_week(tmp_path, replanned=False)
        blocker = tmp_path / "file"
        blocker.write_text("not a directory")
        with pytest.raises(ExportError, match="cannot create output directory"):
            export_ical(week.centre.engine, week.first_plan_id, None, blocker / "out")


def test_unknown_plan_and_missing_published_plan_are_clear_errors(tmp_path):
    centre = make_centre(tmp_path, [("MS-001", "Zoë", None)])
    with pytest.raises(ExportError, match="no published plan"):
        export_ical(centre.engine, None, None, tmp_path / "out")
    add_plan(centre, version=1, start_day=WEEK_START, published_utc=None, shifts=first_version()[:1])
    with pytest.raises(ExportError, match="no plan with id 99"):
        export_ical(centre.engine, 99, None, tmp_path / "out")
