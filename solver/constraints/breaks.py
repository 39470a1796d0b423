"""Hard: breaks per the agent's rule pack, each inside its window relative to the chosen shift's start.

Break literals are keyed by absolute start interval per agent, day and break item, and shared by all
candidate shifts of that day: a break start is allowed only if some chosen candidate admits it, and
each candidate that needs an item gets exactly one. The rule pack already guarantees that every
placement inside the windows is legal (break minutes, longest stretch of work, daily maximum).
"""

from __future__ import annotations

from collections import defaultdict

from solver.build import BreakVar, ModelContext
from solver.penalty import Penalty


def add_breaks(ctx: ModelContext) -> list[Penalty]:
    m = ctx.model
    for a, av in enumerate(ctx.agent_vars):
        name = ctx.day_agents[a].agent_id
        for d, day in enumerate(ctx.day_agents[a].options):
            needs: dict[str, list] = defaultdict(list)
            compatible: dict[tuple[str, int], list] = defaultdict(list)
            shape: dict[str, tuple[int, bool, str]] = {}
            for o in day:
                c = o.payload
                for it in c.breaks:
                    needs[it.key].append(o.lit)
                    shape[it.key] = (it.length, it.paid, it.rule_id)
                    for off in range(it.window[0], it.window[1] + 1):
                        compatible[(it.key, c.start + off)].append(o.lit)
            by_key: dict[str, list] = defaultdict(list)
            for (key, tau), lits in sorted(compatible.items()):
                length, paid, rid = shape[key]
                b = m.new_bool_var(f"break[{name},{d},{key},{tau}]")
                m.add(b <= sum(lits))
                by_key[key].append(b)
                av.breaks.append(BreakVar(b, d, key, tau, length, paid, rid))
                for t in range(tau, tau + length):
                    av.off_phone[t].append(b)
            for key, bs in by_key.items():
                m.add(sum(bs) == sum(needs[key]))
    return []
