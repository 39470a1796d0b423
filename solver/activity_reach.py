"""Which activities no plan can hold, and the participants who can never be there.

An activity needs all its participants present, inside legal shifts, for its whole length somewhere in its
window. When a participant has no legal shift covering any such span (evening-only availability for a
daytime coaching, a vacation over the window), the solver can only leave it out; the planner should hear
who stands in the way instead of a bare "not planned".
"""

from __future__ import annotations

from solver.candidates import Candidate, candidate_shifts
from solver.problem import Problem


def unreachable_activities(problem: Problem,
                           candidates: list[list[list[Candidate]]] | None = None) -> dict[str, tuple[str, ...]]:
    """Per activity that no plan can hold: the participants who cannot attend it at any start in its window
    (an empty tuple: each could attend alone, but they are never all present at once). `candidates`, per
    agent and day, saves building the candidate shifts again where the caller has them."""
    n = problem.horizon.n_intervals
    coverable: dict[str, set[int]] = {}
    out = {}
    for act in problem.activities:
        lo, hi = max(act.window[0], 0), min(act.window[1], n)
        starts_of = {}
        for pid in act.participants:
            if pid not in coverable:
                a = problem.agent_index(pid)
                days = candidates[a] if candidates is not None else candidate_shifts(problem, problem.agents[a])
                coverable[pid] = {t for day in days for c in day for t in range(c.start, c.end)}
            on = coverable[pid]
            starts_of[pid] = {tau for tau in range(lo, hi - act.duration_intervals + 1)
                              if all(t in on for t in range(tau, tau + act.duration_intervals))}
        together = set.intersection(*starts_of.values()) if starts_of else set()
        if not together:
            out[act.activity_id] = tuple(pid for pid in act.participants if not starts_of[pid])
    return out
