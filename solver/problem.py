"""The planning problem as plain frozen data: every time is an integer interval index from the horizon start.

The caller (the application's problem builder, a benchmark reader, a test) resolves calendars, time zones
and recurring availability into interval masks; the model never sees a clock or a time zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.rules import ARBZG, BreakRulePack


@dataclass(frozen=True)
class SiteCalendar:
    """Site-local days as interval boundaries (DST days are simply shorter or longer)."""

    site_id: str
    day_starts: tuple[int, ...]  # n_days + 1 boundaries: day d is [day_starts[d], day_starts[d + 1])
    weekend_days: frozenset[int] = frozenset()
    open_mask: tuple[bool, ...] | None = None  # None: always open

    @property
    def n_days(self) -> int:
        return len(self.day_starts) - 1


@dataclass(frozen=True)
class Horizon:
    interval_min: int
    n_intervals: int
    sites: tuple[SiteCalendar, ...]

    def site(self, site_id: str) -> SiteCalendar:
        for s in self.sites:
            if s.site_id == site_id:
                return s
        raise KeyError(f"unknown site {site_id!r}")

    @property
    def n_days(self) -> int:
        return self.sites[0].n_days


@dataclass(frozen=True)
class DeferredWork:
    """E-mail and back-office work that may wait: what arrives in interval s is on time until the end of `due[s]`.

    Contacts arriving in s need `work[s]` scheduled-agent-intervals in all (unplanned shrinkage included);
    the caller chooses the deadline clock (business hours), so `due[s] >= s` may lie past the horizon.
    """

    contacts: tuple[float, ...]
    work: tuple[float, ...]
    due: tuple[int, ...]
    # residual problems only (solver/residual.py): per arrival, the work units agents outside the problem
    # already finish on time, and per interval, the units of their capacity that work takes
    fixed_done: tuple[int, ...] | None = None
    fixed_load: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ServiceTarget:
    """A queue's service-level promise over a period (a week): `contacts` answered in target in [start, end).

    Deferred queues count contacts that arrive in the period and are finished by their deadline.
    """

    start: int
    end: int
    contacts: float


@dataclass(frozen=True)
class Queue:
    """Inbound demand: `marginal_values[t][k]` is the value (calls answered in target) of the (k+1)-th agent.

    With `deferred` set (e-mail, back-office) the value is the contacts finished by their deadline instead,
    wherever in their window the agents work; `required` still drives over-staffing and the report.
    """

    queue_id: str
    required: tuple[int, ...]
    marginal_values: tuple[tuple[float, ...], ...]
    over_staff_cost_per_agent_interval: float = 0.05
    priority: float = 1.0  # multiplies the queue's service value
    deferred: DeferredWork | None = None
    targets: tuple[ServiceTarget, ...] = ()  # weekly targets: contacts short of one cost extra (Weights)
    # agents outside this problem already on the queue per interval: a neighbourhood search solves the
    # freed agents against the fixed ones' staffing (see solver/residual.py); None for a whole centre
    base_staffed: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Campaign:
    """Outbound work as flexible demand: agent-minutes to place anywhere inside `allowed`."""

    campaign_id: str
    agent_min: int
    allowed: tuple[bool, ...]
    base_agent_intervals: int = 0  # already placed by agents outside this problem (see Queue.base_staffed)


@dataclass(frozen=True)
class Skill:
    queue_id: str  # a queue or a campaign id
    priority: int = 1


@dataclass(frozen=True)
class Contract:
    """Hard contract limits; paid minutes exclude unpaid breaks. Optional fields serve day-level instances."""

    min_week_min: int = 0
    max_week_min: int = 40 * 60
    max_day_min: int = 10 * 60
    max_days_per_week: int = 5
    max_consecutive_days: int = 6
    min_rest_min: int = 11 * 60
    min_consecutive_days: int = 1
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None


@dataclass(frozen=True)
class ShiftRule:
    """Where shifts may start (site-local minutes from the day start) and how long they may be."""

    earliest_start_min: int = 6 * 60
    latest_start_min: int = 14 * 60
    start_step_min: int = 30
    lengths_min: tuple[int, ...] = (8 * 60 + 30,)


@dataclass(frozen=True)
class Preferences:
    start_window_min: tuple[int, int] | None = None  # preferred local start range [lo, hi]
    start_weight_per_shift: float = 0.0
    days_off: frozenset[int] = frozenset()
    days_off_weight_per_day: float = 0.0
    length_min: int | None = None
    length_weight_per_hour: float = 0.0


@dataclass(frozen=True)
class LockedDay:
    """A planner's fixed day: `start`/`n_intervals` set = this exact shift, None = pinned day off."""

    day: int
    start: int | None = None
    n_intervals: int | None = None


@dataclass(frozen=True)
class Agent:
    agent_id: str
    site_id: str
    skills: tuple[Skill, ...]
    available: tuple[bool, ...]
    contract: Contract = Contract()
    shift_rule: ShiftRule = ShiftRule()
    break_rules: BreakRulePack = ARBZG
    preferences: Preferences = Preferences()
    locked: tuple[LockedDay, ...] = ()

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(s.queue_id for s in self.skills)


@dataclass(frozen=True)
class Activity:
    """Training, coaching, meetings: all participants together, off the phones, inside the window."""

    activity_id: str
    duration_intervals: int
    participants: tuple[str, ...]
    window: tuple[int, int]  # [start, end) in which the whole activity must lie


@dataclass(frozen=True)
class Weights:
    """Soft-rule weights in cost units; the unit of each weight is in its name."""

    service_value_per_call: float = 1.0
    # a contact short of a queue's weekly target costs this many times its service value on top, so the
    # solver lifts queues below target before it adds service level where the target is already met
    target_shortfall_value_multiple: int = 2
    paid_time_per_hour: float = 0.0
    weekend_day_worked_per_day: float = 0.5  # grows linearly with each further weekend day: convex spread
    late_shift_per_shift: float = 0.3  # also convex per agent
    start_spread_per_hour: float = 0.2
    activity_unplaced_per_activity: float = 50.0
    outbound_unplaced_per_agent_hour: float = 2.0
    preference_scale: float = 1.0


@dataclass(frozen=True)
class Problem:
    horizon: Horizon
    queues: tuple[Queue, ...]
    agents: tuple[Agent, ...]
    campaigns: tuple[Campaign, ...] = ()
    activities: tuple[Activity, ...] = ()
    weights: Weights = Weights()
    late_shift_end_after_min: int = 20 * 60  # local minutes: a shift ending later counts as late
    max_paid_min: int | None = None  # labour budget over the horizon

    def agent_index(self, agent_id: str) -> int:
        for i, a in enumerate(self.agents):
            if a.agent_id == agent_id:
                return i
        raise KeyError(f"unknown agent {agent_id!r}")

    def validate(self) -> None:
        """Raise ValueError naming the object and field for malformed input."""
        h = self.horizon
        if h.interval_min <= 0 or h.n_intervals <= 0:
            raise ValueError("horizon: interval_min and n_intervals must be positive")
        n_days = {s.n_days for s in h.sites}
        if len(n_days) != 1:
            raise ValueError("horizon.sites: every site must have the same number of days")
        for s in h.sites:
            if list(s.day_starts) != sorted(s.day_starts) or s.day_starts[-1] > h.n_intervals or s.day_starts[0] < 0:
                raise ValueError(f"site {s.site_id}: day_starts must be increasing inside the horizon")
            if s.open_mask is not None and len(s.open_mask) != h.n_intervals:
                raise ValueError(f"site {s.site_id}: open_mask has {len(s.open_mask)} entries, expected {h.n_intervals}")
        for q in self.queues:
            if len(q.required) != h.n_intervals or len(q.marginal_values) != h.n_intervals:
                raise ValueError(f"queue {q.queue_id}: required/marginal_values must have {h.n_intervals} entries")
            if q.base_staffed is not None and (len(q.base_staffed) != h.n_intervals or min(q.base_staffed) < 0):
                raise ValueError(f"queue {q.queue_id}: base_staffed must have {h.n_intervals} entries >= 0")
            d = q.deferred
            if d is not None:
                if not len(d.contacts) == len(d.work) == len(d.due) == h.n_intervals:
                    raise ValueError(f"queue {q.queue_id}: deferred contacts/work/due must have {h.n_intervals} entries")
                if any(due < s for s, due in enumerate(d.due)) or any(w < 0 for w in d.work) or any(c < 0 for c in d.contacts):
                    raise ValueError(f"queue {q.queue_id}: deferred work must be >= 0 and due no earlier than it arrives")
                for name in ("fixed_done", "fixed_load"):
                    got = getattr(d, name)
                    if got is not None and (len(got) != h.n_intervals or min(got) < 0):
                        raise ValueError(f"queue {q.queue_id}: deferred {name} must have {h.n_intervals} entries >= 0")
            for k in q.targets:
                if not 0 <= k.start < k.end <= h.n_intervals or k.contacts < 0:
                    raise ValueError(f"queue {q.queue_id}: target [{k.start}, {k.end}) must lie inside the horizon with contacts >= 0")
            for t, vals in enumerate(q.marginal_values):
                if any(b > a + 1e-9 for a, b in zip(vals, vals[1:])) or any(v < 0 for v in vals):
                    raise ValueError(f"queue {q.queue_id}: marginal_values[{t}] must be non-negative and non-increasing")
        site_ids = {s.site_id for s in h.sites}
        seen: set[str] = set()
        for a in self.agents:
            if a.agent_id in seen:
                raise ValueError(f"agent {a.agent_id}: duplicate agent_id")
            seen.add(a.agent_id)
            if a.site_id not in site_ids:
                raise ValueError(f"agent {a.agent_id}: unknown site_id {a.site_id!r}")
            if len(a.available) != h.n_intervals:
                raise ValueError(f"agent {a.agent_id}: available has {len(a.available)} entries, expected {h.n_intervals}")
            if a.shift_rule.start_step_min % h.interval_min or any(L % h.interval_min for L in a.shift_rule.lengths_min):
                raise ValueError(f"agent {a.agent_id}: shift_rule steps and lengths must be multiples of {h.interval_min} min")
        for act in self.activities:
            for p in act.participants:
                if p not in seen:
                    raise ValueError(f"activity {act.activity_id}: unknown participant {p!r}")
        for c in self.campaigns:
            if len(c.allowed) != h.n_intervals:
                raise ValueError(f"campaign {c.campaign_id}: allowed must have {h.n_intervals} entries")
