import dataclasses

from solver.check import check_plan
from solver.solve import SolveParams, StopHandle, solve
from tests.solver.factory import agent, params, problem


def _problem():
    p = problem(n_days=3)
    n = p.horizon.n_intervals
    return dataclasses.replace(p, agents=tuple(agent(f"a{i}", n) for i in range(3)))


def test_progress_reports_objective_bound_time_and_count():
    seen = []
    res = solve(_problem(), params(0.3), on_progress=seen.append)
    assert res.plan is not None and seen
    counts = sorted({x.solutions for x in seen})  # a report of a better bound alone repeats the count
    assert counts == list(range(1, len(counts) + 1)) and [x.solutions for x in seen] == sorted(x.solutions for x in seen)
    assert all(x.bound <= x.objective + 1e-6 for x in seen)
    assert res.plan.stats.solutions == counts[-1]
    assert res.plan.stats.first_solution_s is not None


def test_stop_returns_the_best_plan_so_far():
    stop = StopHandle()
    p = _problem()
    res = solve(p, SolveParams(time_limit_s=60, workers=1, seed=1), on_progress=lambda _: stop.stop(), stop=stop)
    assert res.plan is not None
    assert res.plan.stats.stopped and res.plan.stats.wall_s < 30
    assert check_plan(p, res.plan) == []


def test_previous_plan_hints_the_next_solve():
    p = _problem()
    first = solve(p, params(0.3)).plan
    again = solve(p, params(0.3), previous=first).plan
    assert check_plan(p, again) == []
    assert again.stats.objective <= first.stats.objective + 1e-6


def test_stop_before_any_solution_still_returns_a_checked_plan():
    stop = StopHandle()
    stop.stop()
    p = _problem()
    res = solve(p, params(0.3), stop=stop)
    assert res.plan is not None and res.plan.stats.stopped
    assert check_plan(p, res.plan) == []


def test_a_short_search_claims_optimality_only_when_it_is_proven():
    """The warm start may be the only plan when CP-SAT's own search ends without a status; its bound is then
    no bound (+inf) and must not make the warm start "optimal"."""
    from tests.solver.test_properties import random_problem

    for seed in (0, 1, 3):
        p = random_problem(seed)
        best = solve(p, params(2.0)).plan.stats.objective
        for det in (0.003, 0.01):
            st = solve(p, dataclasses.replace(params(det), hint_share=0.9)).plan.stats
            if st.status == "OPTIMAL":
                assert st.objective == best, (seed, det)
            if st.status in ("OPTIMAL", "FEASIBLE"):
                assert st.bound <= st.objective and st.bound <= best


def test_the_lagrangian_bound_is_reported_as_it_rises():
    """CP-SAT alone leaves this plan with no useful bound; the Lagrangian bound's progress reaches the caller
    as it rises (same plan, same count), and the last report is the bound the plan carries."""
    from tests.solver.test_properties import random_problem

    seen = []
    stats = solve(random_problem(0), params(0.2), on_progress=seen.append).plan.stats
    assert stats.status == "FEASIBLE"
    bounds = [x.bound for x in seen]
    assert bounds[-1] == stats.bound and bounds == sorted(bounds)
    rising = [x for x, before in zip(seen[1:], seen) if x.bound > before.bound]
    assert rising and all(x.objective == stats.objective and x.solutions == stats.solutions for x in rising)


def test_bound_reports_are_throttled_but_the_last_one_is_never_lost():
    from solver.solve import _Best

    seen = []
    best = _Best(seen.append)
    best.raise_bound(-50.0)  # no plan yet: nothing to report against
    best.offer([0], 100.0)
    best.raise_bound(10.0)
    best.raise_bound(20.0)  # within a second of the last report: held back
    best.raise_bound(15.0)  # not better: ignored
    assert [x.bound for x in seen] == [-50.0, 10.0]
    best.raise_bound(20.0, last=True)
    best.raise_bound(20.0, last=True)  # already said
    assert [x.bound for x in seen] == [-50.0, 10.0, 20.0]
    best.raise_bound(500.0, last=True)  # above the plan (a bug elsewhere): never shown above the objective
    assert seen[-1].bound == 100.0


def test_the_warm_start_s_first_plan_is_reported_before_its_completion_ends(monkeypatch):
    """The completed warm start takes a quarter of the time limit; its first step's plan exists long before
    (11 s earlier on the demo centre), and the planner watching the progress hears of it at once."""
    import solver.solve as solve_module

    events = []
    completion = solve_module.complete_hint

    def timed(*args, **kwargs):
        got = completion(*args, **kwargs)
        events.append("completion ended")
        return got

    monkeypatch.setattr(solve_module, "complete_hint", timed)
    res = solve(_problem(), params(0.3), on_progress=lambda x: events.append(("progress", x.solutions)))
    assert res.plan is not None
    assert events.index(("progress", 1)) < events.index("completion ended")
