"""The Dantzig-Wolfe view of an instance: its LP bound by column generation, and a dive from it to a roster.

Cover is the only rule that couples employees. The master picks, per employee, a convex combination of
whole-horizon rosters, and per cover line the people on it plus shortfall minus surplus meet the
requirement. Its LP is far stronger than the compact model's (Instance16: 3,223.5, where CP-SAT's bound
was 3,207 after 300 s on 8 workers; best known 3,225). The pricing problem is the construction's
one-employee model, the same rule builders, with each option priced by its cover line's dual; as many
employees are priced at once as the dive has workers.

The dive then fixes the employees whose LP roster is whole (else the one closest to it), re-prices the
others and repeats; where the time left would not allow one employee per step, it fixes several per step.
A step that raises the LP by more than half a percent is taken back and its columns forbidden (a few
times per dive, and only while the step has time left to re-price). The last few employees are not
fixed one step at a time but re-planned together by CP-SAT against the cover the others leave open.
While the LP stays near its root value the roster ends near the bound: Instance16 3,225 or 3,226 in about
200 s, where the LNS ended at 3,324 after 600 s.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.curtois.check import Roster, evaluate_roster
from solver.curtois.construct import greedy_roster, on_lines, one_worker_solver, residual
from solver.curtois.instance import Cover, Employee, Instance
from solver.curtois.model import build_model, build_rules
from solver.curtois.watch import until_stopped
from solver.penalty import COST_SCALE

PRICE_S = 0.5  # wall cap of one employee's pricing model (Instance16: 0.1 s each on average)
MASTER_PACE = 2.0  # pricing time per master solve within a round, in master solve times (see _Generation.round) ...
HEADING_IN = 0.001  # ... while the last round lowered the LP by more than this share of it
ROOT_SHARE = 0.5  # of the dive's time, at most, for the root LP; the rest for fixing
ROUNDS_PER_STEP = 3  # pricing rounds planned per fixing step when sharing out the time left
BACKTRACK_RISE = 0.005  # of the LP: a step raising it more is taken back (see _dive_steps) ...
BACKTRACKS = 10  # ... at most this many times per dive
WHOLE = 0.999  # an employee whose best column carries this much of the LP is fixed outright
FINISH_FREE = 8  # employees left free when the dive hands the rest to one exact model (_finish; Instance15: 3,851
# and 3,890 in two bench runs, 3,990 with 9 left) ...
FINISH_SHARE = 0.15  # ... and it gets this much of the fixing time, at least ...
FINISH_BUILD = 0.3  # ... this much of which, at most, for building its hint

Line = tuple[int, str]  # (day, shift type)
Days = tuple[str | None, ...]  # a roster row: the shift type worked per day, None for a day off


@dataclass(frozen=True)
class DiveResult:
    roster: Roster | None  # None: some employee has no legal roster at all
    bound: float  # a lower bound on the objective (cost units), -inf if no round priced everyone exactly
    root_lp: float | None  # the master's value when the root stopped (a bound only if it converged)
    rounds: int
    columns: list[dict[Days, float]] = field(default_factory=list)  # per employee: every roster priced, its cost


def alone(instance: Instance, e: Employee) -> Instance:
    """Employee e's own rules and requests without cover: a roster row's objective there is the cost its
    column carries in the master."""
    return replace(residual(instance, (e,), Counter()), cover=())


class _Collect(cp_model.CpSolverSolutionCallback):
    """Every roster the pricing search passes through: each one that prices out is a column."""

    def __init__(self, pricer: _Pricer):
        super().__init__()
        self.pricer = pricer
        self.found: list[tuple[Days, float]] = []

    def on_solution_callback(self) -> None:
        p = self.pricer
        self.found.append((tuple(p.cm.roster(self.Value)[p.employee.id]), self.Value(p.cost) / COST_SCALE))


class _Pricer:
    """One employee's rules (no cover); priced by a dual per cover line."""

    def __init__(self, instance: Instance, e: Employee):
        self.employee = e
        self.alone = alone(instance, e)
        self.cm = build_rules(self.alone)
        self.cost = sum(p.coef * p.expr for p in self.cm.penalties)
        days = self.cm.ctx.day_agents[0].options
        self.options = [o for day in days for o in day]
        self.slack = 0.5 * len(days) / COST_SCALE  # the duals' rounding to milli-units, at most, per roster

    def cost_of(self, days: Days) -> float | None:
        ev = evaluate_roster(self.alone, {self.employee.id: list(days)})
        return None if ev.violations else float(ev.objective)

    def price(self, duals: dict[Line, float], time_s: float, seed: int) -> tuple[list[tuple[Days, float]], float]:
        """Rosters found while minimising cost minus duals, and a lower bound on that minimum (-inf: none)."""
        model = self.cm.model
        model.Minimize(self.cost - sum(round(duals.get((o.day, o.type_id), 0.0) * COST_SCALE) * o.lit
                                       for o in self.options))
        solver = one_worker_solver(time_s, seed)
        collect = _Collect(self)
        status = solver.solve(model, collect)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return collect.found, -math.inf
        return collect.found, solver.best_objective_bound / COST_SCALE - self.slack


def _from_scratch() -> pywraplp.MPSolverParameters:
    params = pywraplp.MPSolverParameters()
    params.SetIntegerParam(params.INCREMENTALITY, params.INCREMENTALITY_OFF)
    return params


def cover_rows(s: pywraplp.Solver, cover: tuple[Cover, ...]) -> dict[Line, tuple[pywraplp.Constraint, int, int, int]]:
    """Per cover line an equality (the people on it plus shortfall minus surplus meet the requirement), its
    requirement and weights; the objective, to minimise, prices shortfall and surplus by them."""
    inf = s.infinity()
    obj = s.Objective()
    lines = {}
    for c in cover:
        row = s.Constraint(c.requirement, c.requirement)
        under, over = s.NumVar(0.0, inf, ""), s.NumVar(0.0, inf, "")
        row.SetCoefficient(under, 1.0)
        row.SetCoefficient(over, -1.0)
        obj.SetCoefficient(under, c.weight_under)
        obj.SetCoefficient(over, c.weight_over)
        lines[(c.day, c.shift)] = (row, c.requirement, c.weight_under, c.weight_over)
    obj.SetMinimization()
    return lines


class _Master:
    """The restricted master LP (GLOP): one convexity row per employee, one equality per cover line."""

    def __init__(self, instance: Instance):
        self.cover = instance.cover
        self.columns: list[dict[Days, tuple[float, pywraplp.Variable]]] = [{} for _ in instance.employees]
        self._build()
        self.solve_s = 0.0  # the last solve's wall time

    def _build(self) -> None:
        """A new GLOP solver holding the cover rows, the convexity rows and every column with its bounds."""
        old = getattr(self, "s", None)  # alive until its columns' bounds are read: they point into it
        self.s = s = pywraplp.Solver.CreateSolver("GLOP")
        self.lines = cover_rows(s, self.cover)
        self.convexity = [s.Constraint(1.0, 1.0) for _ in self.columns]
        for k, cols in enumerate(self.columns):
            for days, (cost, x) in cols.items():
                self._column(k, days, cost, x.lb(), x.ub())
        del old

    def add(self, k: int, days: Days, cost: float) -> bool:
        if days in self.columns[k]:
            return False
        self._column(k, days, cost, 0.0, self.s.infinity())
        return True

    def _column(self, k: int, days: Days, cost: float, lb: float, ub: float) -> None:
        x = self.s.NumVar(lb, ub, "")
        self.s.Objective().SetCoefficient(x, cost)
        self.convexity[k].SetCoefficient(x, 1.0)
        for d, shift in enumerate(days):
            line = self.lines.get((d, shift))
            if line is not None:
                line[0].SetCoefficient(x, 1.0)
        self.columns[k][days] = (cost, x)

    def solve(self) -> float:
        """The master's value. It always has an optimum (shortfall is free to take): a solve that ends
        otherwise is retried from scratch, and then once more in a new solver built from the same rows and
        columns (GLOP, after a fixing was taken back, ended ABNORMAL from scratch too on a model it solved
        at once when built anew)."""
        began = time.perf_counter()
        status = self.s.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            status = self.s.Solve(_from_scratch())
        if status != pywraplp.Solver.OPTIMAL:
            self._build()
            status = self.s.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"the restricted master LP ended with status {status}, not an optimum")
        self.solve_s = time.perf_counter() - began
        return self.s.Objective().Value()

    def duals(self) -> tuple[dict[Line, float], list[float]]:
        """Line duals clipped to [-over weight, under weight], where every one of them gives a valid bound."""
        pi = {key: min(wu, max(-wo, row.dual_value())) for key, (row, _, wu, wo) in self.lines.items()}
        return pi, [row.dual_value() for row in self.convexity]

    def reduced(self, k: int, days: Days, cost: float, pi: dict[Line, float], sigma: list[float]) -> float:
        return cost - sum(pi.get((d, shift), 0.0) for d, shift in enumerate(days) if shift is not None) - sigma[k]

    def best(self, k: int) -> tuple[float, Days]:
        """The column of employee k carrying the most of the LP solution, and how much."""
        days, (_, x) = max(self.allowed(k), key=lambda kv: kv[1][1].solution_value())
        return x.solution_value(), days

    def allowed(self, k: int) -> list[tuple[Days, tuple[float, pywraplp.Variable]]]:
        """Employee k's columns that are not forbidden."""
        return [(days, col) for days, col in self.columns[k].items() if col[1].ub() > 0]

    def fix(self, k: int, days: Days) -> None:
        self.columns[k][days][1].SetLb(1.0)

    def forbid(self, k: int, days: Days) -> None:
        """Undo a fixing and keep the column out for good."""
        x = self.columns[k][days][1]
        x.SetLb(0.0)
        x.SetUb(0.0)


class _Generation:
    """The master, one pricer per employee, the dive's fixings and the best bound so far."""

    def __init__(self, instance: Instance, start: Roster, seed: int, workers: int = 1):
        self.instance = instance
        self.workers = max(1, workers)
        self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="curtois-price")
        self.pricers = [_Pricer(instance, e) for e in instance.employees]
        self.master = _Master(instance)
        for k, p in enumerate(self.pricers):
            cost = p.cost_of(tuple(start[p.employee.id]))
            if cost is not None:
                self.master.add(k, tuple(start[p.employee.id]), cost)
        self.fixed: dict[int, Days] = {}
        self.seed = seed
        self.rounds = 0
        self.bound = -math.inf
        self.lp_before = math.inf  # the master's value when the last round began

    def round(self, deadline: float) -> bool:
        """Price every free employee once; True if a column was added.

        While the LP still falls fast, the master is solved again after an employee's columns once the
        pricing since its last solve has taken MASTER_PACE times as long as that solve, so that later
        employees price at fresh duals: the first rounds otherwise all chase the same open lines (Instance13
        from a roster at 10,742: its LP at 1,348 after 120 s, where pricing everyone at one round's duals
        had it at 1,359 after 200 s). Near convergence a round prices everyone at one set of duals, so with
        nothing fixed its sum is a bound.

        With several workers, that many employees are priced at once (CP-SAT releases the GIL: one round
        of Instance13 at fixed duals in 3.9 s on two threads, 8.1 s on one); each one's columns are judged
        at the duals it was priced at.
        """
        m = self.master
        lp = m.solve()
        heading_in = self.lp_before - lp > HEADING_IN * abs(lp)
        self.lp_before = lp
        duals = m.duals()
        self.rounds += 1
        bound = sum(duals[0][key] * m.lines[key][1] for key in duals[0])
        added = 0
        priced_since = time.perf_counter()
        stale = False  # columns added since the master's last solve
        one_duals = True  # everyone priced at the same duals: the round's sum is a bound
        todo = iter([k for k in range(len(self.pricers)) if k not in self.fixed])
        running: set[Future] = set()
        complete = True  # every free employee priced
        while True:
            while len(running) < self.workers and (k := next(todo, None)) is not None:
                left = deadline - time.perf_counter()
                if left <= 0:
                    complete = False
                    break
                running.add(self.pool.submit(self._price, k, duals, min(PRICE_S, left)))
            if not running:
                break
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                k, found, low, (pi, sigma) = future.result()
                bound += low
                for days, cost in found:
                    if m.reduced(k, days, cost, pi, sigma) < -1e-6 and m.add(k, days, cost):
                        added += 1
                        stale = True
            if heading_in and stale and time.perf_counter() - priced_since >= MASTER_PACE * m.solve_s:
                m.solve()
                duals = m.duals()
                priced_since = time.perf_counter()
                stale = False
                one_duals = False
        if complete and one_duals and not self.fixed:
            self.bound = max(self.bound, bound)
        return added > 0

    def _price(self, k: int, duals: tuple[dict[Line, float], list[float]], time_s: float):
        found, low = self.pricers[k].price(duals[0], time_s, self.seed + self.rounds)
        return k, found, low, duals

    def fix_next(self, count: int, keep: int) -> list[int]:
        """Fix every employee whose LP roster is whole, and at least the `count` closest to whole, but
        leave `keep` free (one is fixed in any case); returns the employees fixed."""
        free = sorted(((*self.master.best(k), k) for k in range(len(self.pricers)) if k not in self.fixed),
                      key=lambda t: (-t[0], t[2]))
        whole = [t for t in free if t[0] >= WHOLE]
        step = (whole if len(whole) >= count else free[:count])[:max(1, len(free) - keep)]
        for lam, days, k in step:
            self.fixed[k] = days
            self.master.fix(k, days)
        return [k for _, _, k in step]

    def alternative(self, k: int) -> bool:
        """Whether employee k has an allowed column besides its fixed one."""
        return len(self.master.allowed(k)) > 1

    def undo(self, ks: list[int]) -> None:
        """Take back the fixings of `ks` and forbid their columns: the dive goes on another way."""
        for k in ks:
            self.master.forbid(k, self.fixed.pop(k))

    def roster(self) -> Roster:
        """The fixed rows, and for every employee not fixed yet the column carrying most of the LP."""
        rows = {}
        for k, p in enumerate(self.pricers):
            rows[p.employee.id] = list(self.fixed[k] if k in self.fixed else self.master.best(k)[1])
        return rows


def column_dive(instance: Instance, start: Roster, deadline: float, seed: int = 0,
                on_bound: Callable[[float], None] | None = None, stop: Callable[[], bool] = lambda: False,
                workers: int = 1) -> DiveResult:
    """The LP bound and a dive's roster, both by `deadline` (time.perf_counter).

    The root prices until no roster prices out (its value is then the LP bound) or for ROOT_SHARE of the
    time; the dive fixes employees until every one is fixed or time runs out, when the rest take the
    column that carries most of their LP. `start` (a legal roster) gives the first columns, so every
    employee has one and the master is never empty. `workers` employees are priced at once.
    """
    t0 = time.perf_counter()
    gen = _Generation(instance, start, seed, workers)
    try:
        return _root_and_dive(gen, t0, deadline, on_bound, stop)
    finally:
        gen.pool.shutdown()


def _root_and_dive(gen: _Generation, t0: float, deadline: float, on_bound: Callable[[float], None] | None,
                   stop: Callable[[], bool]) -> DiveResult:
    if any(not cols for cols in gen.master.columns):
        return DiveResult(None, -math.inf, None, 0)
    root_end = t0 + ROOT_SHARE * (deadline - t0)
    said = -math.inf
    while time.perf_counter() < root_end and not stop():
        more = gen.round(root_end)
        if on_bound is not None and gen.bound > said:
            said = gen.bound
            on_bound(gen.bound)
        if not more:
            break
    root_lp = gen.master.solve()
    now = time.perf_counter()
    round_s = (now - t0) / max(1, gen.rounds)  # the root's pace (its build included)
    _dive_steps(gen, root_lp, deadline - FINISH_SHARE * (deadline - now), round_s, FINISH_FREE, stop)
    columns = [{days: cost for days, (cost, _) in cols.items()} for cols in gen.master.columns]
    return DiveResult(_finish(gen, deadline, stop), gen.bound, root_lp, gen.rounds, columns)


def _dive_steps(gen: _Generation, lp: float, deadline: float, round_s: float, keep: int,
                stop: Callable[[], bool]) -> None:
    """Fix employees until `keep` are left or time runs out. A step whose fixings raise the LP by more than
    BACKTRACK_RISE is taken back and its columns forbidden, at most BACKTRACKS times: one bad fixing can
    spoil the rest (Instance8: the LP rose from 1,303 to 1,354 at one step and that dive ended at 1,504).
    `lp` is the master's value as it stands."""
    backtracks = 0
    while (free := len(gen.pricers) - len(gen.fixed)) > keep and (now := time.perf_counter()) < deadline and not stop():
        # one employee per step, re-priced to convergence, while the time allows it (five rounds at most
        # after each fixing gave Instance16 3,240, not 3,225); else more per step and each step its share
        # of the time (Instance15, 45 employees: one at a time had fixed 9 when its 180 s ran out)
        steps = max(1.0, (deadline - now) / (ROUNDS_PER_STEP * round_s))
        count = max(1, math.ceil((free - keep) / steps))
        step = gen.fix_next(count, keep)
        step_end = min(deadline, now + (deadline - now) / math.ceil((free - keep) / count))
        _reprice(gen, step_end, stop)
        after = gen.master.solve()
        # (only while the step has time left to re-price: a step taken back at the deadline leaves its
        # employees to their LP's best column, which is worse than the fixing)
        if (after - lp > BACKTRACK_RISE * abs(lp) and backtracks < BACKTRACKS and time.perf_counter() < step_end
                and all(gen.alternative(k) for k in step)):
            backtracks += 1
            gen.undo(step)
            _reprice(gen, step_end, stop)
            after = gen.master.solve()
        lp = after


def _finish(gen: _Generation, deadline: float, stop: Callable[[], bool]) -> Roster:
    """The employees the dive left free, re-planned together by CP-SAT against the cover the fixed ones
    leave open; the best of that and its two hints.

    Fixing the last few one step at a time is where the dive broke down (Instance15: the LP tracked
    3,840 with 39 of 45 employees fixed, then the last steps, with little time each to re-price, took it
    to 4,982); a handful of employees are one small exact model. Its hint is the better of the free
    employees' LP columns and the construction run on the open cover: many free employees' LP columns
    overlap (Instance13, 24 free: 8,533 where the LP was 1,370), and the model is too big to repair that.
    """
    lp_columns = gen.roster()
    free = [e for k, e in enumerate(gen.instance.employees) if k not in gen.fixed]
    if not free or stop() or time.perf_counter() >= deadline:
        return lp_columns
    one = residual(gen.instance, free, on_lines(lp_columns, (gen.instance.employees[k].id for k in gen.fixed)))

    def scored(roster: Roster) -> tuple[int, Roster]:
        return evaluate_roster(gen.instance, roster).objective, roster

    now = time.perf_counter()
    best = scored(lp_columns)
    built = greedy_roster(one, deadline, gen.seed, target=now + FINISH_BUILD * (deadline - now))
    if built is not None:
        best = min(best, scored({**lp_columns, **built}), key=lambda t: t[0])
    cm = build_model(one)
    for lit, value in cm.literals_of(best[1]):
        cm.model.AddHint(lit, value)
    solver = one_worker_solver(deadline - time.perf_counter(), gen.seed)
    if _solve_until_stop(solver, cm.model, stop) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = min(best, scored({**best[1], **cm.roster(solver.Value)}), key=lambda t: t[0])
    return best[1]


def _solve_until_stop(solver: cp_model.CpSolver, model: cp_model.CpModel,
                      stop: Callable[[], bool]) -> cp_model.CpSolverStatus:
    return until_stopped(lambda: solver.solve(model), solver.stop_search, stop, "curtois-finish-watch")


def _reprice(gen: _Generation, until: float, stop: Callable[[], bool]) -> None:
    """Price rounds until none adds a column, `until` (time.perf_counter) or a stop."""
    while time.perf_counter() < until and not stop() and gen.round(until):
        pass
