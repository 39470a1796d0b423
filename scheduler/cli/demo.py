"""`scheduler demo`: the whole product on the demo centre, one numbered step after the other.

history → forecast → requirements → solve (checked) → plan summary and roster → iCal and CSV for agents.
It is the one command that shows the product working; every step prints what it did.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import platformdirs
import typer
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from scheduler.cli.options import DbOption, fail, open_or_fail
from scheduler.storage import models as m


def _step(number: int, title: str) -> None:
    typer.secho(f"\n{number}. {title}", bold=True)


def _centre(engine: Engine) -> None:
    from scheduler.io.demo import DemoError, load_demo
    from scheduler.io.errors import InputErrors

    with Session(engine) as session:
        agents = session.exec(select(func.count()).select_from(m.Agent)).one()
    if agents:
        typer.echo(f"   The database already holds a centre ({agents} agents): planning it as it is.")
        return
    try:
        summary = load_demo(engine)
    except (DemoError, InputErrors) as exc:
        fail(str(exc))
    typer.echo(f"   {summary.describe()}")


def plan_start(engine: Engine) -> date:
    """The Monday after the last day of history (the first week nobody has seen yet)."""
    with Session(engine) as session:
        last = session.exec(select(func.max(m.History.interval_start_utc))).one()
    if last is None:
        fail("the centre has no history to forecast from: import it with `scheduler import history FILE`")
    day = last.date() + timedelta(days=1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _forecast(engine: Engine, start: date, days: int) -> None:
    from scheduler.forecast.store import ForecastStoreError, forecast_and_store
    from scheduler.storage.database import session_scope

    try:
        with session_scope(engine) as session:
            results = forecast_and_store(session, start, days, method="auto")
    except ForecastStoreError as exc:
        fail(str(exc))
    for r in results:
        typer.echo(f"   {r.queue:<18} {r.volume:>7,.0f} contacts, mean AHT {r.mean_aht_s:>4.0f} s, method {r.method} "
                   f"({r.history_days} days of history, {r.fit_s:.2f} s)")


def _requirements(engine: Engine, start: date, days: int) -> None:
    from scheduler.cli.requirements import print_summary
    from scheduler.requirements import RequirementsError, compute_and_store
    from scheduler.storage.database import session_scope

    try:
        with session_scope(engine) as session:
            summary = compute_and_store(session, start, days)
    except RequirementsError as exc:
        fail(str(exc))
    print_summary(summary)


def _solve(engine: Engine, start: date, weeks: int, time_limit: float, workers: int) -> int:
    from scheduler.cli.solve import _progress_line
    from scheduler.planning.api import SolveOptions
    from scheduler.planning.run import PlanCheckFailed, solve_and_store

    options = SolveOptions(start=start, weeks=weeks, time_limit_s=time_limit, workers=workers)
    try:
        outcome = solve_and_store(engine, options, on_progress=lambda p: typer.echo("   " + _progress_line(p)))
    except PlanCheckFailed as exc:
        fail(str(exc))
    for line in outcome.summary_lines:
        typer.echo(f"   {line}")
    if outcome.plan_id is None:
        fail(f"no plan: {outcome.message}")
    typer.echo(f"   {outcome.message} Every hard rule was re-checked without the solver.")
    return outcome.plan_id


def _export(engine: Engine, plan_id: int, out: Path) -> None:
    from scheduler.export.ical import export_ical
    from scheduler.export.roster import find_plan, load_roster
    from scheduler.export.tables import TableFormat, shift_table, write_table

    files = export_ical(engine, plan_id, None, out / "ical")
    with Session(engine) as session:
        roster = load_roster(session, find_plan(session, plan_id=plan_id))
    table = write_table(shift_table(roster), out / "shifts.csv", TableFormat.CSV)
    typer.echo(f"   {len(files)} iCalendar files (one per agent) in {out / 'ical'}")
    typer.echo(f"   shift table for payroll: {table}")


def command(
    db: DbOption = None,
    time_limit: Annotated[float, typer.Option("--time-limit", min=5, help="Seconds the solver may search.")] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Solver threads (cores).")] = 2,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the exported rosters "
                                             "(default: demo-export in your user data directory).")] = None,
) -> None:
    """Build the demo centre and run the whole pipeline: forecast, requirements, solve, report, iCal."""
    from scheduler.cli.plan import show

    engine = open_or_fail(db)
    typer.secho(f"Workforce scheduler demo: database {engine.url.render_as_string(hide_password=True)}", bold=True)
    _step(1, "Centre: sites, queues, agents, contracts, availability, preferences, 16 weeks of history")
    _centre(engine)
    start, weeks = plan_start(engine), 1
    days = 7 * weeks
    _step(2, f"Forecast: volume and handle time per queue and 15-minute interval, {start} + {days} days")
    _forecast(engine, start, days)
    _step(3, "Requirements: agents needed per queue and interval (Erlang C/A, chat, e-mail deadlines)")
    _requirements(engine, start, days)
    _step(4, f"Solve: CP-SAT shift plan with breaks, training and coaching (up to {time_limit:g} s)")
    plan_id = _solve(engine, start, weeks, time_limit, workers)
    _step(5, "Roster (* = locked); the full plan: `scheduler plan show " + str(plan_id) + "`")
    show(plan_id, agent=None, db=db)
    _step(6, "Export: agents take their roster home")
    folder = out or Path(platformdirs.user_data_dir("contact-scheduler", appauthor=False)) / "demo-export"
    _export(engine, plan_id, folder)
    typer.secho("\nNext: `scheduler tui` to read and adjust the plan, `scheduler plan publish "
                f"{plan_id}` to publish it.", bold=True)
