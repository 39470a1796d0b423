"""A blocking solve that a stop handle can end early: CP-SAT and SCIP take an interrupt from another thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

POLL_S = 0.2  # how often the watcher looks at the stop handle

T = TypeVar("T")


def until_stopped(solve: Callable[[], T], interrupt: Callable[[], None], stop: Callable[[], bool], name: str) -> T:
    """`solve()`, with `interrupt()` called from a watcher thread named `name` once `stop()` is true."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(POLL_S):
            if stop():
                interrupt()
                return

    watcher = threading.Thread(target=watch, name=name, daemon=True)
    watcher.start()
    try:
        return solve()
    finally:
        done.set()
        watcher.join()
