"""Local days on the interval grid, across time zones and DST changes."""

from datetime import date, datetime, timezone

import pytest

from scheduler.timegrid import GridError, day_starts, local_instant_utc, planning_grid


def test_dst_days_have_23_and_25_hours_in_berlin():
    spring = planning_grid(["Europe/Berlin"], date(2026, 3, 29), 1)
    autumn = planning_grid(["Europe/Berlin"], date(2026, 10, 25), 1)
    assert spring.n_intervals == 92
    assert autumn.n_intervals == 100


def test_a_week_across_two_zones_starts_at_the_earliest_midnight():
    grid = planning_grid(["Europe/Lisbon", "Europe/Berlin"], date(2026, 11, 30), 7)
    assert grid.start_utc == datetime(2026, 11, 29, 23, 0, tzinfo=timezone.utc)
    assert grid.n_intervals == 7 * 96 + 4
    berlin = day_starts(grid, "Europe/Berlin", date(2026, 11, 30), 7)
    lisbon = day_starts(grid, "Europe/Lisbon", date(2026, 11, 30), 7)
    assert berlin[:2] == [0, 96]
    assert lisbon[:2] == [4, 100]
    assert lisbon[-1] == grid.n_intervals


def test_local_times_past_midnight_roll_into_the_next_day():
    instant = local_instant_utc("Europe/Berlin", date(2026, 7, 1), 25 * 60)
    assert instant == datetime(2026, 7, 1, 23, 0, tzinfo=timezone.utc)


def test_indices_and_instants_round_trip_and_off_grid_is_refused():
    grid = planning_grid(["Europe/Berlin"], date(2026, 3, 29), 1)
    assert grid.index(grid.instant(37)) == 37
    with pytest.raises(GridError, match="not on the 15-minute grid"):
        grid.index(datetime(2026, 3, 29, 0, 7, tzinfo=timezone.utc))


def test_zones_off_the_grid_are_refused():
    with pytest.raises(GridError, match="do not align"):
        planning_grid(["Europe/Berlin", "Asia/Kathmandu"], date(2026, 1, 5), 1, interval_min=30)


def test_service_level_times_read_as_planners_write_them():
    from scheduler.timegrid import within_text

    assert [within_text(s) for s in (20, 0, 90, 600, 5400, 14400, 3660)] == ["20s", "0s", "90s", "10m", "90m", "4h", "61m"]
