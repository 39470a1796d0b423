"""The day-level builders on a Curtois-style instance: one option per shift type and day, no intra-day model."""

from ortools.sat.python import cp_model

from solver import rule_ids as R
from solver.constraints.contracts import add_contracts, add_max_shifts_per_type, add_minutes_per_horizon
from solver.constraints.preferences import add_shift_requests
from solver.constraints.rest import add_forbidden_successions
from solver.day_context import DayAgent, DayContext, DayShift
from solver.problem import Contract

SHIFTS = {"E": (6 * 60, 480), "L": (14 * 60, 480)}
FORBIDDEN = {("L", "E")}  # a late shift may not be followed by an early one


def _ctx(n_days=7, contract=Contract(max_week_min=10_000, max_days_per_week=7, max_consecutive_days=3, min_rest_min=0)):
    m = cp_model.CpModel()
    options = []
    for d in range(n_days):
        day = []
        for sid, (start, length) in SHIFTS.items():
            lit = m.new_bool_var(f"x[{d},{sid}]")
            day.append(DayShift(lit, d, d * 1440 + start, d * 1440 + start + length, length, sid, start, start + length))
        options.append(day)
    ctx = DayContext(m, [DayAgent("n1", contract, options)], [frozenset({5, 6})], n_days)
    return m, ctx


def _solve(m):
    s = cp_model.CpSolver()
    s.parameters.num_workers = 1
    assert s.solve(m) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return s


def test_forbidden_succession_max_consecutive_and_type_limits():
    m, ctx = _ctx()
    add_contracts(ctx)
    add_forbidden_successions(ctx, lambda a, o1, o2: (o1.type_id, o2.type_id) in FORBIDDEN, R.REST_MIN_BETWEEN_SHIFTS)
    add_max_shifts_per_type(ctx, [{"L": 2}])
    add_minutes_per_horizon(ctx, [(5 * 480, 5 * 480)])
    m.maximize(sum(ctx.day_agents[0].works))
    s = _solve(m)
    roster = [next((o.type_id for o in day if s.value(o.lit)), None) for day in ctx.day_agents[0].options]
    assert sum(x is not None for x in roster) == 5
    assert sum(x == "L" for x in roster) <= 2
    assert not any(a == "L" and b == "E" for a, b in zip(roster, roster[1:]))
    assert all(not all(roster[i + k] for k in range(4)) for i in range(len(roster) - 3))


def test_shift_off_request_penalised_by_its_weight():
    m, ctx = _ctx()
    add_minutes_per_horizon(ctx, [(7 * 480, 7 * 480)])  # must work every day
    pens = add_shift_requests(ctx, [(0, 2, None, False, 3.0)])
    m.minimize(sum(p.coef * p.expr for p in pens))
    s = _solve(m)
    assert s.value(pens[0].expr) == 1 and pens[0].coef == 3000
