"""The `scheduler` application: registers one module per command.

Command modules import their heavy dependencies (solver, Erlang kernels) inside the command, so `--help`
stays instant and `scheduler solve` never loads the TUI.
"""

from __future__ import annotations

import typer

from scheduler.cli import bench, db, demo, erlang, export, forecast, generate, import_, plan, requirements, solve, tui

app = typer.Typer(
    name="scheduler",
    help="Open workforce scheduler for contact centres: forecast, Erlang staffing and CP-SAT shift plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("demo")(demo.command)
app.command("tui")(tui.command)
app.add_typer(import_.app, name="import")
app.command("generate")(generate.command)
app.add_typer(forecast.app, name="forecast")
app.command("erlang")(erlang.command)
app.command("requirements")(requirements.command)
app.command("solve")(solve.command)
app.add_typer(plan.app, name="plan")
app.add_typer(export.app, name="export")
app.add_typer(bench.app, name="bench")
app.add_typer(db.app, name="db")


def run() -> None:
    app()
