"""The solved plan as frozen data: per agent shifts, breaks, activities and queue assignments; per queue
staffed vs required; penalties per rule id; solve statistics."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedBreak:
    start: int
    length: int
    paid: bool
    rule_id: str


@dataclass(frozen=True)
class PlannedShift:
    day: int
    start: int
    length: int
    breaks: tuple[PlannedBreak, ...] = ()
    locked: bool = False

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class PlannedActivity:
    activity_id: str
    start: int
    length: int


@dataclass(frozen=True)
class QueueSpan:
    """The agent serves `queue_id` during [start, end)."""

    queue_id: str
    start: int
    end: int


@dataclass(frozen=True)
class AgentPlan:
    agent_id: str
    shifts: tuple[PlannedShift, ...]
    activities: tuple[PlannedActivity, ...] = ()
    queue_spans: tuple[QueueSpan, ...] = ()

    def queue_at(self, t: int) -> str | None:
        for s in self.queue_spans:
            if s.start <= t < s.end:
                return s.queue_id
        return None


@dataclass(frozen=True)
class QueueCoverage:
    queue_id: str
    required: tuple[int, ...]
    staffed: tuple[int, ...]

    @property
    def unmet(self) -> tuple[int, ...]:
        return tuple(max(0, r - s) for r, s in zip(self.required, self.staffed))


@dataclass(frozen=True)
class PenaltyTotal:
    rule_id: str
    unit: str
    amount: float
    cost: float


@dataclass(frozen=True)
class SolveStats:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    objective: float
    bound: float
    gap: float  # relative, 0..1
    wall_s: float
    first_solution_s: float | None
    solutions: int
    stopped: bool = False


@dataclass(frozen=True)
class Plan:
    agents: tuple[AgentPlan, ...]
    coverage: tuple[QueueCoverage, ...]
    campaign_minutes: tuple[tuple[str, int], ...]
    penalties: tuple[PenaltyTotal, ...]
    stats: SolveStats

    def agent(self, agent_id: str) -> AgentPlan:
        for a in self.agents:
            if a.agent_id == agent_id:
                return a
        raise KeyError(agent_id)

    def penalty(self, rule_id: str) -> float:
        return sum(p.amount for p in self.penalties if p.rule_id == rule_id)
