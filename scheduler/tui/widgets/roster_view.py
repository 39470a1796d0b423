"""The roster as a Gantt chart: one line per agent, time across, drawn with the line API so only the
visible lines are rendered (a centre of thousands of agents scrolls as fast as one of ten)."""

from __future__ import annotations

import math
from datetime import timedelta

from rich.segment import Segment as RichSegment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scheduler.services.roster import Roster, RosterRow, Segment, SegmentKind
from scheduler.tui import keys

LABEL_W = 11
SCALES_MIN = (5, 10, 15, 20, 30, 60, 120, 180, 240, 360)
QUEUE_COLOURS = ("dodger_blue2", "green4", "dark_orange3", "purple4", "dark_cyan", "deep_pink4", "gold3", "grey50")
STYLE = {
    SegmentKind.SHIFT: Style(color="grey70", bgcolor="grey30"),
    SegmentKind.BREAK: Style(color="black", bgcolor="yellow3"),
    SegmentKind.ACTIVITY: Style(color="white", bgcolor="magenta"),
}
EMPTY = Style(color="grey23")


def queue_style(queue_id: int | None) -> Style:
    return Style(color="white", bgcolor=QUEUE_COLOURS[(queue_id or 0) % len(QUEUE_COLOURS)])


def queue_glyphs(queue_names: dict[int, str]) -> dict[int, str]:
    """A distinct letter per queue (first unused letter of its name, else a digit)."""
    glyphs: dict[int, str] = {}
    for queue_id, name in sorted(queue_names.items()):
        free = [ch for ch in name.upper() + name.lower() if ch.isalnum() and ch not in glyphs.values()]
        glyphs[queue_id] = free[0] if free else str(len(glyphs) % 10)
    return glyphs


def choose_scale(span_min: int, width: int) -> int:
    """The finest of the usual scales that fits the whole span into `width` columns."""
    for minutes in SCALES_MIN:
        if math.ceil(span_min / minutes) <= max(1, width):
            return minutes
    return SCALES_MIN[-1]


class RosterView(ScrollView, can_focus=True):
    BINDINGS = keys.ROSTER

    class CursorMoved(Message):
        """The cursor moved or the scale changed; the screen refreshes its ruler and status."""

    cursor_row: reactive[int] = reactive(0)
    cursor_col: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.roster: Roster | None = None
        self.minutes_per_col = 15
        self._cells: dict[int, list[tuple[str, Style]]] = {}
        self._strips: dict[int, Strip] = {}
        self.glyphs: dict[int, str] = {}

    @property
    def columns(self) -> int:
        return math.ceil(self.roster.span_min / self.minutes_per_col) if self.roster else 0

    def set_roster(self, roster: Roster | None) -> None:
        first_load = self.roster is None
        self.roster = roster
        self._rescale()
        if roster is not None:
            self.glyphs = queue_glyphs(roster.queue_names)
            self.cursor_row = min(self.cursor_row, max(0, len(roster.rows) - 1))
            starts = [s.start_min for s in roster.rows[self.cursor_row].segments] if roster.rows else []
            if first_load and starts and self.cursor_col == 0:
                self.cursor_col = min(self.columns - 1, max(0, min(starts) // self.minutes_per_col))
        self.post_message(self.CursorMoved())

    def _rescale(self) -> None:
        self._cells.clear()
        self._strips.clear()
        if self.roster is None:
            self.virtual_size = Size(0, 0)
        else:
            width = (self.scrollable_content_region.width or 80) - LABEL_W
            cursor_minute = self.cursor_col * self.minutes_per_col
            self.minutes_per_col = choose_scale(self.roster.span_min, width)
            self.virtual_size = Size(LABEL_W + self.columns, len(self.roster.rows))
            # the cursor keeps its time of day when the scale changes
            self.cursor_col = max(0, min(cursor_minute // self.minutes_per_col, self.columns - 1))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.roster is not None:
            old = self.minutes_per_col
            self._rescale()
            if old != self.minutes_per_col:
                self.post_message(self.CursorMoved())

    def _row_cells(self, index: int) -> list[tuple[str, Style]]:
        cached = self._cells.get(index)
        if cached is not None:
            return cached
        row: RosterRow = self.roster.rows[index]
        mpc = self.minutes_per_col
        tick = 1440 if mpc >= 60 else 60  # a dot per hour in the day view, per day in the week view
        cells: list[tuple[str, Style]] = [("·" if (c * mpc) % tick < mpc else " ", EMPTY)
                                         for c in range(self.columns)]
        for seg in row.segments:
            lo = max(0, math.ceil((seg.start_min - mpc / 2) / mpc))
            hi = min(self.columns, math.ceil((seg.end_min - mpc / 2) / mpc))
            if seg.kind is SegmentKind.QUEUE:
                char, style = self.glyphs.get(seg.queue_id, "q"), queue_style(seg.queue_id)
            elif seg.kind is SegmentKind.SHIFT:
                char, style = ("▒" if seg.locked else "─"), STYLE[seg.kind]
            else:
                char, style = (seg.label[:1].lower() if seg.kind is SegmentKind.BREAK else seg.label[:1]), STYLE[seg.kind]
            for col in range(lo, hi):
                if seg.kind is SegmentKind.QUEUE and cells[col][1] is STYLE[SegmentKind.SHIFT] and \
                        cells[col][0] == "▒":
                    cells[col] = (char, style + Style(underline=True))
                else:
                    cells[col] = (char, style)
        self._cells[index] = cells
        return cells

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if self.roster is None or index >= len(self.roster.rows):
            return Strip.blank(width, self.rich_style)
        on_cursor = index == self.cursor_row
        strip = self._strips.get(index) if not on_cursor else None
        if strip is None:
            strip = self._build_strip(index, on_cursor)
            if not on_cursor:
                self._strips[index] = strip
        if scroll_x == 0 and strip.cell_length <= width:
            return strip.extend_cell_length(width, self.rich_style)
        # the label column stays put while the timeline scrolls horizontally
        timeline = strip.crop(LABEL_W + scroll_x, LABEL_W + scroll_x + width - LABEL_W)
        return Strip.join([strip.crop(0, LABEL_W), timeline]).extend_cell_length(width, self.rich_style)

    def _build_strip(self, index: int, on_cursor: bool) -> Strip:
        """Label and timeline of one agent, runs of equal cells merged into one segment each."""
        row = self.roster.rows[index]
        locked = any(s.locked for s in row.segments if s.kind is SegmentKind.SHIFT)
        label_style = Style(reverse=True, bold=True) if on_cursor else Style(bold=locked)
        label = f"{'*' if locked else ' '}{row.code:<{LABEL_W - 2}.{LABEL_W - 2}} "
        segments = [RichSegment(label, label_style)]
        cells = self._row_cells(index)
        run_text, run_style = "", None
        for col, (char, style) in enumerate(cells):
            if on_cursor and col == self.cursor_col and self.has_focus:
                style = style + Style(reverse=True)
            if style is run_style:
                run_text += char
                continue
            if run_text:
                segments.append(RichSegment(run_text, run_style))
            run_text, run_style = char, style
        if run_text:
            segments.append(RichSegment(run_text, run_style))
        return Strip(segments, LABEL_W + len(cells))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_line(old - self.scroll_offset.y)
        self.refresh_line(new - self.scroll_offset.y)

    def watch_cursor_col(self) -> None:
        self.refresh_line(self.cursor_row - self.scroll_offset.y)

    def _follow(self) -> None:
        self.scroll_to_region(Region(0, self.cursor_row, 1, 1), animate=False, immediate=True)
        self.post_message(self.CursorMoved())

    def action_cursor(self, dx: int, dy: int) -> None:
        if self.roster is None or not self.roster.rows:
            return
        self.cursor_row = max(0, min(len(self.roster.rows) - 1, self.cursor_row + dy))
        self.cursor_col = max(0, min(self.columns - 1, self.cursor_col + dx))
        self._follow()

    def action_page(self, direction: int) -> None:
        self.action_cursor(0, direction * max(1, self.scrollable_content_region.height - 1))

    def action_edge(self, direction: int) -> None:
        if self.roster is not None:
            self.action_cursor(0, direction * len(self.roster.rows))

    def on_click(self, event: events.Click) -> None:
        if self.roster is None or not self.roster.rows:
            return
        scroll_x, scroll_y = self.scroll_offset
        self.cursor_row = max(0, min(len(self.roster.rows) - 1, event.y + scroll_y))
        if event.x >= LABEL_W:
            self.cursor_col = max(0, min(self.columns - 1, event.x - LABEL_W + scroll_x))
        self.focus()
        self.post_message(self.CursorMoved())

    @property
    def cursor_minute(self) -> int:
        return self.cursor_col * self.minutes_per_col + self.minutes_per_col // 2

    def current_row(self) -> RosterRow | None:
        if self.roster is None or not self.roster.rows:
            return None
        return self.roster.rows[self.cursor_row]

    def current_shift(self) -> Segment | None:
        row = self.current_row()
        return row.shift_at(self.cursor_minute) if row else None

    def ruler(self) -> str:
        """Hour marks aligned with the timeline columns."""
        if self.roster is None:
            return ""
        mpc, chars = self.minutes_per_col, [" "] * self.columns
        step = 60 if mpc <= 10 else 120 if mpc <= 20 else 180 if mpc <= 30 else 1440
        col = 0
        while col < self.columns:
            minute = col * mpc
            if minute % step == 0:
                if step == 1440:
                    text = (self.roster.first_day + timedelta(days=minute // 1440)).strftime("%a %d")
                else:
                    text = f"{(minute // 60) % 24:02d}"
                for i, ch in enumerate(text):
                    if col + i < self.columns:
                        chars[col + i] = ch
                col += len(text)
            else:
                col += 1
        return " " * LABEL_W + "".join(chars)

    def coverage_line(self) -> str:
        """Agents on a queue per column (the lowest slot in the column), as block heights."""
        if self.roster is None or not self.roster.coverage:
            return ""
        cov, slot = self.roster.coverage, self.roster.slot_min
        per_col = []
        for col in range(self.columns):
            lo = col * self.minutes_per_col // slot
            hi = max(lo + 1, (col + 1) * self.minutes_per_col // slot)
            per_col.append(min(cov[lo:hi]) if cov[lo:hi] else 0)
        top = max(per_col) or 1
        blocks = " ▁▂▃▄▅▆▇█"
        return f"{'cov max ' + str(top):<{LABEL_W}}" + "".join(
            blocks[0 if v == 0 else max(1, round(v / top * 8))] for v in per_col)
