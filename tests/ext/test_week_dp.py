"""The compiled best-week kernel against its plain-Python twin and against every week there is."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ext import reference, week_dp


def _instance(seed: int, n_days: int, n_classes: int, integer_values: bool):
    """Random groups of candidates per day with random rest classes; integer values make ties common
    (tie-breaking must agree)."""
    rng = np.random.default_rng(seed)
    order, group_start, units, need, out, day_groups = [], [0], [], [], [], [0]
    cand = 0
    for _ in range(n_days):
        for _ in range(int(rng.integers(0, 5))):
            size = int(rng.integers(1, 4))
            order += list(range(cand, cand + size))
            cand += size
            group_start.append(len(order))
            units.append(int(rng.integers(1, 6)))
            need.append(int(rng.integers(0, n_classes)))
            out.append(int(rng.integers(0, n_classes)))
        day_groups.append(len(units))
    value = rng.integers(-5, 10, cand).astype(float) if integer_values else rng.normal(2.0, 3.0, cand)
    forced = (rng.random(n_days) < 0.15).astype(np.uint8)
    arrays = [np.array(x, dtype=np.int64) for x in (order, group_start, units, need, out, day_groups)]
    return value, arrays, forced


def _brute(value, order, group_start, units, need, out, day_groups, forced, n_classes, max_days, u_max, u_min):
    """The best week by listing every week: a day may follow yesterday only if yesterday's class is at
    most the day's need (a day off ends in class 0 and follows anything)."""
    per_day = []
    for d in range(len(forced)):
        opts = [] if forced[d] else [(None, 0, n_classes, 0)]
        for g in range(day_groups[d], day_groups[d + 1]):
            opts += [(int(c), int(units[g]), int(need[g]), int(out[g]))
                     for c in order[group_start[g]:group_start[g + 1]]]
        per_day.append(opts)
    best = -math.inf
    for combo in itertools.product(*per_day):
        if any(today[2] < yesterday[3] for yesterday, today in zip(combo, combo[1:])):
            continue
        worked = [(c, u) for c, u, _, _ in combo if c is not None]
        paid = sum(u for _, u in worked)
        if len(worked) <= max_days and u_min <= paid <= u_max:
            best = max(best, sum(value[c] for c, _ in worked))
    return best


@settings(max_examples=120, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**16), n_days=st.integers(0, 5), n_classes=st.integers(1, 3), max_days=st.integers(0, 5),
       u_max=st.integers(0, 14), u_min=st.integers(0, 8), integer_values=st.booleans())
def test_kernel_matches_twin_and_every_week(seed, n_days, n_classes, max_days, u_max, u_min, integer_values):
    value, (order, group_start, units, need, out, day_groups), forced = _instance(seed, n_days, n_classes,
                                                                                  integer_values)
    outs = [np.full(max(1, n_days), -7, dtype=np.int64) for _ in range(2)]
    args = (value, order, group_start, units, need, out, day_groups, forced, n_classes, max_days, u_max, u_min)
    got = week_dp.best_week(*args, outs[0])
    want = reference.best_week(*args, outs[1])
    assert got == want
    np.testing.assert_array_equal(outs[0][: got[1]], outs[1][: want[1]])
    assert got[0] == _brute(*args)
    if got[0] > -math.inf:  # the chosen candidates are a legal week worth the total
        picked = outs[0][: got[1]].tolist()
        group_of = {int(c): g for g in range(len(units)) for c in order[group_start[g]:group_start[g + 1]]}
        day_of = {int(c): d for d in range(n_days) for g in range(day_groups[d], day_groups[d + 1])
                  for c in order[group_start[g]:group_start[g + 1]]}
        assert len({day_of[c] for c in picked}) == len(picked) <= max_days
        assert {d for d in range(n_days) if forced[d]} <= {day_of[c] for c in picked}
        assert u_min <= sum(int(units[group_of[c]]) for c in picked) <= u_max
        assert sum(value[c] for c in picked) == pytest.approx(got[0])
        worked = {day_of[c]: group_of[c] for c in picked}
        for d in worked:
            if d - 1 in worked:  # rest: yesterday's class within today's need
                assert out[worked[d - 1]] <= need[worked[d]]
