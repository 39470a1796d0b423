"""Large neighbourhood search with roster-shaped moves, run beside CP-SAT's own search.

CP-SAT's built-in neighbourhoods free random variables or constraints. On rosters the moves that pay
are "re-plan these few people over the whole horizon" or "re-plan everyone over these days": they keep
each person's sequence rules whole. A step copies the model, fixes every decision variable outside the
neighbourhood to the incumbent, and solves the rest on one worker with the full LP relaxation, which is
strong on the small remainder. Steps that are solved to optimality grow their move, steps that hit the
time cap shrink it, so each move settles at the largest size that still solves quickly.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

WAIT_S = 0.2  # how often a thread without a first solution looks at the incumbent again
RATE_MEMORY = 0.2  # weight of a move's latest step in its gain rate (an exponential moving average)
EXPLORE = 0.15  # every move keeps at least this share of the best move's rate as its chance to be picked
Values = Sequence[int]  # one value per model variable, by proto index
Neighbourhood = Callable[[random.Random, int, Values], set[int]]  # (rng, size, incumbent) -> decision vars to free


@dataclass
class Move:
    """A neighbourhood family, its adaptive size (people, days, ... as the family reads it) and its gain rate."""

    name: str
    free: Neighbourhood
    size: float
    min_size: int = 1
    max_size: int = 10**9
    rate: float = 0.0  # objective gained per second of its steps, a moving average
    steps: int = 0

    def record(self, gain: float, seconds: float) -> None:
        self.rate += RATE_MEMORY * (gain / max(seconds, 1e-3) - self.rate)
        self.steps += 1

    def grow(self) -> None:
        self.size = min(self.max_size, max(self.size * 1.15, self.size + 1))

    def shrink(self) -> None:
        self.size = max(self.min_size, min(self.size * 0.85, self.size - 1))


@dataclass
class Incumbent:
    """The best solution found by any search thread; every access holds the lock."""

    start: float = field(default_factory=time.perf_counter)
    values: list[int] | None = None
    objective: float = math.inf
    improvements: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, objective)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def offer(self, values: Values, objective: float) -> bool:
        """Keep `values` if it is at least as good (equal moves let the search drift along plateaus)."""
        with self._lock:
            if objective > self.objective:
                return False
            improved = objective < self.objective
            self.values, self.objective = list(values), objective
            if improved:
                self.improvements.append((time.perf_counter() - self.start, objective))
            return improved

    def get(self) -> tuple[list[int] | None, float]:
        with self._lock:
            return self.values, self.objective

    def idle_s(self) -> float:
        """Seconds since the last improvement (or since the start, before any)."""
        with self._lock:
            last = self.improvements[-1][0] if self.improvements else 0.0
        return time.perf_counter() - self.start - last


@dataclass(frozen=True)
class LnsParams:
    step_time_s: float = 5.0  # wall cap of one step
    step_deterministic_time: float | None = None  # tests: a reproducible cap per step
    max_steps: int | None = None  # tests: a fixed number of steps
    seed: int = 0


def first_solution(model: cp_model.CpModel, deadline: float, seed: int = 0) -> tuple[list[int], float] | None:
    """Any feasible solution, fast: stop at the first one. Two workers, because only then does CP-SAT run its
    feasibility-jump heuristic, which finds rosters that single-worker tree search misses for minutes."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 2
    p.random_seed = seed
    p.stop_after_first_solution = True
    p.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution), solver.objective_value


def fixed_copy(model: cp_model.CpModel, decisions: Sequence[int], free: set[int], incumbent: Values) -> cp_model.CpModel:
    """A copy of `model` with every decision outside `free` fixed to `incumbent`, hinted with all of it."""
    sub = model.clone()
    proto = sub.proto
    for i in decisions:
        if i not in free:
            domain = proto.variables[i].domain
            domain.clear()
            domain.extend((incumbent[i], incumbent[i]))
    replace_hint(sub, range(len(incumbent)), incumbent)
    return sub


def replace_hint(model: cp_model.CpModel, indices: Iterable[int], values: Iterable[int]) -> None:
    """Make `values` (by proto index) the model's whole hint: any earlier hint goes (a variable hinted
    twice is invalid), and the values go straight into the proto (add_hint per variable took 7 % of a
    roster-search step)."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(indices)
    model.proto.solution_hint.values.extend(values)


def step(model: cp_model.CpModel, decisions: Sequence[int], free: set[int], incumbent: Values,
         time_s: float, params: LnsParams, seed: int) -> tuple[cp_model.CpSolverStatus, list[int] | None, float]:
    """Re-optimise the `free` decision variables with every other decision fixed to `incumbent`."""
    sub = fixed_copy(model, decisions, free, incumbent)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.linearization_level = 2
    p.random_seed = seed
    p.max_time_in_seconds = time_s
    if params.step_deterministic_time is not None:
        p.max_deterministic_time = params.step_deterministic_time
    status = solver.solve(sub)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, list(solver.response_proto.solution), solver.objective_value
    return status, None, math.inf


def pick(rng: random.Random, moves: Sequence[Move]) -> Move:
    """An untried move first, then each in proportion to its recent gain rate: on Instance15 a window of
    days gained 2,684 in 81 steps while cover-gap moves gained 122 in 58, and a move's worth shifts as the
    roster improves, so no move's chance falls below `EXPLORE` of the best one's."""
    untried = [m for m in moves if m.steps == 0]
    if untried:
        return rng.choice(untried)
    top = max(m.rate for m in moves)
    if top <= 0:
        return rng.choice(moves)
    return rng.choices(moves, weights=[max(m.rate, EXPLORE * top) for m in moves])[0]


def run_lns(model: cp_model.CpModel, decisions: Sequence[int], moves: Sequence[Move], incumbent: Incumbent,
            deadline: float, params: LnsParams = LnsParams(), stop: threading.Event | None = None,
            lower_bound: Callable[[], float] = lambda: -math.inf, find_first: bool = True,
            paused: threading.Event | None = None) -> int:
    """Improve `incumbent` until the deadline, `stop`, `max_steps`, or it reaches `lower_bound()`; returns steps run.

    Without an incumbent it looks for a first solution, or with `find_first=False` waits for another search
    to offer one (one first-solution search per model: on 364 days with 150 staff each holds gigabytes).
    While `paused` is set it takes no step: another search has the cores.
    """
    rng = random.Random(params.seed)
    steps = 0
    while time.perf_counter() < deadline and not (stop and stop.is_set()):
        if params.max_steps is not None and steps >= params.max_steps:
            break
        values, objective = incumbent.get()
        if (values is None and not find_first) or (paused is not None and paused.is_set()):
            time.sleep(WAIT_S)
            continue
        if values is None:
            found = first_solution(model, deadline, params.seed)
            if found is None:
                break
            incumbent.offer(*found)
            continue
        if objective <= lower_bound():
            break
        move = pick(rng, moves)
        started = time.perf_counter()
        free = move.free(rng, int(move.size), values)
        time_s = min(params.step_time_s, deadline - time.perf_counter())
        if time_s <= 0:
            break
        status, solution, value = step(model, decisions, free, values, time_s, params, rng.randrange(1 << 30))
        steps += 1
        improved = solution is not None and incumbent.offer(solution, value)
        # under a deterministic cap steps are counted, not timed, so the choice of moves repeats
        seconds = 1.0 if params.step_deterministic_time is not None else time.perf_counter() - started
        move.record(objective - value if improved else 0.0, seconds)
        if status == cp_model.OPTIMAL:
            move.grow()
        else:
            move.shrink()
    return steps
