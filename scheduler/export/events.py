"""What an agent's calendar shows for one plan version: events with stable UIDs and their visible content.

The UID names the agent and the site-local day of the shift, never a database id, so the same shift in a
re-solved or re-published plan keeps its UID and calendar clients update the event instead of adding one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from scheduler.export.roster import ActivitySpan, AgentRoster, RosterShift

DEFAULT_UID_DOMAIN = "roster.contact-scheduler.invalid"
MAIN_QUEUE_MIN_SHARE = 0.25
MAX_QUEUES_IN_SUMMARY = 3
SEPARATOR = " · "

ACTIVITY_LABELS = {"training": "Training", "coaching": "Coaching", "team_meeting": "Team meeting"}
_UID_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-")


class EventKind(StrEnum):
    SHIFT = "shift"
    BREAK = "break"
    ACTIVITY = "activity"


@dataclass(frozen=True)
class EventContent:
    """Everything an agent sees of an event; a change in any field is a change of the event."""

    start_utc: datetime
    end_utc: datetime
    summary: str
    description: str
    location: str
    busy: bool


@dataclass(frozen=True)
class RosterEvent:
    uid: str
    kind: EventKind
    day: date
    """The site-local day of the shift the event belongs to; it decides which plan versions cover it."""
    content: EventContent


def uid_token(code: str) -> str:
    """The agent code percent-encoded to UID-safe characters; injective, so two codes never share UIDs."""
    return "".join(ch if ch in _UID_SAFE else "".join(f"%{b:02X}" for b in ch.encode()) for ch in code)


def activity_label(activity: ActivitySpan) -> str:
    kind = ACTIVITY_LABELS.get(activity.kind, activity.kind.replace("_", " ").capitalize())
    return f"{kind}{SEPARATOR}{activity.name}"


def shift_summary(shift: RosterShift) -> str:
    """"Shift · DE Voice", the main queues by time share; a shift spent only in activities is named by them."""
    shares = shift.queue_shares()
    if shares:
        total = sum(share.minutes for share in shares)
        main = [s.queue_name for s in shares if s.minutes >= MAIN_QUEUE_MIN_SHARE * total] or [shares[0].queue_name]
        return "Shift" + SEPARATOR + " / ".join(main[:MAX_QUEUES_IN_SUMMARY])
    if shift.activities:
        names = list(dict.fromkeys(activity_label(a) for a in shift.activities))
        return " / ".join(names)
    return "Shift"


class _LocalClock:
    """Formats UTC instants as wall-clock times of the site, naming the date only when it is not the shift's."""

    def __init__(self, time_zone: str, day: date) -> None:
        self.zone = ZoneInfo(time_zone)
        self.day = day

    def span(self, start_utc: datetime, end_utc: datetime) -> str:
        start, end = start_utc.astimezone(self.zone), end_utc.astimezone(self.zone)
        clock = f"{start:%H:%M}–{end:%H:%M}"
        if start.date() == end.date() == self.day:
            return clock
        if start.date() == self.day and (end.date() - self.day).days == 1:
            return f"{clock} (+1 day)"
        if start.date() == end.date():
            return f"{clock} ({start:%a %d %b})"
        return f"{start:%a %d %b %H:%M}–{end:%a %d %b %H:%M}"


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def shift_description(shift: RosterShift, time_zone: str) -> str:
    """The shift in the agent's words: times, paid time, queues, then breaks and activities in time order."""
    clock = _LocalClock(time_zone, shift.day)
    lines = [
        f"Shift {clock.span(shift.start_utc, shift.end_utc)} ({time_zone}), "
        f"paid {_minutes_text(shift.paid_min)}",
    ]
    shares = shift.queue_shares()
    if shares:
        lines.append("Queues: " + ", ".join(f"{s.queue_name} {_minutes_text(s.minutes)}" for s in shares))
    items = [
        (brk.start_utc, f"Break {clock.span(brk.start_utc, brk.end_utc)}{' (paid)' if brk.paid else ''}")
        for brk in shift.breaks
    ] + [
        (act.start_utc, f"{activity_label(act)} {clock.span(act.start_utc, act.end_utc)}")
        for act in shift.activities
    ]
    lines.extend(text for _, text in sorted(items, key=lambda item: item[0]))
    return "\n".join(lines)


def roster_events(
    roster: AgentRoster, *, separate_events: bool = False, uid_domain: str = DEFAULT_UID_DOMAIN
) -> list[RosterEvent]:
    """One event per shift (and, with `separate_events`, one per break and activity), in time order."""
    agent = roster.agent
    token = uid_token(agent.code)
    events: list[RosterEvent] = []
    shifts_on_day: dict[date, int] = defaultdict(int)
    for shift in sorted(roster.shifts, key=lambda s: (s.start_utc, s.id)):
        shifts_on_day[shift.day] += 1
        ordinal = shifts_on_day[shift.day]
        stem = f"{token}-{shift.day:%Y%m%d}" + (f"-{ordinal}" if ordinal > 1 else "")
        events.append(RosterEvent(
            uid=f"{stem}@{uid_domain}", kind=EventKind.SHIFT, day=shift.day,
            content=EventContent(
                shift.start_utc, shift.end_utc, shift_summary(shift),
                shift_description(shift, agent.time_zone), agent.site_name, busy=True,
            ),
        ))
        if not separate_events:
            continue
        clock = _LocalClock(agent.time_zone, shift.day)
        for number, brk in enumerate(shift.breaks, start=1):
            label = "Break (paid)" if brk.paid else "Break"
            events.append(RosterEvent(
                uid=f"{stem}-break-{number}@{uid_domain}", kind=EventKind.BREAK, day=shift.day,
                content=EventContent(
                    brk.start_utc, brk.end_utc, label,
                    f"{label} {clock.span(brk.start_utc, brk.end_utc)} during {shift_summary(shift)}",
                    agent.site_name, busy=False,
                ),
            ))
        events.extend(_activity_events(shift.activities, stem, shift.day, roster, uid_domain))
    zone = ZoneInfo(agent.time_zone)
    loose_by_day: dict[date, list[ActivitySpan]] = defaultdict(list)
    for activity in roster.loose_activities:
        loose_by_day[activity.start_utc.astimezone(zone).date()].append(activity)
    for day, activities in sorted(loose_by_day.items()):
        events.extend(_activity_events(activities, f"{token}-{day:%Y%m%d}", day, roster, uid_domain))
    return sorted(events, key=lambda e: (e.content.start_utc, e.kind != EventKind.SHIFT, e.uid))


def _activity_events(
    activities: tuple[ActivitySpan, ...] | list[ActivitySpan], stem: str, day: date, roster: AgentRoster,
    uid_domain: str,
) -> list[RosterEvent]:
    clock = _LocalClock(roster.agent.time_zone, day)
    seen: dict[int, int] = defaultdict(int)
    events = []
    for activity in activities:
        seen[activity.activity_id] += 1
        repeat = seen[activity.activity_id]
        suffix = f"-activity-{activity.activity_id}" + (f"-{repeat}" if repeat > 1 else "")
        label = activity_label(activity)
        events.append(RosterEvent(
            uid=f"{stem}{suffix}@{uid_domain}", kind=EventKind.ACTIVITY, day=day,
            content=EventContent(
                activity.start_utc, activity.end_utc, label,
                f"{label} {clock.span(activity.start_utc, activity.end_utc)}", roster.agent.site_name, busy=True,
            ),
        ))
    return events
