from datetime import date, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from scheduler.io.generator import (
    DEMO, GeneratorSettings, generate_centre, peak_workload_share, queue_specs, site_specs,
)
from scheduler.io.synthetic_history import holiday_dates

FRAMES = ("agents", "skills", "availability", "preferences", "history")


@pytest.fixture(scope="module")
def demo():
    return generate_centre(DEMO)


def _local(history: pl.DataFrame, queue: str, zone: str) -> pl.DataFrame:
    local = pl.col("timestamp").dt.convert_time_zone(zone)
    return history.filter(pl.col("queue") == queue).with_columns(
        day=local.dt.date(), weekday=local.dt.weekday(), hour=local.dt.hour())


def test_same_seed_same_centre_other_seed_other_centre(demo):
    again = generate_centre(DEMO)
    for name in FRAMES:
        assert_frame_equal(getattr(demo, name), getattr(again, name))
    assert demo.config == again.config
    other = generate_centre(GeneratorSettings(seed=DEMO.seed + 1))
    assert not other.history.equals(demo.history)
    assert not other.agents.equals(demo.agents)


def test_demo_shape(demo):
    assert [site["name"] for site in demo.config["site"]] == ["Münster", "Lisbon"]
    assert [site["time_zone"] for site in demo.config["site"]] == ["Europe/Berlin", "Europe/Lisbon"]
    assert [queue["name"] for queue in demo.config["queue"]] == [
        "German voice", "Dutch voice", "Chat", "E-mail", "Outbound survey"]
    assert demo.agents.height == 80
    assert demo.history.height == 5 * (16 * 7 * 96 + 4)  # one 25-hour day (25 October) in Berlin
    last = demo.history.get_column("timestamp").max()
    assert last.date() <= date(2026, 11, 29)
    names = " ".join(demo.agents.get_column("name"))
    assert any(not ch.isascii() for ch in names)


def test_contracts_teams_and_leads(demo):
    contracts = demo.agents.group_by("contract").len()
    assert set(contracts.get_column("contract")) == {"full_time_40", "full_time_38", "part_time_30", "part_time_20",
                                                    "student_12"}
    per_team = demo.agents.group_by("team").agg(pl.len(), (pl.col("role") == "team_lead").sum().alias("leads"))
    assert per_team.get_column("len").min() >= 8 and per_team.get_column("len").max() <= 14
    assert per_team.get_column("leads").to_list() == [1] * per_team.height
    small = generate_centre(GeneratorSettings(agents=30, sites=3, weeks=1, seed=11)).agents
    assert small.group_by("team").agg((pl.col("role") == "team_lead").sum()).get_column("role").to_list() == [1] * (
        small.get_column("team").n_unique())


def test_every_agent_has_a_primary_skill_and_primaries_follow_the_workload(demo):
    primary = demo.skills.filter(pl.col("priority") == "1")
    assert primary.get_column("agent").n_unique() == demo.agents.height == primary.height
    counts = dict(primary.group_by("queue").len().iter_rows())
    assert counts["German voice"] == max(counts.values())


@pytest.mark.parametrize("settings", [DEMO, GeneratorSettings(agents=600, queues=12, sites=6, weeks=1, seed=4)])
def test_primary_skills_match_each_queues_workload_share(settings):
    centre = generate_centre(settings)
    primary = dict(centre.skills.filter(pl.col("priority") == "1").group_by("queue").len().iter_rows())
    specs = queue_specs(settings.queues, site_specs(settings.sites))
    shares = {queue.name: queue.workload_share for queue in specs}
    for name, share in shares.items():
        assert abs(primary[name] - share * settings.agents) <= 2, (name, primary[name], share * settings.agents)


def test_sizing_peak_workload_is_the_documented_share_of_agents(demo):
    from scheduler.io.generator import PEAK_AGENT_SHARE

    assert abs(peak_workload_share(demo) / PEAK_AGENT_SHARE - 1.0) <= 0.15
    larger = generate_centre(GeneratorSettings(agents=400, queues=7, sites=3, weeks=2, seed=3))
    assert abs(peak_workload_share(larger) / PEAK_AGENT_SHARE - 1.0) <= 0.15


def test_monday_is_the_busiest_weekday_and_voice_is_closed_at_night(demo):
    voice = _local(demo.history, "German voice", "Europe/Berlin")
    by_weekday = voice.group_by("weekday").agg(pl.col("offered").sum()).sort("offered", descending=True)
    assert by_weekday.get_column("weekday")[0] == 1  # polars: Monday = 1
    night = voice.filter((pl.col("hour") < 7) | (pl.col("hour") >= 22))
    assert night.get_column("offered").sum() == 0
    sunday = voice.filter(pl.col("weekday") == 7)
    assert sunday.get_column("offered").sum() == 0  # Münster is closed on Sundays
    email = _local(demo.history, "E-mail", "Europe/Berlin")
    assert email.filter(pl.col("hour") < 5).get_column("offered").sum() > 0  # mail arrives at night


def test_intraday_morning_peak_lunch_dip_afternoon_peak(demo):
    voice = _local(demo.history, "German voice", "Europe/Berlin").filter(pl.col("weekday") <= 5)
    by_hour = dict(voice.group_by("hour").agg(pl.col("offered").mean()).iter_rows())
    assert by_hour[10] > by_hour[13] < by_hour[15]
    assert by_hour[10] > by_hour[8] and by_hour[15] > by_hour[20]


@pytest.mark.parametrize(("queue", "zone", "country", "subdivision"), [
    ("German voice", "Europe/Berlin", "DE", "NW"), ("Dutch voice", "Europe/Lisbon", "PT", None)])
def test_holidays_are_quiet(demo, queue, zone, country, subdivision):
    history = _local(demo.history, queue, zone)
    first = history.get_column("day").min()
    holidays = holiday_dates(country, subdivision, first, first + timedelta(weeks=16))
    per_day = history.group_by("day", "weekday").agg(pl.col("offered").sum())
    for day in holidays:
        ordinary = ~pl.col("day").is_in(pl.Series(list(holidays), dtype=pl.Date).implode())
        same_weekday = per_day.filter((pl.col("weekday") == day.isoweekday()) & ordinary)
        usual = same_weekday.get_column("offered").mean()
        holiday_volume = per_day.filter(pl.col("day") == day).get_column("offered").item()
        assert holiday_volume <= 0.3 * usual, (day, holiday_volume, usual)
    site = demo.config["queue"][[q["name"] for q in demo.config["queue"]].index(queue)]["site"]
    assert {entry["day"] for entry in demo.config["special_day"] if entry["site"] == site} >= set(holidays)


def test_the_demo_history_has_a_weekday_holiday():
    assert date(2026, 10, 5) in holiday_dates("PT", None, date(2026, 8, 10), date(2026, 11, 29))  # a Monday


def test_handle_times_vary_by_interval(demo):
    voice = demo.history.filter((pl.col("queue") == "German voice") & (pl.col("handled") > 0))
    aht = voice.get_column("aht_s")
    assert 240 < aht.mean() < 360 and aht.std() > 5


def test_availability_patterns_and_activities(demo):
    students = demo.agents.filter(pl.col("contract") == "student_12").get_column("code")
    student_windows = demo.availability.filter(pl.col("agent").is_in(students.implode()) & (pl.col("kind") == "weekly"))
    assert set(student_windows.get_column("weekday")) == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
    assert student_windows.filter(pl.col("weekday") != "Sat").get_column("start").min() >= "16:00"
    assert demo.availability.filter(pl.col("kind") == "vacation").height >= 10
    kinds = [activity["kind"] for activity in demo.config["activity"]]
    assert kinds.count("training") == 1 and kinds.count("coaching") == len(demo.config["team"])
    assert demo.preferences.get_column("kind").n_unique() == 3


def test_start_must_be_a_monday():
    with pytest.raises(ValueError, match="must be a Monday"):
        GeneratorSettings(start=date(2026, 12, 1))
