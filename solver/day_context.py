"""The day-level view shared by every instance family: per agent and day, "works shift s on day d" literals.

Contract, rest, consecutive-day, weekend, availability and preference builders read only this view, so
a day-level benchmark (Curtois & Qu: one option per shift type and day) reuses them unchanged, whatever
the intra-day coverage model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.problem import Contract


def week_ranges(n_days: int) -> list[range]:
    """Consecutive 7-day weeks from the horizon start (a trailing partial week included)."""
    return [range(s, min(s + 7, n_days)) for s in range(0, n_days, 7)]


@dataclass
class DayShift:
    """One way to work one day: its literal and the facts day-level rules need (absolute minutes)."""

    lit: cp_model.IntVar
    day: int
    start_min: int
    end_min: int
    paid_min: int
    type_id: str = ""
    local_start_min: int = 0
    local_end_min: int = 0
    inside_availability: bool = True
    payload: object = None  # the intra-day candidate, when there is one


@dataclass
class DayAgent:
    """Per agent: options per day and one `works[d]` literal equal to the sum of that day's options."""

    agent_id: str
    contract: Contract
    options: list[list[DayShift]]
    works: list[cp_model.IntVar] = field(default_factory=list)


class DayContext:
    """Model, per-agent day options, calendar facts, penalties and optional explain guards."""

    def __init__(self, model: cp_model.CpModel, agents: list[DayAgent], weekend_days: list[frozenset[int]], n_days: int):
        self.model = model
        self.day_agents = agents
        self.weekend_days = weekend_days  # per agent
        self.n_days = n_days
        self.guards: dict[tuple[str, int], cp_model.IntVar] | None = None
        for a, ag in enumerate(agents):
            ag.works = []
            for d in range(n_days):
                w = model.new_bool_var(f"works[{ag.agent_id},{d}]")
                model.add(sum(o.lit for o in ag.options[d]) == w)  # shifts.one_per_day
                ag.works.append(w)

    def weeks(self) -> list[range]:
        return week_ranges(self.n_days)

    def guard(self, rule_id: str, agent: int) -> list[cp_model.IntVar]:
        """Enforcement literals for a hard rule of one agent: empty normally, an assumption when explaining."""
        if self.guards is None:
            return []
        key = (rule_id, agent)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"assume[{rule_id},{self.day_agents[agent].agent_id}]")
        return [self.guards[key]]
