"""Scoring a plan the way a planner reads it: service level per queue and interval, staffing gaps, preferences.

Service level and ASA are recomputed with the Erlang kernels from the stored forecast and the agents the plan
puts on each queue, discounted by the queue's unplanned shrinkage (breaks and activities are already off the
phones in the plan; see `staffing.evaluate_scheduled`). Week figures are weighted by volume.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
from sqlmodel import Session

from scheduler.planning.problem_builder import BuiltProblem
from scheduler.requirements import queue_forecast, queue_targets, stored_forecast, target_seconds
from scheduler.staffing import evaluate_scheduled
from scheduler.storage import models as m
from scheduler.timegrid import within_text
from solver.activity_reach import unreachable_activities
from solver.plan import Plan


@dataclass(frozen=True)
class QueueScore:
    queue: str
    channel: str
    target_pct: float
    target_s: int  # answered within (live queues) or response deadline (e-mail, back-office), in seconds
    week_service_level_pct: float | None  # None: no forecast volume in the period
    week_asa_s: float | None
    intervals_below_target: int
    intervals_with_demand: int
    required_h: float
    staffed_h: float
    under_staffed_h: float
    over_staffed_h: float

    @property
    def meets_target(self) -> bool:
        return self.week_service_level_pct is None or self.week_service_level_pct + 1e-9 >= self.target_pct


@dataclass(frozen=True)
class CampaignScore:
    campaign: str
    required_h: float
    placed_h: float


@dataclass(frozen=True)
class PreferenceScore:
    asked: int
    met: int

    @property
    def met_pct(self) -> float:
        return 100.0 if self.asked == 0 else 100.0 * self.met / self.asked


@dataclass(frozen=True)
class ActivityScore:
    """Training, coaching and meetings: how many sessions were asked for and planned, and which were not."""

    asked: int
    planned: int
    unplanned: tuple[str, ...]
    # sessions no plan can hold -> the participants who can never be there (none listed: never all at once)
    unreachable: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanEvaluation:
    queues: tuple[QueueScore, ...]
    campaigns: tuple[CampaignScore, ...]
    preferences: PreferenceScore
    activities: ActivityScore
    paid_h: float
    shifts: int
    penalties: tuple[dict, ...]
    solver: dict

    def as_statistics(self) -> dict:
        return {
            "queues": [asdict(q) for q in self.queues],
            "campaigns": [asdict(c) for c in self.campaigns],
            "preferences": {"asked": self.preferences.asked, "met": self.preferences.met,
                            "met_pct": round(self.preferences.met_pct, 2)},
            "activities": asdict(self.activities),
            "paid_h": self.paid_h,
            "shifts": self.shifts,
            "penalties": list(self.penalties),
            "solver": self.solver,
        }

    def summary_lines(self, version: int) -> tuple[str, ...]:
        return summary_from_statistics(self.as_statistics(), version)


def summary_from_statistics(stats: dict, version: int) -> tuple[str, ...]:
    """The planner's summary of a stored plan: solver result, per-queue service level, outbound, preferences."""
    if not stats:
        return (f"Plan version {version}: no statistics stored.",)
    s = stats["solver"]
    if s["status"] == "OPTIMAL":
        gap = "optimal"
    elif s["gap"] is None or not math.isfinite(s["gap"]):
        gap = "no CP-SAT solution in time: the constructive plan, checked rule by rule"
    else:
        gap = f"gap to bound {100 * s['gap']:.2f} %"
    lines = [
        f"Plan version {version}: {stats['shifts']} shifts, {stats['paid_h']:,.1f} paid hours; "
        f"solver {s['status']} in {s['wall_s']:.1f} s, {gap}",
        f"{'queue':<18} {'SL week':>8} {'target':>9} {'below':>8} {'under h':>8} {'over h':>7}",
    ]
    for q in stats["queues"]:
        sl = q["week_service_level_pct"]
        mark = "" if sl is None or sl + 1e-9 >= q["target_pct"] else "  below target"
        lines.append(
            f"{q['queue']:<18} {'-' if sl is None else f'{sl:.1f} %':>8} {q['target_pct']:>4.0f}/{within_text(q['target_s']):<5}"
            f"{q['intervals_below_target']:>4}/{q['intervals_with_demand']:<3} {q['under_staffed_h']:>8.1f} "
            f"{q['over_staffed_h']:>7.1f}{mark}"
        )
    for c in stats["campaigns"]:
        lines.append(f"{c['campaign']:<18} outbound: {c['placed_h']:.1f} of {c['required_h']:.1f} agent-hours placed")
    a = stats.get("activities")
    if a and a["asked"]:
        lines += _activity_lines(a)
    p = stats["preferences"]
    lines.append(f"Preferences met: {p['met']} of {p['asked']} ({p['met_pct']:.1f} %)")
    costly = [pen for pen in stats.get("penalties", ()) if pen["cost"] > 0]
    if costly:
        lines.append(f"{'soft rule':<34} {'amount':>10} {'unit':<28} {'cost':>9}")
        for pen in sorted(costly, key=lambda x: -x["cost"]):
            lines.append(f"{pen['rule_id']:<34} {pen['amount']:>10,.1f} {pen['unit']:<28} {pen['cost']:>9,.1f}")
    return tuple(lines)


def _queue_score(session: Session, q: m.Queue, built: BuiltProblem, plan: Plan) -> QueueScore:
    grid = built.index.grid
    hours = grid.interval_min / 60.0
    coverage = next(c for c in plan.coverage if c.queue_id == q.name)
    required = np.asarray(coverage.required, dtype=float)
    staffed = np.asarray(coverage.staffed, dtype=float)
    volume, aht, _ = stored_forecast(session, q, built.index.grid)
    demand = volume > 0
    week_sl = week_asa = None
    below = 0
    if demand.any():
        result = evaluate_scheduled(queue_targets(q), queue_forecast(session, q, volume, aht, grid), staffed)
        week_sl, week_asa = 100.0 * result.week_service_level, result.week_asa_s
        below = int((demand & (result.service_level * 100.0 + 1e-9 < q.sl_target_pct)).sum())
        week_asa = week_asa if math.isfinite(week_asa) else None
    return QueueScore(
        queue=q.name, channel=q.channel, target_pct=q.sl_target_pct,
        target_s=target_seconds(q),
        week_service_level_pct=week_sl, week_asa_s=week_asa, intervals_below_target=below,
        intervals_with_demand=int(demand.sum()), required_h=float(required.sum() * hours),
        staffed_h=float(staffed.sum() * hours),
        under_staffed_h=float(np.maximum(required - staffed, 0).sum() * hours),
        over_staffed_h=float(np.maximum(staffed - required, 0).sum() * hours),
    )


def _preferences(built: BuiltProblem, plan: Plan) -> PreferenceScore:
    problem = built.problem
    im = problem.horizon.interval_min
    asked = met = 0
    for agent in problem.agents:
        prefs = agent.preferences
        shifts = plan.agent(agent.agent_id).shifts
        day_starts = problem.horizon.site(agent.site_id).day_starts
        worked = {s.day for s in shifts}
        if prefs.start_window_min is not None and prefs.start_weight_per_shift > 0:
            lo, hi = prefs.start_window_min
            asked += len(shifts)
            met += sum(1 for s in shifts if lo <= (s.start - day_starts[s.day]) * im <= hi)
        if prefs.days_off and prefs.days_off_weight_per_day > 0:
            asked += len(prefs.days_off)
            met += sum(1 for d in prefs.days_off if d not in worked)
        if prefs.length_min is not None and prefs.length_weight_per_hour > 0:
            asked += len(shifts)
            met += sum(1 for s in shifts if s.length * im == prefs.length_min)
    return PreferenceScore(asked, met)


def _activity_lines(a: dict) -> list[str]:
    """The sessions planned, the ones no plan can hold (and who stands in the way), the ones left out."""
    unreachable = a.get("unreachable", {})
    lines = [f"Training, coaching and meetings: {a['planned']} of {a['asked']} sessions planned"]
    if unreachable:
        lines.append("  cannot be planned (no legal shift brings everyone there inside the window: availability, "
                     "absence, opening hours or shift rule):")
        for name, who in unreachable.items():
            lines.append(f"    {name}: " + (", ".join(who) + " cannot be there" if who else "never all present at once"))
    left = [k for k in a["unplanned"] if k not in unreachable]
    if left:
        lines.append("  not planned (the solver found no time for them): " + ", ".join(left[:4])
                     + (f" and {len(left) - 4} more" if len(left) > 4 else ""))
    return lines


def _activities(built: BuiltProblem, plan: Plan) -> ActivityScore:
    planned = {act.activity_id for a in plan.agents for act in a.activities}
    asked = [act.activity_id for act in built.problem.activities]
    unplanned = tuple(k for k in asked if k not in planned)
    unreachable = {k: v for k, v in unreachable_activities(built.problem).items() if k in unplanned}
    return ActivityScore(len(asked), len(asked) - len(unplanned), unplanned, unreachable)


def evaluate_plan(session: Session, built: BuiltProblem, plan: Plan) -> PlanEvaluation:
    index = built.index
    im = index.grid.interval_min
    queues = []
    for name, queue_id in index.queue_ids.items():
        q = session.get(m.Queue, queue_id)
        if q.channel != m.Channel.OUTBOUND:
            queues.append(_queue_score(session, q, built, plan))
    placed = dict(plan.campaign_minutes)
    campaigns = tuple(
        CampaignScore(c.campaign_id, c.agent_min / 60.0, placed.get(c.campaign_id, 0) / 60.0)
        for c in built.problem.campaigns
    )
    paid_min = sum(
        (s.length - sum(b.length for b in s.breaks if not b.paid)) * im for a in plan.agents for s in a.shifts
    )
    st = plan.stats
    return PlanEvaluation(
        queues=tuple(queues),
        campaigns=campaigns,
        preferences=_preferences(built, plan),
        activities=_activities(built, plan),
        paid_h=paid_min / 60.0,
        shifts=sum(len(a.shifts) for a in plan.agents),
        penalties=tuple(
            {"rule_id": p.rule_id, "unit": p.unit, "amount": p.amount, "cost": p.cost} for p in plan.penalties
        ),
        solver={"status": st.status, "objective": st.objective, "bound": st.bound, "gap": st.gap,
                "wall_s": st.wall_s, "first_solution_s": st.first_solution_s, "solutions": st.solutions,
                "stopped": st.stopped},
    )
