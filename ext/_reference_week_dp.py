"""Plain-Python twin of `ext/week_dp.pyx`: same names, same signature, same tie-breaking."""

import math

__all__ = ["best_week"]


def _prefix_maxima(row):
    """Per class j: (max of row[0..j], the first class holding it)."""
    out, at = [], 0
    for j, x in enumerate(row):
        if x > row[at]:
            at = j
        out.append((row[at], at))
    return out


def best_week(value, order, group_start, group_units, group_need, group_out, day_groups, forced, n_classes,
              max_days, u_max, u_min, chosen):
    width = u_max + 1
    cells = [(k, u) for k in range(max_days + 1) for u in range(width)]
    best = {cell: [-math.inf] * n_classes for cell in cells}
    best[(0, 0)][0] = 0.0
    back = []  # per day and (days, units, class): (group worked or -1 for off, yesterday's class)
    pick = {}  # group -> its best candidate
    for d in range(len(forced)):
        top = {cell: _prefix_maxima(best[cell]) for cell in cells}
        new = {cell: [-math.inf] * n_classes for cell in cells}
        ptr = {cell: [(-1, 0)] * n_classes for cell in cells}
        if not forced[d]:
            for cell in cells:
                new[cell][0], came = top[cell][-1]
                ptr[cell][0] = (-1, came)
        for g in range(day_groups[d], day_groups[d + 1]):
            members = order[group_start[g]:group_start[g + 1]]
            pick[g] = members[0]
            for c in members[1:]:
                if value[c] > value[pick[g]]:
                    pick[g] = c
            uu, need, out = group_units[g], group_need[g], group_out[g]
            for k in range(1, max_days + 1):
                for u in range(uu, width):
                    prev, came = top[(k - 1, u - uu)][need]
                    cand = prev + value[pick[g]]
                    if cand > new[(k, u)][out]:
                        new[(k, u)][out] = cand
                        ptr[(k, u)][out] = (g, came)
        back.append(ptr)
        best = new
    total, at = -math.inf, None
    for k in range(max_days + 1):
        for u in range(u_min, width):
            for j in range(n_classes):
                if best[(k, u)][j] > total:
                    total, at = best[(k, u)][j], (k, u, j)
    count = 0
    if at is not None:
        k, u, j = at
        for ptr in reversed(back):
            g, j_prev = ptr[(k, u)][j]
            if g != -1:
                chosen[count] = pick[g]
                count += 1
                k, u = k - 1, u - group_units[g]
            j = j_prev
    return total, count
