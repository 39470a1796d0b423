"""TUI bench: a centre of 1,500 agents with a one-week plan. How long the agents table and the plan
roster take to open and to scroll N pages, against a plain DataTable fed the same rows in the same run.

Run from the worktree root:  .venv/bin/python tests/benchmarks/tui_bench.py [--agents 1500] [--pages 20]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from scheduler.services.agents import list_agent_rows  # noqa: E402
from scheduler.services.roster import load_roster  # noqa: E402
from scheduler.tui.app import SchedulerApp  # noqa: E402
from scheduler.tui.widgets.agent_table import AgentTable  # noqa: E402
from scheduler.tui.widgets.roster_view import RosterView  # noqa: E402
from tests.scheduler.services.centre import build_centre  # noqa: E402

SIZE = (120, 40)


class PlainTableApp(App[None]):
    """The peer: Textual's DataTable with the same rows, nothing else."""

    def __init__(self, columns: tuple[str, ...], rows: list[tuple]) -> None:
        super().__init__()
        self.columns, self.rows = columns, rows

    def compose(self) -> ComposeResult:
        yield DataTable(id="peer", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.columns)
        table.add_rows(self.rows)
        table.focus()


async def until(pilot, predicate, timeout_s: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the view did not fill in time")
        await pilot.pause(0.005)


async def scroll(pilot, pages: int) -> float:
    start = time.perf_counter()
    for _ in range(pages):
        await pilot.press("pagedown")
        await pilot.pause()
    return time.perf_counter() - start


async def measure_ours(engine, agents: int, pages: int) -> dict[str, float]:
    app = SchedulerApp(engine, keymap={})
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.query(AgentTable) and app.screen.query_one(AgentTable).row_count == agents)
        await pilot.pause()
        figures = {"agents_open_s": time.perf_counter() - start}
        figures["agents_scroll_s"] = await scroll(pilot, pages)
        start = time.perf_counter()
        await pilot.press("5")
        await until(pilot, lambda: app.screen.query(RosterView) and app.screen.query_one(RosterView).roster
                    and len(app.screen.query_one(RosterView).roster.rows) == agents)
        await pilot.pause()
        figures["plan_open_s"] = time.perf_counter() - start
        figures["plan_scroll_s"] = await scroll(pilot, pages)
        view = app.screen.query_one(RosterView)
        assert view.cursor_row >= pages * 30, "the roster did not scroll"
        start = time.perf_counter()
        await pilot.press("w")
        await until(pilot, lambda: view.roster.week)
        await pilot.pause()
        figures["plan_week_open_s"] = time.perf_counter() - start
        figures["plan_week_scroll_s"] = await scroll(pilot, pages)
    return figures


async def measure_peer(columns, rows, pages: int) -> dict[str, float]:
    app = PlainTableApp(columns, rows)
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.query_one(DataTable).row_count == len(rows))
        await pilot.pause()
        opened = time.perf_counter() - start
        scrolled = await scroll(pilot, pages)
    return {"open_s": opened, "scroll_s": scrolled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1500)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="runs per view; the best is reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        centre = build_centre(Path(folder) / "bench.sqlite", agents=args.agents)
        print(f"built {args.agents} agents with a 1-week plan in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        agent_rows = list_agent_rows(engine=centre.engine)
        query_agents_s = time.perf_counter() - start
        start = time.perf_counter()
        roster = load_roster(centre.plan_id, engine=centre.engine)
        query_roster_s = time.perf_counter() - start
        print(f"queries: agent rows {query_agents_s:.3f} s, day roster {query_roster_s:.3f} s")

        agent_cells = [(r.code, r.name, r.site, r.team, r.contract, r.skills, r.planned_week_min,
                        r.contract_week_min, r.active) for r in agent_rows]
        agent_columns = ("Code", "Name", "Site", "Team", "Contract", "Skills", "Planned", "Contract", "Active")
        timeline = [(row.code, "".join("x" if any(s.start_min <= m < s.end_min for s in row.segments) else " "
                                       for m in range(0, 1440, 15))) for row in roster.rows]
        runs_ours, runs_agent_peer, runs_roster_peer = [], [], []
        for _ in range(args.repeat):  # interleaved, so a busy moment on the machine hits both sides
            runs_ours.append(asyncio.run(measure_ours(centre.engine, args.agents, args.pages)))
            runs_agent_peer.append(asyncio.run(measure_peer(agent_columns, agent_cells, args.pages)))
            runs_roster_peer.append(asyncio.run(measure_peer(("Agent", "Day"), timeline, args.pages)))
        ours = {k: min(r[k] for r in runs_ours) for k in runs_ours[0]}
        agent_peer = {k: min(r[k] for r in runs_agent_peer) for k in runs_agent_peer[0]}
        roster_peer = {k: min(r[k] for r in runs_roster_peer) for k in runs_roster_peer[0]}

    def line(name, value_s, peer_s):
        print(f"{name:<28} {value_s * 1000:8.0f} ms   peer {peer_s * 1000:8.0f} ms   ratio {value_s / peer_s:5.2f}")

    print(f"\n{args.agents} agents, {args.pages} pages, terminal {SIZE[0]}x{SIZE[1]} (headless run_test), "
          f"best of {args.repeat}")
    line("agents table: open", ours["agents_open_s"], agent_peer["open_s"])
    line(f"agents table: scroll/page", ours["agents_scroll_s"] / args.pages, agent_peer["scroll_s"] / args.pages)
    line("plan day roster: open", ours["plan_open_s"], roster_peer["open_s"])
    line("plan day roster: scroll/page", ours["plan_scroll_s"] / args.pages, roster_peer["scroll_s"] / args.pages)
    line("plan week roster: open", ours["plan_week_open_s"], roster_peer["open_s"])
    line("plan week: scroll/page", ours["plan_week_scroll_s"] / args.pages, roster_peer["scroll_s"] / args.pages)
    slow = [k for k in ("agents_open_s", "plan_open_s", "plan_week_open_s") if ours[k] >= 1.0]
    print("\nopen under 1 s:", "yes" if not slow else f"NO ({', '.join(slow)})")


if __name__ == "__main__":
    main()
