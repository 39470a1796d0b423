"""The agents table, drawn with the line API: only the visible rows are rendered, so thousands of
agents open and scroll at the speed of a screenful. A fixed header line sorts on click."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scheduler.services.agents import AgentRow
from scheduler.tui import keys


def hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Column:
    key: str  # an AgentRow field, also the sort key
    label: str
    width: int


COLUMNS = (  # hours first after the name, so they stay in view on an 80-column terminal
    Column("code", "Code", 9), Column("name", "Name", 16), Column("planned_week_min", "Planned/wk", 10),
    Column("contract_week_min", "Contract/wk", 11), Column("site", "Site", 10), Column("team", "Team", 10),
    Column("contract", "Contract", 11), Column("skills", "Skills", 20), Column("active", "Active", 6),
)


def column_x(key: str) -> int:
    """The x offset of a column's header, for mouse hit-testing and tests."""
    x = 1
    for column in COLUMNS:
        if column.key == key:
            return x
        x += column.width + GAP
    raise KeyError(key)


GAP = 1
HEADER = Style(bold=True, underline=True)
ZEBRA = Style(bgcolor="grey11")
OVER = Style(color="red", bold=True)
INACTIVE = Style(dim=True)


def cell_text(row: AgentRow, key: str) -> str:
    value = getattr(row, key)
    if key in ("planned_week_min", "contract_week_min"):
        return hours(value)
    if key == "active":
        return "yes" if value else "no"
    return str(value)


class AgentTable(ScrollView, can_focus=True):
    BINDINGS = keys.AGENT_TABLE

    class RowHighlighted(Message):
        def __init__(self, agent_id: int | None) -> None:
            super().__init__()
            self.agent_id = agent_id

    class RowSelected(Message):
        def __init__(self, agent_id: int) -> None:
            super().__init__()
            self.agent_id = agent_id

    class HeaderClicked(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    cursor_row: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[AgentRow] = ()
        self._strips: dict[int, Strip] = {}
        self.sort_marker: tuple[str, bool] = ("code", False)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def line_width(self) -> int:
        return sum(c.width + GAP for c in COLUMNS) + 1

    def set_rows(self, rows: Sequence[AgentRow], *, keep_agent: int | None = None) -> None:
        self.rows = rows
        self._strips.clear()
        self.virtual_size = Size(self.line_width, len(rows) + 1)
        ids = [r.id for r in rows]
        self.cursor_row = ids.index(keep_agent) if keep_agent in ids else min(self.cursor_row, max(0, len(rows) - 1))
        self.refresh()
        self._follow()

    @property
    def current_agent_id(self) -> int | None:
        return self.rows[self.cursor_row].id if self.rows and 0 <= self.cursor_row < len(self.rows) else None

    def _header_strip(self) -> Strip:
        key, descending = self.sort_marker
        segments = [Segment(" ")]
        for column in COLUMNS:
            label = column.label + ((" ▼" if descending else " ▲") if column.key == key else "")
            segments.append(Segment(f"{label:<{column.width}.{column.width}}", HEADER))
            segments.append(Segment(" " * GAP))
        return Strip(segments)

    def _row_strip(self, index: int, on_cursor: bool) -> Strip:
        row = self.rows[index]
        base = ZEBRA if index % 2 else Style()
        if not row.active:
            base = base + INACTIVE
        if on_cursor:
            base = base + Style(reverse=True, bold=self.has_focus)
        segments = [Segment(" ", base)]
        for column in COLUMNS:
            style = base
            if column.key == "planned_week_min" and row.planned_week_min > row.contract_week_min:
                style = base + OVER
            segments.append(Segment(f"{cell_text(row, column.key):<{column.width}.{column.width}}", style))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            strip = self._header_strip()
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            on_cursor = index == self.cursor_row
            strip = None if on_cursor else self._strips.get(index)
            if strip is None:
                strip = self._row_strip(index, on_cursor)
                if not on_cursor:
                    self._strips[index] = strip
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, self.rich_style)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh()
        self.post_message(self.RowHighlighted(self.current_agent_id))

    def _follow(self) -> None:
        # line 0 is the header, drawn over the first visible line, so the cursor needs one line of margin
        self.scroll_to_region(Region(0, self.cursor_row, 1, 2), animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(len(self.rows) - 1, index))
            self._follow()

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2))

    def action_edge(self, direction: int) -> None:
        self.move_to(0 if direction < 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        if self.current_agent_id is not None:
            self.post_message(self.RowSelected(self.current_agent_id))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        scroll_x, scroll_y = self.scroll_offset
        if event.y == 0:
            x, left = event.x + scroll_x - 1, 0
            for column in COLUMNS:
                if left <= x < left + column.width + GAP:
                    self.post_message(self.HeaderClicked(column.key))
                    return
                left += column.width + GAP
            return
        index = scroll_y + event.y - 1
        if 0 <= index < len(self.rows):
            self.focus()
            if index == self.cursor_row and event.chain == 2:
                self.action_select()
            self.move_to(index)
