"""The planner's terminal: five screens (modes), one key each, over one database engine.

The solve runner and the manual-edit rule checker are injected, so tests drive the Solve screen with a
deterministic double and the lead wires `solver.check` without this package importing the solver.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from textual.app import App
from textual.reactive import reactive

from scheduler.services.shift_edits import ManualEditChecker
from scheduler.tui import keys
from scheduler.tui.runner import SolveRunner, default_runner
from scheduler.tui.screens.agents import AgentsScreen
from scheduler.tui.screens.availability import AvailabilityScreen
from scheduler.tui.screens.plan import PlanScreen
from scheduler.tui.screens.solve import SolveScreen
from scheduler.tui.screens.staffing import StaffingScreen


class SchedulerApp(App[None]):
    TITLE = "Contact scheduler"
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    BINDINGS = keys.APP
    MODES = {
        "agents": AgentsScreen,
        "availability": AvailabilityScreen,
        "staffing": StaffingScreen,
        "solve": SolveScreen,
        "plan": PlanScreen,
    }

    selected_agent_id: reactive[int | None] = reactive(None)
    current_plan_id: reactive[int | None] = reactive(None)

    def __init__(self, engine: Engine, *, runner: SolveRunner | None = None,
                 check_manual_edit: ManualEditChecker | None = None,
                 keymap: dict[str, str] | None = None, keymap_file: Path | None = None,
                 export_dir: Path | None = None) -> None:
        super().__init__()
        self.engine = engine
        self.runner: SolveRunner = runner or default_runner
        self.check_manual_edit = check_manual_edit
        self.export_dir = export_dir or Path.cwd() / "ical"
        self._keymap_override = keymap
        self._keymap_file = keymap_file
        self.keymap_in_use: dict[str, str] = {}

    def on_mount(self) -> None:
        try:
            keymap = self._keymap_override
            if keymap is None:
                keymap = keys.load_keymap(self._keymap_file or keys.keymap_path())
            self.set_keymap(keymap)
            self.keymap_in_use = dict(keymap)
        except keys.KeymapError as exc:
            self.notify(f"{exc}; using the default keys", severity="warning", timeout=10)
        self.switch_mode("agents")

    def action_focus_main(self) -> None:
        """Escape leaves a text field for the screen's main widget, where the one-key bindings work."""
        selector = getattr(self.screen, "AUTO_FOCUS", None)
        if selector and self.screen.query(selector):
            self.screen.query_one(selector).focus()

    def report_error(self, action: str, exc: Exception) -> None:
        """One readable notification for an expected failure; never a traceback on screen."""
        self.notify(f"{action}: {exc}", title="Could not complete", severity="error", timeout=8)
