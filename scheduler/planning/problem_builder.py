"""The only translation from stored rows to the solver's plain data: calendars, masks, demand, agents.

Everything the solver sees is an interval index on one grid; this module resolves time zones, opening
hours, weekly availability, dated exceptions, preferences, activities and locked or published shifts.
Ids in the problem are the planner's own names (agent code, queue and site names), so every message the
solver writes reads naturally.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlmodel import Session, select

from scheduler.opening_hours import Weekly, closed_days, queue_open_mask, site_open_mask, weekly_hours
from scheduler.requirements import queue_targets, stored_forecast
from scheduler.staffing.deferred import deadline_intervals, due_intervals
from scheduler.storage import models as m
from scheduler.timegrid import Grid, day_starts, local_instant_utc, planning_grid, span_mask, to_local, weekly_local_spans
from solver import problem as p
from solver.rules import ARBZG, BreakRulePack, ShortBreak

LABOUR_PACKS: dict[str, BreakRulePack] = {"arbzg": ARBZG}
ABSENT_KINDS = {m.ExceptionKind.VACATION, m.ExceptionKind.SICK, m.ExceptionKind.UNAVAILABLE}
SHORT_BREAK_MIN_SHIFT_MIN = 4 * 60


class ProblemBuildError(ValueError):
    """Stored data cannot become a planning problem; the message names the row and what to fix."""


@dataclass(frozen=True)
class ActivityOccurrence:
    activity_id: int
    day: date
    agent_id: int | None = None  # set for one person's coaching session


@dataclass
class ProblemIndex:
    """How to map solver ids and indices back to stored rows."""

    grid: Grid
    start_day: date
    days: int
    agent_ids: dict[str, int] = field(default_factory=dict)  # agent code -> Agent.id
    queue_ids: dict[str, int] = field(default_factory=dict)  # queue name -> Queue.id
    site_zones: dict[str, str] = field(default_factory=dict)  # site name -> IANA zone
    activities: dict[str, ActivityOccurrence] = field(default_factory=dict)
    targets: dict[str, tuple[float, int]] = field(default_factory=dict)  # queue -> (SL %, seconds)

    def local_day(self, day_index: int) -> date:
        return self.start_day + timedelta(days=day_index)


@dataclass(frozen=True)
class BuiltProblem:
    problem: p.Problem
    index: ProblemIndex


def _site_calendar(session: Session, site: m.Site, weekly: Weekly | None, grid: Grid, start_day: date,
                   days: int) -> p.SiteCalendar:
    mask = site_open_mask(site, weekly, closed_days(session, site.id), grid)
    open_mask = None if mask is None else tuple(bool(x) for x in mask)
    weekend = frozenset(d for d in range(days) if (start_day + timedelta(days=d)).weekday() >= 5)
    return p.SiteCalendar(site.name, tuple(day_starts(grid, site.time_zone, start_day, days)), weekend, open_mask)


def _requirements(session: Session, queue: m.Queue, grid: Grid) -> tuple[tuple[int, ...], tuple[tuple[float, ...], ...]]:
    rows = session.exec(
        select(m.Requirement).where(
            m.Requirement.queue_id == queue.id,
            m.Requirement.interval_start_utc >= grid.start_utc,
            m.Requirement.interval_start_utc < grid.end_utc,
        )
    ).all()
    required = [0] * grid.n_intervals
    values: list[tuple[float, ...]] = [()] * grid.n_intervals
    for r in rows:
        if r.interval_min != grid.interval_min:
            raise ProblemBuildError(
                f"queue {queue.name}: requirements are on a {r.interval_min}-minute grid, the plan on "
                f"{grid.interval_min} minutes; recompute them with `scheduler requirements`"
            )
        t = grid.index(r.interval_start_utc)
        required[t] = r.required_gross
        values[t] = _non_increasing(r.marginal_values)
    return tuple(required), tuple(values)


def _deferred_work(session: Session, queue: m.Queue, grid: Grid) -> p.DeferredWork | None:
    """E-mail and back-office arrivals with their business-hours deadlines, work in scheduled-agent-intervals."""
    if not queue.response_deadline_min:
        return None
    volume, aht, found = stored_forecast(session, queue, grid)
    if found == 0:
        return None
    worked = queue_open_mask(session, queue, grid)
    due = due_intervals(worked, deadline_intervals(queue.response_deadline_min, grid.interval_min))
    per_agent_s = grid.interval_min * 60.0 * queue.max_occupancy * (1.0 - queue.shrinkage)
    return p.DeferredWork(
        tuple(float(v) for v in volume), tuple(float(w) for w in volume * aht / per_agent_s), tuple(int(d) for d in due)
    )


def _weekly_targets(queue: m.Queue, volume, calendar: p.SiteCalendar, n: int) -> tuple[p.ServiceTarget, ...]:
    """The queue's service-level target as contacts answered in target, one per week of the horizon.

    Weeks run on the first site's local days; the first starts at the horizon start, the last ends with it.
    """
    if queue.sl_target_pct <= 0:
        return ()
    weeks = []
    bounds = [0, *calendar.day_starts[7 : calendar.n_days : 7], n]
    for start, end in zip(bounds, bounds[1:]):
        contacts = queue.sl_target_pct / 100.0 * float(sum(volume[start:end]))
        if end > start and contacts > 0:
            weeks.append(p.ServiceTarget(start, end, contacts))
    return tuple(weeks)


def _non_increasing(values: list[float]) -> tuple[float, ...]:
    """Guard the solver's concavity assumption against rounding noise in stored values."""
    out, last = [], math.inf
    for v in values:
        last = min(last, max(0.0, float(v)))
        out.append(last)
    return tuple(out)


def _break_pack(contract: m.Contract, rule: m.ShiftRule) -> BreakRulePack:
    pack = LABOUR_PACKS.get(contract.labour_rules.lower())
    if pack is None:
        raise ProblemBuildError(
            f"contract {contract.name}: unknown labour rule pack {contract.labour_rules!r} "
            f"(known: {', '.join(sorted(LABOUR_PACKS))})"
        )
    if rule.short_break_min > 0:
        pack = pack.with_short_breaks(
            ShortBreak(rule.short_break_min, (rule.short_break_from_min, rule.short_break_to_min), SHORT_BREAK_MIN_SHIFT_MIN)
        )
    return pack


def _preferences(prefs: list[m.Preference], start_day: date, days: int) -> p.Preferences:
    fields: dict = {}
    for pref in prefs:
        if pref.kind == m.PreferenceKind.START_WINDOW and pref.start_min is not None and pref.end_min is not None:
            fields["start_window_min"] = (pref.start_min, pref.end_min)
            fields["start_weight_per_shift"] = max(pref.weight, fields.get("start_weight_per_shift", 0.0))
        elif pref.kind == m.PreferenceKind.DAY_OFF and pref.weekday is not None:
            wanted = {d for d in range(days) if (start_day + timedelta(days=d)).weekday() == pref.weekday}
            fields["days_off"] = fields.get("days_off", frozenset()) | wanted
            fields["days_off_weight_per_day"] = max(pref.weight, fields.get("days_off_weight_per_day", 0.0))
        elif pref.kind == m.PreferenceKind.SHIFT_LENGTH and pref.length_min is not None:
            fields["length_min"] = pref.length_min
            fields["length_weight_per_hour"] = max(pref.weight, fields.get("length_weight_per_hour", 0.0))
    return p.Preferences(**fields)


def _locked_days(shifts: list[m.PlanShift], grid: Grid, start_day: date, pinned_days: int) -> dict[int, p.LockedDay]:
    """Locked shifts, and on the first `pinned_days` days every day as it stands, worked or not."""
    out: dict[int, p.LockedDay] = {d: p.LockedDay(d) for d in range(pinned_days)}
    for s in shifts:
        d = (s.day - start_day).days
        inside = grid.start_utc <= s.start_utc and s.end_utc <= grid.end_utc
        if inside and (d in out or s.locked):
            start, end = grid.index(s.start_utc), grid.index(s.end_utc)
            out[d] = p.LockedDay(d, start, end - start)
    return out


def build_problem(
    session: Session,
    start_day: date,
    weeks: int = 1,
    interval_min: int = 15,
    hint_plan_id: int | None = None,
    pinned_plan_id: int | None = None,
    pinned_until: date | None = None,
) -> BuiltProblem:
    """The planning problem for `weeks` weeks from `start_day` (site-local days) from what is stored.

    Locked shifts of `hint_plan_id` stay as they are; the days of `pinned_plan_id` (a published plan)
    before `pinned_until` are pinned as published, shifts and days off alike: they have happened or are
    happening, and agents were told.
    """
    days = 7 * weeks
    agents = session.exec(select(m.Agent).where(m.Agent.active == True).order_by(m.Agent.code)).all()  # noqa: E712
    if not agents:
        raise ProblemBuildError("there are no active agents to plan; import agents first (`scheduler import agents`)")
    sites = {s.id: s for s in session.exec(select(m.Site)).all()}
    used_sites = sorted({a.site_id for a in agents})
    grid = planning_grid([sites[s].time_zone for s in used_sites], start_day, days, interval_min)
    index = ProblemIndex(grid, start_day, days)

    hours = weekly_hours(session)
    calendars = []
    for sid in used_sites:
        calendars.append(_site_calendar(session, sites[sid], hours.get(sid), grid, start_day, days))
        index.site_zones[sites[sid].name] = sites[sid].time_zone
    horizon = p.Horizon(interval_min, grid.n_intervals, tuple(calendars))

    queues, campaigns = [], []
    all_open = [any(c.open_mask[t] if c.open_mask else True for c in calendars) for t in range(grid.n_intervals)]
    for q in session.exec(select(m.Queue).order_by(m.Queue.priority, m.Queue.name)).all():
        index.queue_ids[q.name] = q.id
        index.targets[q.name] = (q.sl_target_pct, q.sl_target_s)
        if q.channel == m.Channel.OUTBOUND:
            if q.outbound_week_min:
                campaigns.append(p.Campaign(q.name, q.outbound_week_min * weeks, tuple(all_open)))
            continue
        required, values = _requirements(session, q, grid)
        work = _deferred_work(session, q, grid) if queue_targets(q).channel.is_deferred else None
        volume = work.contacts if work is not None else stored_forecast(session, q, grid)[0]
        queues.append(p.Queue(q.name, required, values, priority=1.0 / q.priority, deferred=work,
                              targets=_weekly_targets(q, volume, calendars[0], grid.n_intervals)))

    contracts = {c.id: c for c in session.exec(select(m.Contract)).all()}
    rules = {r.id: r for r in session.exec(select(m.ShiftRule)).all()}
    queue_names = {qid: name for name, qid in index.queue_ids.items()}
    skills: dict[int, list[p.Skill]] = defaultdict(list)
    for s in session.exec(select(m.AgentSkill).order_by(m.AgentSkill.priority)).all():
        skills[s.agent_id].append(p.Skill(queue_names[s.queue_id], s.priority))
    windows: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for w in session.exec(select(m.AvailabilityWindow)).all():
        windows[w.agent_id][w.weekday].append((w.start_min, w.end_min))
    exceptions: dict[int, list[m.AvailabilityException]] = defaultdict(list)
    for e in session.exec(
        select(m.AvailabilityException).where(
            m.AvailabilityException.end_utc > grid.start_utc, m.AvailabilityException.start_utc < grid.end_utc
        )
    ).all():
        exceptions[e.agent_id].append(e)
    prefs: dict[int, list[m.Preference]] = defaultdict(list)
    for pref in session.exec(select(m.Preference)).all():
        prefs[pref.agent_id].append(pref)
    hint_shifts = _plan_shifts(session, hint_plan_id)
    pinned_shifts = _plan_shifts(session, pinned_plan_id)

    problem_agents = []
    for a in agents:
        site = sites[a.site_id]
        contract, rule = contracts[a.contract_id], rules[a.shift_rule_id]
        if windows[a.id]:
            available = span_mask(grid, list(weekly_local_spans(site.time_zone, start_day, days, windows[a.id])))
        else:
            available = [True] * grid.n_intervals
        for e in sorted(exceptions[a.id], key=lambda e: e.kind == m.ExceptionKind.AVAILABLE):
            available = span_mask(grid, [(e.start_utc, e.end_utc)], e.kind not in ABSENT_KINDS, base=available)
        workdays = set(windows[a.id]) if windows[a.id] else set(range(7))
        contract_min = _credited_minimum(contract, exceptions[a.id], site.time_zone, start_day, days, workdays)
        pinned_days = min(days, max(0, (pinned_until - start_day).days)) if pinned_plan_id and pinned_until else 0
        locked = _locked_days(hint_shifts.get(a.id, []), grid, start_day, 0)
        locked.update(_locked_days(pinned_shifts.get(a.id, []), grid, start_day, pinned_days))
        problem_agents.append(
            p.Agent(
                agent_id=a.code,
                site_id=site.name,
                skills=tuple(skills[a.id]),
                available=tuple(available),
                contract=p.Contract(
                    min_week_min=contract_min,
                    max_week_min=contract.max_week_min,
                    max_day_min=contract.max_day_min,
                    max_days_per_week=contract.max_days_per_week,
                    max_consecutive_days=contract.max_consecutive_days,
                    min_rest_min=contract.min_rest_min,
                ),
                shift_rule=p.ShiftRule(rule.earliest_start_min, rule.latest_start_min, rule.start_step_min,
                                       tuple(rule.allowed_lengths_min)),
                break_rules=_break_pack(contract, rule),
                preferences=_preferences(prefs[a.id], start_day, days),
                locked=tuple(locked[d] for d in sorted(locked)),
            )
        )
        index.agent_ids[a.code] = a.id

    activities = _activities(session, grid, index, agents, {sid: s.time_zone for sid, s in sites.items()})
    problem = p.Problem(horizon, tuple(queues), tuple(problem_agents), tuple(campaigns), tuple(activities))
    try:
        problem.validate()
    except ValueError as exc:
        raise ProblemBuildError(str(exc)) from None
    return BuiltProblem(problem, index)


def _credited_minimum(contract: m.Contract, absences: list[m.AvailabilityException], zone: str,
                      start_day: date, days: int, workdays: set[int]) -> int:
    """The weekly minimum after crediting whole days of vacation or sickness, as payroll does.

    Each absent local day on one of the agent's usual weekdays (`workdays`) counts as 1/max_days_per_week
    of the weekly minimum; with several weeks the tightest remaining minimum holds for all of them (the
    solver has one weekly minimum per agent).
    """
    if contract.min_week_min == 0 or contract.max_days_per_week == 0:
        return contract.min_week_min
    credited = []
    for week in range(days // 7):
        absent = 0
        for d in range(7):
            day = start_day + timedelta(days=7 * week + d)
            if day.weekday() not in workdays:
                continue
            begins, ends = local_instant_utc(zone, day, 0), local_instant_utc(zone, day, 1440)
            if any(e.kind in (m.ExceptionKind.VACATION, m.ExceptionKind.SICK) and e.start_utc <= begins
                   and ends <= e.end_utc for e in absences):
                absent += 1
        absent = min(absent, contract.max_days_per_week)
        credited.append(contract.min_week_min - absent * contract.min_week_min // contract.max_days_per_week)
    return max(0, min(credited, default=contract.min_week_min))


def _plan_shifts(session: Session, plan_id: int | None) -> dict[int, list[m.PlanShift]]:
    out: dict[int, list[m.PlanShift]] = defaultdict(list)
    if plan_id is not None:
        for s in session.exec(select(m.PlanShift).where(m.PlanShift.plan_id == plan_id)).all():
            out[s.agent_id].append(s)
    return out


def _weekly_occurrences(act: m.Activity, zone: str, grid: Grid):
    """The activity's windows that touch the grid; weekly ones repeat at the same local wall time."""
    if not act.recurs_weekly:
        yield act.window_start_utc, act.window_end_utc
        return
    week_s = 7 * 86400
    first = math.floor((grid.start_utc - act.window_end_utc).total_seconds() / week_s)
    last = math.ceil((grid.end_utc - act.window_start_utc).total_seconds() / week_s)
    local_start, local_end = to_local(zone, act.window_start_utc), to_local(zone, act.window_end_utc)
    for k in range(first, last + 1):
        yield _utc(local_start.add(weeks=k)), _utc(local_end.add(weeks=k))


def _utc(instant) -> datetime:
    return datetime.fromtimestamp(instant.timestamp(), tz=timezone.utc)


def _activities(session: Session, grid: Grid, index: ProblemIndex, agents: list[m.Agent], zones: dict[int, str]) -> list[p.Activity]:
    codes = {a.id: a.code for a in agents}
    agent_zone = {a.id: zones[a.site_id] for a in agents}
    members: dict[int, list[int]] = defaultdict(list)
    for a in agents:
        if a.team_id is not None:
            members[a.team_id].append(a.id)
    explicit: dict[int, list[int]] = defaultdict(list)
    for ap in session.exec(select(m.ActivityParticipant)).all():
        explicit[ap.activity_id].append(ap.agent_id)
    out = []
    for act in session.exec(select(m.Activity).order_by(m.Activity.id)).all():
        people = sorted({i for i in explicit[act.id] + members.get(act.team_id, []) if i in codes})
        if not people:
            continue
        duration = -(-act.duration_min // grid.interval_min)
        for start, end in _weekly_occurrences(act, agent_zone[people[0]], grid):
            if end <= grid.start_utc or start >= grid.end_utc:
                continue
            lo, hi = grid.clamp_index(start), grid.clamp_index(end)
            if hi - lo < duration:
                continue
            if act.kind == m.ActivityKind.COACHING:
                # coaching and feedback are one-to-one: a session per person somewhere in the window
                for i in people:
                    key = f"{act.name} · {codes[i]} · {start.date().isoformat()}"
                    index.activities[key] = ActivityOccurrence(act.id, start.date(), i)
                    out.append(p.Activity(key, duration, (codes[i],), (lo, hi)))
                continue
            key = f"{act.name} · {start.date().isoformat()}"
            index.activities[key] = ActivityOccurrence(act.id, start.date())
            out.append(p.Activity(key, duration, tuple(codes[i] for i in people), (lo, hi)))
    return out
