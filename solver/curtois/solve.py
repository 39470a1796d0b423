"""Solving one Curtois & Qu instance and verifying the roster with the independent checker."""

from __future__ import annotations

import itertools
import math
import threading
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.curtois.check import Roster, RosterViolation, evaluate_roster
from solver.curtois.column_pool import Pool, merge, own_costs, pool_roster
from solver.curtois.columns import column_dive
from solver.curtois.construct import greedy_roster
from solver.curtois.descent import descend
from solver.curtois.instance import Instance
from solver.curtois.model import build_model, objective_of
from solver.curtois.neighbourhoods import RosterMoves
from solver.lns import Incumbent, LnsParams, fixed_copy, replace_hint, run_lns
from solver.penalty import COST_SCALE


CONSTRUCT_SHARE = 0.6  # of the time left: the construction's pace (on 364 days x 150 staff, the only first roster)
CONSTRUCT_LAST = 0.9  # ... and its deadline: the rest maps its roster onto the model and improves it
LNS_STEP_S = 2.0  # wall cap of one LNS step: timed-out steps were most of the LNS time at 5 s
FULL_SUBSOLVERS = ("max_lp", "core", "default_lp", "quick_restart", "reduced_costs", "pseudo_costs", "no_lp")
YIELD_AT = 0.2  # share of the time limit after which a full search with a weak bound gives its core away
YIELD_BOUND = 0.5  # ... weak: below this share of the best objective found so far
HANDOVER_IDLE = 0.2  # share of the time limit without an improvement after which the LNS hands its cores over ...
HANDOVER_SLICE = 0.1  # ... to the full search for this share of it
JUDGE_EVERY_S = 1.0  # how often the judge looks for a stalled LNS
DIVE_SHARE = 0.6  # of the time limit, at most, for the column-generation dive (columns.py) after the construction


@dataclass(frozen=True)
class BenchParams:
    time_limit_s: float = 600.0
    workers: int = 2
    seed: int = 0
    deterministic_time_s: float | None = None  # tests: a reproducible limit instead of wall time
    lns: bool = True  # the roster LNS in threads beside CP-SAT (off with a deterministic limit)


@dataclass(frozen=True)
class BenchResult:
    """One solve: the checker's objective (the figure to report), the solver's own view, and timings."""

    instance: str
    status: str
    roster: Roster | None
    objective: int | None  # recomputed from the roster by check.evaluate_roster
    solver_objective: int | None
    bound: int
    violations: tuple[RosterViolation, ...]
    time_to_first_s: float | None
    time_to_best_s: float | None
    wall_s: float
    improvements: tuple[tuple[float, int], ...]  # (seconds, objective) per improving solution
    handover_s: float | None = None  # when the stalled LNS handed every core to the full search (see _search)

    @property
    def verified(self) -> bool:
        return self.roster is not None and not self.violations and self.objective == self.solver_objective


class _FullSearch(cp_model.CpSolverSolutionCallback):
    """CP-SAT on the whole model: it proves the small instances and gives the bound; its solutions feed the LNS."""

    def __init__(self, incumbent: Incumbent):
        super().__init__()
        self.incumbent = incumbent
        self.bound = -math.inf
        self.yielded = threading.Event()  # stopped early: its bound was too weak to prove anything in time

    def on_solution_callback(self) -> None:
        self.incumbent.offer(self.response_proto.solution, self.objective_value)

    def on_bound(self, bound: float) -> None:
        self.bound = bound

    def final_bound(self, solver: cp_model.CpSolver, status: cp_model.CpSolverStatus) -> float:
        """The solver's own bound once it has a solution status, else the last one it reported."""
        return solver.best_objective_bound if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else self.bound


def _full_solver(params: BenchParams, workers: int, time_limit_s: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = workers
    p.random_seed = params.seed
    p.relative_gap_limit = 0.0
    p.max_time_in_seconds = time_limit_s
    # The full LP relaxation is what proves these instances (Instance5: optimal in 30 s with it, a bound
    # of 1 after 120 s without); CP-SAT's default with few workers runs only the light one.
    if workers == 1:
        p.linearization_level = 2
    else:
        p.subsolvers.extend(FULL_SUBSOLVERS)
    if params.deterministic_time_s is not None:
        p.max_deterministic_time = params.deterministic_time_s
    return solver


def _full_search(params: BenchParams, workers: int, until: float,
                 incumbent: Incumbent) -> tuple[cp_model.CpSolver, _FullSearch]:
    """A full-search solver until `until` and the callback that feeds its solutions and bound back."""
    solver = _full_solver(params, workers, max(0.01, until - time.perf_counter()))
    full = _FullSearch(incumbent)
    solver.best_bound_callback = full.on_bound
    return solver, full


def _construct(cm, incumbent: Incumbent, deadline: float, seed: int, lns_stop: threading.Event) -> None:
    """Offer the one-employee-at-a-time roster (Instance15: 9,012 after 6 s; CP-SAT's first is 24,551).

    When mapping it onto the model takes longer than an LNS step may (the model is too big to copy and
    presolve per step: 9 s on 364 days with 150 staff), the whole-model LNS is stopped (`lns_stop`) and the
    roster is improved group by group until the construction's deadline instead, and offered again.
    """
    now = time.perf_counter()
    left = deadline - now
    last = now + CONSTRUCT_LAST * left
    roster = greedy_roster(cm.instance, last, seed, target=now + CONSTRUCT_SHARE * left)
    if roster is None:
        return
    mapped = time.perf_counter()
    found = roster_solution(cm, roster)
    if found is None:
        return
    incumbent.offer(*found)
    mapping_s = time.perf_counter() - mapped
    if mapping_s > LNS_STEP_S:
        lns_stop.set()
        if last - 2 * mapping_s <= time.perf_counter():
            return  # no time to improve it and map it again
        found = roster_solution(cm, descend(cm.instance, roster, last - 2 * mapping_s, seed))
        if found is not None:
            incumbent.offer(*found)


@dataclass
class _Dive:
    """The dive's lower bound (model units) and whether it is running (the judge waits for it)."""

    bound: float = -math.inf
    running: threading.Event = field(default_factory=threading.Event)
    ended: float | None = None  # time.perf_counter() when it ended


def _dive(cm, incumbent: Incumbent, deadline: float, seed: int, workers: int, stop: threading.Event,
          dive: _Dive) -> None:
    """Offer the column-generation dive's roster (columns.py), started from the best roster so far, and
    keep its LP bound. It prices on `workers` threads; the LNS waits while it runs.

    A dive that ends early is followed by another, from the best roster then and with the next seed, while
    the time left is at least what the last one took and the best roster is not proved optimal by the bound.
    The time the dives leave goes to the integer programme over every column they priced (column_pool.py).
    """
    dive.running.set()
    pool: Pool = [{} for _ in cm.instance.employees]
    try:
        def raise_bound(b: float) -> None:
            dive.bound = max(dive.bound, b * COST_SCALE)

        for k in itertools.count():
            values, objective = incumbent.get()
            if values is None or stop.is_set() or objective <= _whole(dive.bound):
                return
            began = time.perf_counter()
            got = column_dive(cm.instance, cm.roster(lambda lit: values[lit.Index()]), deadline, seed + k,
                              on_bound=raise_bound, stop=stop.is_set, workers=workers)
            merge(pool, got.columns)
            if got.roster is not None:
                found = roster_solution(cm, got.roster)
                if found is not None:
                    incumbent.offer(*found)
            now = time.perf_counter()
            if deadline - now < now - began:
                break
        values, objective = incumbent.get()
        if objective > _whole(dive.bound) and any(pool):
            best = cm.roster(lambda lit: values[lit.Index()])
            merge(pool, own_costs(cm.instance, best))
            roster = pool_roster(cm.instance, pool, best, deadline, stop.is_set)
            found = None if roster is None else roster_solution(cm, roster)
            if found is not None:
                incumbent.offer(*found)
    finally:
        dive.ended = time.perf_counter()
        dive.running.clear()


def _whole(bound: float) -> float:
    """A bound in model units raised to the next whole objective value (objectives are integers)."""
    return math.ceil(bound / COST_SCALE - 1e-6) * COST_SCALE if math.isfinite(bound) else bound


def _weak_bound(full: _FullSearch, incumbent: Incumbent) -> bool:
    values, objective = incumbent.get()
    return values is not None and full.bound < YIELD_BOUND * objective


def _search(cm, params: BenchParams, incumbent: Incumbent,
            deadline: float) -> tuple[cp_model.CpSolverStatus, float, float | None]:
    """CP-SAT on the whole model and the roster LNS in threads beside it; returns status, bound and the
    time of the first handover (None if none).

    With `workers` cores, CP-SAT gets `workers - 1` of them (at least one: its LP bound proves the small
    instances) and `workers` LNS threads share them; the LNS steps spend much of their time in Python and
    in presolve, so one more thread than cores keeps both busy. Measured at 120 s on 2 cores against CP-SAT
    on two workers beside one LNS thread: Instance6 proved optimal at 31 s (not within 120 s before),
    Instance15 5,062 against 5,419-5,914, Instance16 3,341 against 3,442; with the construction first,
    Instance15 4,851 and Instance13 4,767 (4,128 in 300 s before).

    A full search whose bound is still below half the best objective at a fifth of the time limit yields
    its core to the LNS and keeps the bound it has (Instance13, 120 employees x 18 types: bound 158 after
    120 s against rosters near 3,000; without the full search 2,733 and 2,906 against 3,176-3,774). Where
    the LP is strong the full search stays (after 120 s: Instance8 1,263 against 1,464, Instance15 3,775
    against 4,830).

    Where it stays and the LNS then finds nothing for `HANDOVER_IDLE` of the time limit, the full search
    gets every core for `HANDOVER_SLICE` of it, hinted with the best roster (see `_handover`), and then the
    LNS goes on beside it again, as often as the LNS stalls.
    """
    lns_threads = max(1, params.workers) if params.lns and params.deterministic_time_s is None else 0
    limit_s = deadline - time.perf_counter()
    moves = RosterMoves(cm)
    per_thread = [moves.moves() for _ in range(lns_threads)]  # sizes and gain rates carry over between phases
    dive = _Dive()
    status, bound, stalled = _phase(cm, params, incumbent, deadline, limit_s, moves, per_thread, -math.inf, 0, dive)
    first_handover = None
    phase = 0
    while stalled and status != cp_model.OPTIMAL and incumbent.get()[1] > bound:
        now = time.perf_counter()
        if first_handover is None:
            first_handover = now - incumbent.start
        until = now + HANDOVER_SLICE * limit_s
        if deadline - until < HANDOVER_SLICE * limit_s:
            until = deadline  # too little time left for the LNS to stall again
        status, bound = _handover(cm, params, incumbent, until, bound)
        if status == cp_model.OPTIMAL or time.perf_counter() >= deadline:
            break
        phase += 1
        status, found, stalled = _phase(cm, params, incumbent, deadline, limit_s, moves, per_thread, bound, phase, dive)
        bound = max(bound, found)
    bound = max(bound, dive.bound)
    if status == cp_model.OPTIMAL or incumbent.get()[1] <= bound:
        status = cp_model.OPTIMAL
    elif incumbent.get()[0] is not None:
        status = cp_model.FEASIBLE
    return status, bound, first_handover


def _phase(cm, params: BenchParams, incumbent: Incumbent, deadline: float, limit_s: float, moves: RosterMoves,
           per_thread: list, bound: float, phase: int, dive: _Dive) -> tuple[cp_model.CpSolverStatus, float, bool]:
    """The full search beside the LNS threads until the deadline, or until the LNS stalls (True: stalled);
    the first phase also builds the first roster, dives from it (no stall is judged while the dive runs)
    and may let the full search yield."""
    first = phase == 0
    workers = max(1, params.workers - 1) if per_thread else params.workers
    solver, full = _full_search(params, workers, deadline, incumbent)  # the model's build counts
    done = threading.Event()
    stalled = threading.Event()
    running = [len(per_thread)]
    lock = threading.Lock()
    began = time.perf_counter()

    def lns(k: int) -> None:
        if k == 0 and first:
            _construct(cm, incumbent, deadline, params.seed, done)
            if not done.is_set():  # not a model too big for whole-model steps (there the descent runs instead)
                _dive(cm, incumbent, min(deadline, began + DIVE_SHARE * limit_s), params.seed, len(per_thread),
                      done, dive)
        run_lns(cm.model, moves.decisions, per_thread[k], incumbent, deadline,
                LnsParams(step_time_s=LNS_STEP_S, seed=params.seed + k + 101 * phase), done,
                lambda: max(bound, full.bound, dive.bound), find_first=k == 0 and first, paused=dive.running)
        with lock:
            running[0] -= 1
            if running[0] == 0:
                solver.stop_search()  # deadline, the LNS reached the bound, or a stall

    def judge() -> None:
        if first and not done.wait(YIELD_AT * (deadline - time.perf_counter())) and _weak_bound(full, incumbent):
            full.yielded.set()
            solver.stop_search()
            return
        while not done.wait(JUDGE_EVERY_S):
            if dive.running.is_set():
                continue
            idle = min(incumbent.idle_s(), time.perf_counter() - max(began, dive.ended or began))
            if incumbent.get()[0] is not None and idle >= HANDOVER_IDLE * limit_s:
                if deadline - time.perf_counter() > JUDGE_EVERY_S:
                    stalled.set()
                    done.set()
                    solver.stop_search()
                return

    threads = [threading.Thread(target=lns, args=(k,), name=f"curtois-lns-{k}", daemon=True) for k in range(len(per_thread))]
    if per_thread:
        threads.append(threading.Thread(target=judge, name="curtois-judge", daemon=True))
    for thread in threads:
        thread.start()
    status = solver.solve(cm.model, full)
    if not full.yielded.is_set():
        done.set()  # a search that yielded leaves the LNS running to the deadline on every core
    for thread in threads:
        thread.join()
    return status, max(bound, full.final_bound(solver, status)), stalled.is_set()


def _handover(cm, params: BenchParams, incumbent: Incumbent, until: float,
              bound: float) -> tuple[cp_model.CpSolverStatus, float]:
    """The full search on every core, hinted with the best roster, until `until`.

    On Instance7 (20 employees, 28 days) CP-SAT alone on two workers found the best known 1,056 at 289 s,
    while the LNS beside one worker stayed at 1,057 from 482 s on and, in another run, from 175 s on. But
    on Instance16 (LNS stalled at 98 s) it found nothing in the 381 s after its handover at 219 s, where
    the LNS in another run improved until 587 s: so the full search gets a slice of time, not the rest.
    """
    values, _ = incumbent.get()
    replace_hint(cm.model, range(len(values)), values)
    solver, full = _full_search(params, params.workers, until, incumbent)
    status = solver.solve(cm.model, full)
    return status, max(bound, full.final_bound(solver, status))


def _solve_fixed(cm, values: list[int]) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    """The model with every option fixed to `values`, solved on one worker."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(fixed_copy(cm.model, RosterMoves(cm).decisions, set(), values)), solver


def _fixed(cm, values: list[int]) -> cp_model.CpSolver:
    """Re-solve the model with every option fixed to `values`: the penalties are then read from a solver."""
    status, solver = _solve_fixed(cm, values)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"{cm.instance.name}: the best roster does not satisfy the model ({status.name})")
    return solver


def roster_solution(cm, roster: Roster) -> tuple[list[int], float] | None:
    """The whole model's solution for a roster, or None if it breaks a hard rule."""
    values = [0] * len(cm.model.proto.variables)
    for lit, value in cm.literals_of(roster):
        values[lit.Index()] = value
    status, solver = _solve_fixed(cm, values)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution), solver.objective_value


def _value(solver: cp_model.CpSolver):
    return lambda expr: expr if isinstance(expr, int) else solver.Value(expr)


def solve_instance(instance: Instance, params: BenchParams = BenchParams()) -> BenchResult:
    start = time.perf_counter()
    cm = build_model(instance)
    incumbent = Incumbent(start=start)
    status, raw_bound, handover_s = _search(cm, params, incumbent, start + params.time_limit_s)
    wall = time.perf_counter() - start
    bound = round(_whole(raw_bound) / COST_SCALE) if math.isfinite(raw_bound) else 0  # integer objective
    values, _ = incumbent.get()
    if values is None:
        return BenchResult(instance.name, status.name, None, None, None, bound, (), None, None, wall, (), handover_s)
    solver = _fixed(cm, values)
    roster = cm.roster(solver.Value)
    evaluation = evaluate_roster(instance, roster)
    solver_objective = objective_of(cm.penalties, _value(solver))
    points = tuple((t, round(v / COST_SCALE)) for t, v in incumbent.improvements)
    best_t = next((t for t, v in points if v == solver_objective), wall)
    return BenchResult(
        instance.name, status.name, roster, evaluation.objective, solver_objective, min(bound, solver_objective),
        evaluation.violations, points[0][0] if points else wall, best_t, wall, points, handover_s,
    )


def roster_csv(instance: Instance, roster: Roster) -> str:
    """`employee,0,1,…` then one row per employee: the shift id worked that day, empty for a day off."""
    lines = ["employee," + ",".join(str(d) for d in range(instance.days))]
    for e in instance.employees:
        lines.append(e.id + "," + ",".join(s or "" for s in roster[e.id]))
    return "\n".join(lines) + "\n"
