"""The best roster that picks, per employee, one of the rosters the dives priced: an integer programme.

A dive fixes one employee after another along one path of its LP; a column one dive priced and left
behind may fit another dive's rosters better. The master of every dive's columns, solved as an integer
programme, recombines them. On Instance7 the dives' own rosters were 1,059-1,155 and the IP over the
9,159 columns of six dives found 1,056, the best known, in 67 s (SCIP, exact for that pool); in the
bench, after eight dives at 1,057-1,065, in 16 s from the best roster as its hint. On Instance8 it found
nothing better than its hint in 150 s (three dives, 7,536 columns, hint 1,308). Only
columns that are legal rosters for their employee enter (they were priced by the rule builders), so any
roster it returns is legal; cover is the IP's own.

SCIP is the MIP solver OR-Tools ships with; CP-SAT over the same pool did far worse (Instance8:
1,401 after 120 s, where the dive's roster was 1,313). It releases the GIL while it solves, and a stop
interrupts it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.linear_solver import pywraplp

from solver.curtois.check import Roster, evaluate_roster
from solver.curtois.columns import Days, alone, cover_rows
from solver.curtois.instance import Instance
from solver.curtois.watch import until_stopped

Pool = list[dict[Days, float]]  # per employee (in the instance's order): legal rows and their own cost


def own_costs(instance: Instance, roster: Roster) -> Pool:
    """Each employee's row of a legal roster and its cost without cover (the requests it meets or not)."""
    pool: Pool = []
    for e in instance.employees:
        days = tuple(roster[e.id])
        pool.append({days: float(evaluate_roster(alone(instance, e), {e.id: list(days)}).objective)})
    return pool


def merge(into: Pool, more: Pool) -> None:
    for mine, theirs in zip(into, more):
        mine.update(theirs)


def pool_roster(instance: Instance, pool: Pool, hint: Roster, deadline: float,
                stop: Callable[[], bool] = lambda: False) -> Roster | None:
    """The best roster of `pool`'s rows found by `deadline` (time.perf_counter), starting from `hint`, whose
    rows must be in the pool; None if the solver found none."""
    left = deadline - time.perf_counter()
    if left <= 0 or stop():
        return None
    s = pywraplp.Solver.CreateSolver("SCIP")
    lines = cover_rows(s, instance.cover)
    obj = s.Objective()
    choice: list[tuple[str, Days, pywraplp.Variable]] = []
    for e, rows in zip(instance.employees, pool):
        one = s.Constraint(1.0, 1.0)
        for days, cost in rows.items():
            x = s.BoolVar("")
            one.SetCoefficient(x, 1.0)
            obj.SetCoefficient(x, cost)
            choice.append((e.id, days, x))
            for d, shift in enumerate(days):
                if (d, shift) in lines:
                    lines[(d, shift)][0].SetCoefficient(x, 1.0)
    s.SetHint([x for _, _, x in choice], [1.0 if tuple(hint[eid]) == days else 0.0 for eid, days, x in choice])
    left = deadline - time.perf_counter()  # building it counts (10,759 columns on Instance7)
    if left <= 0:
        return None
    s.SetTimeLimit(max(1, int(left * 1000)))
    status = until_stopped(s.Solve, s.InterruptSolve, stop, "curtois-pool-watch")
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    return {eid: list(days) for eid, days, x in choice if x.solution_value() > 0.5}
