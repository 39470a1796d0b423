"""Compiled Erlang kernels against their plain-Python twins, and the properties the staffing relies on."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ext import erlang
from ext import reference

KERNELS = pytest.mark.parametrize("kernel", [erlang, reference], ids=["compiled", "twin"])
SAME = dict(rtol=1e-9, atol=1e-12)


def arr(*values) -> np.ndarray:
    return np.array(values, dtype=float)


@st.composite
def intervals(draw, max_size: int = 6):
    """Per-second arrival rates and handle times with loads up to ~150 Erlangs, some zero-call intervals."""
    size = draw(st.integers(1, max_size))
    rate = draw(st.lists(st.one_of(st.just(0.0), st.floats(0.0005, 0.5)), min_size=size, max_size=size))
    aht = draw(st.lists(st.floats(20.0, 600.0), min_size=size, max_size=size))
    lam, h = np.array(rate), np.array(aht)
    load = lam * h
    agents = np.array([draw(st.integers(0, int(a * 1.6) + 5)) for a in load], dtype=float)
    patience = np.array(draw(st.lists(st.floats(5.0, 3600.0), min_size=size, max_size=size)))
    answer = np.array(draw(st.lists(st.sampled_from([0.0, 10.0, 20.0, 60.0, 300.0]), min_size=size,
                                    max_size=size)))
    return lam, h, agents, patience, answer


DETERMINISTIC = settings(derandomize=True, max_examples=60, deadline=None)


@DETERMINISTIC
@given(intervals())
def test_compiled_metrics_equal_the_twin(case):
    lam, aht, agents, patience, answer = case
    load = lam * aht
    np.testing.assert_allclose(erlang.erlang_b(load, agents), reference.erlang_b(load, agents), **SAME)
    np.testing.assert_allclose(erlang.erlang_c(load, agents), reference.erlang_c(load, agents), **SAME)
    np.testing.assert_allclose(erlang.erlang_c_service_level(lam, aht, agents, answer),
                               reference.erlang_c_service_level(lam, aht, agents, answer), **SAME)
    np.testing.assert_allclose(erlang.erlang_c_asa(lam, aht, agents), reference.erlang_c_asa(lam, aht, agents),
                               **SAME)
    np.testing.assert_allclose(erlang.erlang_c_occupancy(load, agents),
                               reference.erlang_c_occupancy(load, agents), **SAME)
    compiled = erlang.erlang_a(lam, aht, patience, agents, answer)
    twin = reference.erlang_a(lam, aht, patience, agents, answer)
    for name in compiled._fields:
        np.testing.assert_allclose(getattr(compiled, name), getattr(twin, name), err_msg=name, **SAME)
    np.testing.assert_allclose(erlang.erlang_c_service_level_curve(lam, aht, answer, 12),
                               reference.erlang_c_service_level_curve(lam, aht, answer, 12), **SAME)
    np.testing.assert_allclose(erlang.erlang_a_service_level_curve(lam, aht, patience, answer, 12),
                               reference.erlang_a_service_level_curve(lam, aht, patience, answer, 12), **SAME)


@DETERMINISTIC
@given(intervals(), st.sampled_from([0.0, 0.5, 0.8, 0.95]), st.sampled_from([0.7, 0.85, 1.0]),
       st.sampled_from([math.inf, 15.0, 60.0]), st.sampled_from([1.0, 0.05]))
def test_compiled_agents_needed_equals_the_twin_and_is_minimal(case, sl, occ, asa, abandon):
    lam, aht, _, patience, answer = case
    n = lam.size
    targets = [np.full(n, sl), np.full(n, asa), np.full(n, occ)]
    c = erlang.erlang_c_agents(lam, aht, answer, *targets)
    np.testing.assert_array_equal(c, reference.erlang_c_agents(lam, aht, answer, *targets))
    a = erlang.erlang_a_agents(lam, aht, patience, answer, *targets, np.full(n, abandon))
    np.testing.assert_array_equal(a, reference.erlang_a_agents(lam, aht, patience, answer, *targets,
                                                               np.full(n, abandon)))

    def meets_c(agents):
        return ((erlang.erlang_c_service_level(lam, aht, agents, answer) >= sl * (1 - 1e-9))
                & (erlang.erlang_c_asa(lam, aht, agents) <= asa * (1 + 1e-9))
                & (agents > lam * aht) & (lam * aht / np.maximum(agents, 1) <= occ * (1 + 1e-9)))

    def meets_a(agents):
        m = erlang.erlang_a(lam, aht, patience, agents, answer)
        return ((m.service_level >= sl * (1 - 1e-9)) & (m.asa <= asa * (1 + 1e-9))
                & (m.occupancy <= occ * (1 + 1e-9)) & (m.p_abandon <= abandon * (1 + 1e-9)))

    busy = lam > 0
    assert meets_c(c.astype(float))[busy].all()
    assert not meets_c(np.maximum(c - 1, 0).astype(float))[busy & (c > 0)].any()
    assert meets_a(a.astype(float))[busy].all()
    assert not meets_a(np.maximum(a - 1, 0).astype(float))[busy & (a > 1)].any()  # 1 is the floor with calls
    assert (c[~busy] == 0).all() and (a[~busy] == 0).all()


@DETERMINISTIC
@given(intervals(max_size=3))
def test_service_level_rises_with_agents(case):
    lam, aht, _, patience, answer = case
    for curve in (erlang.erlang_c_service_level_curve(lam, aht, answer, 60),
                  erlang.erlang_a_service_level_curve(lam, aht, patience, answer, 60)):
        assert np.all(np.diff(curve, axis=1) >= -1e-12)
        assert np.all((curve >= 0) & (curve <= 1))


@DETERMINISTIC
@given(intervals(max_size=3))
def test_erlang_a_waiting_and_abandonment_fall_with_agents(case):
    lam, aht, _, patience, answer = case
    rows = [erlang.erlang_a(lam, aht, patience, np.full(lam.size, float(n)), answer) for n in range(0, 40)]
    for name in ("p_wait", "p_abandon", "asa"):
        values = np.array([getattr(m, name) for m in rows])
        assert np.all(np.diff(values, axis=0) <= 1e-12), name


@KERNELS
def test_erlang_a_tends_to_erlang_c_as_patience_grows(kernel):
    lam, aht, answer = arr(10 / 180, 10 / 180, 1.0), arr(180.0, 180.0, 240.0), arr(20.0, 60.0, 20.0)
    agents = arr(14.0, 12.0, 260.0)
    c_sl = kernel.erlang_c_service_level(lam, aht, agents, answer)
    c_wait = kernel.erlang_c(lam * aht, agents)
    c_asa = kernel.erlang_c_asa(lam, aht, agents)
    gaps = []
    for patience in (1e3, 1e5, 1e7):
        m = kernel.erlang_a(lam, aht, np.full(3, patience), agents, answer)
        gaps.append(max(np.max(np.abs(m.service_level - c_sl)), np.max(np.abs(m.p_wait - c_wait))))
    assert gaps[0] > 50 * gaps[1] > 2500 * gaps[2] and gaps[2] < 1e-4      # gap shrinks like AHT / patience
    np.testing.assert_allclose(kernel.erlang_a(lam, aht, np.full(3, 1e8), agents, answer).asa, c_asa, rtol=1e-4)
    infinite = kernel.erlang_a(lam, aht, np.full(3, math.inf), agents, answer)
    np.testing.assert_allclose(infinite.service_level, c_sl, rtol=1e-12)


@KERNELS
def test_a_flooded_national_hotline_stays_finite(kernel):
    """5,000 Erlangs and up to 10,000 agents: no overflow, no NaN, sensible limits."""
    agents = arr(4000.0, 5000.0, 5001.0, 5100.0, 6000.0, 10000.0)
    size = agents.size
    lam, aht = np.full(size, 5000 / 300), np.full(size, 300.0)
    load = lam * aht
    b = kernel.erlang_b(load, agents)
    c = kernel.erlang_c(load, agents)
    sl = kernel.erlang_c_service_level(lam, aht, agents, np.full(size, 20.0))
    assert np.isfinite(b).all() and np.isfinite(c).all() and np.isfinite(sl).all()
    assert c[0] == 1.0 and c[1] == 1.0 and 0.0 < c[2] < 1.0 and c[-1] == 0.0 and sl[-1] == 1.0
    for patience in (30.0, 300.0, 3600.0):
        m = kernel.erlang_a(lam, aht, np.full(size, patience), agents, np.full(size, 20.0))
        for name in m._fields:
            assert np.isfinite(getattr(m, name)).all(), (patience, name)
        assert m.p_abandon[0] == pytest.approx(0.2, abs=0.01)      # 4,000 of 5,000 Erlangs get served
        assert np.all(np.diff(m.service_level) >= 0)
    one = np.ones(1)
    need_c = kernel.erlang_c_agents(one * 5000 / 300, one * 300, one * 20, one * 0.8, one * math.inf, one)
    need_a = kernel.erlang_a_agents(one * 5000 / 300, one * 300, one * 300, one * 20, one * 0.8, one * math.inf,
                                    one, one)
    assert 5000 < need_c[0] < 5100 and 4500 < need_a[0] <= need_c[0]


@KERNELS
def test_zero_calls_need_zero_agents(kernel):
    zero, aht, t = arr(0.0, 0.0), arr(180.0, 0.0), arr(20.0, 20.0)
    targets = [arr(0.8, 1.0), arr(math.inf, 5.0), arr(0.85, 0.5)]
    assert kernel.erlang_c_agents(zero, aht, t, *targets).tolist() == [0, 0]
    assert kernel.erlang_a_agents(zero, aht, arr(60.0, 60.0), t, *targets, arr(0.05, 0.01)).tolist() == [0, 0]
    m = kernel.erlang_a(zero, aht, arr(60.0, 60.0), arr(0.0, 3.0), t)
    assert m.service_level.tolist() == [1.0, 1.0] and m.p_wait.tolist() == [0.0, 0.0]
    assert kernel.erlang_c_service_level(zero, aht, arr(0.0, 2.0), t).tolist() == [1.0, 1.0]


@KERNELS
def test_rounding_does_not_add_an_agent_for_float_noise(kernel):
    assert 2.1 / 0.7 > 3 and 17.85 / 0.85 > 21                              # the float noise is real
    got = kernel.ceil_agents(arr(2.1 / 0.7, 17.85 / 0.85, 21.000000001, 20.5, 0.0, 14 / (1 - 0.3)))
    assert got.tolist() == [3, 21, 21, 21, 0, 20]
    # occupancy alone decides: A = 17.85 Erlangs at most 85 % busy is 21 agents, not 22
    lam, aht = arr(17.85 / 300), arr(300.0)
    got = kernel.erlang_c_agents(lam, aht, arr(20.0), arr(0.0), arr(math.inf), arr(0.85))
    assert got.tolist() == [21]
    # near-instant abandonment: occupancy counts served calls only, so fewer agents reach 85 %
    got = kernel.erlang_a_agents(lam, aht, arr(1e-3), arr(20.0), arr(0.0), arr(math.inf), arr(0.85), arr(1.0))
    occupancy = [kernel.erlang_a(lam, aht, arr(1e-3), arr(float(n)), arr(20.0)).occupancy[0] for n in range(1, 30)]
    assert got.tolist() == [1 + next(i for i, occ in enumerate(occupancy) if occ <= 0.85 * (1 + 1e-9))]


@KERNELS
def test_unstable_erlang_c_reports_no_service(kernel):
    lam, aht = arr(10 / 180, 10 / 180), arr(180.0, 180.0)
    agents = arr(10.0, 9.0)
    assert kernel.erlang_c(lam * aht, agents).tolist() == [1.0, 1.0]
    assert kernel.erlang_c_service_level(lam, aht, agents, arr(20.0, 20.0)).tolist() == [0.0, 0.0]
    assert np.isinf(kernel.erlang_c_asa(lam, aht, agents)).all()
    assert kernel.erlang_c_occupancy(lam * aht, agents).tolist() == [1.0, 1.0]


@KERNELS
@pytest.mark.parametrize("bad, message", [
    (dict(rate=arr(1.0, 2.0)), "length"),
    (dict(rate=arr(math.nan)), "NaN"),
    (dict(aht=arr(-1.0)), "negative"),
    (dict(sl=arr(1.5)), "sl_target"),
    (dict(asa=arr(0.0)), "max_asa"),
    (dict(occ=arr(0.0)), "max_occupancy"),
])
def test_bad_input_names_the_argument(kernel, bad, message):
    args = dict(rate=arr(0.1), aht=arr(180.0), t=arr(20.0), sl=arr(0.8), asa=arr(math.inf), occ=arr(0.85))
    args.update(bad)
    with pytest.raises(ValueError, match=message):
        kernel.erlang_c_agents(args["rate"], args["aht"], args["t"], args["sl"], args["asa"], args["occ"])


def test_compiled_and_twin_expose_the_same_functions_and_signatures():
    import inspect

    from ext import _reference_erlang

    assert erlang.__all__ == _reference_erlang.__all__
    for name in erlang.__all__:
        compiled, twin = getattr(erlang, name), getattr(reference, name)
        if inspect.isfunction(twin):
            assert list(inspect.signature(compiled).parameters) == list(inspect.signature(twin).parameters), name
    assert erlang.RTOL == reference.RTOL


@KERNELS
def test_fractional_agents_are_rejected(kernel):
    with pytest.raises(ValueError, match="agents: not a whole number"):
        kernel.erlang_c(arr(10.0), arr(14.5))


def test_compiled_equals_the_twin_on_a_flooded_line():
    agents = arr(0.0, 1.0, 4000.0, 4999.0, 5001.0, 5100.0, 10000.0)
    size = agents.size
    lam, aht, answer = np.full(size, 5000 / 300), np.full(size, 300.0), np.full(size, 20.0)
    for patience in (30.0, 600.0, math.inf):
        compiled = erlang.erlang_a(lam, aht, np.full(size, patience), agents, answer)
        twin = reference.erlang_a(lam, aht, np.full(size, patience), agents, answer)
        for name in compiled._fields:
            np.testing.assert_allclose(getattr(compiled, name), getattr(twin, name), err_msg=name, **SAME)
    one = np.ones(1)
    targets = (one * 20, one * 0.8, one * 15, one * 0.9)
    assert erlang.erlang_c_agents(one * 5000 / 300, one * 300, *targets) == \
        reference.erlang_c_agents(one * 5000 / 300, one * 300, *targets)
    assert erlang.erlang_a_agents(one * 5000 / 300, one * 300, one * 120, *targets, one * 0.02) == \
        reference.erlang_a_agents(one * 5000 / 300, one * 300, one * 120, *targets, one * 0.02)
