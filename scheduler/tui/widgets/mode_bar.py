"""The top line: the five screens with their keys; the current one highlighted, each clickable."""

from __future__ import annotations

from textual.widgets import Static

from scheduler.tui import keys

MODES = (("agents", "app.agents"), ("availability", "app.availability"), ("staffing", "app.staffing"),
         ("solve", "app.solve"), ("plan", "app.plan"))


class ModeBar(Static):
    def __init__(self, current: str) -> None:
        super().__init__(id="mode-bar")
        self.current = current

    def on_mount(self) -> None:
        defaults = {b.id: b.key for b in keys.APP}
        keymap = getattr(self.app, "keymap_in_use", {})
        parts = ["[b]Scheduler[/b]"]
        for mode, binding_id in MODES:
            key = keymap.get(binding_id, defaults[binding_id]).split(",")[0]
            label = f"{key} {mode.capitalize()}"
            style = "reverse b" if mode == self.current else "u"
            parts.append(f"[{style}][@click=app.switch_mode('{mode}')]{label}[/][/]")
        self.update("  ".join(parts))
