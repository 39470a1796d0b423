"""`scheduler plan`: list, show, publish and compare stored plan versions."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Annotated

import typer
from sqlmodel import Session, select

from scheduler.cli.options import DbOption, fail, open_or_fail
from scheduler.export.errors import ExportError
from scheduler.export.roster import PlanRoster, find_plan, load_roster
from scheduler.services.errors import ServiceError
from scheduler.services.plans import publish_plan
from scheduler.storage import models as m
from scheduler.timegrid import to_local

app = typer.Typer(help="List, show, publish and compare plan versions.", no_args_is_help=True)

PlanId = Annotated[int, typer.Argument(help="Plan id (see `scheduler plan list`).")]


@app.command("list")
def list_plans(db: DbOption = None) -> None:
    """Every stored plan version, newest first."""
    engine = open_or_fail(db)
    with Session(engine) as session:
        plans = session.exec(select(m.Plan).order_by(m.Plan.id.desc())).all()
    if not plans:
        typer.echo("No plans yet: run `scheduler solve --start YYYY-MM-DD`.")
        return
    typer.echo(f"{'id':>4}  {'week of':<10}  {'ver':>3}  {'status':<9}  {'solver':<9}  {'gap':>7}  "
               f"{'paid h':>8}  {'pref %':>6}  queues below target")
    for p in plans:
        stats = p.statistics or {}
        below = [q["queue"] for q in stats.get("queues", [])
                 if q["week_service_level_pct"] is not None and q["week_service_level_pct"] + 1e-9 < q["target_pct"]]
        gap = "-" if p.gap is None else f"{100 * p.gap:.2f} %"
        typer.echo(
            f"{p.id:>4}  {p.start_day.isoformat():<10}  {p.version:>3}  {p.status:<9}  {p.solver_status:<9}  "
            f"{gap:>7}  {stats.get('paid_h', 0):>8.1f}  {stats.get('preferences', {}).get('met_pct', 0):>6.1f}  "
            f"{', '.join(below) or 'none'}"
        )


def _roster(engine, plan_id: int) -> PlanRoster:
    try:
        with Session(engine) as session:
            return load_roster(session, find_plan(session, plan_id=plan_id))
    except ExportError as exc:
        fail(str(exc))


def _shift_text(shift, zone: str) -> str:
    start, end = to_local(zone, shift.start_utc), to_local(zone, shift.end_utc)
    return f"{start:%H:%M}-{end:%H:%M}" + ("*" if shift.locked else "")


@app.command("show")
def show(plan_id: PlanId, agent: Annotated[str | None, typer.Option("--agent", help="Only this agent (code).")] = None,
         db: DbOption = None) -> None:
    """The plan's summary and its roster: one row per agent, one column per local day (* = locked)."""
    engine = open_or_fail(db)
    with Session(engine) as session:
        plan = session.get(m.Plan, plan_id)
        if plan is None:
            fail(f"no plan with id {plan_id}")
        stats = plan.statistics or {}
        head = (f"Plan {plan.id}: {plan.name}, version {plan.version}, {plan.status}"
                + (f", published {plan.published_utc:%Y-%m-%d %H:%M} UTC" if plan.published_utc else ""))
    roster = _roster(engine, plan_id)
    shown = [r for r in roster.agents if not agent or r.agent.code == agent]
    if agent and not shown:
        fail(f"no agent {agent!r} in plan {plan_id}")
    typer.echo(head)
    from scheduler.planning.evaluation import summary_from_statistics

    for line in summary_from_statistics(stats, plan.version):
        typer.echo(line)
    if not shown:
        return
    days = [plan.start_day + timedelta(days=d) for d in range(7 * plan.weeks)]
    zones = sorted({r.agent.time_zone for r in shown})
    typer.echo("")
    typer.echo(f"Times in {zones[0]}." if len(zones) == 1 else
               f"Times in each agent's own time zone ({', '.join(zones)}), shown after the agent's name.")
    labels = [(r.agent.code + " " + r.agent.name)[:27] + (f" ({r.agent.time_zone})" if len(zones) > 1 else "")
              for r in shown]
    width = max(28, max(len(label) for label in labels) + 1)
    typer.echo(f"{'agent':<{width}}" + "".join(f"{d:%a %d.%m}".ljust(13) for d in days))
    for r, label in zip(shown, labels):
        by_day = {s.day: s for s in r.shifts}
        cells = [(_shift_text(by_day[d], r.agent.time_zone) if d in by_day else "off").ljust(13) for d in days]
        typer.echo(f"{label:<{width}}" + "".join(cells))


@app.command("publish")
def publish(plan_id: PlanId, db: DbOption = None) -> None:
    """Make a draft the plan in force. Published plans are never changed; re-plan into a new draft."""
    engine = open_or_fail(db)
    try:
        publish_plan(plan_id, engine=engine)
    except ServiceError as exc:
        fail(str(exc))
    with Session(engine) as session:
        plan = session.get(m.Plan, plan_id)
        typer.echo(f"Published plan {plan.id} (week of {plan.start_day}, version {plan.version}).")


@app.command("diff")
def diff(old: PlanId, new: PlanId, db: DbOption = None) -> None:
    """What changed between two plan versions, per agent and day."""
    engine = open_or_fail(db)
    before, after = _roster(engine, old), _roster(engine, new)
    shifts: dict[tuple[str, object], list] = defaultdict(lambda: [None, None])
    names: dict[str, tuple[str, str]] = {}
    for i, roster in enumerate((before, after)):
        for r in roster.agents:
            names[r.agent.code] = (r.agent.name, r.agent.time_zone)
            for s in r.shifts:
                shifts[(r.agent.code, s.day)][i] = s
    changes = 0
    for (code, day), (a, b) in sorted(shifts.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        zone = names[code][1]
        old_text = _shift_text(a, zone) if a else "off"
        new_text = _shift_text(b, zone) if b else "off"
        if old_text != new_text:
            changes += 1
            typer.echo(f"{code:<10} {names[code][0][:24]:<24} {day:%a %Y-%m-%d}  {old_text:>12} -> {new_text}")
    typer.echo(f"{changes} change(s) between plan {old} and plan {new}.")
