"""Improving a roster a few employees at a time, for models too big for the whole-model LNS.

A whole-model LNS step copies and presolves the entire model: on 364 days with 150 staff and 32 types
(1.36 million variables) even the fully fixed copy takes 9 s, so no step finishes within its cap. A group
of employees re-planned over the whole horizon needs only their own rules and the cover everyone else
leaves open, which is the construction's residual instance with several employees in it. Each step is
exact for its group: it keeps the new rosters only if the group's objective does not get worse.
"""

from __future__ import annotations

import random
import time

from ortools.sat.python import cp_model

from solver.curtois.check import Roster, evaluate_roster
from solver.curtois.construct import employee_model, on_lines, one_worker_solver, residual
from solver.curtois.instance import Instance
from solver.curtois.model import build_model

GROUP_TIME_S = 4.0  # wall cap of one group's model
MAX_GROUP = 8  # the most employees re-planned together


def descend(instance: Instance, roster: Roster, deadline: float, seed: int = 0) -> Roster:
    """`roster` improved by re-planning random groups of employees until the deadline.

    One employee alone is priced like the construction prices it (linear cover); a group gets the full
    cover rule among its members. The group grows after a step solved to optimality and shrinks after
    one that hit its cap, like the LNS moves.
    """
    rng = random.Random(seed)
    roster = dict(roster)
    on = on_lines(roster, roster)
    size = 1.0
    while (left := deadline - time.perf_counter()) > 0.1:
        group = rng.sample(instance.employees, min(int(size), len(instance.employees)))
        ids = [e.id for e in group]
        theirs = on_lines(roster, ids)
        one = residual(instance, group, on - theirs)
        cm = employee_model(one) if len(group) == 1 else build_model(one)
        for lit, value in cm.literals_of(roster):
            cm.model.AddHint(lit, value)
        solver = one_worker_solver(min(GROUP_TIME_S, left), rng.randrange(1 << 30))
        status = solver.solve(cm.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            before = {e: roster[e] for e in ids}
            after = cm.roster(solver.Value)
            if evaluate_roster(one, after).objective <= evaluate_roster(one, before).objective:
                on += on_lines(after, ids)
                on -= theirs
                roster.update(after)
        size = min(MAX_GROUP, size * 1.15 + 0.2) if status == cp_model.OPTIMAL else max(1.0, size * 0.85)
    return roster
