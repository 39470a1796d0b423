"""Replaying published versions so each event carries the SEQUENCE and STATUS a calendar client expects.

SEQUENCE counts the versions in which an event's visible content changed since it first appeared; an
event that a newer version no longer has is kept as CANCELLED, so clients drop it instead of keeping a
ghost shift. Only versions that cover an event's day may change it: a plan for another week says
nothing about this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduler.export.events import EventContent, RosterEvent
from scheduler.export.roster import PlanInfo


@dataclass(frozen=True)
class PlanVersionEvents:
    """One agent's events in one plan version."""

    plan: PlanInfo
    events: tuple[RosterEvent, ...]


@dataclass(frozen=True)
class VersionedEvent:
    event: RosterEvent
    """The newest content; for a cancelled event, the content it had before it was removed."""
    sequence: int
    cancelled: bool
    last_modified_utc: datetime


@dataclass
class _Track:
    event: RosterEvent
    current: EventContent | None
    sequence: int
    last_modified_utc: datetime


def replay(versions: Sequence[PlanVersionEvents]) -> list[VersionedEvent]:
    """Events of the last version (the exported plan) with their history from the versions before it.

    Only the days of the last version are considered; `versions` must be in publication order.
    """
    if not versions:
        return []
    target = versions[-1].plan
    tracks: dict[str, _Track] = {}
    for version in versions:
        present = {e.uid: e for e in version.events if target.covers(e.day)}
        for uid, event in present.items():
            track = tracks.get(uid)
            if track is None:
                tracks[uid] = _Track(event, event.content, 0, version.plan.stamp_utc)
            elif track.current != event.content:
                track.event, track.current = event, event.content
                track.sequence += 1
                track.last_modified_utc = version.plan.stamp_utc
        for uid, track in tracks.items():
            if uid not in present and track.current is not None and version.plan.covers(track.event.day):
                track.current = None
                track.sequence += 1
                track.last_modified_utc = version.plan.stamp_utc
    result = [
        VersionedEvent(track.event, track.sequence, track.current is None, track.last_modified_utc)
        for track in tracks.values()
    ]
    return sorted(result, key=lambda v: (v.event.content.start_utc, v.event.uid))
