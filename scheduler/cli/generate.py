"""`scheduler generate`: a seeded synthetic centre, stored in the database and/or written as a centre folder."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.options import DbOption, fail, open_or_fail
from scheduler.io.centre import load_centre
from scheduler.io.errors import InputErrors
from scheduler.io.generator import DEMO, GeneratorSettings, generate_centre, peak_workload_share
from scheduler.storage.database import session_scope


def command(
    agents: Annotated[int, typer.Option(help="Number of agents.", min=1)] = DEMO.agents,
    queues: Annotated[int, typer.Option(help="Number of queues (German voice, Dutch voice, chat, e-mail, "
                                             "outbound survey, then more languages).", min=1)] = DEMO.queues,
    sites: Annotated[int, typer.Option(help="Number of sites (Münster, Lisbon, Kraków, Dublin, ...).",
                                       min=1)] = DEMO.sites,
    weeks: Annotated[int, typer.Option(help="Weeks of 15-minute history before --start.", min=1)] = DEMO.weeks,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same centre.")] = DEMO.seed,
    start: Annotated[str, typer.Option(help="First plan day, a Monday (YYYY-MM-DD); history ends the day before.")]
    = DEMO.start.isoformat(),
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the centre folder (centre.toml, CSV, Parquet) "
                                                           "here.", show_default=False)] = None,
) -> None:
    """Generate a synthetic centre: sites, queues, agents with skills, availability and preferences, history.

    With --out only, writes the centre folder; with --db (or without --out) stores it in one transaction.
    """
    try:
        first_day = date.fromisoformat(start)
    except ValueError:
        fail(f"--start: not a date YYYY-MM-DD: {start!r}")
    try:
        settings = GeneratorSettings(agents=agents, queues=queues, sites=sites, weeks=weeks, seed=seed,
                                     start=first_day)
    except ValueError as exc:
        fail(str(exc))
    began = time.perf_counter()
    centre = generate_centre(settings)
    typer.echo(f"generated {centre.agents.height} agents, {len(centre.config['queue'])} queues, "
               f"{len(centre.config['site'])} sites, {centre.history.height} history intervals "
               f"(peak workload / (1 - shrinkage) = {peak_workload_share(centre):.0%} of the agents) "
               f"in {time.perf_counter() - began:.1f} s")
    if out is not None:
        centre.write(out)
        typer.echo(f"wrote {out}")
    if db is not None or out is None:
        engine = open_or_fail(db)
        began = time.perf_counter()
        try:
            with session_scope(engine) as session:
                summary = load_centre(session, centre.source())
        except InputErrors as errors:  # a generator bug or a clash with data already stored
            for line in errors.lines():
                typer.echo(line, err=True)
            fail(errors.summary())
        typer.echo(f"stored in {engine.url.render_as_string(hide_password=True)}: {summary.describe()} "
                   f"in {time.perf_counter() - began:.1f} s")
