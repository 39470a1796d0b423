"""Property: every plan the solver returns passes the independent checker, on seeded random centres."""

import dataclasses
import random

import pytest

from solver.check import check_plan
from solver.problem import Activity, Agent, Contract, DeferredWork, Horizon, LockedDay, Preferences, Problem, Queue, ServiceTarget, ShiftRule, SiteCalendar, Skill
from solver.rules import ARBZG, ShortBreak
from solver.solve import solve
from tests.solver.factory import params


def random_problem(seed: int) -> Problem:
    rng = random.Random(seed)
    n_days = rng.choice([2, 3, 7])
    day_len = [rng.choice([92, 96, 96, 100]) for _ in range(n_days)]  # DST days included
    starts = [0]
    for L in day_len:
        starts.append(starts[-1] + L)
    n = starts[-1]
    open_mask = tuple(6 * 4 <= t - max(s for s in starts if s <= t) < 23 * 4 for t in range(n))
    site = SiteCalendar("s", tuple(starts), frozenset(d for d in range(n_days) if d % 7 in (5, 6)), open_mask)
    qids = [f"q{i}" for i in range(rng.randint(1, 3))]
    queues = []
    for q in qids:
        req = tuple(rng.randint(0, 3) if open_mask[t] else 0 for t in range(n))
        marg = tuple(tuple(sorted((rng.uniform(0.1, 2) for _ in range(r + 1)), reverse=True)) if r else () for r in req)
        deferred = None
        if rng.random() < 0.4:  # an e-mail queue: mail around the clock, due within k open intervals
            k = rng.choice([1, 4, 16])
            opened = [t for t in range(n) if open_mask[t]]
            due = tuple(next((o for o in opened if o >= t), n + k) for t in range(n))
            due = tuple(opened[min(opened.index(d) + k - 1, len(opened) - 1)] if d < n else d for d in due)
            contacts = tuple(rng.uniform(0, 3) for _ in range(n))
            deferred = DeferredWork(contacts, tuple(c * rng.uniform(0.2, 0.6) for c in contacts), due)
        queues.append(Queue(q, req, marg, deferred=deferred))
    pack = ARBZG.with_short_breaks(ShortBreak(15, (90, 165), 300)) if rng.random() < 0.5 else ARBZG
    agents = []
    for i in range(rng.randint(1, 5)):
        avail = tuple(rng.random() < 0.9 or t % 96 < 40 for t in range(n))
        avail = tuple(a and not (t // 96 == 1 and i == 0) for t, a in enumerate(avail))
        skills = tuple(Skill(q) for q in rng.sample(qids, rng.randint(1, len(qids))))
        lengths = tuple(sorted(rng.sample([4 * 60, 6 * 60, 8 * 60, 8 * 60 + 30, 10 * 60], 2)))
        rule = ShiftRule(rng.choice([6, 7]) * 60, rng.choice([12, 14, 20]) * 60, rng.choice([30, 60]), lengths)
        contract = Contract(min_week_min=0, max_week_min=rng.choice([20, 40]) * 60, max_days_per_week=rng.randint(3, 5), max_consecutive_days=rng.randint(2, 5))
        prefs = Preferences(start_window_min=(8 * 60, 9 * 60), start_weight_per_shift=rng.random(), days_off=frozenset({0}), days_off_weight_per_day=rng.random())
        locked = (LockedDay(n_days - 1),) if rng.random() < 0.3 else ()
        agents.append(Agent(f"a{i}", "s", skills, avail, contract, rule, pack, prefs, locked))
    acts = ()
    if len(agents) >= 2 and rng.random() < 0.5:
        acts = (Activity("meeting", 2, (agents[0].agent_id, agents[1].agent_id), (0, n)),)
    queues = _with_targets(queues, n, random.Random(seed + 10_000))
    return Problem(Horizon(15, n, (site,)), tuple(queues), tuple(agents), activities=acts)


def _with_targets(queues: list[Queue], n: int, rng: random.Random) -> list[Queue]:
    """Weekly-style service targets on some queues, over the whole horizon or its two halves."""
    out = []
    for q in queues:
        if rng.random() < 0.6:
            cuts = [0, n] if rng.random() < 0.5 else [0, n // 2, n]
            reach = [sum(v) for v in q.marginal_values] if q.deferred is None else list(q.deferred.contacts)
            share = rng.uniform(0.3, 0.95)
            q = dataclasses.replace(q, targets=tuple(ServiceTarget(a, b, share * sum(reach[a:b])) for a, b in zip(cuts, cuts[1:])))
        out.append(q)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_every_plan_passes_the_checker(seed):
    p = random_problem(seed)
    res = solve(p, params(0.3))
    assert res.plan is not None, res.explanation
    assert check_plan(p, res.plan) == []
    for qc in res.plan.coverage:
        assert all(s >= 0 for s in qc.staffed)
    st = res.plan.stats
    if st.objective == st.objective:  # a solved plan (not the unscored greedy fallback)
        assert st.bound <= st.objective and st.gap >= 0
