"""`scheduler export`: rosters agents take home (iCalendar) and tables for payroll (CSV, Parquet)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.options import DbOption, fail, open_or_fail, planner_errors
from scheduler.export.errors import ExportError
from scheduler.export.events import DEFAULT_UID_DOMAIN
from scheduler.export.ical import export_ical
from scheduler.export.roster import find_agent
from scheduler.export.tables import Detail, TableFormat, export_table
from scheduler.storage.database import session_scope

app = typer.Typer(help="Export a plan: iCalendar rosters for agents, CSV or Parquet tables.", no_args_is_help=True)

PlanOption = Annotated[
    int | None, typer.Option("--plan", help="Plan id to export.", show_default=False)
]
PublishedOption = Annotated[
    bool, typer.Option("--published", help="Export the newest published plan (the default without --plan).")
]
TableOutOption = Annotated[Path, typer.Option("--out", help="File to write.", dir_okay=False)]
DetailOption = Annotated[
    Detail, typer.Option("--detail", help="shifts: one row per shift; intervals: one row per interval on a queue.")
]
IntervalOption = Annotated[int, typer.Option("--interval-min", min=1, help="Interval length for --detail intervals.")]


def _plan_id(plan: int | None, published: bool) -> int | None:
    if plan is not None and published:
        fail("give either --plan ID or --published, not both")
    return plan


@app.command("ical")
def ical(
    out: Annotated[
        Path, typer.Option("--out", help="Directory for one <agent code>.ics per agent, or a .ics file for one agent.")
    ],
    plan: PlanOption = None,
    published: PublishedOption = False,
    agent: Annotated[
        list[str] | None,
        typer.Option("--agent", help="Agent code, numeric id or e-mail; repeat for several.", show_default=False),
    ] = None,
    all_agents: Annotated[bool, typer.Option("--all", help="Every agent with shifts in the plan.")] = False,
    separate_events: Annotated[
        bool, typer.Option("--separate-events", help="Also emit breaks and activities as their own events.")
    ] = False,
    uid_domain: Annotated[
        str, typer.Option("--uid-domain", help="Domain part of event UIDs; keep it fixed so updates replace events.")
    ] = DEFAULT_UID_DOMAIN,
    db: DbOption = None,
) -> None:
    """Write each agent's roster as an RFC 5545 calendar (updates replace earlier imports by UID)."""
    plan_id = _plan_id(plan, published)
    if bool(agent) == all_agents:
        fail("choose the agents: --agent ID_OR_EMAIL (repeatable) or --all")
    engine = open_or_fail(db)
    with planner_errors(ExportError):
        agent_ids = None
        if agent:
            with session_scope(engine) as session:
                agent_ids = sorted({find_agent(session, ident).id for ident in agent})
        written = export_ical(engine, plan_id, agent_ids, out, separate_events=separate_events, uid_domain=uid_domain)
    for path in written:
        typer.echo(str(path))
    typer.echo(f"{len(written)} calendar file(s) written", err=True)


def _table(table_format: TableFormat, out: Path, plan: int | None, published: bool, detail: Detail,
           interval_min: int, db: str | None) -> None:
    plan_id = _plan_id(plan, published)
    engine = open_or_fail(db)
    with planner_errors(ExportError):
        path = export_table(engine, plan_id, out, table_format, detail=detail, interval_min=interval_min)
    typer.echo(str(path))


@app.command("csv")
def csv(
    out: TableOutOption,
    plan: PlanOption = None,
    published: PublishedOption = False,
    detail: DetailOption = Detail.SHIFTS,
    interval_min: IntervalOption = 15,
    db: DbOption = None,
) -> None:
    """Write the plan as CSV, one row per shift (columns: see scheduler/export/tables.py)."""
    _table(TableFormat.CSV, out, plan, published, detail, interval_min, db)


@app.command("parquet")
def parquet(
    out: TableOutOption,
    plan: PlanOption = None,
    published: PublishedOption = False,
    detail: DetailOption = Detail.SHIFTS,
    interval_min: IntervalOption = 15,
    db: DbOption = None,
) -> None:
    """Write the plan as Parquet, one row per shift (columns: see scheduler/export/tables.py)."""
    _table(TableFormat.PARQUET, out, plan, published, detail, interval_min, db)
