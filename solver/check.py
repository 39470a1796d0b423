"""Re-verify every hard rule of a plan without CP-SAT: every plan shown or stored has passed this."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from solver import rule_ids as R
from solver.constraints.contracts import weekend_blocks
from solver.plan import AgentPlan, Plan, PlannedShift
from solver.problem import Agent, Problem
from solver.rules import break_items


@dataclass(frozen=True)
class Violation:
    rule_id: str
    agent_id: str | None
    message: str
    day: int | None = None
    interval: int | None = None


def check_plan(problem: Problem, plan: Plan) -> list[Violation]:
    out: list[Violation] = []
    by_id = {a.agent_id: a for a in problem.agents}
    for ap in plan.agents:
        ag = by_id.get(ap.agent_id)
        if ag is None:
            out.append(Violation(R.SKILLS_QUEUE_SKILLED, ap.agent_id, "agent not in the problem"))
            continue
        out += _check_shifts(problem, ag, ap)
        out += _check_breaks(problem, ag, ap)
        out += _check_contract(problem, ag, ap)
        out += _check_assignments(problem, ag, ap)
    out += _check_activities(problem, plan)
    out += _check_coverage(problem, plan)
    if problem.max_paid_min is not None:
        paid = sum(_paid_min(problem, s) for ap in plan.agents for s in ap.shifts)
        if paid > problem.max_paid_min:
            out.append(Violation(R.BUDGET_MAX_PAID, None, f"{paid} paid minutes exceed the budget of {problem.max_paid_min}"))
    return out


def _paid_min(problem: Problem, s: PlannedShift) -> int:
    return (s.length - sum(b.length for b in s.breaks if not b.paid)) * problem.horizon.interval_min


def _check_shifts(problem: Problem, ag: Agent, ap: AgentPlan) -> list[Violation]:
    out = []
    h = problem.horizon
    im = h.interval_min
    site = h.site(ag.site_id)
    rule = ag.shift_rule
    days = defaultdict(list)
    for s in ap.shifts:
        days[s.day].append(s)
        if not (0 <= s.day < site.n_days and site.day_starts[s.day] <= s.start < site.day_starts[s.day + 1]):
            out.append(Violation(R.SHIFT_ONE_PER_DAY, ag.agent_id, f"shift at {s.start} does not start on day {s.day}", s.day))
            continue
        if s.end > h.n_intervals:
            out.append(Violation(R.SHIFT_ALLOWED_LENGTH, ag.agent_id, "shift runs past the horizon", s.day))
            continue
        if s.locked:
            continue
        if not all(ag.available[s.start : s.end]):
            out.append(Violation(R.AVAILABILITY_INSIDE_MASK, ag.agent_id, f"shift on day {s.day} outside availability", s.day))
        if site.open_mask is not None and not all(site.open_mask[s.start : s.end]):
            out.append(Violation(R.SHIFT_OPENING_HOURS, ag.agent_id, f"shift on day {s.day} outside opening hours", s.day))
        off = (s.start - site.day_starts[s.day]) * im
        if not (rule.earliest_start_min <= off <= rule.latest_start_min and (off - rule.earliest_start_min) % rule.start_step_min == 0):
            out.append(Violation(R.SHIFT_START_GRID, ag.agent_id, f"start {off // 60}:{off % 60:02d} on day {s.day} is off the grid", s.day))
        if s.length * im not in rule.lengths_min:
            out.append(Violation(R.SHIFT_ALLOWED_LENGTH, ag.agent_id, f"{s.length * im} min is not an allowed length", s.day))
    for d, ss in days.items():
        if len(ss) > 1:
            out.append(Violation(R.SHIFT_ONE_PER_DAY, ag.agent_id, f"{len(ss)} shifts on day {d}", d))
    ordered = sorted(ap.shifts, key=lambda s: s.start)
    for s1, s2 in zip(ordered, ordered[1:]):
        if s2.start < s1.end:
            out.append(Violation(R.SHIFT_NO_OVERLAP, ag.agent_id, f"shifts on days {s1.day} and {s2.day} overlap", s2.day))
        elif (s2.start - s1.end) * im < ag.contract.min_rest_min:
            out.append(
                Violation(
                    R.REST_MIN_BETWEEN_SHIFTS,
                    ag.agent_id,
                    f"only {(s2.start - s1.end) * im / 60:g} h rest between day {s1.day} and day {s2.day} "
                    f"(minimum {ag.contract.min_rest_min / 60:g} h)",
                    s2.day,
                )
            )
    locked = {lk.day: lk for lk in ag.locked}
    for d, lk in locked.items():
        ss = days.get(d, [])
        if lk.start is None and ss:
            out.append(Violation(R.LOCKED_KEPT, ag.agent_id, f"day {d} is pinned off but has a shift", d))
        if lk.start is not None and not any(s.start == lk.start and s.length == lk.n_intervals for s in ss):
            out.append(Violation(R.LOCKED_KEPT, ag.agent_id, f"locked shift on day {d} was changed", d))
    return out


def _check_breaks(problem: Problem, ag: Agent, ap: AgentPlan) -> list[Violation]:
    out = []
    im = problem.horizon.interval_min
    pack = ag.break_rules
    for s in ap.shifts:
        busy = [0] * s.length
        for b in s.breaks:
            if b.start < s.start or b.start + b.length > s.end:
                out.append(Violation(R.BREAKS_WINDOW, ag.agent_id, f"break at {b.start} lies outside the shift on day {s.day}", s.day, b.start))
                continue
            if b.length * im < pack.min_block_min:
                out.append(Violation(R.BREAKS_MIN_BLOCK, ag.agent_id, f"break of {b.length * im} min on day {s.day} is too short", s.day, b.start))
            for k in range(b.start - s.start, b.start - s.start + b.length):
                busy[k] += 1
        if any(x > 1 for x in busy):
            out.append(Violation(R.BREAKS_WINDOW, ag.agent_id, f"breaks overlap on day {s.day}", s.day))
        brk_min = sum(1 for x in busy if x) * im
        work_min = s.length * im - brk_min
        need = pack.required_break_min(work_min)
        if brk_min < need:
            th = max((t for t in pack.thresholds if work_min > t.work_over_min), key=lambda t: t.break_total_min)
            out.append(
                Violation(th.rule_id, ag.agent_id, f"{work_min / 60:g} h work on day {s.day} with only {brk_min} min break (need {need})", s.day)
            )
        if work_min > pack.max_work_day_min:
            out.append(Violation(R.BREAKS_MAX_WORK_PER_DAY, ag.agent_id, f"{work_min / 60:g} h work on day {s.day}", s.day))
        run = longest = 0
        for x in busy:
            run = 0 if x else run + 1
            longest = max(longest, run)
        if longest * im > pack.max_work_without_break_min:
            out.append(
                Violation(R.BREAKS_MAX_WORK_WITHOUT_BREAK, ag.agent_id, f"{longest * im / 60:g} h without a break on day {s.day}", s.day)
            )
        if not s.locked:
            items = break_items(pack, s.length * im, im) or ()
            planned = sorted(s.breaks, key=lambda b: b.start)
            for it in items:
                ok = any(
                    b.length == it.length and b.paid == it.paid and it.window[0] <= b.start - s.start <= it.window[1] for b in planned
                )
                if not ok:
                    out.append(Violation(it.rule_id if it.paid else R.BREAKS_WINDOW, ag.agent_id, f"break {it.key} missing or outside its window on day {s.day}", s.day))
    return out


def _check_contract(problem: Problem, ag: Agent, ap: AgentPlan) -> list[Violation]:
    out = []
    c = ag.contract
    n_days = problem.horizon.n_days
    paid = [0] * n_days
    works = [False] * n_days
    for s in ap.shifts:
        if 0 <= s.day < n_days:
            paid[s.day] += _paid_min(problem, s)
            works[s.day] = True
    for d in range(n_days):
        if paid[d] > c.max_day_min:
            out.append(Violation(R.CONTRACT_MAX_DAY, ag.agent_id, f"{paid[d] / 60:g} paid h on day {d} (max {c.max_day_min / 60:g})", d))
    for w0 in range(0, n_days, 7):
        week = range(w0, min(w0 + 7, n_days))
        total = sum(paid[d] for d in week)
        if total > c.max_week_min:
            out.append(Violation(R.CONTRACT_MAX_WEEK, ag.agent_id, f"{total / 60:g} h in week {w0 // 7 + 1} (max {c.max_week_min / 60:g})", w0))
        if len(week) == 7 and total < c.min_week_min:
            out.append(Violation(R.CONTRACT_MIN_WEEK, ag.agent_id, f"{total / 60:g} h in week {w0 // 7 + 1} (min {c.min_week_min / 60:g})", w0))
        nd = sum(works[d] for d in week)
        if nd > c.max_days_per_week:
            out.append(Violation(R.CONTRACT_MAX_DAYS_PER_WEEK, ag.agent_id, f"{nd} working days in week {w0 // 7 + 1}", w0))
    blocks = _blocks(works)
    for val, s, e in blocks:
        inner = s > 0 and e < n_days
        if val and e - s > c.max_consecutive_days:
            out.append(Violation(R.CONTRACT_MAX_CONSECUTIVE_DAYS, ag.agent_id, f"{e - s} consecutive working days from day {s}", s))
        if val and inner and e - s < c.min_consecutive_days:
            out.append(Violation(R.CONTRACT_MIN_CONSECUTIVE_DAYS, ag.agent_id, f"only {e - s} consecutive working days from day {s}", s))
        if not val and inner and e - s < c.min_consecutive_days_off:
            out.append(Violation(R.CONTRACT_MIN_CONSECUTIVE_DAYS_OFF, ag.agent_id, f"only {e - s} consecutive days off from day {s}", s))
    if c.max_weekends is not None:
        site = problem.horizon.site(ag.site_id)
        worked = sum(any(works[d] for d in b) for b in weekend_blocks(site.weekend_days, n_days))
        if worked > c.max_weekends:
            out.append(Violation(R.CONTRACT_MAX_WEEKENDS, ag.agent_id, f"{worked} weekends worked (max {c.max_weekends})"))
    return out


def _blocks(flags: list[bool]) -> list[tuple[bool, int, int]]:
    out = []
    s = 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[s]:
            out.append((flags[s], s, i))
            s = i
    return out


def _working_intervals(ap: AgentPlan) -> set[int]:
    present = set()
    for s in ap.shifts:
        present.update(range(s.start, s.end))
        for b in s.breaks:
            present.difference_update(range(b.start, b.start + b.length))
    for a in ap.activities:
        present.difference_update(range(a.start, a.start + a.length))
    return present


def _check_assignments(problem: Problem, ag: Agent, ap: AgentPlan) -> list[Violation]:
    out = []
    working = _working_intervals(ap)
    skills = ag.skill_ids
    seen: set[int] = set()
    for sp in ap.queue_spans:
        if sp.queue_id not in skills:
            out.append(Violation(R.SKILLS_QUEUE_SKILLED, ag.agent_id, f"assigned to {sp.queue_id} without the skill", interval=sp.start))
        for t in range(sp.start, sp.end):
            if t in seen:
                out.append(Violation(R.SKILLS_ONE_PLACE, ag.agent_id, f"in two queues at interval {t}", interval=t))
            seen.add(t)
            if t not in working:
                out.append(Violation(R.SKILLS_ONE_PLACE, ag.agent_id, f"assigned to {sp.queue_id} at {t} while not working", interval=t))
    return out


def _check_activities(problem: Problem, plan: Plan) -> list[Violation]:
    out = []
    plans = {ap.agent_id: ap for ap in plan.agents}
    for act in problem.activities:
        placed = {pid: [x for x in plans[pid].activities if x.activity_id == act.activity_id] for pid in act.participants if pid in plans}
        starts = {x.start for xs in placed.values() for x in xs}
        if not starts:
            continue
        if len(starts) > 1 or any(len(xs) != 1 for xs in placed.values()) or len(placed) != len(act.participants):
            out.append(Violation(R.ACTIVITY_PARTICIPANTS_PRESENT, None, f"activity {act.activity_id} is not held once for all participants"))
            continue
        (tau,) = starts
        if tau < act.window[0] or tau + act.duration_intervals > act.window[1]:
            out.append(Violation(R.ACTIVITY_INSIDE_WINDOW, None, f"activity {act.activity_id} outside its window"))
        for pid in act.participants:
            ap = plans[pid]
            present = set()
            for s in ap.shifts:
                present.update(range(s.start, s.end))
                for b in s.breaks:
                    present.difference_update(range(b.start, b.start + b.length))
            if not all(t in present for t in range(tau, tau + act.duration_intervals)):
                out.append(Violation(R.ACTIVITY_PARTICIPANTS_PRESENT, pid, f"{pid} is not on shift (or on a break) during {act.activity_id}"))
    return out


def _check_coverage(problem: Problem, plan: Plan) -> list[Violation]:
    out = []
    n = problem.horizon.n_intervals
    count: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    for ap in plan.agents:
        for sp in ap.queue_spans:
            for t in range(sp.start, sp.end):
                count[sp.queue_id][t] += 1
    for qc in plan.coverage:
        if list(qc.staffed) != count[qc.queue_id]:
            out.append(Violation(R.COVERAGE_STAFFED_CONSISTENT, None, f"queue {qc.queue_id}: staffed counts differ from assignments"))
    return out
