"""Plain-Python twin of `ext/week_dp.pyx`: same names, same signature, same tie-breaking."""

import math

__all__ = ["best_week"]


def best_week(value, order, group_start, group_units, day_groups, forced, max_days, u_max, u_min, chosen):
    width = u_max + 1
    best = [[-math.inf] * width for _ in range(max_days + 1)]
    best[0][0] = 0.0
    back = []  # per day and state: the group worked (-1: off)
    pick = {}  # group -> its best candidate
    for d in range(len(forced)):
        new = [[-math.inf] * width if forced[d] else list(row) for row in best]
        ptr = [[-1] * width for _ in range(max_days + 1)]
        for g in range(day_groups[d], day_groups[d + 1]):
            members = order[group_start[g]:group_start[g + 1]]
            pick[g] = members[0]
            for c in members[1:]:
                if value[c] > value[pick[g]]:
                    pick[g] = c
            uu = group_units[g]
            for k in range(1, max_days + 1):
                for u in range(uu, width):
                    cand = best[k - 1][u - uu] + value[pick[g]]
                    if cand > new[k][u]:
                        new[k][u] = cand
                        ptr[k][u] = g
        back.append(ptr)
        best = new
    total, at = -math.inf, None
    for k in range(max_days + 1):
        for u in range(u_min, width):
            if best[k][u] > total:
                total, at = best[k][u], (k, u)
    count = 0
    if at is not None:
        k, u = at
        for ptr in reversed(back):
            g = ptr[k][u]
            if g != -1:
                chosen[count] = pick[g]
                count += 1
                k, u = k - 1, u - group_units[g]
    return total, count
