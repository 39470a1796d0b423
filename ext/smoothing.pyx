# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Double-seasonal exponential smoothing (Taylor 2003/2008) in error-correction form.

State: a level, an intraday seasonal cycle of `period_day` values and a weekly cycle of
`period_week` values (a multiple of `period_day`), plus an optional AR(1) adjustment `phi` of the
one-step error. The one-step forecast of y[t] is

    f[t] = level + day[t mod m1] + week[t mod m2] + phi * e[t-1]

with e[t-1] the previous error before the AR adjustment; the states are then moved by the adjusted error
eps[t] = y[t] - f[t] with weights alpha, delta, omega. Same names and signatures as
`ext._reference_smoothing`.
"""

import numpy as np


cdef double _run(const double[::1] y, Py_ssize_t period_day, Py_ssize_t period_week,
                 double alpha, double delta, double omega, double phi,
                 double level, double[::1] day, double[::1] week,
                 double[::1] fitted, double[::1] levels, bint keep, double* last_raw_error, double* level_out) noexcept nogil:
    cdef Py_ssize_t t, n = y.shape[0], i_day, i_week
    cdef double sse = 0.0, raw = 0.0, base, f, eps
    i_day = 0
    i_week = 0
    for t in range(n):
        base = level + day[i_day] + week[i_week]
        f = base + phi * raw
        eps = y[t] - f
        if keep:
            fitted[t] = f
        sse += eps * eps
        raw = y[t] - base
        level = level + alpha * eps
        if keep:
            levels[t] = level
        day[i_day] = day[i_day] + delta * eps
        week[i_week] = week[i_week] + omega * eps
        i_day += 1
        if i_day == period_day:
            i_day = 0
        i_week += 1
        if i_week == period_week:
            i_week = 0
    last_raw_error[0] = raw
    level_out[0] = level
    return sse


def _check(y, period_day, period_week, day0, week0):
    if period_day < 1 or period_week < period_day or period_week % period_day != 0:
        raise ValueError("period_week must be a positive multiple of period_day")
    if day0.shape[0] != period_day or week0.shape[0] != period_week:
        raise ValueError("day0 must have period_day values and week0 period_week values")


def dshw_sse(const double[::1] y, Py_ssize_t period_day, Py_ssize_t period_week,
             double alpha, double delta, double omega, double phi,
             double level0, const double[::1] day0, const double[::1] week0):
    """In-sample sum of squared one-step errors, the loss minimised when fitting."""
    _check(y, period_day, period_week, day0, week0)
    cdef double[::1] day = np.array(day0, dtype=np.float64)
    cdef double[::1] week = np.array(week0, dtype=np.float64)
    cdef double[::1] dummy = np.empty(1, dtype=np.float64)
    cdef double raw, sse, level
    with nogil:
        sse = _run(y, period_day, period_week, alpha, delta, omega, phi, level0, day, week,
                   dummy, dummy, False, &raw, &level)
    return sse


def dshw_filter(const double[::1] y, Py_ssize_t period_day, Py_ssize_t period_week,
                double alpha, double delta, double omega, double phi,
                double level0, const double[::1] day0, const double[::1] week0,
                double[::1] fitted, double[::1] levels, double[::1] day_out, double[::1] week_out):
    """Run the recursions over y: one-step forecasts into `fitted`, the level after each step into
    `levels`, final seasonal states into
    `day_out`/`week_out` (indexed by position mod period, continuing after y). Returns
    (level, last_raw_error, sse)."""
    _check(y, period_day, period_week, day0, week0)
    if fitted.shape[0] != y.shape[0] or levels.shape[0] != y.shape[0] or day_out.shape[0] != period_day or week_out.shape[0] != period_week:
        raise ValueError("output arrays have the wrong length")
    day_out[:] = day0
    week_out[:] = week0
    cdef double raw, sse, level
    with nogil:
        sse = _run(y, period_day, period_week, alpha, delta, omega, phi, level0, day_out, week_out,
                   fitted, levels, True, &raw, &level)
    return level, raw, sse


def dshw_forecast(double level, double last_raw_error, double phi, Py_ssize_t start,
                  const double[::1] day, const double[::1] week, double[::1] out):
    """Multi-step forecast: out[k] = level + day[(start+k) mod m1] + week[(start+k) mod m2]
    + phi**(k+1) * last_raw_error, with `start` the series length the states were filtered over."""
    cdef Py_ssize_t k, h = out.shape[0], m1 = day.shape[0], m2 = week.shape[0]
    cdef double ar = last_raw_error
    if m1 < 1 or m2 < 1:
        raise ValueError("seasonal states must not be empty")
    with nogil:
        for k in range(h):
            ar = ar * phi
            out[k] = level + day[(start + k) % m1] + week[(start + k) % m2] + ar
