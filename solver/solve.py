"""Build the model, solve it, report progress, honour a stop handle, and return a checked-ready `Plan`."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Callable

from ortools.sat.python import cp_model

from solver.build import ModelContext
from solver.constraints.activities import add_activities
from solver.constraints.availability import add_availability
from solver.constraints.breaks import add_breaks
from solver.constraints.contracts import add_contracts
from solver.constraints.coverage import add_coverage
from solver.constraints.fairness import add_late_shift_spread, add_start_spread, add_weekend_spread
from solver.constraints.locked import add_locked
from solver.constraints.preferences import add_preferences
from solver.constraints.rest import add_min_rest
from solver.constraints.budget import add_budget_and_paid_time
from solver.extract import extract_plan, value_reader
from solver.flow_polish import BOOKKEEPING_GAP, polish
from solver.lns import Incumbent
from solver.warm_start import add_greedy_hints, complete_hint, greedy_values, hint_choice, hint_values  # noqa: F401
from solver.plan import Plan, SolveStats
from solver.problem import Problem


@dataclass(frozen=True)
class SolveParams:
    time_limit_s: float = 60.0
    workers: int = 0  # 0: all cores
    seed: int = 0
    relative_gap: float = 0.0  # stop when the gap is below this
    deterministic_time_limit: float | None = None  # for tests: reproducible limits
    log: bool = False
    greedy_hint: bool = True  # start from a constructive legal plan (see warm_start.py)
    hint_share: float = 0.25  # share of the time spent completing the greedy hint (flows for fixed shifts)
    fast_presolve: bool = True  # one presolve pass, no symmetry detection: search starts much earlier
    bound_share: float = 0.15  # share of the time for the Lagrangian bound after the search (see bound.py)
    lns_share: float = 0.95  # share of the search time for the roster search after CP-SAT's own (roster_lns.py)
    lns_step_s: float = 0.3  # wall cap of one roster-search step


@dataclass(frozen=True)
class Progress:
    objective: float
    bound: float
    wall_s: float
    solutions: int


class StopHandle:
    """Thread-safe: `stop()` makes a running (or the next) solve return the best plan found so far."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._solver: cp_model.CpSolver | None = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        with self._lock:
            self._event.set()
            if self._solver is not None:
                self._solver.stop_search()

    @property
    def stopped(self) -> bool:
        return self._event.is_set()

    def _attach(self, solver: cp_model.CpSolver | None) -> None:
        with self._lock:
            self._solver = solver
            if solver is not None and self._event.is_set():
                solver.stop_search()


@dataclass(frozen=True)
class SolveResult:
    plan: Plan | None  # None only when no plan exists (then `explanation` says why)
    explanation: tuple = ()  # tuple[solver.explain.Conflict, ...]


BOUND_REPORT_S = 1.0  # the Lagrangian bound improves many times a second: report it at most this often


class _Best(Incumbent):
    """The best plan so far (the completed warm start, then CP-SAT's); every improvement is reported as progress,
    and so is the Lagrangian bound as it rises (CP-SAT's own bound on these models is far too weak to read)."""

    def __init__(self, on_progress: Callable[[Progress], None] | None):
        super().__init__()
        self._on_progress = on_progress
        self.bound = -math.inf  # CP-SAT's best bound so far
        self.side_bound = -math.inf  # the Lagrangian bound's, while it runs
        self._bound_said = -math.inf  # when a bound alone was last reported ...
        self._bound_said_value = -math.inf  # ... and which

    def offer(self, values, objective: float) -> bool:
        improved = super().offer(values, objective)
        if improved:
            self._report()
        return improved

    def note(self, objective: float) -> None:
        """An improvement of a plan held elsewhere (the roster search's): reported now, offered when it ends."""
        with self._lock:
            self.improvements.append((time.perf_counter() - self.start, objective))
        self._report()

    def raise_bound(self, bound: float, *, last: bool = False) -> None:
        """A better Lagrangian bound; `last`: the bound has ended, so report what the throttle held back."""
        with self._lock:
            if bound > self.side_bound:
                self.side_bound = bound
            now = time.perf_counter() - self.start
            due = (bool(self.improvements) and self.side_bound > self._bound_said_value
                   and (last or now - self._bound_said >= BOUND_REPORT_S))
            if due:
                self._bound_said, self._bound_said_value = now, self.side_bound
        if due:
            self._report(now)

    def _report(self, at: float | None = None) -> None:
        if self._on_progress is not None:
            with self._lock:
                t, obj = self.improvements[-1]
                count = len(self.improvements)
                bound = min(max(self.bound, self.side_bound), obj)
            self._on_progress(Progress(obj, bound, t if at is None else at, count))


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reads only objective, bound, time and count; hands every solution to the shared best plan."""

    def __init__(self, best: _Best, stop: StopHandle | None):
        super().__init__()
        self._best = best
        self._stop = stop

    def on_solution_callback(self) -> None:
        self._best.bound = max(self._best.bound, self.best_objective_bound)
        self._best.offer(self.response_proto.solution, self.objective_value)
        if self._stop is not None and self._stop.stopped:
            self.stop_search()


def build_model(problem: Problem, explain: bool = False) -> ModelContext:
    ctx = ModelContext(problem, explain=explain)
    w = problem.weights
    pens = ctx.penalties
    pens += add_availability(ctx)
    pens += add_locked(ctx)
    pens += add_contracts(ctx)
    pens += add_min_rest(ctx)
    pens += add_breaks(ctx)
    pens += add_activities(ctx)
    ctx.seal_off_phone()
    pens += add_coverage(ctx)
    pens += add_budget_and_paid_time(ctx)
    pens += add_preferences(ctx, [a.preferences for a in problem.agents], w.preference_scale)
    pens += add_weekend_spread(ctx, w.weekend_day_worked_per_day)
    pens += add_late_shift_spread(ctx, w.late_shift_per_shift, problem.late_shift_end_after_min)
    pens += add_start_spread(ctx, w.start_spread_per_hour, problem.horizon.interval_min)
    # constants (the best reachable service value) leave the objective: minimise costs minus value bought
    ctx.model.minimize(sum(p.coef * p.expr for p in pens) - sum(p.coef * p.constant for p in pens))
    return ctx


def add_hints(ctx: ModelContext, previous: Plan) -> None:
    """Hint shifts (same day, start, length), their breaks and presence from the previous plan."""
    plans = {ap.agent_id: ap for ap in previous.agents}
    choice: dict[int, list] = {}
    breaks: dict[int, set] = {}
    for a, ag in enumerate(ctx.day_agents):
        ap = plans.get(ag.agent_id)
        if ap is None:
            continue
        wanted = {(s.day, s.start, s.length): s for s in ap.shifts}
        choice[a] = []
        breaks[a] = set()
        for o in ctx.options_of(a):
            c = o.payload
            s = wanted.get((c.day, c.start, c.length))
            if s is None:
                continue
            choice[a].append(o)
            for b in s.breaks:
                for it in c.breaks:
                    if it.length == b.length and it.paid == b.paid:
                        breaks[a].add((c.day, it.key, b.start))
    hint_choice(ctx, choice, breaks)


# The subgradient steps run until they stall (their step size halved STALL_HALVINGS times) or for at most
# SUBGRADIENT_SHARE of the bound's time; the column-generation master carries on from there (80 agents:
# the steps stall after about 7 s, 400 agents after about 28 s). A master LP that does not finish in the
# time left changes nothing: the steps' bound stands.
SUBGRADIENT_SHARE = 0.7
STALL_HALVINGS = 4


def _lagrangian(problem: Problem, ctx: ModelContext, target: float, limit_s: float, params: SolveParams,
                should_stop: Callable[[], bool], on_bound: Callable[..., None] | None = None,
                on_weeks: Callable[[list, list], None] | None = None) -> float | None:
    """The Lagrangian bound (None: none found): subgradient steps find good multipliers fast and stall;
    the column-generation master (column_bound.py), started from their weeks and multipliers, carries on.
    `on_weeks(members, weeks)` hears the master's solution rounded to whole weeks per class of agents."""
    from solver.bound import LagrangianBound, lagrangian_bound
    from solver.column_bound import column_generation_bound

    lb = LagrangianBound(problem, ctx.candidates)
    if params.deterministic_time_limit is not None:  # tests: a fixed number of steps, not a wall clock
        got = lagrangian_bound(problem, target, time_limit_s=3600.0, max_iterations=40, lb=lb, keep_weeks=True,
                               on_bound=on_bound)
        if got is not None:
            got = column_generation_bound(lb, got, time_limit_s=3600.0, max_iterations=5, on_bound=on_bound)
    else:
        t0 = time.monotonic()
        got = lagrangian_bound(problem, target, limit_s * SUBGRADIENT_SHARE, lb=lb, keep_weeks=True,
                               stall_halvings=STALL_HALVINGS, should_stop=should_stop, on_bound=on_bound)
        if got is not None:
            got = column_generation_bound(lb, got, limit_s - (time.monotonic() - t0), should_stop=should_stop,
                                          on_bound=on_bound,
                                          on_weeks=None if on_weeks is None else lambda w: on_weeks(lb.members, w))
    if got is not None and on_bound is not None:
        on_bound(got.bound, last=True)
    return None if got is None else got.bound


class _SideBound(threading.Thread):
    """The Lagrangian bound on a second core while the roster search runs (both spend most of their
    time outside the interpreter lock: in CP-SAT, GLOP and numpy)."""

    def __init__(self, problem: Problem, ctx: ModelContext, best: _Best, limit_s: float, params: SolveParams,
                 stop: StopHandle | None):
        super().__init__(daemon=True)
        self.args = (problem, ctx, best.get()[1], limit_s, params, lambda: stop is not None and stop.stopped,
                     best.raise_bound, self._weeks)
        self.bound: float | None = None
        self.weeks: tuple[list, list] | None = None  # (members, weeks): the master's latest rounded solution

    def _weeks(self, members: list, weeks: list) -> None:
        self.weeks = (members, weeks)

    def run(self) -> None:
        self.bound = _lagrangian(*self.args)


def _final_bound(obj: float, cp_bound: float, lagrangian: float | None) -> float:
    if lagrangian is None or lagrangian > obj:  # the latter would be a bug in bound.py: never report it
        return cp_bound
    return max(cp_bound, lagrangian)


LNS_TEST_STEPS = 6  # tests (deterministic limit): a fixed number of roster-search steps ...
LNS_TEST_STEP_SHARE = 0.05  # ... each capped at this share of the deterministic limit
ROSTER_FILL_S = 10.0  # wall cap for filling in the bookkeeping variables of the roster search's plan
FILL_SHARE = 0.02  # of the time limit, kept for that


def _roster_search(ctx: ModelContext, best: _Best, params: SolveParams, stop: StopHandle | None, deadline: float,
                   start: tuple | None = None) -> None:
    """Improve the best plan (or `start`: values and objective) by re-planning a few agents at a time
    (roster_lns.py) until `deadline`.

    The search holds its plan as decisions; at the end the model's other variables (value, over-staffing,
    counters) are filled in for it with every decision fixed, and the result is offered as a plan. A stop
    ends the search but not that last step, so a stopped solve still returns the search's best plan. Only
    plans better than the best are reported while it runs.
    """
    from solver.residual import decisions, roster_of
    from solver.roster_lns import RosterSearch
    from solver.warm_start import solve_fixed

    values, objective = best.get() if start is None else start
    if values is None:
        return
    det = params.deterministic_time_limit
    search = RosterSearch(ctx, roster_of(ctx, values.__getitem__), objective, params.seed,
                          step_time_s=3600.0 if det else params.lns_step_s,
                          step_deterministic_time=det * LNS_TEST_STEP_SHARE if det else None)
    log = search.run(math.inf if det else deadline, lambda: stop is not None and stop.stopped,
                     max_steps=LNS_TEST_STEPS if det else None, on_improvement=lambda obj: best.note(obj)
                     if obj < best.get()[1] else None)
    if not log.improved:
        return
    fixed = decisions(ctx, search.roster)
    filled = solve_fixed(ctx, fixed, dict(enumerate(values)), ROSTER_FILL_S, params.seed, det, None, params.workers,
                         first_only=False, gap=BOOKKEEPING_GAP)
    if filled is not None:
        best.offer(filled.response_proto.solution, filled.objective_value)


# The side bound's master LP, rounded to whole weeks, is a better start for the roster search than the
# greedy's plan (lp_start.py). At LP_START_SHARE of the time limit the search restarts from it: on the
# 80-agent bench week the column generation is then within 0.2 % of its converged LP (about 20 s), and the
# search has most of the time left. Completing the rounded weeks gets LP_COMPLETE_SHARE at most.
LP_START_SHARE = 0.35
LP_COMPLETE_SHARE = 0.05


def _search_then_restart(ctx: ModelContext, best: _Best, params: SolveParams, stop: StopHandle | None,
                         side: _SideBound, t0: float, deadline: float) -> None:
    """The roster search from the best plan until LP_START_SHARE of the time, then from the side bound's
    rounded LP weeks (if it has any by then) until `deadline`; the better plan stands."""
    from solver.lp_start import lp_start

    switch = t0 + LP_START_SHARE * params.time_limit_s
    _roster_search(ctx, best, params, stop, min(switch, deadline))
    start = None  # none: the search goes on from the best plan
    left = deadline - time.monotonic()
    if side.weeks is not None and left > 0 and not (stop is not None and stop.stopped):
        solver = lp_start(ctx, *side.weeks, min(left, LP_COMPLETE_SHARE * params.time_limit_s), params.seed, stop, 1)
        if solver is not None:
            start = (solver.response_proto.solution, solver.objective_value)
            best.offer(*start)
    if time.monotonic() < deadline:
        _roster_search(ctx, best, params, stop, deadline, start=start)


POLISH_SHARE = 0.05  # of the time limit, kept for re-assigning the final plan's agents to queues exactly


def _polish_best(ctx: ModelContext, best: _Best, params: SolveParams, stop: StopHandle | None) -> bool:
    """Offer the best plan with its queue flows solved exactly for its shifts (see flow_polish.py)."""
    values, _ = best.get()
    if values is None or (stop is not None and stop.stopped):
        return False
    det = params.deterministic_time_limit * POLISH_SHARE if params.deterministic_time_limit else None
    got = polish(ctx, values, params.time_limit_s * POLISH_SHARE, params.seed, det, stop, params.workers)
    return got is not None and best.offer(*got)


def make_solver(params: SolveParams) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    sp = solver.parameters
    sp.max_time_in_seconds = params.time_limit_s
    sp.num_workers = params.workers
    sp.random_seed = params.seed
    sp.relative_gap_limit = params.relative_gap
    sp.log_search_progress = params.log
    if params.fast_presolve:
        sp.max_presolve_iterations = 1
        sp.symmetry_level = 0
    if params.deterministic_time_limit is not None:
        sp.max_deterministic_time = params.deterministic_time_limit
    return solver


def solve(
    problem: Problem,
    params: SolveParams = SolveParams(),
    on_progress: Callable[[Progress], None] | None = None,
    stop: StopHandle | None = None,
    previous: Plan | None = None,
) -> SolveResult:
    """Solve `problem`. Infeasible inputs return `plan=None` with a planner-readable explanation."""
    from solver.explain import explain_infeasible, precheck

    conflicts = precheck(problem)
    if conflicts:
        return SolveResult(None, tuple(conflicts))
    t0 = time.monotonic()
    best = _Best(on_progress)  # improvements are timed from here, the start of the solve
    ctx = build_model(problem)
    if previous is not None:
        add_hints(ctx, previous)
    elif params.greedy_hint:
        add_greedy_hints(ctx)
    warm = None
    if (previous is not None or params.greedy_hint) and params.hint_share > 0:
        det = params.deterministic_time_limit * params.hint_share if params.deterministic_time_limit else None
        warm = complete_hint(ctx, params.time_limit_s * params.hint_share, params.seed, det, stop, params.workers,
                             on_first=best.offer)
    if warm is not None:
        best.offer(warm.response_proto.solution, warm.objective_value)
        if _polish_best(ctx, best, params, stop):
            hint_values(ctx, best.get()[0])
    solver = make_solver(params)
    # with a second core the bound runs beside the roster search; on one, after it
    beside = params.workers != 1 and params.bound_share > 0 and params.lns_share > 0
    bound_s = 0.0 if beside else params.time_limit_s * params.bound_share
    polish_s = params.time_limit_s * (POLISH_SHARE + (FILL_SHARE if params.lns_share > 0 else 0.0))
    search_s = max(0.5, params.time_limit_s - bound_s - polish_s - (time.monotonic() - t0))
    search_end = time.monotonic() + search_s
    solver.parameters.max_time_in_seconds = search_s * (1 - params.lns_share)
    if params.deterministic_time_limit is not None and params.lns_share > 0:
        solver.parameters.max_deterministic_time = params.deterministic_time_limit * (1 - params.lns_share)
    cb = _Progress(best, stop)
    if stop is not None:
        stop._attach(solver)
    try:
        status = solver.solve(ctx.model, cb)
    finally:
        if stop is not None:
            stop._attach(None)
    side = None
    if status != cp_model.OPTIMAL and params.lns_share > 0 and not (stop is not None and stop.stopped):
        if beside and best.get()[0] is not None:
            side = _SideBound(problem, ctx, best, search_end - time.monotonic(), params, stop)
            side.start()
        if side is not None and params.deterministic_time_limit is None:
            _search_then_restart(ctx, best, params, stop, side, t0, search_end)
        else:
            _roster_search(ctx, best, params, stop, search_end)
        if side is not None:
            side.join()
    if status != cp_model.OPTIMAL:
        _polish_best(ctx, best, params, stop)
    values, obj = best.get()
    if values is not None and status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        # CP-SAT's final bound means something only once it has a status of its own (UNKNOWN reports +inf)
        final = solver.best_objective_bound if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else -math.inf
        cp_bound = max(best.bound, final)
        cp_bound = min(cp_bound, obj) if math.isfinite(cp_bound) else -math.inf
        optimal = status == cp_model.OPTIMAL or obj <= cp_bound
        if optimal:
            bound = obj
        elif side is not None:
            bound = _final_bound(obj, cp_bound, side.bound)
        elif params.bound_share <= 0 or (stop is not None and stop.stopped):  # a stopped solve does not wait for it
            bound = cp_bound
        else:
            bound = _final_bound(obj, cp_bound, _lagrangian(problem, ctx, obj, bound_s, params, lambda: False,
                                                                  best.raise_bound))
        stats = SolveStats(
            "OPTIMAL" if optimal else "FEASIBLE", obj, bound, 0.0 if optimal else abs(obj - bound) / max(1.0, abs(obj)),
            time.monotonic() - t0, best.improvements[0][0] if best.improvements else None, len(best.improvements),
            stopped=stop is not None and stop.stopped,
        )
        return SolveResult(extract_plan(ctx, value_reader(values), stats))
    name = solver.status_name(status)
    if status == cp_model.UNKNOWN and params.greedy_hint and previous is None:
        # nothing found in time (very large centres): return the legal greedy plan, clearly labelled
        vals = greedy_values(ctx)
        stats = SolveStats("HEURISTIC", float("nan"), solver.best_objective_bound, float("nan"), time.monotonic() - t0, None, 0,
                           stopped=stop is not None and stop.stopped)
        plan = extract_plan(ctx, lambda v: vals.get(v.index, 0), stats, with_penalties=False)
        from solver.check import check_plan
        from solver.explain import Conflict

        broken = check_plan(problem, plan)
        if not broken:
            return SolveResult(plan)
        words = "; ".join(v.message for v in broken[:3])
        return SolveResult(None, (Conflict(None, tuple(sorted({v.rule_id for v in broken})), f"No plan found within {params.time_limit_s:g} s and the fallback plan breaks rules ({words}); allow more time."),))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status == cp_model.INFEASIBLE:
            return SolveResult(None, tuple(explain_infeasible(problem, params)))
        from solver.explain import Conflict

        return SolveResult(None, (Conflict(None, (), f"No plan found within {params.time_limit_s:g} s ({name}); allow more time."),))
    raise AssertionError(f"CP-SAT reported {name} without a solution")  # a feasible status always has one

