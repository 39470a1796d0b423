# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Erlang B, C and A kernels over arrays of intervals (compiled twin of `ext/_reference_erlang.py`).

All times in one unit of your choice, rates per that unit; every argument is a contiguous float64 array
of one value per interval (agents and targets too). See the twin's module docstring for the maths:
inverse Erlang-B recursion for B and C, the exact M/M/N+M birth-death chain summed in rescaled linear
space for Erlang A, and the relative tolerance RTOL = 1e-9 used for every target comparison and by
`ceil_agents`. Validation happens before the `nogil` loops and raises ValueError naming the argument.
"""

from libc.math cimport INFINITY, ceil, exp, expm1, fabs, floor, isinf, log
from libc.stdlib cimport free, realloc

import numpy as np

from collections import namedtuple

ErlangAMetrics = namedtuple(
    "ErlangAMetrics", ["p_wait", "p_abandon", "service_level", "asa", "occupancy", "mean_queue"]
)
ErlangAMetrics.__doc__ = "Erlang A metrics per interval (numpy arrays); asa and mean_queue over all arrivals."

RTOL = 1e-9
cdef double _RTOL = 1e-9
cdef double _TAIL_EPS = 1e-17
cdef double _BIG = 1e280
cdef double _LOG_BIG = log(1e280)
cdef double _NB_BIG = 1e200
cdef double _LOG_NB_BIG = log(1e200)
cdef double _LINEAR_FLOOR = -700.0

__all__ = [
    "RTOL", "ErlangAMetrics", "ceil_agents", "erlang_b", "erlang_c", "erlang_c_service_level",
    "erlang_c_asa", "erlang_c_occupancy", "erlang_a", "erlang_c_agents", "erlang_a_agents",
    "erlang_c_service_level_curve", "erlang_a_service_level_curve",
]


cdef struct Point:
    double p_wait
    double p_abandon
    double service_level
    double asa
    double occupancy
    double mean_queue


# --------------------------------------------------------------------------- validation (the twin's rules, in C)

cdef Py_ssize_t _check(list name_values) except -1:
    """Equal lengths, no NaN, no negatives; returns the common length."""
    cdef Py_ssize_t i, length = -1
    cdef double[::1] v
    for name, values in name_values:
        v = values
        if length < 0:
            length = v.shape[0]
        elif v.shape[0] != length:
            raise ValueError(f"{name}: length {v.shape[0]} differs from {length}")
        for i in range(v.shape[0]):
            if v[i] != v[i]:
                raise ValueError(f"{name}: contains NaN at index {i}")
            if v[i] < 0.0:
                raise ValueError(f"{name}: negative value at index {i}")
    return length


cdef int _check_finite(str name, double[::1] v) except -1:
    cdef Py_ssize_t i
    for i in range(v.shape[0]):
        if isinf(v[i]):
            raise ValueError(f"{name}: infinite value at index {i}")
    return 0


cdef int _check_agents(double[::1] v) except -1:
    cdef Py_ssize_t i
    _check_finite("agents", v)
    for i in range(v.shape[0]):
        if v[i] != floor(v[i]):
            raise ValueError(f"agents: not a whole number at index {i}")
    return 0


cdef int _check_at_most(str name, double[::1] v, double bound, bint strict_zero=False) except -1:
    cdef Py_ssize_t i
    for i in range(v.shape[0]):
        if v[i] > bound:
            raise ValueError(f"{name}: above {bound} at index {i}")
    if strict_zero:
        for i in range(v.shape[0]):
            if v[i] == 0.0:
                raise ValueError(f"{name}: must be positive (index {i})")
    return 0


# --------------------------------------------------------------------------- scalar cores (nogil)

cdef inline double _inv_b(double load, long n) noexcept nogil:
    # two steps per iteration, r(k+1) = (1 + a2) + a2 * a1 * r(k-1): halves the dependency chain
    cdef double r = 1.0
    cdef double inv_load = 1.0 / load
    cdef double a1, a2
    cdef long k = 1
    while k + 1 <= n:
        a1 = <double>k * inv_load
        a2 = <double>(k + 1) * inv_load
        r = (1.0 + a2) + (a2 * a1) * r
        k += 2
    if k == n:
        r = 1.0 + r * (<double>k * inv_load)
    return r


cdef inline double _c_from_r(double load, double n, double r) noexcept nogil:
    return n / ((n - load) * r + load)


cdef inline long _tol_ceil(double x) noexcept nogil:
    return <long>ceil(x - _RTOL * fabs(x))


cdef Point _erlang_a_point(double lam, double aht, double theta, long n, double r, double t) noexcept nogil:
    cdef Point p
    cdef double load = lam * aht
    cdef double x, alpha, q1, nb_log, nb, s_cdf, term, total, queue, sl_tail, log_scale
    cdef double s_true, miss, q, f, below, z, dn = <double>n
    cdef bint want_sl, linear
    cdef long j
    if lam == 0.0 or load == 0.0:
        p.p_wait = 0.0; p.p_abandon = 0.0; p.service_level = 1.0; p.asa = 0.0; p.occupancy = 0.0
        p.mean_queue = 0.0
        return p
    if isinf(r):
        p.p_wait = 0.0; p.p_abandon = 0.0; p.service_level = 1.0; p.asa = 0.0
        p.occupancy = load / dn if n > 0 else 0.0
        p.mean_queue = 0.0
        return p
    x = lam / theta
    alpha = dn / (aht * theta)
    want_sl = not isinf(t)
    q1 = -expm1(-theta * t) if want_sl else 1.0
    nb_log = -(alpha + 1.0) * (theta * t) if want_sl else -INFINITY
    linear = nb_log > _LINEAR_FLOOR
    nb = exp(nb_log) if linear else 1.0
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
                f = exp(nb_log)
                nb *= f
                s_cdf *= f
                linear = True
    below = (r - 1.0) * exp(-log_scale)
    z = below + total
    p.p_wait = total / z
    p.mean_queue = queue / z
    p.p_abandon = p.mean_queue / x
    if p.p_abandon > 1.0:
        p.p_abandon = 1.0
    p.service_level = (below + sl_tail) / z
    if p.service_level > 1.0:
        p.service_level = 1.0
    p.asa = p.mean_queue / lam
    p.occupancy = load * (1.0 - p.p_abandon) / dn if n > 0 else 0.0
    if p.occupancy > 1.0:
        p.occupancy = 1.0
    return p


cdef Point _erlang_c_point(double lam, double aht, long n, double r, double t) noexcept nogil:
    cdef Point p
    cdef double load = lam * aht
    cdef double dn = <double>n
    cdef double c
    if load == 0.0:
        p.p_wait = 0.0; p.p_abandon = 0.0; p.service_level = 1.0; p.asa = 0.0; p.occupancy = 0.0
        p.mean_queue = 0.0
        return p
    if dn <= load:
        p.p_wait = 1.0; p.p_abandon = 0.0; p.service_level = 0.0; p.asa = INFINITY
        p.occupancy = 1.0 if n > 0 else 0.0
        p.mean_queue = INFINITY
        return p
    c = _c_from_r(load, dn, r)
    p.p_wait = c
    p.p_abandon = 0.0
    p.service_level = 1.0 - c * exp(-(dn - load) * t / aht)
    p.asa = c * aht / (dn - load)
    p.occupancy = load / dn
    p.mean_queue = lam * p.asa
    return p


cdef inline bint _meets(Point m, double sl_target, double max_asa, double max_occ, double max_ab) noexcept nogil:
    return (m.service_level >= sl_target - _RTOL * sl_target and m.asa <= max_asa + _RTOL * max_asa
            and m.occupancy <= max_occ + _RTOL * max_occ and m.p_abandon <= max_ab + _RTOL * max_ab)


cdef inline bint _c_sl_meets(double c, double x, double sl_floor) noexcept nogil:
    """1 - c * exp(-x) >= sl_floor, skipping exp when 1 - c or the bound exp(-x) >= 1 - x decides."""
    cdef double lower
    if 1.0 - c >= sl_floor:
        return True
    lower = 1.0 - x - 1e-12
    if lower > 0.0 and 1.0 - c * lower < sl_floor:
        return False
    return 1.0 - c * exp(-x) >= sl_floor


cdef long _agents_c_one(double lam, double aht, double t, double sl_target, double max_asa,
                        double max_occ) noexcept nogil:
    cdef double load = lam * aht
    cdef double r, c, dn, inv_load
    cdef double sl_floor = sl_target - _RTOL * sl_target
    cdef double asa_cap = max_asa + _RTOL * max_asa
    cdef double occ_cap = max_occ + _RTOL * max_occ
    cdef long n
    if load == 0.0:
        return 0
    inv_load = 1.0 / load
    n = <long>floor(load) + 1
    if <long>ceil(load / occ_cap) - 1 > n:     # no earlier n can meet the occupancy cap
        n = <long>ceil(load / occ_cap) - 1
    r = _inv_b(load, n)
    while True:
        dn = <double>n
        if load <= occ_cap * dn:
            c = _c_from_r(load, dn, r)
            if ((sl_target == 0.0 or _c_sl_meets(c, (dn - load) * t / aht, sl_floor))
                    and (isinf(max_asa) or c * aht / (dn - load) <= asa_cap)):
                return n
        n += 1
        r = 1.0 + r * (<double>n * inv_load)


cdef struct InvB:
    double load
    double *values
    long size
    long capacity


cdef double _inv_b_at(InvB *cache, long n) noexcept nogil:
    """r(n) from a per-call buffer extended by the forward recursion (-1 when memory runs out)."""
    cdef long k, cap
    cdef double *grown
    if n >= cache.capacity:
        cap = cache.capacity * 2 if cache.capacity > 0 else 256
        while cap <= n:
            cap *= 2
        grown = <double *>realloc(cache.values, cap * sizeof(double))
        if grown == NULL:
            return -1.0
        cache.values = grown
        cache.capacity = cap
    if cache.size == 0:
        cache.values[0] = 1.0
        cache.size = 1
    k = cache.size
    while k <= n:
        cache.values[k] = 1.0 + cache.values[k - 1] * (<double>k * (1.0 / cache.load))
        k += 1
    if k > cache.size:
        cache.size = k
    return cache.values[n]


cdef int _ok_a(InvB *cache, double lam, double aht, double theta, long n, double t, double sl_target,
               double max_asa, double max_occ, double max_ab) noexcept nogil:
    cdef double r = _inv_b_at(cache, n)
    if r < 0.0:
        return -1
    return 1 if _meets(_erlang_a_point(lam, aht, theta, n, r, t), sl_target, max_asa, max_occ, max_ab) else 0


cdef long _agents_a_one(InvB *cache, double lam, double aht, double patience, double t, double sl_target,
                        double max_asa, double max_occ, double max_ab) noexcept nogil:
    """Galloping from floor(A)+1, then bisection, never below 1 agent; -1 only when memory runs out."""
    cdef double load = lam * aht
    cdef double theta
    cdef long guess, hi, lo, step, probe, mid
    cdef int ok
    if load == 0.0:
        return 0
    if isinf(patience):
        return _agents_c_one(lam, aht, t, sl_target, max_asa, max_occ)
    theta = 1.0 / patience
    cache.load = load
    cache.size = 0
    guess = <long>floor(load) + 1
    ok = _ok_a(cache, lam, aht, theta, guess, t, sl_target, max_asa, max_occ, max_ab)
    if ok < 0:
        return -1
    if ok:
        hi = guess
        step = 1
        lo = -1
        while hi > 1:
            probe = hi - step if hi - step >= 1 else 1
            ok = _ok_a(cache, lam, aht, theta, probe, t, sl_target, max_asa, max_occ, max_ab)
            if ok < 0:
                return -1
            if ok:
                hi = probe
                step *= 2
            else:
                lo = probe
                break
        if lo < 0:
            return hi
    else:
        lo = guess
        step = 1
        while True:
            probe = lo + step
            ok = _ok_a(cache, lam, aht, theta, probe, t, sl_target, max_asa, max_occ, max_ab)
            if ok < 0:
                return -1
            if ok:
                hi = probe
                break
            lo = probe
            step *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        ok = _ok_a(cache, lam, aht, theta, mid, t, sl_target, max_asa, max_occ, max_ab)
        if ok < 0:
            return -1
        if ok:
            hi = mid
        else:
            lo = mid
    return hi


# --------------------------------------------------------------------------- public vectorised API

def ceil_agents(double[::1] values):
    """Round agent counts up, treating values within RTOL above an integer as that integer."""
    _check([("values", values)])
    _check_finite("values", values)
    cdef Py_ssize_t i, size = values.shape[0]
    out = np.empty(size, dtype=np.int64)
    cdef long long[::1] o = out
    with nogil:
        for i in range(size):
            o[i] = _tol_ceil(values[i])
    return out


def erlang_b(double[::1] load, double[::1] agents):
    """Blocking probability of M/M/N/N with offered load A (Erlangs) and N servers."""
    cdef Py_ssize_t i, size = _check([("load", load), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    cdef double[::1] o = out
    cdef double a
    cdef long n
    with nogil:
        for i in range(size):
            a = load[i]
            n = <long>agents[i]
            if a == 0.0:
                o[i] = 0.0 if n > 0 else 1.0
            elif n == 0:
                o[i] = 1.0
            else:
                o[i] = 1.0 / _inv_b(a, n)
    return out


def erlang_c(double[::1] load, double[::1] agents):
    """P(wait) in M/M/N; 1 when N <= A (the queue never empties)."""
    cdef Py_ssize_t i, size = _check([("load", load), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    cdef double[::1] o = out
    cdef double a
    cdef long n
    with nogil:
        for i in range(size):
            a = load[i]
            n = <long>agents[i]
            if a == 0.0:
                o[i] = 0.0
            elif <double>n <= a:
                o[i] = 1.0
            else:
                o[i] = _c_from_r(a, <double>n, _inv_b(a, n))
    return out


def erlang_c_service_level(double[::1] arrival_rate, double[::1] aht, double[::1] agents, double[::1] answer_time):
    """P(wait <= answer_time) = 1 - C * exp(-(N - A) t / AHT); 0 when N <= A, 1 with no calls."""
    cdef Py_ssize_t i, size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("agents", agents),
                                      ("answer_time", answer_time)])
    _check_agents(agents)
    out = np.empty(size)
    cdef double[::1] o = out
    cdef double a, r
    cdef long n
    with nogil:
        for i in range(size):
            a = arrival_rate[i] * aht[i]
            n = <long>agents[i]
            r = _inv_b(a, n) if a > 0.0 and <double>n > a else 1.0
            o[i] = _erlang_c_point(arrival_rate[i], aht[i], n, r, answer_time[i]).service_level
    return out


def erlang_c_asa(double[::1] arrival_rate, double[::1] aht, double[::1] agents):
    """Average speed of answer C * AHT / (N - A); inf when N <= A."""
    cdef Py_ssize_t i, size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    cdef double[::1] o = out
    cdef double a, r
    cdef long n
    with nogil:
        for i in range(size):
            a = arrival_rate[i] * aht[i]
            n = <long>agents[i]
            r = _inv_b(a, n) if a > 0.0 and <double>n > a else 1.0
            o[i] = _erlang_c_point(arrival_rate[i], aht[i], n, r, 0.0).asa
    return out


def erlang_c_occupancy(double[::1] load, double[::1] agents):
    """A / N, capped at 1 (agents always busy when N <= A); 0 with no agents."""
    cdef Py_ssize_t i, size = _check([("load", load), ("agents", agents)])
    _check_agents(agents)
    out = np.empty(size)
    cdef double[::1] o = out
    cdef double v
    with nogil:
        for i in range(size):
            if agents[i] == 0.0:
                o[i] = 0.0
            else:
                v = load[i] / agents[i]
                o[i] = 1.0 if v > 1.0 else v
    return out


def erlang_a(double[::1] arrival_rate, double[::1] aht, double[::1] patience, double[::1] agents,
             double[::1] answer_time):
    """Erlang A (M/M/N+M) metrics for N agents; infinite patience gives Erlang C."""
    cdef Py_ssize_t i, size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("patience", patience),
                                      ("agents", agents), ("answer_time", answer_time)])
    _check_agents(agents)
    _check_at_most("patience", patience, INFINITY, strict_zero=True)
    cols = [np.empty(size) for _ in range(6)]
    cdef double[::1] o_wait = cols[0], o_ab = cols[1], o_sl = cols[2], o_asa = cols[3], o_occ = cols[4]
    cdef double[::1] o_q = cols[5]
    cdef double a, r
    cdef long n
    cdef Point m
    with nogil:
        for i in range(size):
            a = arrival_rate[i] * aht[i]
            n = <long>agents[i]
            r = _inv_b(a, n) if a > 0.0 else 1.0
            if isinf(patience[i]):
                m = _erlang_c_point(arrival_rate[i], aht[i], n, r, answer_time[i])
            else:
                m = _erlang_a_point(arrival_rate[i], aht[i], 1.0 / patience[i], n, r, answer_time[i])
            o_wait[i] = m.p_wait
            o_ab[i] = m.p_abandon
            o_sl[i] = m.service_level
            o_asa[i] = m.asa
            o_occ[i] = m.occupancy
            o_q[i] = m.mean_queue
    return ErlangAMetrics(*cols)


def erlang_c_agents(double[::1] arrival_rate, double[::1] aht, double[::1] answer_time, double[::1] sl_target,
                    double[::1] max_asa, double[::1] max_occupancy):
    """Smallest N > A with SL >= sl_target, ASA <= max_asa, A/N <= max_occupancy (0 with no calls).

    Switch a target off with sl_target=0, max_asa=inf, max_occupancy=1. The search starts at floor(A)+1
    and carries the Erlang-B recursion upward, so one interval costs about N steps.
    """
    cdef Py_ssize_t i, size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("answer_time", answer_time),
                                      ("sl_target", sl_target), ("max_asa", max_asa),
                                      ("max_occupancy", max_occupancy)])
    _check_at_most("sl_target", sl_target, 1.0)
    _check_at_most("max_occupancy", max_occupancy, 1.0, strict_zero=True)
    _check_at_most("max_asa", max_asa, INFINITY, strict_zero=True)
    out = np.empty(size, dtype=np.int64)
    cdef long long[::1] o = out
    with nogil:
        for i in range(size):
            o[i] = _agents_c_one(arrival_rate[i], aht[i], answer_time[i], sl_target[i], max_asa[i],
                                 max_occupancy[i])
    return out


def erlang_a_agents(double[::1] arrival_rate, double[::1] aht, double[::1] patience, double[::1] answer_time,
                    double[::1] sl_target, double[::1] max_asa, double[::1] max_occupancy,
                    double[::1] max_abandon):
    """Smallest N meeting every target under Erlang A (galloping + bisection; metrics are monotone in N).

    Switch a target off with sl_target=0, max_asa=inf, max_occupancy=1, max_abandon=1. An interval with
    calls needs at least one agent (with none, occupancy is 0 and every caller abandons, which would
    otherwise pass an occupancy-only target); one without calls needs none.
    """
    cdef Py_ssize_t i, size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("patience", patience),
                                      ("answer_time", answer_time), ("sl_target", sl_target),
                                      ("max_asa", max_asa), ("max_occupancy", max_occupancy),
                                      ("max_abandon", max_abandon)])
    _check_at_most("patience", patience, INFINITY, strict_zero=True)
    _check_at_most("sl_target", sl_target, 1.0)
    _check_at_most("max_occupancy", max_occupancy, 1.0, strict_zero=True)
    _check_at_most("max_asa", max_asa, INFINITY, strict_zero=True)
    _check_at_most("max_abandon", max_abandon, 1.0, strict_zero=True)
    out = np.empty(size, dtype=np.int64)
    cdef long long[::1] o = out
    cdef InvB cache
    cdef bint failed = False
    cache.values = NULL
    cache.size = 0
    cache.capacity = 0
    try:
        with nogil:
            for i in range(size):
                o[i] = _agents_a_one(&cache, arrival_rate[i], aht[i], patience[i], answer_time[i], sl_target[i],
                                     max_asa[i], max_occupancy[i], max_abandon[i])
                if o[i] < 0:
                    failed = True
                    break
    finally:
        free(cache.values)
    if failed:
        raise MemoryError("erlang_a_agents: out of memory for the Erlang-B recursion buffer")
    return out


def erlang_c_service_level_curve(double[::1] arrival_rate, double[::1] aht, double[::1] answer_time,
                                 long max_agents):
    """Service level for 0..max_agents agents per interval: array [interval, agents] in one recursion pass."""
    cdef Py_ssize_t i, size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("answer_time", answer_time)])
    if max_agents < 0:
        raise ValueError("max_agents: must be >= 0")
    out = np.empty((size, max_agents + 1))
    cdef double[:, ::1] o = out
    cdef double a, r
    cdef long n
    with nogil:
        for i in range(size):
            a = arrival_rate[i] * aht[i]
            r = 1.0
            for n in range(max_agents + 1):
                if n > 0 and a > 0.0:
                    r = 1.0 + r * (<double>n * (1.0 / a))
                o[i, n] = _erlang_c_point(arrival_rate[i], aht[i], n, r, answer_time[i]).service_level
    return out


def erlang_a_service_level_curve(double[::1] arrival_rate, double[::1] aht, double[::1] patience,
                                 double[::1] answer_time, long max_agents):
    """Erlang A service level for 0..max_agents agents per interval: array [interval, agents]."""
    cdef Py_ssize_t i, size = _check([("arrival_rate", arrival_rate), ("aht", aht), ("patience", patience),
                                      ("answer_time", answer_time)])
    _check_at_most("patience", patience, INFINITY, strict_zero=True)
    if max_agents < 0:
        raise ValueError("max_agents: must be >= 0")
    out = np.empty((size, max_agents + 1))
    cdef double[:, ::1] o = out
    cdef double a, r
    cdef long n
    with nogil:
        for i in range(size):
            a = arrival_rate[i] * aht[i]
            r = 1.0
            for n in range(max_agents + 1):
                if n > 0 and a > 0.0:
                    r = 1.0 + r * (<double>n * (1.0 / a))
                if isinf(patience[i]):
                    o[i, n] = _erlang_c_point(arrival_rate[i], aht[i], n, r, answer_time[i]).service_level
                else:
                    o[i, n] = _erlang_a_point(arrival_rate[i], aht[i], 1.0 / patience[i], n, r,
                                              answer_time[i]).service_level
    return out
