"""`scheduler solve`: plan a period in batch, one line per improvement, then the plan's summary."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from scheduler.cli.options import DbOption, fail, open_or_fail
from scheduler.planning.api import SolveOptions, SolveProgress


def _progress_line(p: SolveProgress) -> str:
    head = f"{p.elapsed_s:8.1f} s  solution {p.solutions:>3}  objective {p.objective:>14,.1f}  "
    if not p.bound_known:
        return head + "bound     (computing)"
    return head + f"bound {p.bound:>14,.1f}  gap {100 * p.gap:6.2f} %"


def command(
    start: Annotated[str, typer.Option("--start", help="First local day of the plan, YYYY-MM-DD (normally a Monday).")],
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=8, help="Number of weeks to plan.")] = 1,
    time_limit: Annotated[float, typer.Option("--time-limit", min=1, help="Seconds the solver may search.")] = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Solver threads (cores).")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the search.")] = 0,
    hint: Annotated[int | None, typer.Option("--hint", help="Plan id to start from; its locked shifts stay.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
    db: DbOption = None,
) -> None:
    """Build the problem from the database, solve it with CP-SAT, check every hard rule, store a draft plan."""
    from scheduler.planning.run import PlanCheckFailed, solve_and_store

    try:
        first_day = date.fromisoformat(start)
    except ValueError:
        fail(f"--start: not a date (YYYY-MM-DD): {start!r}")
    engine = open_or_fail(db)
    options = SolveOptions(start=first_day, weeks=weeks, time_limit_s=time_limit, workers=workers, seed=seed,
                           hint_plan_id=hint)
    if not as_json:
        typer.echo(f"Solving {weeks} week(s) from {first_day.isoformat()} "
                   f"(time limit {time_limit:g} s, {workers} worker(s))")
    on_progress = None if as_json else (lambda p: typer.echo(_progress_line(p)))
    try:
        outcome = solve_and_store(engine, options, on_progress=on_progress)
    except PlanCheckFailed as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(_as_json(engine, outcome), indent=2, default=str))
    else:
        for line in outcome.summary_lines:
            typer.echo(line)
        typer.echo(outcome.message)
    if outcome.plan_id is None:
        raise typer.Exit(2)


def _as_json(engine, outcome) -> dict:
    from sqlmodel import Session

    from scheduler.storage import models as m

    body = {"plan_id": outcome.plan_id, "status": outcome.status, "message": outcome.message}
    if outcome.plan_id is not None:
        with Session(engine) as session:
            plan = session.get(m.Plan, outcome.plan_id)
            body.update(version=plan.version, statistics=plan.statistics)
    else:
        body["reasons"] = list(outcome.summary_lines)
    return body
