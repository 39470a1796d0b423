"""Every key binding of the app as data, each with a stable id a user can remap in keymap.toml.

The ids are dotted `<screen>.<verb>`; `App.set_keymap` swaps keys by id, so documentation, tests and
user keymaps never depend on the default key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import platformdirs
from textual.binding import Binding

APP = [
    Binding("1,f1", "switch_mode('agents')", "Agents", show=False, id="app.agents"),
    Binding("2,f2", "switch_mode('availability')", "Availability", show=False, id="app.availability"),
    Binding("3,f3", "switch_mode('staffing')", "Staffing", show=False, id="app.staffing"),
    Binding("4,f4", "switch_mode('solve')", "Solve", show=False, id="app.solve"),
    Binding("5,f5", "switch_mode('plan')", "Plan", show=False, id="app.plan"),
    Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    Binding("escape", "focus_main", "Leave field", show=False, id="app.focus_main"),
]

AGENTS = [
    Binding("slash", "focus_search", "Search", id="agents.search"),
    Binding("s", "cycle_sort", "Sort", id="agents.sort"),
    Binding("r", "reverse_sort", "Reverse", id="agents.reverse"),
    Binding("a", "add_agent", "Add", id="agents.add"),
    Binding("e", "edit_agent", "Edit", id="agents.edit"),
    Binding("d", "toggle_active", "(De)activate", id="agents.toggle_active"),
    Binding("v", "availability", "Availability", id="agents.availability"),
]

AGENT_TABLE = [
    Binding("up", "cursor(-1)", "Up", id="agent_table.up", show=False),
    Binding("down", "cursor(1)", "Down", id="agent_table.down", show=False),
    Binding("pageup", "page(-1)", "Page up", id="agent_table.page_up", show=False),
    Binding("pagedown", "page(1)", "Page down", id="agent_table.page_down", show=False),
    Binding("home", "edge(-1)", "First", id="agent_table.first", show=False),
    Binding("end", "edge(1)", "Last", id="agent_table.last", show=False),
    Binding("enter", "select", "Edit", id="agent_table.select", show=False),
]

AGENT_FORM = [
    Binding("ctrl+s", "save", "Save", id="agent_form.save", priority=True),
    Binding("escape", "cancel", "Cancel", id="agent_form.cancel"),
]

AVAILABILITY = [
    Binding("ctrl+s", "save", "Save", id="availability.save", priority=True),
    Binding("ctrl+z", "undo", "Undo", id="availability.undo", priority=True),
    Binding("ctrl+n", "next_agent", "Next agent", id="availability.next_agent"),
    Binding("ctrl+p", "previous_agent", "Prev agent", id="availability.previous_agent", show=False),
]

WEEK_GRID = [
    Binding("up", "move(0, -1)", "Up", id="grid.up", show=False),
    Binding("down", "move(0, 1)", "Down", id="grid.down", show=False),
    Binding("left", "move(-1, 0)", "Left", id="grid.left", show=False),
    Binding("right", "move(1, 0)", "Right", id="grid.right", show=False),
    Binding("shift+up", "move(0, -1, True)", "Paint up", id="grid.paint_up", show=False),
    Binding("shift+down", "move(0, 1, True)", "Paint down", id="grid.paint_down", show=False),
    Binding("shift+left", "move(-1, 0, True)", "Paint left", id="grid.paint_left", show=False),
    Binding("shift+right", "move(1, 0, True)", "Paint right", id="grid.paint_right", show=False),
    Binding("a", "brush('available')", "Available", id="grid.available"),
    Binding("u", "brush('unavailable')", "Unavailable", id="grid.unavailable"),
    Binding("p", "brush('preferred')", "Preferred", id="grid.preferred"),
    Binding("space", "paint", "Paint", id="grid.paint"),
    Binding("f", "fill_day", "Fill day", id="grid.fill_day"),
]

EXCEPTIONS = [
    Binding("delete,x", "delete_exception", "Delete", id="availability.delete_exception"),
]

STAFFING = [
    Binding("left_square_bracket", "day(-1)", "Prev day", id="staffing.previous_day"),
    Binding("right_square_bracket", "day(1)", "Next day", id="staffing.next_day"),
    Binding("q", "next_queue", "Next queue", id="staffing.next_queue"),
]

SOLVE = [
    Binding("ctrl+r", "start", "Start", id="solve.start", priority=True),
    Binding("ctrl+x", "stop", "Stop (keep best)", id="solve.stop", priority=True),
]

PLAN = [
    Binding("left_square_bracket", "day(-1)", "Prev day", id="plan.previous_day"),
    Binding("right_square_bracket", "day(1)", "Next day", id="plan.next_day"),
    Binding("w", "toggle_week", "Day/Week", id="plan.toggle_week"),
    Binding("v", "next_version", "Version", id="plan.next_version"),
    Binding("l", "toggle_lock", "Lock", id="plan.lock"),
    Binding("comma", "move_shift(-15)", "−15m", id="plan.move_earlier"),
    Binding("full_stop", "move_shift(15)", "+15m", id="plan.move_later"),
    Binding("P", "publish", "Publish", id="plan.publish"),
    Binding("i", "export_agent", "iCal agent", id="plan.export_agent"),
    Binding("I", "export_all", "iCal all", id="plan.export_all"),
]

ROSTER = [
    Binding("up", "cursor(0, -1)", "Up", id="roster.up", show=False),
    Binding("down", "cursor(0, 1)", "Down", id="roster.down", show=False),
    Binding("left", "cursor(-1, 0)", "Earlier", id="roster.left", show=False),
    Binding("right", "cursor(1, 0)", "Later", id="roster.right", show=False),
    Binding("pageup", "page(-1)", "Page up", id="roster.page_up", show=False),
    Binding("pagedown", "page(1)", "Page down", id="roster.page_down", show=False),
    Binding("home", "edge(-1)", "First", id="roster.first", show=False),
    Binding("end", "edge(1)", "Last", id="roster.last", show=False),
]

ALL = [*APP, *AGENTS, *AGENT_TABLE, *AGENT_FORM, *AVAILABILITY, *WEEK_GRID, *EXCEPTIONS, *STAFFING, *SOLVE, *PLAN, *ROSTER]


def keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("contact-scheduler", appauthor=False)) / "keymap.toml"


class KeymapError(ValueError):
    """The user's keymap file cannot be used; the message names the file and the entry."""


def load_keymap(path: Path) -> dict[str, str]:
    """`binding id = "keys"` lines from a TOML file; a missing file is an empty keymap."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KeymapError(f"{path}: cannot read the keymap ({exc})") from None
    known = {b.id for b in ALL}
    keymap = {}
    for binding_id, keys in _flatten(data):
        if binding_id not in known:
            raise KeymapError(f"{path}: unknown binding id {binding_id!r} (e.g. {sorted(known)[0]!r})")
        if not isinstance(keys, str) or not keys.strip():
            raise KeymapError(f"{path}: {binding_id} must be a key string like \"ctrl+s\"")
        keymap[binding_id] = keys
    return keymap


def _flatten(data: dict, prefix: str = ""):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value
