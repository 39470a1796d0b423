"""A blocking solve ended from a watcher thread once the stop handle says so."""

from __future__ import annotations

import threading
import time

from solver.curtois.watch import until_stopped


def test_a_stop_interrupts_the_solve_and_its_result_comes_back():
    interrupted = threading.Event()
    began = time.perf_counter()
    got = until_stopped(lambda: interrupted.wait(30) and "interrupted", interrupted.set,
                        lambda: time.perf_counter() > began + 0.3, "test-watch")
    assert got == "interrupted" and time.perf_counter() - began < 5


def test_without_a_stop_the_solve_runs_to_its_end_untouched():
    calls = []
    assert until_stopped(lambda: 42, lambda: calls.append("interrupt"), lambda: False, "test-watch") == 42
    assert not calls
    assert not any(t.name == "test-watch" for t in threading.enumerate())  # the watcher is gone
