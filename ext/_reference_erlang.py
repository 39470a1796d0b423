"""Plain-Python twin of `ext/erlang.pyx`: same names, same signatures, same arithmetic.

Queueing models (all times in one unit of your choice, rates per that unit):

* Erlang B (M/M/N/N) and Erlang C (M/M/N) through the inverse Erlang-B recursion
  ``r(n) = 1/B(n) = 1 + r(n-1) * n / A`` (stable, no factorials; ``r`` may overflow to ``inf`` only
  when ``B`` underflows, which the formulas below turn into exact zeros, never NaN).
* Erlang A (M/M/N+M, exponential patience with mean ``patience``): the exact birth-death chain.
  States below N weigh ``r(N) - 1`` relative to state N (Erlang B again); queue states N+j weigh
  ``t_j = prod_{i<=j} x / (alpha + i)`` with ``x = lambda * patience`` and
  ``alpha = N * patience / aht``. The sum runs until its remainder is below 1e-17 of the total,
  rescaling by 1e-280 when terms would overflow (flooded lines), so no overflow and no NaN.
  Service level is P(served and waited <= t) over all arrivals: a caller finding j others queued
  is served within t with probability ``alpha/(alpha+j+1) * (1 - I_u(alpha+1, j+1))``, u = exp(-t/patience)
  (``exp(-V/patience)`` of its offered wait V is Beta(alpha, j+1) distributed), and the incomplete beta
  with integer second argument is a negative-binomial CDF summed alongside the chain.

The Erlang A sum has about N + lambda * patience terms when N is below the load (the queue then holds
about lambda * patience callers), so its cost grows with patience; `scheduler.staffing` caps patience at a day.

Agents needed is the smallest integer N meeting every target. Targets are compared with the relative
tolerance ``RTOL`` (1e-9): a service level of 0.7999999999 meets 80 %, and an occupancy bound that
makes 17.85 / 0.85 = 21.000000000000004 agents needs 21, not 22. ``ceil_agents`` applies the same
care to net-to-gross conversions.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

__all__ = [
    "RTOL", "ErlangAMetrics", "ceil_agents", "erlang_b", "erlang_c", "erlang_c_service_level",
    "erlang_c_asa", "erlang_c_occupancy", "erlang_a", "erlang_c_agents", "erlang_a_agents",
    "erlang_c_service_level_curve", "erlang_a_service_level_curve",
]

RTOL = 1e-9
_TAIL_EPS = 1e-17
_BIG = 1e280
_LOG_BIG = math.log(_BIG)
_NB_BIG = 1e200
_LOG_NB_BIG = math.log(_NB_BIG)
_LINEAR_FLOOR = -700.0

ErlangAMetrics = namedtuple(
    "ErlangAMetrics", ["p_wait", "p_abandon", "service_level", "asa", "occupancy", "mean_queue"]
)
ErlangAMetrics.__doc__ = "Erlang A metrics per interval (numpy arrays); asa and mean_queue over all arrivals."


# --------------------------------------------------------------------------- validation (shared rules)

def _check(name_values, length=None):
    """Equal lengths, no NaN, no negatives: a clear ValueError naming the argument otherwise."""
    for name, values in name_values:
        arr = np.asarray(values)
        if arr.ndim != 1:
            raise ValueError(f"{name}: expected a 1-D array, got shape {arr.shape}")
        if length is None:
            length = arr.shape[0]
        elif arr.shape[0] != length:
            raise ValueError(f"{name}: length {arr.shape[0]} differs from {length}")
        if np.isnan(arr).any():
            raise ValueError(f"{name}: contains NaN at index {int(np.flatnonzero(np.isnan(arr))[0])}")
        if (arr < 0).any():
            raise ValueError(f"{name}: negative value at index {int(np.flatnonzero(arr < 0)[0])}")
    return length


def _check_finite(name, values):
    arr = np.asarray(values)
    if np.isinf(arr).any():
        raise ValueError(f"{name}: infinite value at index {int(np.flatnonzero(np.isinf(arr))[0])}")


def _check_agents(agents):
    arr = np.asarray(agents)
    _check_finite("agents", arr)
    if (arr != np.floor(arr)).any():
        raise ValueError(f"agents: not a whole number at index {int(np.flatnonzero(arr != np.floor(arr))[0])}")


def _check_at_most(name, values, bound, strict_zero=False):
    arr = np.asarray(values)
    if (arr > bound).any():
        raise ValueError(f"{name}: above {bound} at index {int(np.flatnonzero(arr > bound)[0])}")
    if strict_zero and (arr == 0).any():
        raise ValueError(f"{name}: must be positive (index {int(np.flatnonzero(arr == 0)[0])})")


# --------------------------------------------------------------------------- scalar cores

def _inv_b(load, n):
    """1 / ErlangB(n, load) by the forward recursion (load > 0)."""
    r = 1.0
    inv_load = 1.0 / load
    k = 1
    while k + 1 <= n:  # two steps at a time, as the compiled kernel does
        a1 = k * inv_load
        a2 = (k + 1) * inv_load
        r = (1.0 + a2) + (a2 * a1) * r
        k += 2
    if k == n:
        r = 1.0 + r * (k * inv_load)
    return r


def _c_from_r(load, n, r):
    """Erlang C probability of waiting from r = 1/B (n > load > 0)."""
    return n / ((n - load) * r + load)


def _nb_ceil(x):
    return int(math.ceil(x - RTOL * abs(x)))


def _erlang_a_point(lam, aht, theta, n, r, t):
    """(p_wait, p_abandon, service_level, asa, occupancy, mean_queue) for n agents; r = 1/B(n, A)."""
    load = lam * aht
    if lam == 0.0 or load == 0.0:
        return 0.0, 0.0, 1.0, 0.0, 0.0, 0.0
    if math.isinf(r):
        return 0.0, 0.0, 1.0, 0.0, (load / n if n > 0 else 0.0), 0.0
    x = lam / theta
    alpha = n / (aht * theta)
    want_sl = not math.isinf(t)
    q1 = -math.expm1(-theta * t) if want_sl else 1.0
    nb_log = -(alpha + 1.0) * (theta * t) if want_sl else -math.inf
    linear = nb_log > _LINEAR_FLOOR
    nb = math.exp(nb_log) if linear else 1.0
    s_cdf = nb
    term = 1.0
    total = 0.0
    queue = 0.0
    sl_tail = 0.0
    log_scale = 0.0
    j = 0
    while True:
        total += term
        queue += j * term
        s_true = s_cdf if linear else 0.0
        miss = 1.0 - s_true
        if miss < 0.0:
            miss = 0.0
        sl_tail += term * (alpha / (alpha + j + 1.0)) * miss
        q = x / (alpha + j + 1.0)
        if q < 1.0 and term * (j + 1.0) / ((1.0 - q) * (1.0 - q)) <= _TAIL_EPS * total:
            break
        term *= q
        j += 1
        if term > _BIG:
            term /= _BIG
            total /= _BIG
            queue /= _BIG
            sl_tail /= _BIG
            log_scale += _LOG_BIG
        if want_sl:
            nb *= (alpha + j) / j * q1
            s_cdf += nb
            if not linear and nb > _NB_BIG:
                nb /= _NB_BIG
                s_cdf /= _NB_BIG
                nb_log += _LOG_NB_BIG
            if not linear and nb_log > _LINEAR_FLOOR:
                f = math.exp(nb_log)
                nb *= f
                s_cdf *= f
                linear = True
    below = (r - 1.0) * math.exp(-log_scale)
    z = below + total
    p_wait = total / z
    mean_queue = queue / z
    p_abandon = mean_queue / x
    if p_abandon > 1.0:
        p_abandon = 1.0
    service_level = (below + sl_tail) / z
    if service_level > 1.0:
        service_level = 1.0
    asa = mean_queue / lam
    occupancy = load * (1.0 - p_abandon) / n if n > 0 else 0.0
    if occupancy > 1.0:
        occupancy = 1.0
    return p_wait, p_abandon, service_level, asa, occupancy, mean_queue


def _erlang_c_point(lam, aht, n, r, t):
    """Erlang C metrics with the Erlang-A tuple layout (patience infinite)."""
    load = lam * aht
    if load == 0.0:
        return 0.0, 0.0, 1.0, 0.0, 0.0, 0.0
    if n <= load:
        return 1.0, 0.0, 0.0, math.inf, (1.0 if n > 0 else 0.0), math.inf
    c = _c_from_r(load, n, r)
    sl = 1.0 - c * math.exp(-(n - load) * t / aht)
    asa = c * aht / (n - load)
    return c, 0.0, sl, asa, load / n, lam * asa


def _meets(m, sl_target, max_asa, max_occ, max_ab):
    return (m[2] >= sl_target - RTOL * sl_target and m[3] <= max_asa + RTOL * max_asa
            and m[4] <= max_occ + RTOL * max_occ and m[1] <= max_ab + RTOL * max_ab)


class _InvB:
    """r(n) = 1/B(n, A) for growing n, computed once per interval by the forward recursion."""

    def __init__(self, load):
        self.load = load
        self.values = [1.0]

    def __call__(self, n):
        values = self.values
        while len(values) <= n:
            k = len(values)
            values.append(1.0 + values[-1] * (k * (1.0 / self.load)))
        return values[n]


def _c_sl_meets(c, x, sl_floor):
    """1 - c * exp(-x) >= sl_floor, skipping exp when 1 - c or the bound exp(-x) >= 1 - x decides."""
    if 1.0 - c >= sl_floor:
        return True
    lower = 1.0 - x - 1e-12
    if lower > 0.0 and 1.0 - c * lower < sl_floor:
        return False
    return 1.0 - c * math.exp(-x) >= sl_floor


def _agents_c_one(lam, aht, t, sl_target, max_asa, max_occ):
    load = lam * aht
    sl_floor = sl_target - RTOL * sl_target
    asa_cap = max_asa + RTOL * max_asa
    occ_cap = max_occ + RTOL * max_occ
    if load == 0.0:
        return 0
    inv_load = 1.0 / load
    n = int(math.floor(load)) + 1
    if int(math.ceil(load / occ_cap)) - 1 > n:  # no earlier n can meet the occupancy cap
        n = int(math.ceil(load / occ_cap)) - 1
    r = _inv_b(load, n)
    while True:
        if load <= occ_cap * n:
            c = _c_from_r(load, n, r)
            if ((sl_target == 0.0 or _c_sl_meets(c, (n - load) * t / aht, sl_floor))
                    and (math.isinf(max_asa) or c * aht / (n - load) <= asa_cap)):
                return n
        n += 1
        r = 1.0 + r * (n * inv_load)


def _agents_a_one(lam, aht, patience, t, sl_target, max_asa, max_occ, max_ab):
    load = lam * aht
    if load == 0.0:
        return 0
    if math.isinf(patience):
        return _agents_c_one(lam, aht, t, sl_target, max_asa, max_occ)
    theta = 1.0 / patience
    inv_b = _InvB(load)

    def ok(n):
        return _meets(_erlang_a_point(lam, aht, theta, n, inv_b(n), t), sl_target, max_asa, max_occ, max_ab)

    guess = int(math.floor(load)) + 1
    if ok(guess):
        hi, step = guess, 1
        lo = -1
        while hi > 1:
            probe = hi - step if hi - step >= 1 else 1
            if ok(probe):
                hi = probe
                step *= 2
            else:
                lo = probe
                break
        if lo < 0:
            return hi
    else:
        lo, step = guess, 1
        while True:
            probe = lo + step
            if ok(probe):
                hi = probe
                break
            lo = probe
            step *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


# --------------------------------------------------------------------------- public vectorised API

def ceil_agents(values):
    """Round agent counts up, treating values within RTOL above an integer as that integer."""
    _check([("values", values)])
    _check_finite("values", values)
    return np.array([_nb_ceil(float(v)) for v in values], dtype=np.int64)


def erlang_b(load, agents):
    """Blocking probability of M/M/N/N with offered load A (Erlangs) and N servers."""
    size = _check([("load", load), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    for i in range(size):
        a, n = float(load[i]), int(agents[i])
        out[i] = 0.0 if a == 0.0 and n > 0 else (1.0 if a == 0.0 or n == 0 else 1.0 / _inv_b(a, n))
    return out


def erlang_c(load, agents):
    """P(wait) in M/M/N; 1 when N <= A (the queue never empties)."""
    size = _check([("load", load), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    for i in range(size):
        a, n = float(load[i]), int(agents[i])
        if a == 0.0:
            out[i] = 0.0
        elif n <= a:
            out[i] = 1.0
        else:
            out[i] = _c_from_r(a, n, _inv_b(a, n))
    return out


def erlang_c_service_level(arrival_rate, aht, agents, answer_time):
    """P(wait <= answer_time) = 1 - C * exp(-(N - A) t / AHT); 0 when N <= A, 1 with no calls."""
    size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("agents", agents), ("answer_time", answer_time)])
    _check_agents(agents)
    out = np.empty(size)
    for i in range(size):
        lam, h, n, t = float(arrival_rate[i]), float(aht[i]), int(agents[i]), float(answer_time[i])
        a = lam * h
        out[i] = _erlang_c_point(lam, h, n, _inv_b(a, n) if a > 0.0 and n > a else 1.0, t)[2]
    return out


def erlang_c_asa(arrival_rate, aht, agents):
    """Average speed of answer C * AHT / (N - A); inf when N <= A."""
    size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    for i in range(size):
        lam, h, n = float(arrival_rate[i]), float(aht[i]), int(agents[i])
        a = lam * h
        out[i] = _erlang_c_point(lam, h, n, _inv_b(a, n) if a > 0.0 and n > a else 1.0, 0.0)[3]
    return out


def erlang_c_occupancy(load, agents):
    """A / N, capped at 1 (agents always busy when N <= A); 0 with no agents."""
    size = _check([("load", load), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    for i in range(size):
        a, n = float(load[i]), int(agents[i])
        out[i] = 0.0 if n == 0 else min(1.0, a / n)
    return out


def erlang_a(arrival_rate, aht, patience, agents, answer_time):
    """Erlang A (M/M/N+M) metrics for N agents; infinite patience gives Erlang C."""
    size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("patience", patience), ("agents", agents),
                   ("answer_time", answer_time)])
    _check_agents(agents)
    _check_at_most("patience", patience, math.inf, strict_zero=True)
    cols = [np.empty(size) for _ in range(6)]
    for i in range(size):
        lam, h, p = float(arrival_rate[i]), float(aht[i]), float(patience[i])
        n, t = int(agents[i]), float(answer_time[i])
        a = lam * h
        r = _inv_b(a, n) if a > 0.0 else 1.0
        m = _erlang_c_point(lam, h, n, r, t) if math.isinf(p) else _erlang_a_point(lam, h, 1.0 / p, n, r, t)
        for col, value in zip(cols, m):
            col[i] = value
    return ErlangAMetrics(*cols)


def erlang_c_agents(arrival_rate, aht, answer_time, sl_target, max_asa, max_occupancy):
    """Smallest N > A with SL >= sl_target, ASA <= max_asa, A/N <= max_occupancy (0 with no calls).

    Switch a target off with sl_target=0, max_asa=inf, max_occupancy=1.
    """
    size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("answer_time", answer_time),
                   ("sl_target", sl_target), ("max_asa", max_asa), ("max_occupancy", max_occupancy)])
    _check_at_most("sl_target", sl_target, 1.0)
    _check_at_most("max_occupancy", max_occupancy, 1.0, strict_zero=True)
    _check_at_most("max_asa", max_asa, math.inf, strict_zero=True)
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = _agents_c_one(float(arrival_rate[i]), float(aht[i]), float(answer_time[i]), float(sl_target[i]),
                               float(max_asa[i]), float(max_occupancy[i]))
    return out


def erlang_a_agents(arrival_rate, aht, patience, answer_time, sl_target, max_asa, max_occupancy, max_abandon):
    """Smallest N meeting every target under Erlang A (found by galloping + bisection; metrics are monotone in N).

    Switch a target off with sl_target=0, max_asa=inf, max_occupancy=1, max_abandon=1. An interval with
    calls needs at least one agent (with none, occupancy is 0 and every caller abandons, which would
    otherwise pass an occupancy-only target); one without calls needs none.
    """
    size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("patience", patience),
                   ("answer_time", answer_time), ("sl_target", sl_target), ("max_asa", max_asa),
                   ("max_occupancy", max_occupancy), ("max_abandon", max_abandon)])
    _check_at_most("patience", patience, math.inf, strict_zero=True)
    _check_at_most("sl_target", sl_target, 1.0)
    _check_at_most("max_occupancy", max_occupancy, 1.0, strict_zero=True)
    _check_at_most("max_asa", max_asa, math.inf, strict_zero=True)
    _check_at_most("max_abandon", max_abandon, 1.0, strict_zero=True)
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = _agents_a_one(float(arrival_rate[i]), float(aht[i]), float(patience[i]), float(answer_time[i]),
                               float(sl_target[i]), float(max_asa[i]), float(max_occupancy[i]),
                               float(max_abandon[i]))
    return out


def erlang_c_service_level_curve(arrival_rate, aht, answer_time, max_agents):
    """Service level for 0..max_agents agents per interval: array [interval, agents] in one recursion pass."""
    size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("answer_time", answer_time)])
    if max_agents < 0:
        raise ValueError("max_agents: must be >= 0")
    out = np.empty((size, max_agents + 1))
    for i in range(size):
        lam, h, t = float(arrival_rate[i]), float(aht[i]), float(answer_time[i])
        a = lam * h
        r = 1.0
        for n in range(max_agents + 1):
            if n > 0 and a > 0.0:
                r = 1.0 + r * (n * (1.0 / a))
            out[i, n] = _erlang_c_point(lam, h, n, r, t)[2]
    return out


def erlang_a_service_level_curve(arrival_rate, aht, patience, answer_time, max_agents):
    """Erlang A service level for 0..max_agents agents per interval: array [interval, agents]."""
    size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("patience", patience),
                   ("answer_time", answer_time)])
    _check_at_most("patience", patience, math.inf, strict_zero=True)
    if max_agents < 0:
        raise ValueError("max_agents: must be >= 0")
    out = np.empty((size, max_agents + 1))
    for i in range(size):
        lam, h, p, t = float(arrival_rate[i]), float(aht[i]), float(patience[i]), float(answer_time[i])
        a = lam * h
        r = 1.0
        for n in range(max_agents + 1):
            if n > 0 and a > 0.0:
                r = 1.0 + r * (n * (1.0 / a))
            m = _erlang_c_point(lam, h, n, r, t) if math.isinf(p) else _erlang_a_point(lam, h, 1.0 / p, n, r, t)
            out[i, n] = m[2]
    return out
