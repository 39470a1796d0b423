"""Maps a Curtois & Qu instance onto the contact-centre day-level rule builders.

One `DayShift` option per (employee, day, allowed shift type); everything but the day-level cover
rule is an existing or generic builder reading the `DayContext` view:

| benchmark rule                | builder                                                      |
|-------------------------------|--------------------------------------------------------------|
| one shift per day             | `DayContext` (`works[d]` = sum of the day's options)          |
| forbidden successions         | `rest.add_forbidden_successions`                             |
| MaxShifts per type            | `horizon_limits.add_max_shifts_per_type` (0: no option made) |
| Min/MaxTotalMinutes           | `horizon_limits.add_total_minutes`                           |
| Max/MinConsecutiveShifts      | `contracts.add_max/min_consecutive_days`                     |
| MinConsecutiveDaysOff         | `contracts.add_min_consecutive_days_off`                     |
| MaxWeekends                   | `contracts.add_max_weekends`                                 |
| fixed days off                | `availability.add_availability` (`inside_availability=False`) |
| shift on/off requests         | `requests.add_shift_requests`                                |
| cover (under/over per person) | `add_cover` here: the only benchmark-specific rule           |

The objective is `sum(coef * expr)` over the penalties, in milli-cost units (`COST_SCALE`); every
benchmark weight is an integer, so `objective / COST_SCALE` is exactly the benchmark objective.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.constraints.availability import add_availability
from solver.constraints.contracts import (
    add_max_consecutive_days,
    add_max_weekends,
    add_min_consecutive_days,
    add_min_consecutive_days_off,
)
from solver.constraints.horizon_limits import HorizonLimits, add_horizon_limits
from solver.constraints.requests import ShiftRequest, add_shift_requests
from solver.constraints.rest import add_forbidden_successions
from solver.curtois.instance import Instance
from solver.day_context import DayAgent, DayContext, DayShift
from solver.penalty import COST_SCALE, Penalty, keep
from solver.problem import Contract

FORBIDDEN_SUCCESSION = "rest.forbidden_succession"
COVER_UNDER = "coverage.under_per_person"
COVER_OVER = "coverage.over_per_person"
DAY_MIN = 24 * 60


@dataclass
class CurtoisModel:
    """The CP-SAT model of one instance, its day-level view and the objective's penalties."""

    instance: Instance
    ctx: DayContext
    penalties: list[Penalty]

    @property
    def model(self) -> cp_model.CpModel:
        return self.ctx.model

    def roster(self, value) -> dict[str, list[str | None]]:
        """The roster of a solution, `value` being `solver.Value` or a callback's `Value`."""
        out: dict[str, list[str | None]] = {}
        for ag in self.ctx.day_agents:
            days: list[str | None] = []
            for day in ag.options:
                chosen = [o.type_id for o in day if value(o.lit)]
                days.append(chosen[0] if chosen else None)
            out[ag.agent_id] = days
        return out

    def literals_of(self, roster: dict[str, list[str | None]]):
        """(option literal, 0 or 1) for every option: the roster as model values (a hint or a fixing)."""
        for ag in self.ctx.day_agents:
            for d, day in enumerate(ag.options):
                for o in day:
                    yield o.lit, int(roster[ag.agent_id][d] == o.type_id)


def contract_of(e) -> Contract:
    """The contract fields the day-level builders read; weekly limits do not exist in the benchmark."""
    return Contract(
        min_week_min=0,
        max_week_min=e.max_total_min,
        max_day_min=DAY_MIN,
        max_days_per_week=7,
        max_consecutive_days=e.max_consecutive_shifts,
        min_rest_min=0,
        min_consecutive_days=e.min_consecutive_shifts,
        min_consecutive_days_off=e.min_consecutive_days_off,
        max_weekends=e.max_weekends,
    )


def _options(model: cp_model.CpModel, instance: Instance, e) -> list[list[DayShift]]:
    """One option per day and shift type the employee may work at all (MaxShifts > 0)."""
    days_off = instance.days_off[e.id]
    types = instance.types_of(e)
    out = []
    for d in range(instance.days):
        day = []
        for s in types:
            start = d * DAY_MIN
            day.append(DayShift(
                lit=model.NewBoolVar(f"x[{e.id},{d},{s.id}]"), day=d, start_min=start,
                end_min=start + s.length_min, paid_min=s.length_min, type_id=s.id,
                local_start_min=0, local_end_min=s.length_min, inside_availability=d not in days_off,
            ))
        out.append(day)
    return out


def add_cover(ctx: DayContext, instance: Instance) -> list[Penalty]:
    """Per cover line: people on (day, shift) + under - over == requirement, with under and over never both > 0.

    The exclusion makes under/over the exact shortfall and surplus in every solution, not only at the
    optimum, so the solver's objective always equals the checker's.
    """
    on_shift: dict[tuple[int, str], list] = defaultdict(list)
    for ag in ctx.day_agents:
        for day in ag.options:
            for o in day:
                on_shift[(o.day, o.type_id)].append(o.lit)
    under_by_w: dict[int, list] = defaultdict(list)
    over_by_w: dict[int, list] = defaultdict(list)
    m = ctx.model
    for c in instance.cover:
        lits = on_shift.get((c.day, c.shift), [])
        under = m.NewIntVar(0, c.requirement, f"under[{c.day},{c.shift}]")
        over = m.NewIntVar(0, len(lits), f"over[{c.day},{c.shift}]")
        m.Add(sum(lits) + under - over == c.requirement)
        if c.requirement > 0 and lits:
            short = m.NewBoolVar(f"short[{c.day},{c.shift}]")
            m.Add(under == 0).OnlyEnforceIf(short.Not())
            m.Add(over == 0).OnlyEnforceIf(short)
        under_by_w[c.weight_under].append(under)
        over_by_w[c.weight_over].append(over)
    out: list[Penalty] = []
    for w, terms in sorted(under_by_w.items()):
        out += keep(Penalty.weighted(COVER_UNDER, "people", sum(terms), w))
    for w, terms in sorted(over_by_w.items()):
        out += keep(Penalty.weighted(COVER_OVER, "people", sum(terms), w))
    return out


def build_model(instance: Instance) -> CurtoisModel:
    cm = build_rules(instance)
    cm.penalties += add_cover(cm.ctx, instance)
    cm.model.Minimize(sum(p.coef * p.expr for p in cm.penalties))
    return cm


def build_rules(instance: Instance) -> CurtoisModel:
    """Every rule but cover, with no objective yet: cover is the one rule that couples employees, so a
    one-employee model (the construction's) prices it per option instead."""
    model = cp_model.CpModel()
    agents = [DayAgent(e.id, contract_of(e), _options(model, instance, e)) for e in instance.employees]
    weekend = frozenset(d for pair in instance.weekends for d in pair)
    ctx = DayContext(model, agents, [weekend] * len(agents), instance.days)

    forbidden = {s.id: frozenset(s.forbidden_next) for s in instance.shifts}
    index = {e.id: a for a, e in enumerate(instance.employees)}
    limits = [HorizonLimits(e.min_total_min, e.max_total_min, dict(e.max_shifts)) for e in instance.employees]
    requests = [ShiftRequest(index[r.employee], r.day, r.shift, r.weight, True) for r in instance.on_requests]
    requests += [ShiftRequest(index[r.employee], r.day, r.shift, r.weight, False) for r in instance.off_requests]

    penalties: list[Penalty] = []
    penalties += add_availability(ctx)
    penalties += add_forbidden_successions(ctx, lambda a, o1, o2: o2.type_id in forbidden[o1.type_id], FORBIDDEN_SUCCESSION)
    penalties += add_horizon_limits(ctx, limits)
    penalties += add_max_consecutive_days(ctx)
    penalties += add_min_consecutive_days(ctx)
    penalties += add_min_consecutive_days_off(ctx)
    penalties += add_max_weekends(ctx)
    penalties += add_shift_requests(ctx, requests)
    return CurtoisModel(instance, ctx, penalties)


def objective_of(penalties: list[Penalty], value) -> int:
    """The benchmark objective of a solution from the penalties alone (exact: integer weights)."""
    scaled = sum(p.coef * value(p.expr) for p in penalties)
    if scaled % COST_SCALE:
        raise ValueError(f"objective {scaled} is not a whole number of cost units")
    return scaled // COST_SCALE
