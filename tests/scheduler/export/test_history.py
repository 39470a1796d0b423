"""Replaying versions: SEQUENCE counts content changes, removals become CANCELLED, other weeks change nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from scheduler.export.events import EventContent, EventKind, RosterEvent
from scheduler.export.history import PlanVersionEvents, replay
from scheduler.export.roster import PlanInfo

UTC = timezone.utc
MONDAY = date(2026, 3, 23)


def _plan(plan_id: int, published_day: int, start_day: date = MONDAY) -> PlanInfo:
    return PlanInfo(plan_id, plan_id, "", "published", start_day, 1, datetime(2026, 3, 1, tzinfo=UTC),
                    datetime(2026, 3, published_day, tzinfo=UTC))


def _event(uid: str, day: date, hour: int, summary: str = "Shift") -> RosterEvent:
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)
    return RosterEvent(uid, EventKind.SHIFT, day,
                       EventContent(start, start + timedelta(hours=8), summary, "", "Berlin", busy=True))


def test_a_single_version_has_sequence_zero_and_its_own_stamp():
    plan = _plan(1, 10)
    [only] = replay([PlanVersionEvents(plan, (_event("a", MONDAY, 8),))])
    assert (only.sequence, only.cancelled, only.last_modified_utc) == (0, False, plan.stamp_utc)


def test_sequence_counts_versions_with_a_change_not_versions():
    v1, v2, v3, v4 = _plan(1, 10), _plan(2, 11), _plan(3, 12), _plan(4, 13)
    [event] = replay([
        PlanVersionEvents(v1, (_event("a", MONDAY, 8),)),
        PlanVersionEvents(v2, (_event("a", MONDAY, 8, "Shift · Chat"),)),
        PlanVersionEvents(v3, (_event("a", MONDAY, 8, "Shift · Chat"),)),
        PlanVersionEvents(v4, (_event("a", MONDAY, 9, "Shift · Chat"),)),
    ])
    assert (event.sequence, event.last_modified_utc) == (2, v4.stamp_utc)
    assert event.event.content.start_utc.hour == 9


def test_a_removed_event_is_cancelled_with_its_last_content_and_a_higher_sequence():
    v1, v2 = _plan(1, 10), _plan(2, 11)
    [event] = replay([PlanVersionEvents(v1, (_event("a", MONDAY, 8),)), PlanVersionEvents(v2, ())])
    assert (event.cancelled, event.sequence, event.last_modified_utc) == (True, 1, v2.stamp_utc)
    assert event.event.content.start_utc.hour == 8


def test_an_event_that_comes_back_is_live_again_with_one_more_change():
    v1, v2, v3 = _plan(1, 10), _plan(2, 11), _plan(3, 12)
    [event] = replay([
        PlanVersionEvents(v1, (_event("a", MONDAY, 8),)), PlanVersionEvents(v2, ()),
        PlanVersionEvents(v3, (_event("a", MONDAY, 8),)),
    ])
    assert (event.cancelled, event.sequence) == (False, 2)


def test_a_version_that_does_not_cover_the_day_neither_changes_nor_cancels_it():
    earlier_other_week = _plan(1, 9, start_day=MONDAY - timedelta(days=7))
    v1, v2 = _plan(2, 10), _plan(3, 11, start_day=MONDAY + timedelta(days=7))
    # v2 covers the week after: exporting v1 is unaffected, and v1's days are not v2's business.
    [event] = replay([
        PlanVersionEvents(earlier_other_week, (_event("old", MONDAY - timedelta(days=7), 8),)),
        PlanVersionEvents(v1, (_event("a", MONDAY, 8),)),
    ])
    assert (event.event.uid, event.sequence, event.cancelled) == ("a", 0, False)
    assert [e.event.uid for e in replay([PlanVersionEvents(v1, (_event("a", MONDAY, 8),)),
                                         PlanVersionEvents(v2, ())])] == []


def test_a_partial_overlap_only_judges_the_days_both_versions_cover():
    two_weeks = PlanInfo(1, 1, "", "published", MONDAY - timedelta(days=7), 2, datetime(2026, 3, 1, tzinfo=UTC),
                         datetime(2026, 3, 5, tzinfo=UTC))
    second_week = _plan(2, 10)
    events = replay([
        PlanVersionEvents(two_weeks, (_event("first-week", MONDAY - timedelta(days=7), 8),
                                      _event("second-week", MONDAY, 8))),
        PlanVersionEvents(second_week, (_event("second-week", MONDAY, 10),)),
    ])
    assert [(e.event.uid, e.sequence, e.cancelled) for e in events] == [("second-week", 1, False)]
