"""The compiled best-week kernel against its plain-Python twin and against every week there is."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ext import reference, week_dp


def _instance(seed: int, n_days: int, integer_values: bool):
    """Random groups of candidates per day; integer values make ties common (tie-breaking must agree)."""
    rng = np.random.default_rng(seed)
    order, group_start, units, day_groups = [], [0], [], [0]
    cand = 0
    for _ in range(n_days):
        for u in sorted(rng.choice(np.arange(1, 6), size=rng.integers(0, 4), replace=False).tolist()):
            size = int(rng.integers(1, 4))
            order += list(range(cand, cand + size))
            cand += size
            group_start.append(len(order))
            units.append(u)
        day_groups.append(len(units))
    value = rng.integers(-5, 10, cand).astype(float) if integer_values else rng.normal(2.0, 3.0, cand)
    forced = (rng.random(n_days) < 0.15).astype(np.uint8)
    arrays = [np.array(x, dtype=np.int64) for x in (order, group_start, units, day_groups)]
    return value, arrays, forced


def _brute(value, order, group_start, units, day_groups, forced, max_days, u_max, u_min):
    per_day = []
    for d in range(len(forced)):
        opts = [] if forced[d] else [(None, 0)]
        for g in range(day_groups[d], day_groups[d + 1]):
            opts += [(int(c), int(units[g])) for c in order[group_start[g]:group_start[g + 1]]]
        per_day.append(opts)
    best = -math.inf
    for combo in itertools.product(*per_day):
        worked = [(c, u) for c, u in combo if c is not None]
        paid = sum(u for _, u in worked)
        if len(worked) <= max_days and u_min <= paid <= u_max:
            best = max(best, sum(value[c] for c, _ in worked))
    return best


@settings(max_examples=80, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**16), n_days=st.integers(0, 5), max_days=st.integers(0, 5),
       u_max=st.integers(0, 14), u_min=st.integers(0, 8), integer_values=st.booleans())
def test_kernel_matches_twin_and_every_week(seed, n_days, max_days, u_max, u_min, integer_values):
    value, (order, group_start, units, day_groups), forced = _instance(seed, n_days, integer_values)
    outs = [np.full(max(1, n_days), -7, dtype=np.int64) for _ in range(2)]
    args = (value, order, group_start, units, day_groups, forced, max_days, u_max, u_min)
    got = week_dp.best_week(*args, outs[0])
    want = reference.best_week(*args, outs[1])
    assert got == want
    np.testing.assert_array_equal(outs[0][: got[1]], outs[1][: want[1]])
    assert got[0] == _brute(*args)
    if got[0] > -math.inf:  # the chosen candidates are a legal week worth the total
        picked = outs[0][: got[1]].tolist()
        unit_of = {int(c): int(units[g]) for g in range(len(units)) for c in order[group_start[g]:group_start[g + 1]]}
        day_of = {int(c): d for d in range(n_days) for g in range(day_groups[d], day_groups[d + 1])
                  for c in order[group_start[g]:group_start[g + 1]]}
        assert len({day_of[c] for c in picked}) == len(picked) <= max_days
        assert {d for d in range(n_days) if forced[d]} <= {day_of[c] for c in picked}
        assert u_min <= sum(unit_of[c] for c in picked) <= u_max
        assert sum(value[c] for c in picked) == pytest.approx(got[0])
