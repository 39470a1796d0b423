"""Neighbourhood search on residual problems: re-plan a few agents (or a few agents' few days) at a time.

Each step builds the residual problem of its neighbourhood (residual.py), evaluates the incumbent in it
with every decision fixed, then solves it on one worker from that plan; a better residual plan improves
the whole plan by exactly the difference. Two move families: whole weeks of a few agents who share
queues (they can trade hours), and a few days of more agents (they can trade shifts inside the days).
Steps that are solved to optimality grow their move and steps that hit the time cap shrink it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.build import ModelContext
from solver.lns import Move, replace_hint
from solver.residual import Neighbourhood, Roster, hint_of, merge, residual


@dataclass
class StepLog:
    steps: int = 0
    improved: int = 0
    failed: int = 0  # the incumbent was not a solution of its residual (a bug if it ever happens)
    improvements: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, objective)
    gain: dict[str, float] = field(default_factory=dict)  # objective gained per move family


class RosterSearch:
    """Improves `roster` (whose whole-model objective is `objective`) in place."""

    def __init__(self, ctx: ModelContext, roster: Roster, objective: float, seed: int = 0,
                 step_time_s: float = 2.0, step_deterministic_time: float | None = None):
        from solver.constraints.coverage import skill_groups

        self.problem = ctx.problem
        self.roster = roster
        self.objective = objective
        self.rng = random.Random(seed)
        self.step_time_s = step_time_s
        self.step_deterministic_time = step_deterministic_time
        self.log = StepLog()
        self.skills = [frozenset() for _ in self.problem.agents]
        for skills, members in skill_groups(ctx):
            for a in members:
                self.skills[a] = skills
        self.movable = [a for a, s in enumerate(self.skills) if s]
        n_days = self.problem.horizon.n_days
        self.moves = [
            Move("weeks", self._weeks, 2.0, min_size=1, max_size=max(1, len(self.movable))),
            Move("days", self._days, 6.0, min_size=2, max_size=max(2, len(self.movable))),
        ] if n_days > 1 else [Move("weeks", self._weeks, 2.0, min_size=1, max_size=max(1, len(self.movable)))]
        # activities some week of the model can hold (the others stay unplaced whatever the search does)
        movable = {self.problem.agents[a].agent_id for a in self.movable}
        self.placeable = [act for act in self.problem.activities if ctx.activity_vars.get(act.activity_id)
                          and set(act.participants) <= movable]
        if self.placeable:
            self.moves.append(Move("activity", self._activity, 1.0, min_size=1, max_size=len(self.placeable)))

    def _partners(self, size: int) -> tuple[int, ...]:
        """A random agent and up to size - 1 others who share a queue with it."""
        seed = self.rng.choice(self.movable)
        mine = self.skills[seed]
        others = [a for a in self.movable if a != seed and self.skills[a] & mine]
        self.rng.shuffle(others)
        return tuple(sorted([seed] + others[: size - 1]))

    def _weeks(self, size: int) -> Neighbourhood:
        return Neighbourhood(self._partners(size))

    def _days(self, size: int) -> Neighbourhood:
        n_days = self.problem.horizon.n_days
        span = self.rng.choice((1, 2, 2, 3))
        first = self.rng.randrange(max(1, n_days - span + 1))
        return Neighbourhood(self._partners(size), frozenset(range(first, min(n_days, first + span))))

    def _activity(self, size: int) -> Neighbourhood:
        """All participants of `size` unplaced activities (or of one placed one, to move it) over the whole
        horizon: agents who need not share a queue, and a part-timer may have to move a day into the
        activity's window. Several at once: with one a step, a 60 s solve of the demo centre could end with a
        handful of its 80 coaching sessions unplaced."""
        acts = self.placeable
        unplaced = [act for act in acts if self.roster.activities.get(act.activity_id) is None]
        picked = self.rng.sample(unplaced, min(size, len(unplaced))) if unplaced else [self.rng.choice(acts)]
        return Neighbourhood(tuple(sorted({self.problem.agent_index(pid) for act in picked for pid in act.participants})))

    def step(self, hood: Neighbourhood, time_s: float) -> cp_model.CpSolverStatus:
        """Re-plan `hood`; returns the status of the residual solve (UNKNOWN if nothing was solved)."""
        from solver.solve import build_model

        res = residual(self.problem, self.roster, hood, self.skills)
        sub = build_model(res.problem)
        hint = hint_of(res, sub, self.roster)
        model = sub.model
        replace_hint(model, hint.keys(), hint.values())
        solver = cp_model.CpSolver()
        sp = solver.parameters
        sp.num_workers = 1
        sp.random_seed = self.rng.randrange(1 << 30)
        sp.fix_variables_to_their_hinted_value = True
        sp.max_time_in_seconds = max(0.05, time_s)
        status = solver.solve(model)
        self.log.steps += 1
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.log.failed += 1
            return cp_model.UNKNOWN
        current = solver.objective_value
        solution = solver.response_proto.solution
        replace_hint(model, range(len(solution)), solution)
        sp.fix_variables_to_their_hinted_value = False
        sp.linearization_level = 2
        # a residual is small: one presolve pass without symmetry or probing leaves most of the 0.3 s to
        # the search (400 agents, 12 steps: 42 % more gain, 3 of 12 proven optimal instead of 1)
        sp.max_presolve_iterations = 1
        sp.symmetry_level = 0
        sp.cp_model_probing_level = 0
        sp.max_time_in_seconds = max(0.05, time_s)
        if self.step_deterministic_time is not None:
            sp.max_deterministic_time = self.step_deterministic_time
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < current:
            values = solver.response_proto.solution
            merge(self.roster, res, sub, values.__getitem__, self.problem)
            self.objective += solver.objective_value - current
            self.log.improved += 1
        return status

    def run(self, deadline: float, stop: Callable[[], bool] = lambda: False, max_steps: int | None = None,
            on_improvement: Callable[[float], None] | None = None) -> StepLog:
        """Step until `deadline` (time.monotonic), `stop()` or `max_steps`."""
        t0 = time.monotonic()
        while time.monotonic() < deadline and not stop() and self.movable:
            if max_steps is not None and self.log.steps >= max_steps:
                break
            move = self.rng.choice(self.moves)
            hood = move.free(int(move.size))
            before = self.objective
            status = self.step(hood, min(self.step_time_s, deadline - time.monotonic()))
            if status == cp_model.OPTIMAL:
                move.grow()
            else:
                move.shrink()
            if self.objective < before:
                self.log.gain[move.name] = self.log.gain.get(move.name, 0.0) + before - self.objective
                self.log.improvements.append((time.monotonic() - t0, self.objective))
                if on_improvement is not None:
                    on_improvement(self.objective)
        return self.log

