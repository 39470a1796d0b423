"""How the Solve screen runs the planning service: an injectable callable with the signature of
`scheduler.planning.run.solve_and_store`, imported lazily so the TUI starts without the solver."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy.engine import Engine

from scheduler.planning.api import SolveOptions, SolveOutcome, SolveProgress, StopHandle


class SolveRunner(Protocol):
    def __call__(self, engine: Engine, options: SolveOptions,
                 on_progress: Callable[[SolveProgress], None] | None = None,
                 stop: StopHandle | None = None) -> SolveOutcome: ...


class RunnerUnavailable(RuntimeError):
    """The planning service is not part of this build."""


def default_runner(engine: Engine, options: SolveOptions,
                   on_progress: Callable[[SolveProgress], None] | None = None,
                   stop: StopHandle | None = None) -> SolveOutcome:
    try:
        from scheduler.planning.run import solve_and_store
    except ModuleNotFoundError as exc:
        if exc.name not in ("scheduler.planning.run", "scheduler.planning"):
            raise
        raise RunnerUnavailable(
            "The planning service (scheduler.planning.run) is not available in this build, so nothing "
            "can be solved yet. Plans already stored can still be viewed and edited."
        ) from None
    return solve_and_store(engine, options, on_progress=on_progress, stop=stop)
