"""Activities (training, coaching, meetings): all participants together, present and off the phones.

Soft placement: an activity that cannot be placed costs `activity_unplaced_per_activity`. Where it
goes is decided by coverage: participants off the phones lose service value, so the solver picks
the hours where inbound demand is lowest.
"""

from __future__ import annotations

from solver import rule_ids as R
from solver.build import ModelContext
from solver.penalty import Penalty, keep


def add_activities(ctx: ModelContext) -> list[Penalty]:
    p = ctx.problem
    m = ctx.model
    unplaced = []
    for act in p.activities:
        idx = [p.agent_index(pid) for pid in act.participants]
        lo, hi = act.window
        starts = []
        for tau in range(max(lo, 0), min(hi, p.horizon.n_intervals) - act.duration_intervals + 1):
            span = range(tau, tau + act.duration_intervals)
            if all(all(t in ctx.agent_vars[a].on for t in span) for a in idx):
                y = m.new_bool_var(f"activity[{act.activity_id},{tau}]")
                starts.append((tau, y))
                for a in idx:
                    for t in span:
                        ctx.agent_vars[a].off_phone[t].append(y)
                        m.add_implication(y, ctx.agent_vars[a].on[t])
        ctx.activity_vars[act.activity_id] = starts
        placed = sum(y for _, y in starts) if starts else 0
        if starts:
            m.add(placed <= 1)
        unplaced.append(1 - placed)
    if not unplaced:
        return []
    return keep(Penalty.weighted(R.ACTIVITY_UNPLACED, "activities", sum(unplaced), p.weights.activity_unplaced_per_activity))
