"""The variable container of the intra-day model: candidates, presence, breaks, activities, flows.

`ModelContext` extends the day-level view with per-agent presence literals `on[t]`, linked to the
candidate literals by differences (on[t] = on[t-1] + starts[t] - ends[t]), which keeps the model
sparse: a shift of 34 intervals adds two terms, not 34. Constraint modules add their own variables
into the named containers here, and every public builder returns its penalties.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.candidates import Candidate, candidate_shifts
from solver.day_context import DayAgent, DayContext, DayShift
from solver.penalty import Penalty
from solver.problem import Problem


@dataclass
class BreakVar:
    lit: cp_model.IntVar
    day: int
    key: str
    start: int
    length: int
    paid: bool
    rule_id: str


@dataclass
class AgentVars:
    """Everything the model decides about one agent."""

    index: int
    on: dict[int, cp_model.IntVar] = field(default_factory=dict)  # interval -> presence literal
    breaks: list[BreakVar] = field(default_factory=list)
    off_phone: dict[int, list] = field(default_factory=lambda: defaultdict(list))  # interval -> break/activity lits

    def working_terms(self, t: int) -> tuple[cp_model.IntVar, list] | None:
        """(presence literal, literals that take the agent off the phones) at interval t, or None if never present."""
        if t not in self.on:
            return None
        return self.on[t], self.off_phone.get(t, [])


@dataclass
class FlowVars:
    """Integer flows from skill groups to queues/campaigns per interval."""

    groups: list[tuple[frozenset[str], list[int]]]  # (skill set, agent indices)
    flow: dict[tuple[int, str, int], cp_model.IntVar] = field(default_factory=dict)  # (group, queue, t)
    staffed: dict[tuple[str, int], cp_model.LinearExprT] = field(default_factory=dict)


class ModelContext(DayContext):
    def __init__(self, problem: Problem, model: cp_model.CpModel | None = None, explain: bool = False):
        problem.validate()
        self.problem = problem
        model = model or cp_model.CpModel()
        self.candidates: list[list[list[Candidate]]] = [candidate_shifts(problem, ag) for ag in problem.agents]
        h = problem.horizon
        im = h.interval_min
        day_agents = []
        weekend = []
        for a, ag in enumerate(problem.agents):
            site = h.site(ag.site_id)
            weekend.append(site.weekend_days)
            options = []
            for d, cands in enumerate(self.candidates[a]):
                ds = site.day_starts[d]
                opts = []
                for c in cands:
                    lit = model.new_bool_var(f"shift[{ag.agent_id},{d},{c.start},{c.length}]")
                    opts.append(
                        DayShift(
                            lit=lit,
                            day=d,
                            start_min=c.start * im,
                            end_min=c.end * im,
                            paid_min=c.paid_min,
                            type_id=f"{c.length * im}",
                            local_start_min=(c.start - ds) * im,
                            local_end_min=(c.end - ds) * im,
                            payload=c,
                        )
                    )
                options.append(opts)
            day_agents.append(DayAgent(ag.agent_id, ag.contract, options))
        super().__init__(model, day_agents, weekend, h.n_days)
        if explain:
            self.guards = {}
        self.agent_vars = [AgentVars(a) for a in range(len(problem.agents))]
        self.flows: FlowVars | None = None
        self.ontime: dict[tuple[str, int, int], cp_model.IntVar] = {}  # (deferred queue, arrival, interval) -> units
        self.activity_vars: dict[str, list[tuple[int, cp_model.IntVar]]] = {}  # activity id -> (start, literal)
        self.penalties: list[Penalty] = []
        self._add_presence()

    def _add_presence(self) -> None:
        n = self.problem.horizon.n_intervals
        for a, av in enumerate(self.agent_vars):
            starts: dict[int, list] = defaultdict(list)
            ends: dict[int, list] = defaultdict(list)
            covered: set[int] = set()
            for day in self.day_agents[a].options:
                for o in day:
                    c: Candidate = o.payload
                    starts[c.start].append(o.lit)
                    ends[c.end].append(o.lit)
                    covered.update(range(c.start, c.end))
            if not covered:
                continue
            name = self.day_agents[a].agent_id
            prev = 0
            for t in range(min(covered), min(max(covered) + 2, n)):
                if t in covered:
                    cur = self.model.new_bool_var(f"on[{name},{t}]")
                    av.on[t] = cur
                else:
                    cur = 0
                self.model.add(cur == prev + sum(starts.get(t, [])) - sum(ends.get(t, [])))
                prev = cur

    def seal_off_phone(self) -> None:
        """Breaks and activities never overlap each other and happen only while present."""
        for av in self.agent_vars:
            for t, lits in av.off_phone.items():
                if len(lits) > 1 or t not in av.on:
                    self.model.add(sum(lits) <= av.on.get(t, 0))

    def options_of(self, a: int):
        for day in self.day_agents[a].options:
            yield from day

    def working_sets(self, value) -> list[set[int]]:
        """Per agent, the intervals it is present and on the phones; `value` maps a proto index to its value."""
        out = []
        for av in self.agent_vars:
            present = {t for t, lit in av.on.items() if value(lit.index)}
            off = {t for t, lits in av.off_phone.items() if any(value(x.index) for x in lits)}
            out.append(present - off)
        return out
