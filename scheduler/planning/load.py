"""Reading a stored plan back onto a problem's grid, for solver hints and for checking a planner's edits."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, select

from scheduler.planning.problem_builder import BuiltProblem
from scheduler.storage import models as m
from solver.plan import AgentPlan, Plan, PlannedActivity, PlannedBreak, PlannedShift, QueueCoverage, QueueSpan, SolveStats


def load_solver_plan(session: Session, built: BuiltProblem, plan_id: int) -> Plan:
    """The stored plan as the solver's `Plan` on `built`'s grid; items outside the grid are left out."""
    index = built.index
    grid = index.grid
    codes = {agent_id: code for code, agent_id in index.agent_ids.items()}
    queue_names = {queue_id: name for name, queue_id in index.queue_ids.items()}
    activity_keys = {(o.activity_id, o.day, o.agent_id): key for key, o in index.activities.items()}

    def inside(start, end) -> bool:
        return grid.start_utc <= start and end <= grid.end_utc

    shifts = session.exec(select(m.PlanShift).where(m.PlanShift.plan_id == plan_id)).all()
    breaks: dict[int, list[m.PlanBreak]] = defaultdict(list)
    if shifts:
        for b in session.exec(select(m.PlanBreak).where(m.PlanBreak.shift_id.in_([s.id for s in shifts]))).all():
            breaks[b.shift_id].append(b)
    per_agent: dict[str, list[PlannedShift]] = defaultdict(list)
    for s in shifts:
        if s.agent_id not in codes or not inside(s.start_utc, s.end_utc):
            continue
        start = grid.index(s.start_utc)
        planned_breaks = tuple(
            PlannedBreak(grid.index(b.start_utc), grid.index(b.end_utc) - grid.index(b.start_utc), b.paid, "")
            for b in sorted(breaks[s.id], key=lambda b: b.start_utc)
        )
        per_agent[codes[s.agent_id]].append(
            PlannedShift((s.day - index.start_day).days, start, grid.index(s.end_utc) - start, planned_breaks, s.locked)
        )
    activities: dict[str, list[PlannedActivity]] = defaultdict(list)
    for a in session.exec(select(m.PlanActivity).where(m.PlanActivity.plan_id == plan_id)).all():
        key = activity_keys.get((a.activity_id, a.start_utc.date(), a.agent_id)) or activity_keys.get(
            (a.activity_id, a.start_utc.date(), None))
        if key is None:
            key = next((k for (act, _, who), k in activity_keys.items() if act == a.activity_id and who in (None, a.agent_id)), None)
        if a.agent_id in codes and key is not None and inside(a.start_utc, a.end_utc):
            start = grid.index(a.start_utc)
            activities[codes[a.agent_id]].append(PlannedActivity(key, start, grid.index(a.end_utc) - start))
    spans: dict[str, list[QueueSpan]] = defaultdict(list)
    for a in session.exec(select(m.PlanAssignment).where(m.PlanAssignment.plan_id == plan_id)).all():
        if a.agent_id in codes and a.queue_id in queue_names and inside(a.start_utc, a.end_utc):
            spans[codes[a.agent_id]].append(QueueSpan(queue_names[a.queue_id], grid.index(a.start_utc), grid.index(a.end_utc)))

    agents = tuple(
        AgentPlan(
            agent.agent_id,
            tuple(sorted(per_agent[agent.agent_id], key=lambda s: s.start)),
            tuple(sorted(activities[agent.agent_id], key=lambda a: a.start)),
            tuple(sorted(spans[agent.agent_id], key=lambda s: s.start)),
        )
        for agent in built.problem.agents
    )
    coverage = []
    for q in built.problem.queues:
        staffed = [0] * grid.n_intervals
        for agent in agents:
            for span in agent.queue_spans:
                if span.queue_id == q.queue_id:
                    for t in range(span.start, span.end):
                        staffed[t] += 1
        coverage.append(QueueCoverage(q.queue_id, q.required, tuple(staffed)))
    row = session.get(m.Plan, plan_id)
    stats = SolveStats(row.solver_status or "STORED", row.objective or 0.0, row.bound or 0.0, row.gap or 0.0,
                       row.solve_time_s or 0.0, None, 0)
    campaign_minutes = tuple(
        (c.campaign_id, sum(span.end - span.start for a in agents for span in a.queue_spans
                            if span.queue_id == c.campaign_id) * grid.interval_min)
        for c in built.problem.campaigns
    )
    return Plan(agents, tuple(coverage), campaign_minutes, (), stats)
