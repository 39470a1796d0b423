# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""One agent's best week: one option a day or a day off, at most `max_days` days, paid units in
[u_min, u_max], and rest between consecutive days; a dynamic programme over (days worked, paid units,
rest class of the last day).

The Lagrangian bound (solver/bound.py) calls it for every agent and week at every step; in numpy its
many small array operations held the interpreter lock that the roster search on the other core needs.
Here the loops run without it. Same names, signature and tie-breaking as `ext._reference_week_dp`.

Options come in groups on one day: `order[group_start[g]:group_start[g + 1]]` are the candidate indices
of group g, `group_units[g]` its paid units, and `day_groups[d]:day_groups[d + 1]` the groups of day d.
Rest is carried by classes in [0, n_classes): a day ends in class `group_out[g]` (a day off in class 0),
and group g may follow a day that ended in class 0..`group_need[g]` (the later a shift ends, the higher
its class and the fewer early starts may follow it). Of equals, the first candidate of a group, the day
off before any group, the earlier group, the lower class behind a transition and the first
(days, units, class) state in row-major order win.
"""

import numpy as np

from libc.math cimport INFINITY


def best_week(const double[::1] value, const long long[::1] order, const long long[::1] group_start,
              const long long[::1] group_units, const long long[::1] group_need, const long long[::1] group_out,
              const long long[::1] day_groups, const unsigned char[::1] forced, long long n_classes,
              long long max_days, long long u_max, long long u_min, long long[::1] chosen):
    """(total value, number of candidates written to `chosen`); total is -inf if no week is feasible."""
    cdef Py_ssize_t n_days = forced.shape[0]
    cdef Py_ssize_t J = n_classes
    cdef Py_ssize_t width = u_max + 1
    cdef Py_ssize_t cells = (max_days + 1) * width  # (days, units) cells, each with J classes
    cdef Py_ssize_t size = cells * J
    cdef double[::1] best = np.empty(size)
    cdef double[::1] new = np.empty(size)
    cdef double[::1] top = np.empty(size)  # prefix maxima of `best` over the classes of a cell
    cdef long long[::1] top_at = np.empty(size, dtype=np.int64)  # the class each prefix maximum comes from
    cdef long long[:, ::1] back = np.empty((max(n_days, 1), size), dtype=np.int64)  # group worked, -1: off
    cdef long long[:, ::1] came = np.empty((max(n_days, 1), size), dtype=np.int64)  # yesterday's class
    cdef long long[::1] pick = np.empty(max(group_units.shape[0], 1), dtype=np.int64)  # best candidate per group
    # per days worked, the units between lo and hi hold every state reached (unit totals are sparse: a
    # week of k shifts spans a narrow band of units); states outside are never read
    cdef long long[::1] lo = np.empty(max_days + 1, dtype=np.int64)
    cdef long long[::1] hi = np.empty(max_days + 1, dtype=np.int64)
    cdef long long[::1] new_lo = np.empty(max_days + 1, dtype=np.int64)
    cdef long long[::1] new_hi = np.empty(max_days + 1, dtype=np.int64)
    cdef Py_ssize_t d, g, i, j, k, u, uu, s, c, at, need, out
    cdef double v, cand, total
    cdef Py_ssize_t count = 0
    with nogil:
        for k in range(max_days + 1):
            lo[k] = width
            hi[k] = -1
        lo[0] = 0
        hi[0] = 0
        for j in range(J):
            best[j] = -INFINITY
        best[0] = 0.0
        for d in range(n_days):
            for k in range(max_days + 1):
                for c in range(k * width + lo[k], k * width + hi[k] + 1):
                    s = c * J
                    top[s] = best[s]
                    top_at[s] = 0
                    for j in range(1, J):
                        if best[s + j] > top[s + j - 1]:
                            top[s + j] = best[s + j]
                            top_at[s + j] = j
                        else:
                            top[s + j] = top[s + j - 1]
                            top_at[s + j] = top_at[s + j - 1]
                if forced[d]:
                    new_lo[k] = width
                    new_hi[k] = -1
                else:
                    new_lo[k] = lo[k]
                    new_hi[k] = hi[k]
            for g in range(day_groups[d], day_groups[d + 1]):
                for k in range(1, max_days + 1):
                    if lo[k - 1] > hi[k - 1]:
                        continue
                    if lo[k - 1] + group_units[g] < new_lo[k]:
                        new_lo[k] = lo[k - 1] + group_units[g]
                    if hi[k - 1] + group_units[g] > new_hi[k]:
                        new_hi[k] = hi[k - 1] + group_units[g]
            for k in range(max_days + 1):
                if new_hi[k] > u_max:
                    new_hi[k] = u_max
                for s in range((k * width + new_lo[k]) * J, (k * width + new_hi[k] + 1) * J):
                    new[s] = -INFINITY
                if not forced[d]:
                    for c in range(k * width + lo[k], k * width + hi[k] + 1):
                        new[c * J] = top[c * J + J - 1]
                        back[d, c * J] = -1
                        came[d, c * J] = top_at[c * J + J - 1]
            for g in range(day_groups[d], day_groups[d + 1]):
                pick[g] = order[group_start[g]]
                v = value[pick[g]]
                for i in range(group_start[g] + 1, group_start[g + 1]):
                    if value[order[i]] > v:
                        v = value[order[i]]
                        pick[g] = order[i]
                uu = group_units[g]
                need = group_need[g]
                out = group_out[g]
                for k in range(1, max_days + 1):
                    for u in range(lo[k - 1] + uu, min(hi[k - 1] + uu, u_max) + 1):
                        at = ((k - 1) * width + u - uu) * J + need
                        cand = top[at] + v
                        s = (k * width + u) * J + out
                        if cand > new[s]:
                            new[s] = cand
                            back[d, s] = g
                            came[d, s] = top_at[at]
            for k in range(max_days + 1):
                lo[k] = new_lo[k]
                hi[k] = new_hi[k]
                for s in range((k * width + lo[k]) * J, (k * width + hi[k] + 1) * J):
                    best[s] = new[s]
        total = -INFINITY
        at = -1
        for k in range(max_days + 1):
            for u in range(max(u_min, lo[k]), hi[k] + 1):
                for j in range(J):
                    s = (k * width + u) * J + j
                    if best[s] > total:
                        total = best[s]
                        at = s
        if at >= 0:
            j = at % J
            k = at // J // width
            u = at // J % width
            for d in range(n_days - 1, -1, -1):
                s = (k * width + u) * J + j
                g = back[d, s]
                j = came[d, s]
                if g >= 0:
                    chosen[count] = pick[g]
                    count += 1
                    k -= 1
                    u -= group_units[g]
    return total, count
