"""`scheduler erlang`: agents needed for one interval, or the metrics of a given number of agents."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import numpy as np
import typer

if TYPE_CHECKING:
    from scheduler.staffing import IntervalForecast, QueueTargets

_UNITS_S = {"ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "hr": 3600.0}
_OPTION_OF_FIELD = {
    "sl_target": "--sl", "sl_seconds": "--sl", "max_occupancy": "--max-occupancy", "mean_patience_s": "--patience",
    "shrinkage": "--shrinkage", "max_asa_s": "--asa", "max_abandon": "--max-abandon", "interval_min": "--interval",
    "volume": "--calls", "aht_s": "--aht",
}
_DURATION = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)\s*$")


def parse_duration_s(text: str, option: str, plain_unit_s: float) -> float:
    """'30m', '180s', '1h', '1.5h'; a plain number is in `plain_unit_s` seconds."""
    match = _DURATION.match(text or "")
    unit = match.group(2).lower() if match else ""
    if not match or (unit and unit not in _UNITS_S):
        raise typer.BadParameter(f"{text!r} is not a duration like 30m, 180s or 1h", param_hint=option)
    value = float(match.group(1)) * (_UNITS_S[unit] if unit else plain_unit_s)
    if not math.isfinite(value):
        raise typer.BadParameter(f"{text!r} is not a finite duration", param_hint=option)
    return value


def parse_share(text: str, option: str) -> float:
    """'0.85', '85%' or '85' (a number above 1 is read as a percentage)."""
    raw = (text or "").strip()
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%"))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a share like 0.85 or 85%", param_hint=option) from None
    if percent or value > 1.0:
        value /= 100.0
    if not 0.0 <= value <= 1.0:
        raise typer.BadParameter(f"{text!r} is not between 0 and 100 %", param_hint=option)
    return value


def parse_service_level(text: str) -> tuple[float, float]:
    """'80/20' = 80 % answered within 20 s; the time takes units too ('80/1m')."""
    parts = (text or "").split("/")
    if len(parts) != 2:
        raise typer.BadParameter(f"{text!r} is not like 80/20 (80 % within 20 s)", param_hint="--sl")
    return parse_share(parts[0], "--sl"), parse_duration_s(parts[1], "--sl", 1.0)


@dataclass(frozen=True)
class ErlangResult:
    model: str
    load_erlangs: float
    agents: int
    service_level: float
    asa_s: float
    occupancy: float
    p_wait: float
    p_abandon: float
    scheduled_agents: int | None

    def to_json(self) -> str:
        fields = {
            "agents": self.agents, "service_level": self.service_level,
            "asa_s": self.asa_s if math.isfinite(self.asa_s) else None,
            "occupancy": self.occupancy, "p_wait": self.p_wait, "p_abandon": self.p_abandon,
        }
        if self.scheduled_agents is not None:
            fields["scheduled_agents"] = self.scheduled_agents
        return json.dumps(fields)


def calculate(queue: QueueTargets, forecast: IntervalForecast, agents: int | None) -> ErlangResult:
    from scheduler.staffing import compute_requirement, gross_agents
    from scheduler.staffing.queueing import metrics

    requirement = compute_requirement(queue, forecast)
    n = int(requirement.required_net[0]) if agents is None else agents
    m = metrics(queue, forecast, np.array([n]))
    scheduled = None
    if queue.shrinkage > 0:
        scheduled = int(gross_agents(np.array([n]), queue.shrinkage)[0])
    return ErlangResult(
        model="Erlang A" if queue.mean_patience_s is not None else "Erlang C",
        load_erlangs=float(requirement.workload[0]), agents=n, service_level=float(m.service_level[0]),
        asa_s=float(m.asa[0]), occupancy=float(m.occupancy[0]), p_wait=float(m.p_wait[0]),
        p_abandon=float(m.p_abandon[0]), scheduled_agents=scheduled,
    )


def _table(result: ErlangResult, queue: QueueTargets, calls: float, interval_min: float, aht_s: float,
           reverse: bool) -> str:
    asa = f"{result.asa_s:.1f} s" if math.isfinite(result.asa_s) else "unbounded (agents <= load)"
    rows = [
        (result.model,
         f"{calls:g} calls / {interval_min:g} min, AHT {aht_s:g} s = {result.load_erlangs:.2f} Erlangs"),
        ("agents" if reverse else "agents needed", f"{result.agents}"),
        ("service level", f"{result.service_level:.1%}  (target {queue.sl_target:.0%} in {queue.sl_seconds:g} s)"),
        ("ASA", asa),
        ("occupancy", f"{result.occupancy:.1%}"),
        ("P(wait)", f"{result.p_wait:.1%}"),
        ("P(abandon)", f"{result.p_abandon:.1%}"),
    ]
    if result.scheduled_agents is not None:
        rows.append(("scheduled agents", f"{result.scheduled_agents}  (shrinkage {queue.shrinkage:.0%})"))
    return "\n".join(f"{label:<18}{value}" for label, value in rows)


def command(
    calls: Annotated[float, typer.Option("--calls", help="Calls offered in the interval.")],
    aht: Annotated[str, typer.Option("--aht", help="Average handle time: 180s, 3m; a plain number is seconds.")],
    interval: Annotated[str, typer.Option("--interval", help="Interval length: 30m, 1h; a plain number is minutes.")]
    = "30m",
    sl: Annotated[str, typer.Option("--sl", help="Service level target: 80/20 = 80 % answered within 20 s.")]
    = "80/20",
    patience: Annotated[str | None, typer.Option(
        "--patience", help="Mean caller patience (300s, 5m; plain = seconds): Erlang A instead of Erlang C.")] = None,
    max_occupancy: Annotated[str | None, typer.Option(
        "--max-occupancy", help="Highest share of time agents may be busy: 0.85 or 85%.")] = None,
    shrinkage: Annotated[str | None, typer.Option(
        "--shrinkage", help="Share of paid time not on the phones (0.3 or 30%): adds scheduled agents.")] = None,
    asa: Annotated[str | None, typer.Option("--asa", help="Highest average speed of answer: 30s; plain = seconds.")]
    = None,
    max_abandon: Annotated[str | None, typer.Option(
        "--max-abandon", help="Highest share of callers abandoning (0.05 or 5%); needs --patience.")] = None,
    agents: Annotated[int | None, typer.Option(
        "--agents", help="Reverse calculation: the metrics for this many agents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
) -> None:
    """Erlang C / Erlang A calculator: agents needed for a target, or the service a staffing gives.

    Durations take s, m or h (180s, 30m, 1h). Plain numbers: seconds for --aht, --patience, --asa.

    Plain numbers for --interval are minutes. Shares take 0.85 or 85%.

    Example: scheduler erlang --calls 100 --interval 30m --aht 180s --sl 80/20 --max-occupancy 0.85
    """
    if not (math.isfinite(calls) and calls >= 0):
        raise typer.BadParameter(f"{calls} is not a number of calls >= 0", param_hint="--calls")
    interval_min = parse_duration_s(interval, "--interval", 60.0) / 60.0
    aht_s = parse_duration_s(aht, "--aht", 1.0)
    if calls > 0 and aht_s <= 0:
        raise typer.BadParameter("must be positive when there are calls", param_hint="--aht")
    sl_share, sl_s = parse_service_level(sl)
    if agents is not None and agents < 0:
        raise typer.BadParameter(f"{agents} is not a number of agents >= 0", param_hint="--agents")
    if max_abandon is not None and patience is None:
        raise typer.BadParameter("needs --patience (without it nobody abandons)", param_hint="--max-abandon")
    try:  # imported here so that other commands start even where the kernels were never built
        from scheduler.staffing import Channel, IntervalForecast, QueueTargets, StaffingInputError
    except ImportError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    try:
        queue = QueueTargets(
            queue_id="calculator", channel=Channel.VOICE, sl_target=sl_share, sl_seconds=sl_s,
            max_occupancy=1.0 if max_occupancy is None else parse_share(max_occupancy, "--max-occupancy"),
            mean_patience_s=None if patience is None else parse_duration_s(patience, "--patience", 1.0),
            shrinkage=0.0 if shrinkage is None else parse_share(shrinkage, "--shrinkage"),
            max_asa_s=None if asa is None else parse_duration_s(asa, "--asa", 1.0),
            max_abandon=None if max_abandon is None else parse_share(max_abandon, "--max-abandon"),
        )
        forecast = IntervalForecast(np.array([calls]), np.array([aht_s]), interval_min)
        result = calculate(queue, forecast, agents)
    except StaffingInputError as exc:
        raise typer.BadParameter(exc.message, param_hint=_OPTION_OF_FIELD.get(exc.field, exc.field)) from None
    if as_json:
        typer.echo(result.to_json())
    else:
        typer.echo(_table(result, queue, calls, interval_min, aht_s, reverse=agents is not None))
