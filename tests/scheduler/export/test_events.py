"""Event texts and UIDs from a roster, without storage: summaries by time share, ordinals, loose activities."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from scheduler.export.events import EventKind, roster_events, shift_summary
from scheduler.export.roster import ActivitySpan, AgentInfo, AgentRoster, QueueSpan, RosterShift

UTC = timezone.utc
DAY = date(2026, 3, 23)
START = datetime(2026, 3, 23, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
AGENT = AgentInfo(1, "MS-014", "Zoë", None, "Berlin", "Europe/Berlin")


def _at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def _shift(shift_id: int = 1, *, start_min: int = 0, length_min: int = 480, queues=(), activities=()) -> RosterShift:
    return RosterShift(
        shift_id, DAY, _at(start_min), _at(start_min + length_min), False, (),
        tuple(ActivitySpan(7, name, "training", _at(a), _at(b)) for name, a, b in activities),
        tuple(QueueSpan(i, name, _at(a), _at(b)) for i, (name, a, b) in enumerate(queues)),
    )


def test_the_summary_names_queues_with_at_least_a_quarter_of_the_time_largest_first():
    shift = _shift(queues=(("Chat", 0, 130), ("Voice", 130, 400), ("Mail", 400, 480)))  # 27 %, 56 %, 17 %
    assert shift_summary(shift) == "Shift · Voice / Chat"


def test_the_summary_keeps_the_largest_queue_even_when_spread_thin_and_at_most_three():
    spread = _shift(queues=tuple((f"Q{i}", 40 * i, 40 * i + 40) for i in range(12)))
    assert shift_summary(spread) == "Shift · Q0"
    even = _shift(queues=(("A", 0, 120), ("B", 120, 240), ("C", 240, 360), ("D", 360, 480)))
    assert shift_summary(even) == "Shift · A / B / C"


def test_a_shift_spent_in_training_is_named_by_it_and_an_empty_shift_is_a_shift():
    assert shift_summary(_shift(activities=(("Onboarding", 0, 480),))) == "Training · Onboarding"
    assert shift_summary(_shift()) == "Shift"


def test_two_shifts_on_one_day_get_distinct_stable_uids():
    roster = AgentRoster(AGENT, (_shift(2, start_min=600, length_min=120), _shift(1, length_min=240)))
    uids = [e.uid for e in roster_events(roster, uid_domain="example.org")]
    assert uids == ["MS-014-20260323@example.org", "MS-014-20260323-2@example.org"]


def test_activities_outside_every_shift_are_events_of_their_own_even_without_separate_events():
    loose = ActivitySpan(7, "Coaching, 1:1", "coaching", _at(-600), _at(-540))  # Sunday 22:00-23:00 local
    roster = AgentRoster(AGENT, (_shift(),), (loose,))
    events = roster_events(roster, uid_domain="example.org")
    assert [(e.kind, e.uid, e.content.summary) for e in events] == [
        (EventKind.ACTIVITY, "MS-014-20260322-activity-7@example.org", "Coaching · Coaching, 1:1"),
        (EventKind.SHIFT, "MS-014-20260323@example.org", "Shift"),
    ]
