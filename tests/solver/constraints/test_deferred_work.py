"""Deferred work (e-mail, back-office): valued by the contacts finished by their deadline."""

from __future__ import annotations

import dataclasses

import pytest

from solver import rule_ids as R
from solver.check import check_plan
from solver.problem import DeferredWork, Queue, ShiftRule
from tests.solver.factory import DAY, agent, problem, solved


def _mail(n: int, arrivals: dict[int, tuple[float, float, int]]) -> Queue:
    """arrivals: interval -> (contacts, work in agent-intervals, due interval)."""
    contacts, work, due = [0.0] * n, [0.0] * n, list(range(n))
    for s, (c, w, d) in arrivals.items():
        contacts[s], work[s], due[s] = c, w, d
    return Queue("mail", (0,) * n, ((),) * n, over_staff_cost_per_agent_interval=0.0,
                 deferred=DeferredWork(tuple(contacts), tuple(work), tuple(due)))


def _one_agent(arrivals, starts=(8, 14)):
    p = problem(n_days=1)
    n = p.horizon.n_intervals
    rule = ShiftRule(starts[0] * 60, starts[-1] * 60, (starts[-1] - starts[0]) * 60 or 60, (4 * 60,))
    return dataclasses.replace(p, queues=(_mail(n, arrivals),), agents=(agent("a1", n, skills=("mail",), rule=rule),))


def test_mail_is_worked_inside_its_deadline_window_and_nothing_is_lost():
    # 8 e-mails worth 4 agent-intervals arrive at 08:00, due by 12:00: only the morning shift is on time
    p = _one_agent({8 * 4: (8.0, 4.0, 12 * 4 - 1)})
    plan = solved(p)
    (shift,) = plan.agents[0].shifts
    assert shift.start == 8 * 4
    assert plan.penalty(R.COVERAGE_UNDER_SERVICE_VALUE) == pytest.approx(0.0, abs=0.01)
    assert check_plan(p, plan) == []


def test_too_little_capacity_loses_the_contacts_that_cannot_be_on_time():
    # 20 agent-intervals of work due within 4 intervals: one agent finishes 4/20 of it on time
    p = _one_agent({8 * 4: (40.0, 20.0, 8 * 4 + 3)})
    plan = solved(p)
    assert plan.penalty(R.COVERAGE_UNDER_SERVICE_VALUE) == pytest.approx(40.0 * 16 / 20, rel=0.005)  # integer value per work unit


def test_night_mail_due_in_the_morning_is_worked_in_the_morning():
    # mail arriving at 02:00 (nobody works then) is due by 10:00 on the business-hours clock
    p = _one_agent({2 * 4: (6.0, 3.0, 10 * 4 - 1)}, starts=(7, 14))
    plan = solved(p)
    assert plan.agents[0].shifts[0].start == 7 * 4
    assert sum(plan.coverage[0].staffed[7 * 4 : 10 * 4]) >= 3
    assert plan.penalty(R.COVERAGE_UNDER_SERVICE_VALUE) == pytest.approx(0.0, abs=0.01)


def test_deferred_work_must_match_the_horizon_and_never_be_due_before_it_arrives():
    p = _one_agent({8 * 4: (1.0, 1.0, 8 * 4)})
    n = p.horizon.n_intervals
    bad = dataclasses.replace(p.queues[0], deferred=DeferredWork((0.0,) * n, (0.0,) * n, (0,) * n))
    with pytest.raises(ValueError, match="due no earlier"):
        dataclasses.replace(p, queues=(bad,)).validate()
    short = dataclasses.replace(p.queues[0], deferred=DeferredWork((0.0,), (0.0,), (0,)))
    with pytest.raises(ValueError, match=f"{DAY} entries"):
        dataclasses.replace(p, queues=(short,)).validate()
