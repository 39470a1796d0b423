"""`scheduler tui`: the planner's terminal. Textual is imported only when the command runs."""

from __future__ import annotations

from scheduler.cli.options import DbOption, open_or_fail


def command(db: DbOption = None) -> None:
    """Open the planner's terminal: agents, availability, staffing, solve and plan screens."""
    engine = open_or_fail(db)
    from scheduler.tui.app import SchedulerApp

    SchedulerApp(engine).run()
