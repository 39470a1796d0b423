"""The planning service's public types, shared by `scheduler.planning.run` and its callers (CLI, TUI).

They live apart from `run.py` so a caller can build options and a stop handle without importing the
solver, and so a test double can honour the same contract as the real runner.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SolveOptions:
    start: date
    weeks: int = 1
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    hint_plan_id: int | None = None


@dataclass(frozen=True)
class SolveProgress:
    elapsed_s: float
    objective: float
    bound: float
    gap: float
    solutions: int

    @property
    def bound_known(self) -> bool:
        """False until a bound worth reading exists: early in a solve CP-SAT's own bound is often thousands of
        per cent away, and the Lagrangian bound arrives later (printing that gap would only mislead)."""
        return math.isfinite(self.gap) and self.gap <= 1.0


class StopHandle:
    """Thread-safe: `stop()` from any thread makes the running solve return its best plan so far."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def stop(self) -> None:
        self._event.set()

    @property
    def stopped(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout_s: float) -> bool:
        """Sleep up to `timeout_s`, waking early when stopped; True when stopped."""
        return self._event.wait(timeout_s)


@dataclass(frozen=True)
class SolveOutcome:
    plan_id: int | None
    status: str
    summary_lines: tuple[str, ...]
    message: str
