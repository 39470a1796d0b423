"""Business hours of a queue: the union of its sites' opening hours, in each site's own zone."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import Session

from scheduler.opening_hours import queue_open_mask
from scheduler.storage import models as m
from scheduler.timegrid import planning_grid
from tests.scheduler.planning.centre import MONDAY, build_centre

GRID = planning_grid(["Europe/Berlin", "Europe/Lisbon"], MONDAY - timedelta(days=1), 3)


def _open_at(session, queue, instants) -> list[bool]:
    mask = queue_open_mask(session, queue, GRID)
    return [bool(mask[GRID.index(t)]) for t in instants]


def _utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=timezone.utc)


def test_site_queue_follows_its_site_and_pooled_queue_every_site(sqlite_url):
    engine = build_centre(sqlite_url)  # Münster (Europe/Berlin, UTC+1): Mon-Sat 08:00-20:00
    with Session(engine) as s:
        s.add(m.Site(id=2, name="Lisbon", time_zone="Europe/Lisbon"))  # UTC+0 in winter
        s.flush()
        s.add(m.OpeningHours(site_id=2, weekday=0, opens_min=20 * 60, closes_min=26 * 60))  # Mon 20:00-02:00
        s.add(m.Queue(id=3, name="Mail DE", channel="email", site_id=1, response_deadline_min=240))
        s.add(m.Queue(id=4, name="Mail pooled", channel="email", response_deadline_min=240))
        s.commit()
        site_q, pooled = s.get(m.Queue, 3), s.get(m.Queue, 4)
        # Monday 30 Nov: 06:59 UTC = 07:59 Berlin (closed), 07:00 UTC = 08:00 (open), 19:00 UTC = 20:00 (closed)
        instants = [_utc(30, 6, 45), _utc(30, 7), _utc(30, 18, 45), _utc(30, 19), _utc(30, 21), _utc(30, 23, 45)]
        assert _open_at(s, site_q, instants) == [False, True, True, False, False, False]
        # Lisbon's Monday span runs past midnight into Tuesday 02:00 local = 02:00 UTC
        tuesday = [_utc(30, 19), _utc(30, 23, 45), datetime(2026, 12, 1, 1, 45, tzinfo=timezone.utc),
                   datetime(2026, 12, 1, 2, tzinfo=timezone.utc)]
        assert _open_at(s, pooled, tuesday) == [False, True, True, False]
        assert _open_at(s, pooled, instants) == [False, True, True, False, True, True]


def test_a_site_without_opening_hours_is_always_open(sqlite_url):
    engine = build_centre(sqlite_url)
    with Session(engine) as s:
        s.add(m.Site(id=2, name="Dublin", time_zone="Europe/Dublin"))
        s.flush()
        s.add(m.Queue(id=3, name="Mail IE", channel="email", site_id=2, response_deadline_min=240))
        s.commit()
        assert _open_at(s, s.get(m.Queue, 3), [_utc(29, 3)]) == [True]


def test_a_closed_special_day_closes_its_site_for_that_local_date(sqlite_url):
    engine = build_centre(sqlite_url)  # Münster, Mon-Sat 08:00-20:00 Berlin
    with Session(engine) as s:
        s.add(m.Queue(id=3, name="Mail DE", channel="email", site_id=1, response_deadline_min=240))
        s.add(m.SpecialDay(site_id=1, day=MONDAY, kind="closed", name="Strike"))
        s.add(m.SpecialDay(site_id=1, day=MONDAY + timedelta(days=1), kind="holiday", name="not a closure"))
        s.add(m.Site(id=2, name="Dublin", time_zone="Europe/Dublin"))  # no opening hours: open around the clock
        s.flush()
        s.add(m.SpecialDay(site_id=2, day=MONDAY, kind="closed", name="Move"))
        s.add(m.Queue(id=4, name="Mail IE", channel="email", site_id=2, response_deadline_min=240))
        s.commit()
        monday_noon, tuesday_noon = _utc(30, 11), datetime(2026, 12, 1, 11, tzinfo=timezone.utc)
        assert _open_at(s, s.get(m.Queue, 3), [monday_noon, tuesday_noon]) == [False, True]
        # Dublin is UTC+0 in winter: closed for the whole local Monday, open either side of it
        edges = [_utc(29, 23, 45), _utc(30, 0), _utc(30, 23, 45), datetime(2026, 12, 1, 0, tzinfo=timezone.utc)]
        assert _open_at(s, s.get(m.Queue, 4), edges) == [True, False, False, True]
