"""The availability week grid: 24 hour rows × 7 day columns of four 15-minute cells, painted with
keys (a/u/p, space, shift+arrows) or by clicking and dragging a rectangle with the mouse."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from scheduler.services.availability import DAYS, SLOTS_PER_DAY, Cell, WeekGrid as Grid
from scheduler.tui import keys

LABEL_W = 6
DAY_W = 5  # four cells and a gap
CELL_STYLE = {
    Cell.UNAVAILABLE: ("·", Style(color="grey50")),
    Cell.AVAILABLE: ("█", Style(color="green")),
    Cell.PREFERRED: ("▓", Style(color="bright_cyan")),
}
BRUSHES = {"available": Cell.AVAILABLE, "unavailable": Cell.UNAVAILABLE, "preferred": Cell.PREFERRED}


class WeekGrid(Widget, can_focus=True):
    BINDINGS = keys.WEEK_GRID

    class Painted(Message):
        """The planner changed cells; `grid` is the whole new grid."""

        def __init__(self, grid: Grid) -> None:
            super().__init__()
            self.grid = grid

    grid: reactive[Grid] = reactive(Grid.filled(Cell.AVAILABLE))
    cursor: reactive[tuple[int, int]] = reactive((0, 32))  # (day, slot)
    brush: reactive[Cell] = reactive(Cell.AVAILABLE)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drag_anchor: tuple[int, int] | None = None
        self._drag_base: Grid | None = None

    def get_content_height(self, container, viewport, width: int) -> int:
        return 25

    def render(self) -> Text:
        text = Text(no_wrap=True)
        text.append(" " * LABEL_W)
        for name in DAYS:
            text.append(f"{name:<{DAY_W}}", style="bold")
        cur_day, cur_slot = self.cursor
        for hour in range(24):
            text.append("\n")
            text.append(f"{hour:02d}:00 ", style="dim" if hour % 2 else "")
            for day in range(7):
                for quarter in range(4):
                    slot = hour * 4 + quarter
                    char, style = CELL_STYLE[self.grid.at(day, slot)]
                    if (day, slot) == (cur_day, cur_slot) and self.has_focus:
                        style = style + Style(reverse=True)
                    text.append(char, style)
                text.append(" ")
        return text

    def set_grid(self, grid: Grid) -> None:
        """Show a grid without announcing it (loading, undo)."""
        self.grid = grid

    def _paint(self, day_from: int, day_to: int, slot_from: int, slot_to: int) -> None:
        grid = self.grid.painted(day_from, day_to, slot_from, slot_to, self.brush)
        if grid != self.grid:
            self.grid = grid
            self.post_message(self.Painted(grid))

    def action_move(self, dx: int, dy: int, paint: bool = False) -> None:
        day, slot = self.cursor
        self.cursor = (max(0, min(6, day + dx)), max(0, min(SLOTS_PER_DAY - 1, slot + dy)))
        if paint:
            self.action_paint()
        self.scroll_visible_cursor()

    def scroll_visible_cursor(self) -> None:
        day, slot = self.cursor
        self.scroll_to_region(Region(LABEL_W + day * DAY_W, 1 + slot // 4, DAY_W, 1), animate=False)

    def action_brush(self, name: str) -> None:
        self.brush = BRUSHES[name]
        self.action_paint()

    def action_paint(self) -> None:
        day, slot = self.cursor
        self._paint(day, day, slot, slot)

    def action_fill_day(self) -> None:
        day, _ = self.cursor
        self._paint(day, day, 0, SLOTS_PER_DAY - 1)

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The (day, slot) under a point of the widget, or None on labels and gaps."""
        if y < 1 or y > 24 or x < LABEL_W:
            return None
        day, quarter = divmod(x - LABEL_W, DAY_W)
        if day > 6 or quarter > 3:
            return None
        return day, (y - 1) * 4 + quarter

    def on_mouse_down(self, event: events.MouseDown) -> None:
        cell = self.cell_at(event.x, event.y)
        if cell is None:
            return
        self.focus()
        self.capture_mouse()
        self._drag_anchor, self._drag_base = cell, self.grid
        self.cursor = cell
        self.grid = self.grid.painted(cell[0], cell[0], cell[1], cell[1], self.brush)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_anchor is None or self._drag_base is None:
            return
        cell = self.cell_at(event.x, event.y)
        if cell is None:
            return
        self.cursor = cell
        anchor = self._drag_anchor
        self.grid = self._drag_base.painted(anchor[0], cell[0], anchor[1], cell[1], self.brush)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_anchor is None:
            return
        self.release_mouse()
        base, self._drag_anchor, self._drag_base = self._drag_base, None, None
        if self.grid != base:
            self.post_message(self.Painted(self.grid))
