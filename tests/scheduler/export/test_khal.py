"""The exported rosters in a real calendar client: khal imports them and lists every shift at the right time."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from scheduler.export.ical import export_ical
from tests.scheduler.export.roster_builder import dst_week


def _khal_executable() -> str | None:
    beside = Path(sys.executable).parent / "khal"
    if beside.is_file():
        return str(beside)
    return shutil.which("khal")


KHAL = _khal_executable()
pytestmark = pytest.mark.skipif(KHAL is None, reason="khal executable not found next to sys.executable or on PATH")


class Khal:
    """khal with its own config, vdir calendar and cache, listing in one time zone with fixed formats."""

    def __init__(self, root: Path, vdir: Path, time_zone: str) -> None:
        root.mkdir(parents=True, exist_ok=True)
        vdir.mkdir(parents=True, exist_ok=True)
        self.config = root / "config"
        self.config.write_text(
            "[calendars]\n[[roster]]\n"
            f"path = {vdir}\ntype = calendar\n"
            "[locale]\n"
            f"local_timezone = {time_zone}\ndefault_timezone = {time_zone}\n"
            "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\nfirstweekday = 0\n"
            "[default]\ndefault_calendar = roster\n"
            f"[sqlite]\npath = {root / 'khal.db'}\n",
            encoding="utf-8",
        )

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [KHAL, "-c", str(self.config), *args], capture_output=True, text=True, timeout=60,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": str(self.config.parent)},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def import_files(self, files: list[Path]) -> None:
        self.run("import", "--batch", "-a", "roster", *map(str, files))

    def events(self) -> list[dict[str, str]]:
        """Every event once (multi-day ones too) from the plan's week and around it."""
        output = self.run(
            "list", "--once", "--json", "uid", "--json", "start", "--json", "end", "--json", "title",
            "--json", "status", "2026-03-20", "2026-04-03",
        )
        events = []
        for line in output.splitlines():
            if line.startswith("["):
                events.extend(json.loads(line))
        return events


def _by_uid(events: list[dict[str, str]]) -> dict[str, tuple[str, str, str]]:
    table = {}
    for event in events:
        assert event["uid"] not in table, f"duplicate event {event['uid']}"
        table[event["uid"]] = (event["start"], event["end"], event["status"].strip())
    return table


UID = "{}-{}@roster.contact-scheduler.invalid"

# What each agent must see, in Berlin wall-clock time; computed by hand, not by the exporter.
FIRST_BERLIN = {
    UID.format("MS-001", "20260323"): ("2026-03-23 08:00", "2026-03-23 16:00", "CONFIRMED"),
    UID.format("MS-001", "20260324"): ("2026-03-24 08:00", "2026-03-24 16:00", "CONFIRMED"),
    UID.format("MS-001", "20260325"): ("2026-03-25 08:00", "2026-03-25 16:00", "CONFIRMED"),
    UID.format("MS-001", "20260326"): ("2026-03-26 08:00", "2026-03-26 16:00", "CONFIRMED"),
    UID.format("MS-001", "20260327"): ("2026-03-27 08:00", "2026-03-27 16:00", "CONFIRMED"),
    UID.format("MS-001", "20260328"): ("2026-03-28 22:00", "2026-03-29 07:00", "CONFIRMED"),
    UID.format("MS-002", "20260325"): ("2026-03-25 14:00", "2026-03-25 22:00", "CONFIRMED"),
    UID.format("MS-002", "20260329"): ("2026-03-29 08:00", "2026-03-29 16:00", "CONFIRMED"),
    UID.format("MS-003", "20260326"): ("2026-03-26 22:00", "2026-03-27 06:00", "CONFIRMED"),
    UID.format("MS-003", "20260329"): ("2026-03-29 00:00", "2026-03-29 05:00", "CONFIRMED"),
}
# The same instants in UTC: CET is UTC+1 until Sunday 01:00 UTC, CEST UTC+2 after.
FIRST_UTC_DST_SHIFTS = {
    UID.format("MS-001", "20260328"): ("2026-03-28 21:00", "2026-03-29 05:00", "CONFIRMED"),
    UID.format("MS-002", "20260329"): ("2026-03-29 06:00", "2026-03-29 14:00", "CONFIRMED"),
    UID.format("MS-003", "20260329"): ("2026-03-28 23:00", "2026-03-29 03:00", "CONFIRMED"),
}
SECOND_BERLIN = {
    **FIRST_BERLIN,
    UID.format("MS-001", "20260323"): ("2026-03-23 10:00", "2026-03-23 18:00", "CONFIRMED"),
    UID.format("MS-001", "20260324"): ("2026-03-24 08:00", "2026-03-24 16:00", "CANCELLED"),
    UID.format("MS-001", "20260328"): ("2026-03-28 21:00", "2026-03-29 06:00", "CONFIRMED"),
    UID.format("MS-002", "20260327"): ("2026-03-27 09:00", "2026-03-27 17:00", "CONFIRMED"),
}


def test_khal_lists_every_shift_at_its_local_time_across_the_dst_change(tmp_path):
    week = dst_week(tmp_path, replanned=False)
    files = export_ical(week.centre.engine, week.first_plan_id, None, tmp_path / "out")
    assert len(files) == 3
    parsed = [event for path in files for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    assert {str(event["UID"]) for event in parsed} == set(FIRST_BERLIN)
    assert {event["DTSTART"].params["TZID"] for event in parsed} == {"Europe/Berlin"}

    berlin = Khal(tmp_path / "khal-berlin", tmp_path / "vdir", "Europe/Berlin")
    berlin.import_files(files)
    assert _by_uid(berlin.events()) == FIRST_BERLIN

    utc = Khal(tmp_path / "khal-utc", tmp_path / "vdir", "UTC")
    listed_utc = _by_uid(utc.events())
    assert {uid: listed_utc[uid] for uid in FIRST_UTC_DST_SHIFTS} == FIRST_UTC_DST_SHIFTS


def test_reimporting_a_replanned_roster_updates_events_instead_of_duplicating_them(tmp_path):
    week = dst_week(tmp_path)
    khal = Khal(tmp_path / "khal", tmp_path / "vdir", "Europe/Berlin")
    khal.import_files(export_ical(week.centre.engine, week.first_plan_id, None, tmp_path / "v1"))
    assert _by_uid(khal.events()) == FIRST_BERLIN

    khal.import_files(export_ical(week.centre.engine, None, None, tmp_path / "v2"))

    assert _by_uid(khal.events()) == SECOND_BERLIN
    assert len(list((tmp_path / "vdir").glob("*.ics"))) == len(SECOND_BERLIN)
