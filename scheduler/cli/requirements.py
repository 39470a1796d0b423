"""`scheduler requirements`: agents needed per queue and interval from the stored forecasts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from scheduler.cli.options import DbOption, fail, open_or_fail
from scheduler.requirements import RequirementsError, RequirementsSummary, compute_and_store
from scheduler.storage.database import session_scope
from scheduler.timegrid import GridError


def print_summary(summary: RequirementsSummary) -> None:
    typer.echo(f"Requirements {summary.start_day} + {summary.days} days, {summary.interval_min}-minute intervals:")
    typer.echo(f"  {'queue':<18} {'channel':<10} {'contacts':>9} {'peak agents':>11} {'agent-h net':>11} "
               f"{'agent-h gross':>13} {'max backlog':>11}")
    for q in summary.queues:
        typer.echo(f"  {q.queue:<18} {q.channel:<10} {q.volume:>9,.0f} {q.peak_gross:>11} {q.net_agent_h:>11,.1f} "
                   f"{q.gross_agent_h:>13,.1f} {q.max_backlog:>11,.1f}")
    for name in summary.without_forecast:
        typer.echo(f"  {name:<18} no forecast in this period: run `scheduler forecast --queue \"{name}\"` first")


def command(
    start: Annotated[str, typer.Option("--start", help="First local day, YYYY-MM-DD.")],
    days: Annotated[int, typer.Option("--days", min=1, max=366, help="Number of days.")] = 7,
    interval: Annotated[int, typer.Option("--interval-min", help="Interval length in minutes.")] = 15,
    db: DbOption = None,
) -> None:
    """Compute and store agents needed per queue and interval (Erlang C/A, chat, e-mail deadlines)."""
    try:
        first = date.fromisoformat(start)
    except ValueError:
        fail(f"--start: not a date (YYYY-MM-DD): {start!r}")
    engine = open_or_fail(db)
    try:
        with session_scope(engine) as session:
            summary = compute_and_store(session, first, days, interval)
    except (RequirementsError, GridError) as exc:
        fail(str(exc))
    print_summary(summary)
