"""`scheduler bench`: run the solver on public benchmark instances and verify every result independently."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.options import fail
from solver.curtois.instance import InstanceFormatError, read_instance
from solver.curtois.solve import BenchParams, BenchResult, roster_csv, solve_instance

app = typer.Typer(help="Run the solver on public benchmark instances.", no_args_is_help=True)


@dataclass(frozen=True)
class BenchLine:
    """What one instance's run reports (also the JSON record)."""

    instance: str
    status: str
    verified: bool
    objective: int | None
    bound: int
    time_to_first_s: float | None
    time_to_best_s: float | None
    wall_s: float
    roster_csv: str | None
    handover_s: float | None  # when the stalled roster LNS handed every core to the full CP-SAT search

    @staticmethod
    def of(result: BenchResult, roster_path: Path | None) -> "BenchLine":
        return BenchLine(
            result.instance, result.status, result.verified, result.objective, result.bound,
            _round(result.time_to_first_s), _round(result.time_to_best_s), round(result.wall_s, 2),
            str(roster_path) if roster_path else None, _round(result.handover_s),
        )

    def text(self) -> str:
        if self.objective is None:
            return f"{self.instance}: {self.status}, no roster found (bound {self.bound}, {self.wall_s:.1f} s)"
        check = "verified" if self.verified else "FAILED verification"
        handover = f", full search on every core from {self.handover_s:.1f} s" if self.handover_s is not None else ""
        return (f"{self.instance}: objective {self.objective} ({check}), bound {self.bound}, {self.status}, "
                f"first {self.time_to_first_s:.1f} s, best {self.time_to_best_s:.1f} s, total {self.wall_s:.1f} s"
                f"{handover}")


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


@app.command("curtois")
def curtois(
    files: Annotated[list[Path], typer.Argument(help="Curtois & Qu instance files (InstanceN.txt).", show_default=False)],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds per instance.")] = 600.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Cores: the full CP-SAT search gets all but one (at least one), as many "
                                                       "roster LNS threads share them, and a stalled LNS hands them all to the full search.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="CP-SAT random seed.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout instead of text lines.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for one roster CSV per instance.")] = None,
) -> None:
    """Solve each instance; report the checker-verified objective, the bound and the times; save rosters as CSV."""
    instances = []
    for path in files:  # read everything first: a bad file fails before any long solve
        if not path.is_file():
            fail(f"{path}: no such file")
        try:
            instances.append(read_instance(path))
        except InstanceFormatError as exc:
            fail(str(exc))
        except UnicodeDecodeError:
            fail(f"{path}: not a text file")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    params = BenchParams(time_limit_s=time_limit, workers=workers, seed=seed)
    lines: list[BenchLine] = []
    for instance in instances:
        result = solve_instance(instance, params)
        roster_path = None
        if out is not None and result.roster is not None:
            roster_path = out / f"{instance.name}.csv"
            roster_path.write_text(roster_csv(instance, result.roster), encoding="utf-8")
        line = BenchLine.of(result, roster_path)
        lines.append(line)
        if not as_json:
            typer.echo(line.text())
            for v in result.violations:
                typer.echo(f"  violation {v.rule} {v.employee}: {v.message}")
    if as_json:
        typer.echo(json.dumps([asdict(x) for x in lines], indent=2))
    if any(not x.verified for x in lines):
        raise typer.Exit(1)
