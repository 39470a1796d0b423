"""Plain-Python twin of `ext/smoothing.pyx`: same names, same signatures, same arithmetic order."""

__all__ = ["dshw_sse", "dshw_filter", "dshw_forecast"]


def _check(y, period_day, period_week, day0, week0):
    if period_day < 1 or period_week < period_day or period_week % period_day != 0:
        raise ValueError("period_week must be a positive multiple of period_day")
    if len(day0) != period_day or len(week0) != period_week:
        raise ValueError("day0 must have period_day values and week0 period_week values")


def _run(y, period_day, period_week, alpha, delta, omega, phi, level, day, week, fitted, levels=None):
    sse = 0.0
    raw = 0.0
    for t in range(len(y)):
        i_day = t % period_day
        i_week = t % period_week
        base = level + day[i_day] + week[i_week]
        f = base + phi * raw
        eps = y[t] - f
        if fitted is not None:
            fitted[t] = f
        sse += eps * eps
        raw = y[t] - base
        level = level + alpha * eps
        if levels is not None:
            levels[t] = level
        day[i_day] = day[i_day] + delta * eps
        week[i_week] = week[i_week] + omega * eps
    return level, raw, sse


def dshw_sse(y, period_day, period_week, alpha, delta, omega, phi, level0, day0, week0):
    """In-sample sum of squared one-step errors, the loss minimised when fitting."""
    _check(y, period_day, period_week, day0, week0)
    return _run(y, period_day, period_week, alpha, delta, omega, phi, level0, list(day0), list(week0), None)[2]


def dshw_filter(y, period_day, period_week, alpha, delta, omega, phi, level0, day0, week0,
                fitted, levels, day_out, week_out):
    """Run the recursions; fill `fitted`, `levels`, `day_out`, `week_out`; return (level, last_raw_error, sse)."""
    _check(y, period_day, period_week, day0, week0)
    if len(fitted) != len(y) or len(levels) != len(y) or len(day_out) != period_day or len(week_out) != period_week:
        raise ValueError("output arrays have the wrong length")
    for i in range(period_day):
        day_out[i] = day0[i]
    for i in range(period_week):
        week_out[i] = week0[i]
    return _run(y, period_day, period_week, alpha, delta, omega, phi, level0, day_out, week_out, fitted, levels)


def dshw_forecast(level, last_raw_error, phi, start, day, week, out):
    """Multi-step forecast continuing after a series of length `start`."""
    if len(day) < 1 or len(week) < 1:
        raise ValueError("seasonal states must not be empty")
    ar = last_raw_error
    for k in range(len(out)):
        ar = ar * phi
        out[k] = level + day[(start + k) % len(day)] + week[(start + k) % len(week)] + ar
