"""`scheduler tui`: the planner's terminal. Textual is imported only when the command runs."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from scheduler.cli.options import DbOption, fail, open_or_fail


def command(db: DbOption = None) -> None:
    """Open the planner's terminal: agents, availability, staffing, solve and plan screens."""
    try:
        engine = open_or_fail(db)
    except SQLAlchemyError as exc:  # e.g. an unknown driver in the URL
        fail(f"cannot open database {db!r}: {exc}")
    from scheduler.planning.manual_check import check_stored_plan
    from scheduler.tui.app import SchedulerApp

    SchedulerApp(engine, check_manual_edit=check_stored_plan).run()
