"""The pure forecast API: closed intervals, gaps, holidays, special days, DST days, handle time."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from scheduler.forecast import Forecast, SpecialDay, SpecialDayKind, backtest, forecast_history
from scheduler.forecast.grid import build_grid, day_length_h

FIRST = dt.date(2024, 1, 1)  # a Monday


def _day(result: Forecast, date: dt.date) -> pl.DataFrame:
    return result.frame.filter(pl.col("local_date") == date)


@pytest.mark.parametrize("method", ["snaive", "window", "profile", "dshw", "auto"])
def test_every_interval_of_the_horizon_and_closed_slots_are_zero(history_factory, method):
    history = history_factory(FIRST, 10 * 7)
    result = forecast_history(history, interval_min=15, horizon_days=7, method=method)
    assert result.frame.height == 7 * 96
    saturday = _day(result, dt.date(2024, 3, 16))
    assert saturday["calls_forecast"].sum() == 0  # weekends never open
    monday = _day(result, dt.date(2024, 3, 11))
    by_time = dict(zip(monday["local_time"].to_list(), monday["calls_forecast"].to_list()))
    assert by_time[dt.time(3, 0)] == 0 and by_time[dt.time(19, 0)] == 0  # closed nights
    assert by_time[dt.time(13, 0)] > 40  # open midday, about 2 * 52
    total = monday["calls_forecast"].sum()
    expected = sum(52 * (1 + np.sin(np.pi * (m - 480) / 600)) for m in range(480, 1080, 15))
    assert total == pytest.approx(expected, rel=0.12)


def test_gaps_in_history_do_not_break_fitting(history_factory):
    skip = {FIRST + dt.timedelta(days=k) for k in (15, 16, 30, 44)}
    history = history_factory(FIRST, 10 * 7, skip=skip)
    for method in ("dshw", "profile", "auto"):
        result = forecast_history(history, interval_min=15, horizon_days=3, method=method)
        assert result.frame["calls_forecast"].is_finite().all()
        assert _day(result, dt.date(2024, 3, 11))["calls_forecast"].sum() > 1000


def test_public_holiday_left_out_of_fitting_and_forecast_closed(history_factory):
    # Germany: 2024-03-29 Good Friday and 2024-04-01 Easter Monday; the history has a busy fake day on
    # New Year (a holiday), which must not leak into Monday's forecast
    history = history_factory(FIRST, 12 * 7 + 4)  # ends Thursday 2024-03-28
    spike = history.with_columns(
        pl.when(pl.col("timestamp").dt.date() == FIRST).then(pl.col("calls") * 0).otherwise(pl.col("calls"))
        .alias("calls"))
    result = forecast_history(spike, interval_min=15, horizon_days=5, method="window", country="DE")
    assert _day(result, dt.date(2024, 3, 29))["calls_forecast"].sum() == 0
    assert _day(result, dt.date(2024, 4, 1))["calls_forecast"].sum() == 0
    assert _day(result, dt.date(2024, 4, 2))["calls_forecast"].sum() > 1000
    without = forecast_history(spike, interval_min=15, horizon_days=5, method="window")
    assert without.frame["calls_forecast"].sum() > result.frame["calls_forecast"].sum()


def test_special_days_closed_factor_and_reference(history_factory):
    history = history_factory(FIRST, 10 * 7)
    base = forecast_history(history, interval_min=15, horizon_days=7, method="profile")
    specials = [
        SpecialDay(dt.date(2024, 3, 11), SpecialDayKind.CLOSED),
        SpecialDay(dt.date(2024, 3, 12), SpecialDayKind.CAMPAIGN, factor=1.5),
        SpecialDay(dt.date(2024, 3, 13), SpecialDayKind.OUTAGE, factor=1.0, reference_date=dt.date(2024, 3, 4)),
    ]
    result = forecast_history(history, interval_min=15, horizon_days=7, method="profile", special_days=specials)
    assert _day(result, dt.date(2024, 3, 11))["calls_forecast"].sum() == 0
    assert _day(result, dt.date(2024, 3, 12))["calls_forecast"].sum() == pytest.approx(
        1.5 * _day(base, dt.date(2024, 3, 12))["calls_forecast"].sum())
    ref = history.filter(pl.col("timestamp").dt.date() == dt.date(2024, 3, 4))["calls"].to_numpy()
    got = _day(result, dt.date(2024, 3, 13)).filter(pl.col("calls_forecast") > 0)["calls_forecast"].to_numpy()
    np.testing.assert_allclose(got / got.sum(), ref / ref.sum(), rtol=1e-9)


def test_special_day_in_history_is_not_fitted(history_factory):
    history = history_factory(FIRST, 10 * 7)
    outage = dt.date(2024, 3, 4)  # last Monday: triple volume
    spiked = history.with_columns(
        pl.when(pl.col("timestamp").dt.date() == outage).then(pl.col("calls") * 3).otherwise(pl.col("calls"))
        .alias("calls"))
    plain = forecast_history(spiked, interval_min=15, horizon_days=7, method="snaive")
    marked = forecast_history(spiked, interval_min=15, horizon_days=7, method="snaive",
                              special_days=[SpecialDay(outage, SpecialDayKind.OUTAGE)])
    monday = dt.date(2024, 3, 11)
    assert _day(marked, monday)["calls_forecast"].sum() < 0.5 * _day(plain, monday)["calls_forecast"].sum()


def test_dst_days_in_berlin(history_factory):
    tz = "Europe/Berlin"
    assert day_length_h(dt.date(2024, 3, 31), tz) == 23 and day_length_h(dt.date(2024, 10, 27), tz) == 25
    # a 24/7 centre, every day open, history up to Friday 2024-03-29 then 2024-10-25
    for end, dst_day, n_slots in ((dt.date(2024, 3, 29), dt.date(2024, 3, 31), 92),
                                  (dt.date(2024, 10, 25), dt.date(2024, 10, 27), 100)):
        first = end - dt.timedelta(days=8 * 7 - 1)
        history = history_factory(first, 8 * 7, open_h=(0, 24), weekdays=range(7), timezone=tz)
        result = forecast_history(history, interval_min=15, horizon_days=3, method="auto", timezone=tz)
        day = _day(result, dst_day)
        assert day.height == n_slots
        # the seasonal index is local time of day: noon on the DST day looks like noon on a normal day
        noon = day.filter(pl.col("local_time") == dt.time(12, 0))["calls_forecast"].to_list()
        normal = _day(result, end + dt.timedelta(days=1)).filter(pl.col("local_time") == dt.time(12, 0))
        assert noon[0] == pytest.approx(normal["calls_forecast"][0], rel=0.35)
        assert result.frame["calls_forecast"].min() > 0


def test_dst_day_in_history_is_left_out_of_fitting(history_factory):
    tz = "Europe/Berlin"
    history = history_factory(dt.date(2024, 3, 4), 5 * 7, open_h=(0, 24), weekdays=range(7), timezone=tz)
    grid = build_grid(history, 15, tz)
    assert grid.excluded[grid.dates.index(dt.date(2024, 3, 31))]
    assert grid.excluded.sum() == 1


def test_finer_input_is_summed_and_aht_is_call_weighted(history_factory):
    fine = history_factory(FIRST, 6 * 7, interval_min=5, aht=True)
    result = forecast_history(fine, interval_min=15, horizon_days=3, method="snaive")  # history ends Friday
    monday = _day(result, dt.date(2024, 2, 12))
    last_monday = fine.filter(pl.col("timestamp").dt.date() == dt.date(2024, 2, 5))
    assert monday["calls_forecast"].sum() == pytest.approx(last_monday["calls"].sum())
    row = monday.filter(pl.col("local_time") == dt.time(9, 0))
    assert row["aht_forecast_s"][0] == pytest.approx(200 + 545 / 10, abs=0.6)  # mean of 540, 545, 550


def test_backtest_reports_every_method(history_factory):
    history = history_factory(FIRST, 12 * 7)
    report = backtest(history, interval_min=15, origins=3, methods=("snaive", "profile", "auto"))
    scores = {s.method: s for s in report.scores}
    assert set(scores) == {"snaive", "profile", "auto"}
    # on stationary Poisson data a many-week profile beats last week's noisy values
    assert scores["profile"].mase < scores["snaive"].mase
    assert all(s.rmse >= s.mae > 0 for s in report.scores)


def test_unknown_method_is_an_error(history_factory):
    with pytest.raises(ValueError, match="unknown method"):
        forecast_history(history_factory(FIRST, 21), interval_min=15, horizon_days=1, method="magic")
