"""Roster-shaped LNS moves for a Curtois & Qu model: people, days, blocks of both, and cover gaps.

A move frees the (employee, day) option literals it names; `solver.lns` fixes the rest.
"""

from __future__ import annotations

import random
from collections import defaultdict

from solver.curtois.model import CurtoisModel
from solver.lns import Move, Values

BLOCK_DAYS = 14  # a block move re-plans a fortnight: long enough for the run-length rules to move
GAP_HALF_WINDOW = 3  # a cover-gap move re-plans a week around the gap


class RosterMoves:
    """Proto indices of every option literal by employee and day, and who can cover which (day, shift)."""

    def __init__(self, cm: CurtoisModel):
        self.days = cm.instance.days
        self.lits = [[[o.lit.Index() for o in day] for day in ag.options] for ag in cm.ctx.day_agents]
        self.decisions = [i for person in self.lits for day in person for i in day]
        self.by_line: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)  # -> (employee, index)
        for e, ag in enumerate(cm.ctx.day_agents):
            for day in ag.options:
                for o in day:
                    self.by_line[(o.day, o.type_id)].append((e, o.lit.Index()))
        self.lines = [(c.day, c.shift, c.requirement) for c in cm.instance.cover if (c.day, c.shift) in self.by_line]

    @property
    def people(self) -> int:
        return len(self.lits)

    def _free(self, employees, first_day: int, last_day: int) -> set[int]:
        return {i for e in employees for d in range(max(0, first_day), min(self.days, last_day + 1)) for i in self.lits[e][d]}

    def _gaps(self, values: Values) -> list[tuple[int, str]]:
        """The (day, shift) lines staffed above or below their requirement."""
        return [(d, s) for d, s, need in self.lines if sum(values[i] for _, i in self.by_line[(d, s)]) != need]

    def employees(self, rng: random.Random, size: int, values: Values) -> set[int]:
        return self._free(rng.sample(range(self.people), min(size, self.people)), 0, self.days - 1)

    def window(self, rng: random.Random, size: int, values: Values) -> set[int]:
        width = min(size, self.days)
        first = rng.randrange(0, self.days - width + 1)
        return self._free(range(self.people), first, first + width - 1)

    def days_apart(self, rng: random.Random, size: int, values: Values) -> set[int]:
        """Everyone on a few days anywhere in the horizon, one of them short or over if any is: a shift can
        move between weeks only when both days are free, and horizon-wide limits (total minutes, shifts per
        type) pin every other move to the same count."""
        gap_days = sorted({d for d, _ in self._gaps(values)})
        first = [rng.choice(gap_days)] if gap_days else []
        others = [d for d in rng.sample(range(self.days), min(size, self.days)) if d not in first]
        chosen = (first + others)[:size]
        return {i for e in range(self.people) for d in chosen for i in self.lits[e][d]}

    def block(self, rng: random.Random, size: int, values: Values) -> set[int]:
        width = min(BLOCK_DAYS, self.days)
        first = rng.randrange(0, self.days - width + 1)
        return self._free(rng.sample(range(self.people), min(size, self.people)), first, first + width - 1)

    def cover_gap(self, rng: random.Random, size: int, values: Values) -> set[int]:
        """People who could work a (day, shift) that is under- or over-staffed, around that day."""
        gaps = self._gaps(values)
        if not gaps:
            return self.employees(rng, size, values)
        day, shift = rng.choice(gaps)
        able = sorted({e for e, _ in self.by_line[(day, shift)]})
        chosen = rng.sample(able, min(size, len(able)))
        return self._free(chosen, day - GAP_HALF_WINDOW, day + GAP_HALF_WINDOW)

    def moves(self) -> list[Move]:
        n = self.people
        return [
            Move("employees", self.employees, size=min(3, n), max_size=n),
            Move("window", self.window, size=min(5, self.days), min_size=2, max_size=self.days),
            Move("days_apart", self.days_apart, size=min(4, self.days), min_size=2, max_size=self.days),
            Move("block", self.block, size=min(6, n), max_size=n),
            Move("cover_gap", self.cover_gap, size=min(6, n), max_size=n),
        ]
