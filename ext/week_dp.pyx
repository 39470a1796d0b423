# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""One agent's best week: one option a day or a day off, at most `max_days` days, paid units in
[u_min, u_max]; a dynamic programme over (days worked, paid units).

The Lagrangian bound (solver/bound.py) calls it for every agent and week at every step; in numpy its
many small array operations held the interpreter lock that the roster search on the other core needs.
Here the loops run without it. Same names, signature and tie-breaking as `ext._reference_week_dp`.

Options come in groups of equal paid units on one day: `order[group_start[g]:group_start[g + 1]]` are
the candidate indices of group g, `group_units[g]` its paid units, and `day_groups[d]:day_groups[d + 1]`
the groups of day d. Of equals, the first candidate of a group, the day off before any group, the
earlier group and the first (days, units) state in row-major order win.
"""

import numpy as np

from libc.math cimport INFINITY


def best_week(const double[::1] value, const long long[::1] order, const long long[::1] group_start,
              const long long[::1] group_units, const long long[::1] day_groups, const unsigned char[::1] forced,
              long long max_days, long long u_max, long long u_min, long long[::1] chosen):
    """(total value, number of candidates written to `chosen`); total is -inf if no week is feasible."""
    cdef Py_ssize_t n_days = forced.shape[0]
    cdef Py_ssize_t width = u_max + 1
    cdef Py_ssize_t size = (max_days + 1) * width
    cdef double[::1] best = np.full(size, -INFINITY)
    cdef double[::1] new = np.empty(size)
    cdef long long[:, ::1] back = np.empty((max(n_days, 1), size), dtype=np.int64)  # group worked, -1: off
    cdef long long[::1] pick = np.empty(max(group_units.shape[0], 1), dtype=np.int64)  # best candidate per group
    cdef Py_ssize_t d, g, i, k, u, uu, s, at
    cdef double v, cand, total
    cdef Py_ssize_t count = 0
    with nogil:
        best[0] = 0.0
        for d in range(n_days):
            for s in range(size):
                if forced[d]:
                    new[s] = -INFINITY
                else:
                    new[s] = best[s]
                back[d, s] = -1
            for g in range(day_groups[d], day_groups[d + 1]):
                pick[g] = order[group_start[g]]
                v = value[pick[g]]
                for i in range(group_start[g] + 1, group_start[g + 1]):
                    if value[order[i]] > v:
                        v = value[order[i]]
                        pick[g] = order[i]
                uu = group_units[g]
                for k in range(1, max_days + 1):
                    for u in range(uu, width):
                        cand = best[(k - 1) * width + u - uu] + v
                        s = k * width + u
                        if cand > new[s]:
                            new[s] = cand
                            back[d, s] = g
            for s in range(size):
                best[s] = new[s]
        total = -INFINITY
        at = -1
        for k in range(max_days + 1):
            for u in range(u_min, width):
                if best[k * width + u] > total:
                    total = best[k * width + u]
                    at = k * width + u
        if at >= 0:
            k = at // width
            u = at % width
            for d in range(n_days - 1, -1, -1):
                g = back[d, k * width + u]
                if g >= 0:
                    chosen[count] = pick[g]
                    count += 1
                    k -= 1
                    u -= group_units[g]
    return total, count
