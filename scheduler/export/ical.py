"""RFC 5545 rosters: one calendar file per agent, in the site's local time with its VTIMEZONE.

Output is a pure function of the stored plans: DTSTAMP is the exported plan's publication time and
LAST-MODIFIED the publication of the version that last changed the event, so exporting the same plan
twice gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText
from sqlalchemy.engine import Engine

from scheduler.export.errors import ExportError
from scheduler.export.events import DEFAULT_UID_DOMAIN, SEPARATOR, roster_events
from scheduler.export.filenames import inside, unique_stems
from scheduler.export.history import PlanVersionEvents, VersionedEvent, replay
from scheduler.export.roster import AgentInfo, PlanInfo, earlier_published, find_plan, load_roster
from scheduler.export.vtimezone import vtimezone
from scheduler.storage.database import session_scope

PRODID = "-//contact-scheduler//roster export//EN"


def _utc(instant: datetime) -> datetime:
    return instant.astimezone(timezone.utc)


def build_calendar(agent: AgentInfo, plan: PlanInfo, events: Sequence[VersionedEvent]) -> Calendar:
    """The agent's calendar for this plan: live events plus CANCELLED ones for shifts a newer version removed."""
    zone = ZoneInfo(agent.time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # NAME and X-WR-CALNAME are not typed TEXT in icalendar 7, so they are escaped here explicitly; a
    # calendar title is one line, so any line breaks in a name become spaces.
    title = vText(f"Roster{SEPARATOR}{' '.join(agent.name.split())}")
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", agent.time_zone)
    # The calendar years of the plan: every event, cancelled ones included, lies inside them.
    calendar.add_component(vtimezone(agent.time_zone, date(plan.start_day.year, 1, 1), date(plan.end_day.year, 12, 31)))
    for versioned in events:
        content = versioned.event.content
        event = Event()
        event.add("uid", versioned.event.uid)
        event.add("dtstamp", _utc(plan.stamp_utc))
        event.add("last-modified", _utc(versioned.last_modified_utc))
        event.add("sequence", versioned.sequence)
        event.add("dtstart", content.start_utc.astimezone(zone))
        event.add("dtend", content.end_utc.astimezone(zone))
        event.add("summary", content.summary)
        event.add("description", content.description)
        event.add("location", content.location)
        event.add("transp", "OPAQUE" if content.busy else "TRANSPARENT")
        event.add("status", "CANCELLED" if versioned.cancelled else "CONFIRMED")
        event.add("categories", [versioned.event.kind.value])
        calendar.add_component(event)
    return calendar


def _targets(out: Path, agents: Sequence[AgentInfo]) -> dict[int, Path]:
    """`out` is a file for a single agent when it ends in .ics, else a directory holding `<code>.ics` files."""
    if out.suffix.lower() == ".ics" and not out.is_dir():
        if len(agents) != 1:
            raise ExportError(f"--out {out} names one file but {len(agents)} agents are exported: give a directory")
        if not out.parent.is_dir():
            raise ExportError(f"cannot write {out}: directory {out.parent} does not exist")
        return {agents[0].id: out}
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create output directory {out}: {exc.strerror or exc}") from None
    stems = unique_stems({agent.id: agent.code for agent in agents})
    return {agent.id: inside(out, f"{stems[agent.id]}.ics") for agent in agents}


def export_ical(
    engine: Engine,
    plan_id: int | None,
    agent_ids: Collection[int] | None,
    out: Path,
    *,
    separate_events: bool = False,
    uid_domain: str = DEFAULT_UID_DOMAIN,
) -> list[Path]:
    """Write one .ics per agent (all agents with events in the plan when `agent_ids` is None); the files written.

    `plan_id` None exports the newest published plan. Earlier published versions covering the same days
    decide SEQUENCE and which removed shifts are sent as CANCELLED.
    """
    with session_scope(engine) as session:
        plan = find_plan(session, plan_id=plan_id)
        versions = [*earlier_published(session, plan), plan]
        rosters = [load_roster(session, version, agent_ids) for version in versions]
    agents: dict[int, AgentInfo] = {}
    for roster in reversed(rosters):
        for agent_roster in roster.agents:
            agents.setdefault(agent_roster.agent.id, agent_roster.agent)
    calendars: dict[int, Calendar] = {}
    for agent_id, agent in sorted(agents.items(), key=lambda item: (item[1].code, item[0])):
        history = [
            PlanVersionEvents(
                roster.plan,
                tuple(roster_events(agent_roster, separate_events=separate_events, uid_domain=uid_domain))
                if (agent_roster := roster.for_agent(agent_id)) is not None else (),
            )
            for roster in rosters
        ]
        events = replay(history)
        if events or agent_ids is not None:
            calendars[agent_id] = build_calendar(agent, plan, events)
    if not calendars:
        raise ExportError(f"plan {plan.id} (version {plan.version}) has no shifts to export")
    targets = _targets(out, [agents[agent_id] for agent_id in calendars])
    written = []
    for agent_id, calendar in calendars.items():
        path = targets[agent_id]
        try:
            path.write_bytes(calendar.to_ical())
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
        written.append(path)
    return written
