"""Why no plan exists, in a planner's words: which agent, which rules.

First a cheap pre-check per agent (contract minimum vs what availability and the shift rules allow);
if the model is still infeasible, every per-agent hard rule gets an assumption literal and CP-SAT's
`SufficientAssumptionsForInfeasibility` names a conflicting set.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver import rule_ids as R
from solver.candidates import candidate_shifts
from solver.problem import Problem

_WORDS = {
    R.CONTRACT_MIN_WEEK: "minimum paid hours per week",
    R.CONTRACT_MAX_WEEK: "maximum paid hours per week",
    R.CONTRACT_MAX_DAYS_PER_WEEK: "maximum working days per week",
    R.CONTRACT_MAX_CONSECUTIVE_DAYS: "maximum consecutive working days",
    R.CONTRACT_MIN_CONSECUTIVE_DAYS: "minimum consecutive working days",
    R.CONTRACT_MIN_CONSECUTIVE_DAYS_OFF: "minimum consecutive days off",
    R.CONTRACT_MAX_WEEKENDS: "maximum weekends worked",
    R.REST_MIN_BETWEEN_SHIFTS: "minimum rest between shifts",
}


@dataclass(frozen=True)
class Conflict:
    agent_id: str | None
    rule_ids: tuple[str, ...]
    message: str


def precheck(problem: Problem) -> list[Conflict]:
    """Contract minimum per week above what availability, shift rules and the day limits allow."""
    out: list[Conflict] = []
    problem.validate()
    for ag in problem.agents:
        days = candidate_shifts(problem, ag)
        c = ag.contract
        if c.min_week_min <= 0:
            continue
        for w0 in range(0, len(days), 7):
            week = days[w0 : w0 + 7]
            if len(week) < 7:
                continue
            best = sorted((max((x.paid_min for x in d), default=0) for d in week), reverse=True)
            reach = min(sum(best[: c.max_days_per_week]), c.max_week_min)
            if reach < c.min_week_min:
                out.append(
                    Conflict(
                        ag.agent_id,
                        (R.CONTRACT_MIN_WEEK, R.AVAILABILITY_INSIDE_MASK),
                        f"Agent {ag.agent_id}: the contract asks for at least {c.min_week_min / 60:g} h in week "
                        f"{w0 // 7 + 1}, but availability, shift rules and at most {c.max_days_per_week} days allow "
                        f"only {reach / 60:g} h.",
                    )
                )
    return out


def explain_infeasible(problem: Problem, params) -> list[Conflict]:
    from solver.solve import build_model, make_solver

    ctx = build_model(problem, explain=True)
    guards = ctx.guards or {}
    ctx.model.clear_objective()
    ctx.model.add_assumptions(list(guards.values()))
    solver = make_solver(params)
    solver.parameters.num_workers = 1  # assumption cores need the sequential search
    status = solver.solve(ctx.model)
    if status != cp_model.INFEASIBLE:
        return [Conflict(None, (), "No plan was found within the time limit; the rules may still be compatible.")]
    core = set(solver.sufficient_assumptions_for_infeasibility())
    by_agent: dict[str, list[str]] = {}
    for (rule_id, a), lit in guards.items():
        if lit.index in core:
            by_agent.setdefault(ctx.day_agents[a].agent_id, []).append(rule_id)
    if not by_agent:
        return [Conflict(None, (), "The locked shifts, opening hours and break rules leave no legal plan.")]
    out = []
    for agent_id, rules in sorted(by_agent.items()):
        words = " and ".join(_WORDS.get(r, r) for r in sorted(rules))
        out.append(Conflict(agent_id, tuple(sorted(rules)), f"Agent {agent_id}: {words} cannot all be met with this availability."))
    return out
