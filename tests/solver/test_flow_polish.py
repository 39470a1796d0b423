"""The exact queue assignment for fixed shifts: it scores flows as the model does, never worsens them,
and without weekly targets or deferred queues finds the model's own optimum for the shifts."""

import dataclasses
import random

import pytest
from ortools.sat.python import cp_model

from solver.flow_polish import FlowPolish, decision_values, polish, polished_flows
from solver.problem import Campaign, Skill
from solver.solve import build_model
from solver.warm_start import solve_fixed
from tests.solver.constraints.test_coverage import _two_queue_problem
from tests.solver.test_properties import random_problem


def _some_solution(ctx) -> list[int]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 3
    solver.parameters.stop_after_first_solution = True
    solver.parameters.max_deterministic_time = 5.0
    assert solver.solve(ctx.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return list(solver.response_proto.solution)


def _objective_with(ctx, values, flows: dict[int, int] | None) -> float:
    """The model's optimum with the decisions of `values` fixed, and the flows too unless `flows` is None."""
    fixed = decision_values(ctx, values)
    if flows is not None:
        fixed.update(flows)
    solver = solve_fixed(ctx, fixed, dict(enumerate(values)), 30.0, 0, 20.0, None, 1, first_only=False, gap=0.0)
    assert solver is not None and solver.response_proto.status == cp_model.OPTIMAL
    return solver.objective_value


def _with_campaign(p, rng: random.Random):
    """Half of the random centres get an outbound campaign that some agents may call for."""
    if rng.random() < 0.5:
        return p
    n = p.horizon.n_intervals
    camp = Campaign("outbound", rng.choice([60, 240, 600]), tuple(rng.random() < 0.7 for _ in range(n)))
    agents = tuple(dataclasses.replace(a, skills=a.skills + (Skill("outbound"),)) if i % 2 == 0 else a
                   for i, a in enumerate(p.agents))
    return dataclasses.replace(p, agents=agents, campaigns=(camp,))


def test_an_agent_on_the_cheaper_queue_is_moved_to_the_dearer_one():
    p = _two_queue_problem(v1=1.0, v2=0.3)
    ctx = build_model(p)
    values = _some_solution(ctx)
    for (g, sid, t), var in ctx.flows.flow.items():  # everyone on q2, the queue worth less
        values[var.index] = 1 if sid == "q2" and values[ctx.agent_vars[0].on[t].index] else 0
    new, score, given = polished_flows(ctx, values)
    assert all(new[var.index] == (sid == "q1") for (g, sid, t), var in ctx.flows.flow.items() if values[ctx.agent_vars[0].on[t].index])
    assert given - score == pytest.approx(16 * (1.0 - 0.3) * 1000)
    got = polish(ctx, values, 10.0, deterministic_limit=5.0, workers=1)
    assert got is not None and got[1] == _objective_with(ctx, values, None)


@pytest.mark.parametrize("seed", range(10))
def test_the_score_is_the_models_objective_for_flows_and_the_polish_never_loses(seed):
    p = _with_campaign(random_problem(seed), random.Random(seed))
    ctx = build_model(p)
    values = _some_solution(ctx)
    found = polished_flows(ctx, values)
    if found is None:  # nobody can work: nothing to assign
        return
    new, score, given = found
    assert score <= given
    before = _objective_with(ctx, values, {v.index: values[v.index] for v in ctx.flows.flow.values()})
    after = _objective_with(ctx, values, new)
    assert after - before == pytest.approx(score - given)


@pytest.mark.parametrize("seed", range(8))
def test_without_targets_or_deferred_queues_the_flow_is_the_models_optimum_for_the_shifts(seed):
    p = random_problem(seed)
    live = tuple(dataclasses.replace(q, targets=(), deferred=None) for q in p.queues)
    p = _with_campaign(dataclasses.replace(p, queues=live), random.Random(seed))
    ctx = build_model(p)
    values = _some_solution(ctx)
    found = polished_flows(ctx, values)
    if found is None:
        return
    assert _objective_with(ctx, values, found[0]) == _objective_with(ctx, values, None)


def test_the_network_keeps_deferred_flows_as_given():
    p = random_problem(3)
    assert any(q.deferred is not None for q in p.queues)
    ctx = build_model(p)
    values = _some_solution(ctx)
    net = FlowPolish(ctx, values)
    deferred = {q.queue_id for q in p.queues if q.deferred is not None}
    kept = {var.index for (g, sid, t), var in ctx.flows.flow.items() if sid in deferred}
    assert set(net.fixed) == kept and all(net.fixed[i] == values[i] for i in kept)
