"""Staffing: agents needed per queue and interval, and what each agent is worth (pure, no database).

Voice: Erlang C, or Erlang A with a mean patience. Chat: an agent is `chat_concurrency` servers
(see `queueing`). E-mail and back-office: the minimal deadline-feasible profile and its backlog (see
`deferred`). Outbound: flexible agent-minutes in allowed windows. Net agents are productive agents;
gross = ceil(net / (1 - shrinkage)) with the kernels' 1e-9 rounding tolerance.
"""

from scheduler.staffing.deferred import deadline_intervals
from scheduler.staffing.evaluate import evaluate, evaluate_scheduled
from scheduler.staffing.marginal import agent_caps, concave_majorant
from scheduler.staffing.model import (
    Channel,
    FlexibleDemand,
    IntervalForecast,
    QueueEvaluation,
    QueueRequirement,
    QueueTargets,
    StaffingInputError,
)
from scheduler.staffing.requirements import compute_requirement, gross_agents

__all__ = [
    "Channel", "FlexibleDemand", "IntervalForecast", "QueueEvaluation", "QueueRequirement", "QueueTargets",
    "StaffingInputError", "agent_caps", "compute_requirement", "concave_majorant", "deadline_intervals",
    "evaluate", "evaluate_scheduled", "gross_agents",
]
