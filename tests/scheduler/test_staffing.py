"""Staffing per channel on tiny inputs that can be checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from ext import erlang
from scheduler.staffing import (
    Channel,
    IntervalForecast,
    QueueTargets,
    StaffingInputError,
    agent_caps,
    compute_requirement,
    concave_majorant,
    deadline_intervals,
    evaluate,
    evaluate_scheduled,
    gross_agents,
)


def _majorant_slopes(row) -> np.ndarray:
    row = np.asarray(row, dtype=float)
    return concave_majorant(row[None, :], np.array([row.size]))[0]


def _antitonic(values: np.ndarray) -> np.ndarray:
    """Oracle: decreasing least-squares fit by pool-adjacent-violators (= slopes of the concave majorant)."""
    means: list[float] = []
    counts: list[int] = []
    for value in values:
        mean, count = float(value), 1
        while means and means[-1] < mean:
            prev_mean, prev_count = means.pop(), counts.pop()
            mean = (prev_mean * prev_count + mean * count) / (prev_count + count)
            count += prev_count
        means.append(mean)
        counts.append(count)
    return np.repeat(np.array(means), np.array(counts))


def forecast(volume, aht_s, interval_min=30.0, allowed=None) -> IntervalForecast:
    return IntervalForecast(np.array(volume, dtype=float), np.array(aht_s, dtype=float), interval_min,
                            None if allowed is None else np.array(allowed))


class TestVoice:
    def test_worked_example_net_and_gross(self):
        queue = QueueTargets("q", Channel.VOICE, sl_target=0.8, sl_seconds=20, max_occupancy=0.85, shrinkage=0.3)
        req = compute_requirement(queue, forecast([100, 0, 100], [180, 0, 180]))
        assert req.required_net.tolist() == [14, 0, 14]
        assert req.required_gross.tolist() == [20, 0, 20]                     # 14 / 0.7 is not 21
        assert req.service_level_at_required[0] == pytest.approx(0.88835, abs=1e-5)
        assert req.service_level_at_required[1] == 1.0
        assert req.workload[0] == pytest.approx(10.0) and req.backlog.tolist() == [0, 0, 0]
        assert req.flexible is None

    def test_patience_uses_erlang_a_and_needs_no_more_agents_here(self):
        plain = QueueTargets("q", Channel.VOICE)
        patient = QueueTargets("q", Channel.VOICE, mean_patience_s=300.0)
        f = forecast([100], [180])
        a = compute_requirement(patient, f).required_net[0]
        expected = erlang.erlang_a_agents(np.array([100 / 1800]), np.array([180.0]), np.array([300.0]),
                                          np.array([20.0]), np.array([0.8]), np.array([np.inf]), np.array([1.0]),
                                          np.array([1.0]))[0]
        assert a == expected == 13 and compute_requirement(plain, f).required_net[0] == 14

    def test_marginal_values_are_calls_answered_in_target_per_extra_agent(self):
        queue = QueueTargets("q", Channel.VOICE)
        req = compute_requirement(queue, forecast([100, 20], [180, 180]))
        caps = agent_caps(req.required_net)
        assert req.required_net.tolist() == [14, 4]
        assert caps.tolist() == [max(21, 17), max(6, 7)]
        sl = erlang.erlang_c_service_level_curve(np.array([100 / 1800]), np.array([180.0]), np.array([20.0]), 21)[0]
        np.testing.assert_allclose(req.marginal_value[0, :21], 100 * np.diff(sl), atol=1e-12)
        assert not req.marginal_value[0, :10].any()                           # below the load nobody is answered
        assert not req.marginal_value[1, caps[1]:].any()                      # nothing beyond the cap
        assert req.marginal_value[0].sum() == pytest.approx(100 * sl[21])


class TestConcaveMarginals:
    def test_hull_by_hand_and_against_pool_adjacent_violators(self):
        np.testing.assert_allclose(_majorant_slopes(np.array([0.0, 0.0, 3.0, 1.0])), [1.0, 1.0, 1.0, 1.0])
        np.testing.assert_allclose(_majorant_slopes(np.array([5.0, 1.0, 2.0, 0.0])), [5.0, 1.5, 1.5, 0.0])
        np.testing.assert_allclose(_majorant_slopes(np.array([0.0, 2.0, 2.0, 1.0])), [4 / 3, 4 / 3, 4 / 3, 1.0])
        rng = np.random.default_rng(11)
        rows = rng.exponential(1.0, (300, 25))
        for row in rows:
            row[: rng.integers(0, row.size)] = 0.0                            # Erlang C: nothing below the load
            row[rng.integers(1, row.size + 1):] = 0.0                         # zero beyond the cap
        hull = concave_majorant(rows, np.full(300, 25))                       # all rows at once
        for row, got in zip(rows, hull):
            np.testing.assert_allclose(got, _antitonic(row), rtol=1e-9, atol=1e-12)

    @pytest.mark.parametrize("queue", [
        QueueTargets("c", Channel.VOICE),
        QueueTargets("a", Channel.VOICE, mean_patience_s=120.0),
        QueueTargets("chat", Channel.CHAT, chat_concurrency=3),
        QueueTargets("mail", Channel.EMAIL, response_deadline_min=90.0),
    ])
    def test_non_increasing_same_total_and_above_the_raw_curve(self, queue):
        rng = np.random.default_rng(3)
        volume = rng.poisson(60, 24).astype(float)
        volume[[0, 5]] = 0.0
        req = compute_requirement(queue, forecast(volume, rng.uniform(120, 400, 24)))
        raw, concave = req.marginal_value, req.marginal_value_concave
        assert raw.shape == concave.shape and raw.shape[1] > 0
        assert np.all(np.diff(concave, axis=1) <= 1e-9)
        np.testing.assert_allclose(concave.sum(axis=1), raw.sum(axis=1), rtol=1e-9, atol=1e-9)
        assert np.all(np.cumsum(concave, axis=1) >= np.cumsum(raw, axis=1) - 1e-9)
        idle = [0] if queue.channel.is_deferred else [0, 5]                   # e-mail backlog carries into 5
        assert not raw[idle].any() and not concave[idle].any()

    def test_concave_input_is_left_alone(self):
        marginal = np.array([[4.0, 3.0, 1.0, 0.0]])
        np.testing.assert_array_equal(concave_majorant(marginal, np.array([4])), marginal)


class TestChat:
    def test_an_agent_is_concurrency_servers(self):
        f = forecast([100], [180])                     # 10 Erlangs of sessions; Erlang C 80/20 needs 14 servers
        two = compute_requirement(QueueTargets("c", Channel.CHAT, chat_concurrency=2), f)
        three = compute_requirement(QueueTargets("c", Channel.CHAT, chat_concurrency=3), f)
        assert two.required_net.tolist() == [7] and three.required_net.tolist() == [5]
        sl15 = erlang.erlang_c_service_level(np.array([100 / 1800]), np.array([180.0]), np.array([15.0]),
                                             np.array([20.0]))[0]
        assert three.service_level_at_required[0] == pytest.approx(sl15)
        assert three.workload[0] == pytest.approx(10 / 3)


class TestDeferred:
    def test_deadline_in_intervals(self):
        assert deadline_intervals(120, 15) == 8
        assert deadline_intervals(20, 30) == 1
        assert deadline_intervals(45, 30) == 1
        assert deadline_intervals(0.7 * 3, 0.7) == 3                          # float noise does not lose one

    def test_work_is_spread_over_its_deadline_window(self):
        # 10 e-mails x 5 min = 50 min, due within 60 min = 2 intervals of 30 min: 25 min now, the rest next
        queue = QueueTargets("m", Channel.EMAIL, response_deadline_min=60, max_occupancy=1.0)
        req = compute_requirement(queue, forecast([10, 0, 0, 0, 6, 0], [300, 0, 0, 0, 300, 0]))
        assert req.required_net.tolist() == [1, 1, 0, 0, 1, 0]
        assert req.backlog.tolist() == [4, 0, 0, 0, 0, 0]                     # 1 agent clears 6 of 10 at once
        np.testing.assert_allclose(req.workload, [50 / 60, 20 / 30, 0, 0, 0.5, 0])
        assert req.service_level_at_required.tolist() == [1.0] * 6

    def test_deadline_shorter_than_an_interval_is_due_in_the_interval(self):
        queue = QueueTargets("b", Channel.BACKOFFICE, response_deadline_min=20, max_occupancy=0.5)
        req = compute_requirement(queue, forecast([10, 3], [300, 600]))
        assert req.required_net.tolist() == [4, 2]                            # 50 / 15 min, 30 / 15 min
        assert req.backlog.tolist() == [0, 0]

    def test_evaluation_counts_late_items_per_arrival_interval(self):
        queue = QueueTargets("m", Channel.EMAIL, response_deadline_min=60, max_occupancy=1.0)
        f = forecast([10, 0, 0, 0, 6, 0], [300, 0, 0, 0, 300, 0])
        minimal = evaluate(queue, f, compute_requirement(queue, f).required_net)
        assert minimal.week_service_level == 1.0
        short = evaluate(queue, f, np.array([1, 0, 0, 0, 0, 0]))
        assert short.service_level.tolist() == [0.6, 1.0, 1.0, 1.0, 0.0, 1.0]
        assert short.week_service_level == pytest.approx(6 / 16)
        assert short.backlog.tolist() == [4, 4, 4, 4, 10, 10]
        late = evaluate(queue, f, np.array([1, 0, 1, 0, 1, 1]))
        assert late.asa_s.tolist()[0] == pytest.approx(4 * 2 * 1800 / 10)     # 4 e-mails done 2 intervals later
        assert late.occupancy.tolist()[:3] == [1.0, 0.0, 20 / 30]

    def test_an_overdue_backlog_does_not_make_fresh_contacts_late(self):
        queue = QueueTargets("m", Channel.EMAIL, response_deadline_min=30, max_occupancy=1.0)
        f = forecast([10, 6, 0], [300, 300, 0])                               # 30-min deadline = 1 interval
        result = evaluate(queue, f, np.array([0, 1, 1]))
        assert result.service_level.tolist() == [0.0, 1.0, 1.0]               # the 6 fresh ones first, on time
        assert result.backlog.tolist() == [10, 10, 4]                         # the overdue 10 with what is left
        assert result.asa_s.tolist()[0] == pytest.approx(2 * 1800 * 6 / 6)    # 6 of them done 2 intervals later

    def test_marginal_value_is_the_contacts_each_agent_clears(self):
        queue = QueueTargets("m", Channel.EMAIL, response_deadline_min=30, max_occupancy=1.0)
        req = compute_requirement(queue, forecast([15], [300]))               # 75 min of work in 30 min: 2.5 agents
        assert req.required_net.tolist() == [3]
        np.testing.assert_allclose(req.marginal_value[0, :4], [6.0, 6.0, 3.0, 0.0])


class TestBusinessHours:
    """E-mail promises count only the hours the queue is worked (closed: the clock stops)."""

    def test_due_interval_is_the_kth_open_interval_from_arrival(self):
        from scheduler.staffing.deferred import due_intervals

        open_mask = np.array([False, False, True, True, False, True])
        assert due_intervals(open_mask, 2).tolist() == [3, 3, 3, 5, 6, 6]   # past the end the clock runs on
        assert due_intervals(np.ones(3, dtype=bool), 1).tolist() == [0, 1, 2]
        assert due_intervals(np.zeros(2, dtype=bool), 1).tolist() == [3, 4]  # never worked: never due here

    def test_night_mail_is_spread_over_the_morning_and_nothing_is_asked_while_closed(self):
        # 12 e-mails of 5 min arrive in the closed night (2 intervals); deadline 60 min = 2 open intervals
        queue = QueueTargets("m", Channel.EMAIL, response_deadline_min=60, max_occupancy=1.0)
        f = forecast([6, 6, 0, 0, 0], [300, 300, 0, 0, 0], allowed=[False, False, True, True, True])
        req = compute_requirement(queue, f)
        assert req.required_net.tolist() == [0, 0, 1, 1, 0]                 # 60 min of work over 2 open intervals
        np.testing.assert_allclose(req.workload, [0, 0, 1.0, 1.0, 0])
        assert evaluate(queue, f, req.required_net).week_service_level == 1.0
        # without business hours the same mail is due during the night and the morning cannot rescue it
        always = forecast([6, 6, 0, 0, 0], [300, 300, 0, 0, 0])
        assert evaluate(queue, always, req.required_net).week_service_level < 1.0

    def test_work_arriving_before_closing_is_due_after_reopening(self):
        queue = QueueTargets("m", Channel.EMAIL, response_deadline_min=60, max_occupancy=1.0)
        f = forecast([12, 0, 0, 0], [300, 0, 0, 0], allowed=[True, False, False, True])
        req = compute_requirement(queue, f)
        assert req.required_net.tolist() == [1, 0, 0, 1]                    # half before closing, half after
        late = evaluate(queue, f, np.array([1, 0, 0, 0]))
        assert late.service_level.tolist()[0] == pytest.approx(0.5)


class TestOutbound:
    def test_flexible_agent_minutes_in_allowed_windows(self):
        queue = QueueTargets("o", Channel.OUTBOUND, max_occupancy=0.8, shrinkage=0.2)
        req = compute_requirement(queue, forecast([10, 10, 0], [240, 240, 0], allowed=[True, False, True]))
        assert req.flexible.total_agent_min == pytest.approx(20 * 4 / 0.8)
        assert req.flexible.total_agent_min_gross == pytest.approx(100 / 0.8)
        assert req.flexible.allowed.tolist() == [True, False, True]
        assert req.required_net.tolist() == [0, 0, 0] and req.marginal_value.shape == (3, 0)
        placed = evaluate(queue, forecast([10, 10, 0], [240, 240, 0], allowed=[True, False, True]),
                          np.array([2, 5, 1]))
        assert placed.week_service_level == pytest.approx(90 / 100)           # 3 agents x 30 min in allowed slots

    def test_work_with_no_allowed_interval_is_an_error(self):
        queue = QueueTargets("o", Channel.OUTBOUND)
        with pytest.raises(StaffingInputError, match="allowed"):
            compute_requirement(queue, forecast([5], [60], allowed=[False]))


class TestShrinkageAndEvaluation:
    def test_gross_rounding_is_exact_about_float_noise(self):
        assert gross_agents(np.array([14, 3, 0, 21]), 0.3).tolist() == [20, 5, 0, 30]
        assert gross_agents(np.array([17]), 0.15).tolist() == [20]            # 17 / 0.85 = 20.000000000000004

    def test_voice_evaluation_matches_erlang_and_weights_the_week_by_volume(self):
        queue = QueueTargets("q", Channel.VOICE, mean_patience_s=300.0)
        f = forecast([100, 50, 0], [180, 180, 0])
        ev = evaluate(queue, f, np.array([14, 5, 0]))
        m = erlang.erlang_a(np.array([100 / 1800]), np.array([180.0]), np.array([300.0]), np.array([14.0]),
                            np.array([20.0]))
        assert ev.service_level[0] == pytest.approx(m.service_level[0])
        assert ev.p_abandon[1] > 0.1 and ev.service_level[2] == 1.0
        assert ev.week_service_level == pytest.approx((100 * ev.service_level[0] + 50 * ev.service_level[1]) / 150)

    def test_scheduled_agents_lose_their_shrinkage_share_and_a_fractional_agent_counts_pro_rata(self):
        queue = QueueTargets("q", Channel.VOICE, shrinkage=0.15)
        f = forecast([100, 100, 100], [180, 180, 180])
        whole = evaluate(queue, f, np.array([17, 11, 11]))
        fair = evaluate(queue, f, np.array([17, 11, 12]))
        got = evaluate_scheduled(queue, f, np.array([20, 13, 14]))  # 17 exactly; 11.05; 11.9 productive
        assert got.service_level[0] == pytest.approx(whole.service_level[0])
        assert got.service_level[1] == pytest.approx(0.95 * whole.service_level[1] + 0.05 * fair.service_level[2])
        assert got.service_level[2] == pytest.approx(0.1 * whole.service_level[2] + 0.9 * fair.service_level[2])
        assert got.week_service_level == pytest.approx(got.service_level.mean())
        # rounding down would have counted 14 scheduled agents as 11 productive ones
        assert got.service_level[2] > whole.service_level[2] + 0.5 * (fair.service_level[2] - whole.service_level[2])

    def test_without_shrinkage_scheduled_agents_are_productive_ones(self):
        queue = QueueTargets("q", Channel.VOICE, mean_patience_s=300.0)
        f = forecast([100, 50, 0], [180, 180, 0])
        a, b = evaluate(queue, f, np.array([14, 5, 0])), evaluate_scheduled(queue, f, np.array([14, 5, 0]))
        assert b.service_level.tolist() == a.service_level.tolist() and b.week_asa_s == a.week_asa_s

    def test_deferred_work_gets_the_fractional_capacity(self):
        queue = QueueTargets("m", Channel.EMAIL, response_deadline_min=60, max_occupancy=1.0, shrinkage=0.5)
        f = forecast([10, 0, 0, 0, 6, 0], [300, 0, 0, 0, 300, 0])
        half = evaluate_scheduled(queue, f, np.array([2, 0, 0, 0, 0, 0]))  # one productive agent-interval
        assert half.service_level.tolist() == evaluate(queue, f, np.array([1, 0, 0, 0, 0, 0])).service_level.tolist()
        third = evaluate_scheduled(queue, f, np.array([1, 0, 0, 0, 0, 0]))  # 15 of the 50 minutes: 3 e-mails
        assert third.service_level[0] == pytest.approx(0.3)


class TestBadInput:
    @pytest.mark.parametrize("kwargs, field", [
        (dict(sl_target=80), "sl_target"),
        (dict(max_occupancy=0), "max_occupancy"),
        (dict(shrinkage=1.0), "shrinkage"),
        (dict(mean_patience_s=0), "mean_patience_s"),
        (dict(mean_patience_s=1e7), "mean_patience_s"),
        (dict(channel=Channel.EMAIL), "response_deadline_min"),
        (dict(channel=Channel.CHAT, chat_concurrency=0), "chat_concurrency"),
        (dict(channel="fax"), "channel"),
        (dict(sl_seconds=float("nan")), "sl_seconds"),
    ])
    def test_targets_name_queue_and_field(self, kwargs, field):
        args = dict(queue_id="sales", channel=Channel.VOICE) | kwargs
        with pytest.raises(StaffingInputError, match=rf"queue 'sales', {field}"):
            QueueTargets(**args)

    @pytest.mark.parametrize("volume, aht, message", [
        ([1, -2], [60, 60], r"volume: interval 1"),
        ([1, 2], [60, np.nan], r"aht_s: interval 1"),
        ([1, 2], [60], r"aht_s: 1 values for 2"),
        ([3], [0], r"aht_s: interval 0: 3.0 contacts with AHT 0"),
    ])
    def test_forecast_errors_name_the_interval(self, volume, aht, message):
        with pytest.raises(StaffingInputError, match=message):
            compute_requirement(QueueTargets("sales", Channel.VOICE), forecast(volume, aht))
