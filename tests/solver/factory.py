"""Tiny hand-made problems for the solver tests."""

from __future__ import annotations

from solver.problem import Agent, Contract, Horizon, Problem, Queue, ShiftRule, SiteCalendar, Skill, Weights
from solver.rules import ARBZG

IM = 15
DAY = 96


def horizon(n_days: int = 7) -> Horizon:
    return Horizon(IM, n_days * DAY, (SiteCalendar("s1", tuple(d * DAY for d in range(n_days + 1)), frozenset({5, 6})),))


def flat_queue(n: int, req: int = 1, qid: str = "q1", hours: tuple[int, int] = (8, 20), values=(1.0, 0.6, 0.3)) -> Queue:
    required = []
    marg = []
    for t in range(n):
        h = (t % DAY) / 4
        if hours[0] <= h < hours[1]:
            required.append(req)
            marg.append(tuple(values))
        else:
            required.append(0)
            marg.append(())
    return Queue(qid, tuple(required), tuple(marg))


def agent(aid: str, n: int, skills=("q1",), contract: Contract | None = None, rule: ShiftRule | None = None, **kw) -> Agent:
    return Agent(
        aid,
        "s1",
        tuple(Skill(s) for s in skills),
        kw.pop("available", (True,) * n),
        contract or Contract(min_week_min=0, max_week_min=40 * 60),
        rule or ShiftRule(7 * 60, 12 * 60, 60, (8 * 60, 8 * 60 + 30)),
        kw.pop("break_rules", ARBZG),
        **kw,
    )


def problem(n_days: int = 7, agents=None, queues=None, **kw) -> Problem:
    h = horizon(n_days)
    n = h.n_intervals
    return Problem(
        h,
        tuple(queues if queues is not None else (flat_queue(n),)),
        tuple(agents if agents is not None else (agent("a1", n), agent("a2", n))),
        weights=kw.pop("weights", Weights()),
        **kw,
    )


def params(det_limit: float = 0.5):
    """One worker, fixed seed, a deterministic limit (about 5-10 s of wall time per unit here); wall cap 30 s."""
    from solver.solve import SolveParams

    return SolveParams(time_limit_s=30, workers=1, seed=1, deterministic_time_limit=det_limit)


def solved(p: Problem, det_limit: float = 0.5):
    from solver.solve import solve

    res = solve(p, params(det_limit))
    assert res.plan is not None, res.explanation
    return res.plan


def fixed_rule(start_h: float, length_h: float) -> ShiftRule:
    m = int(start_h * 60)
    return ShiftRule(m, m, 60, (int(length_h * 60),))
