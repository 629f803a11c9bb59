"""The ritual views' list: check-ins, meetings, decisions and action items, drawn a
line at a time (Textual's Line API).

Entries come worded from ``asynctui.client.ritual_views`` (parts of text with a
tone); this widget only lays them out, draws the visible lines, keeps a cursor
on the entries that can be chosen, and says what the user chose. A decision log
of thousands of entries costs what a screenful costs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from asynctui.client.views import ACTIONS, CHECKINS, DECISIONS, MEETINGS
from asynctui.tui import keys
from asynctui.tui.widgets._drawn_lines import DrawnLines
from asynctui.tui.widgets._lines import (
    BADGE_TONES,
    MAX_PART,
    fit,
    foreground,
    join_right,
    keep_end,
    line_strip,
    part_segments,
    safe_line,
    tone_styles,
    wrap,
)

if TYPE_CHECKING:
    from asynctui.client.ritual_views import Entry, EntryLine

__all__ = ["RitualList"]


MAX_WRAPPED = 4
"""Lines a wrapped line (a decision, an action item, a goal) takes at most."""


@dataclass
class _Layout:
    width: int
    """The width laid out at (0: not known yet, nothing wrapped)."""
    starts: list[int]
    """The first line of each entry; one more entry: the total line count."""
    rows: list[list[EntryLine]]
    """Each entry's lines as drawn at ``width``: wrapped lines made several."""

    @property
    def height(self) -> int:
        return self.starts[-1]


def _wrapped(line: EntryLine, width: int) -> list[EntryLine]:
    """A line whose last left part wraps, as the lines it takes at ``width``; the
    lines after the first are indented under that part."""
    if not line.wrap or width <= 0 or not line.left:
        return [line]
    *head, last = line.left
    indent = 1 + sum(cell_len(part.text) for part in head)
    right = sum(cell_len(part.text) + 2 * part.chip for part in line.right)  # chips are padded
    room = width - indent - (right + 2 if right else 0) - 1
    text = safe_line(last.text, MAX_PART * 4)
    if room < 12 or cell_len(text) <= room:
        return [line]
    pieces = wrap(text, room)
    if len(pieces) > MAX_WRAPPED:
        pieces = pieces[: MAX_WRAPPED - 1] + [fit(" ".join(pieces[MAX_WRAPPED - 1 :]), room)]
    first = replace(line, left=(*head, replace(last, text=pieces[0])), wrap=False)
    pad = replace(last, text=" " * (indent - 1), chip=False)
    rest = [
        replace(line, left=(pad, replace(last, text=piece)), right=(), wrap=False)
        for piece in pieces[1:]
    ]
    return [first, *rest]


class RitualList(DrawnLines, can_focus=True):
    """The entries of a ritual view, a cursor on the ones that can be chosen.

    | Key(s) | Binding id | Description |
    | :- | :- | :- |
    | k, up | `up` | The previous entry. |
    | j, down | `down` | The next entry. |
    | pageup / pagedown | `page-up` / `page-down` | A page up or down. |
    | g, home / G, end | `first` / `last` | The first or last entry. |
    | enter | `open` | Choose the entry (posts `Selected`). |
    | F | `ritual-filter` | Decisions: the next channel; action items: the next filter. |
    | space | `action-done` | Action items: mark the entry done, or not done. |
    | c | `new-ritual` | Meetings, check-ins: a new one (posts `New`); elsewhere the app's `c`. |
    | X | `close-meeting` | Meetings: close the meeting under the cursor (posts `CloseMeeting`). |

    | Component class | Description |
    | :- | :- |
    | `ritual-list--cursor` | The entry under the cursor. |
    | `ritual-list--muted` | Channels, times, people, hints. |
    | `ritual-list--title` | An entry's name. |
    | `ritual-list--strong` | Headings and marks. |
    | `ritual-list--done` | A done action item. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding(id) for id in ("up", "down", "page-up", "page-down", "first", "last", "open")
    ] + keys.bindings("rituals")
    """From the app's key registry (``asynctui.tui.keys``), so users remap them by id."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ritual-list--cursor",
        "ritual-list--muted",
        "ritual-list--title",
        "ritual-list--strong",
        "ritual-list--done",
    }

    DEFAULT_CSS = """
    RitualList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        background: $surface;
        color: $foreground;
        & > .ritual-list--cursor {
            background: $block-cursor-blurred-background;
            color: $foreground;
        }
        &:focus > .ritual-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .ritual-list--muted {
            color: $foreground-muted;
        }
        & > .ritual-list--title {
            text-style: bold;
        }
        & > .ritual-list--strong {
            color: $accent;
            text-style: bold;
        }
        & > .ritual-list--done {
            color: $foreground-muted;
            text-style: strike;
        }
    }
    """

    cursor: reactive[int] = reactive(-1, init=False)
    """Index of the entry under the cursor; -1 when none can be chosen."""

    @dataclass
    class _Posted(Message):
        """A message of this list: ``control`` is the list, for Textual's routing."""

        ritual_list: RitualList

        @property
        def control(self) -> RitualList:
            return self.ritual_list

    @dataclass
    class Selected(_Posted):
        """An entry was chosen (enter or a click)."""

        entry: Entry

    @dataclass
    class ToggleDone(_Posted):
        """Mark the action item under the cursor done, or not done (space)."""

        entry: Entry

    @dataclass
    class NextFilter(_Posted):
        """Show the view's next filter (F): a channel of decisions, mine / everyone's /
        overdue action items."""

        view: str

    @dataclass
    class New(_Posted):
        """Make a new one of the view's kind (c): a meeting, a check-in."""

        view: str

    @dataclass
    class CloseMeeting(_Posted):
        """Close the meeting under the cursor (X); ``entry`` None: none is."""

        entry: Entry | None

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.view = ""
        """The ritual view shown (``views.CHECKINS``, ...): which keys apply."""
        self._entries: list[Entry] = []
        self._layout = _Layout(0, [0], [])
        self._strips: LRUCache[tuple[int, int, int, bool], Strip] = LRUCache(1024)
        """Drawn lines keyed by (entry index, line of it, width, under the cursor)."""
        self._components: dict[str, Style] = {}
        self._base_style: Style | None = None

    # --- data in -------------------------------------------------------------------------

    def set_entries(self, view: str, entries: Sequence[Entry]) -> None:
        """Show a view's entries. The cursor stays on the entry it was on (by key)
        when it is still listed, else on the nearest one that can be chosen."""
        current = self.entry
        same_view = view == self.view
        self.view = view
        self._entries = list(entries)
        self._relayout(self.scrollable_content_region.width)
        keys_ = [e.key for e in self._entries]
        index = -1
        if same_view and current is not None and current.key in keys_:
            index = keys_.index(current.key)
        elif same_view and self.cursor >= 0:
            index = self._nearest(min(self.cursor, len(self._entries) - 1))
        else:
            index = self._nearest(0)
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.set_reactive(RitualList.cursor, index)
        self.scroll_to_cursor()
        self.refresh_bindings()
        self.refresh()

    def _relayout(self, width: int) -> None:
        """Lay the entries out at ``width`` (long lines wrapped) and size the scroll area."""
        starts = [0]
        rows = []
        for entry in self._entries:
            lines = [row for line in entry.lines for row in _wrapped(line, width)]
            rows.append(lines)
            # A blank line after each entry but headings; one before each heading but the first.
            gap = 0 if entry.kind == "heading" else 1
            before = 1 if entry.kind == "heading" and starts[-1] else 0
            starts[-1] += before
            starts.append(starts[-1] + len(lines) + gap)
        self._layout = _Layout(width, starts, rows)
        self._strips.clear()
        self.virtual_size = Size(0, self._layout.height)

    def on_resize(self, event: events.Resize) -> None:
        if self._layout.width != self.scrollable_content_region.width:
            self._relayout(self.scrollable_content_region.width)
            self.scroll_to_cursor()

    def _nearest(self, index: int) -> int:
        """The first entry that can be chosen at or after ``index``, else before it."""
        for i in range(max(0, index), len(self._entries)):
            if self._entries[i].selectable:
                return i
        for i in range(min(index, len(self._entries) - 1), -1, -1):
            if self._entries[i].selectable:
                return i
        return -1

    # --- state out -----------------------------------------------------------------------

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries)

    @property
    def entry(self) -> Entry | None:
        """The entry under the cursor, if any."""
        if 0 <= self.cursor < len(self._entries):
            return self._entries[self.cursor]
        return None

    def select_key(self, key: str) -> bool:
        """Move the cursor onto the entry with this key; False when it is not listed."""
        for index, entry in enumerate(self._entries):
            if entry.key == key and entry.selectable:
                self.cursor = index
                return True
        return False

    def watch_cursor(self, old: int, new: int) -> None:
        self._strips.clear()
        self.refresh()
        self.scroll_to_cursor()
        self.refresh_bindings()

    def scroll_to_cursor(self) -> None:
        if self.cursor < 0 or not self.is_mounted:
            return
        start = self._layout.starts[self.cursor]
        height = len(self._layout.rows[self.cursor])
        # The heading just above the first entry of a group comes into view with it.
        if self.cursor > 0 and self._entries[self.cursor - 1].kind == "heading":
            start, height = self._layout.starts[self.cursor - 1], height + 1
        view = max(1, self.scrollable_content_region.height)
        self.scroll_to_region(
            Region(0, start, 1, min(height, view)),
            animate=False,
            force=True,
            immediate=True,
            x_axis=False,
        )

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_filter":
            return self.view in (ACTIONS, DECISIONS)
        if action == "toggle_done":
            entry = self.entry
            return entry is not None and entry.kind == "action"
        if action == "new_ritual":
            # Elsewhere the key falls through to the app's (a new thread).
            return self.view in (MEETINGS, CHECKINS)
        if action == "close_meeting":
            return self.view == MEETINGS
        return True

    def _step(self, direction: int, start: int | None = None) -> None:
        index = self.cursor if start is None else start
        index += direction
        while 0 <= index < len(self._entries):
            if self._entries[index].selectable:
                self.cursor = index
                return
            index += direction

    def action_cursor_down(self) -> None:
        self._step(+1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self._step(+1, -1)

    def action_last(self) -> None:
        self._step(-1, len(self._entries))

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        if self.cursor < 0:
            return
        view = max(1, self.scrollable_content_region.height)
        target = self._layout.starts[self.cursor] + direction * view
        index = bisect_right(self._layout.starts, max(0, target)) - 1
        index = max(0, min(index, len(self._entries) - 1))
        found = self._nearest(index) if direction > 0 else self._nearest_before(index)
        if found >= 0:
            self.cursor = found

    def _nearest_before(self, index: int) -> int:
        for i in range(index, -1, -1):
            if self._entries[i].selectable:
                return i
        return self._nearest(index)

    def action_select(self) -> None:
        entry = self.entry
        if entry is not None:
            self.post_message(self.Selected(self, entry))

    def action_toggle_done(self) -> None:
        entry = self.entry
        if entry is not None and entry.kind == "action":
            self.post_message(self.ToggleDone(self, entry))

    def action_cycle_filter(self) -> None:
        self.post_message(self.NextFilter(self, self.view))

    def action_new_ritual(self) -> None:
        self.post_message(self.New(self, self.view))

    def action_close_meeting(self) -> None:
        entry = self.entry
        self.post_message(
            self.CloseMeeting(self, entry if entry and entry.kind == "meeting" else None)
        )

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = offset.y + self.scroll_offset.y
        index = bisect_right(self._layout.starts, line) - 1
        if 0 <= index < len(self._entries) and self._entries[index].selectable:
            event.stop()
            self.cursor = index
            self.action_select()

    # --- drawing -------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style
        if self._layout.width != self.scrollable_content_region.width:
            self._relayout(self.scrollable_content_region.width)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style or self.rich_style
        line = self.scroll_offset.y + y
        starts = self._layout.starts
        if line >= self._layout.height:
            return Strip.blank(width, base)
        index = bisect_right(starts, line) - 1
        if index >= len(self._entries):
            return Strip.blank(width, base)
        offset = line - starts[index]
        entry = self._entries[index]
        selected = index == self.cursor
        key = (index, offset, width, selected)
        strip = self._strips.get(key)
        if strip is None:
            rows = self._layout.rows[index]
            if 0 <= offset < len(rows):
                strip = self._draw(entry, rows[offset], width, selected, base)
            else:
                strip = Strip.blank(width, base)
            self._strips[key] = strip
        return strip.apply_offsets(0, line)

    def _draw(
        self, entry: Entry, line: EntryLine, width: int, selected: bool, base: Style
    ) -> Strip:
        if selected:
            base = base + self._component("ritual-list--cursor")
        styles = {
            name: self._text_style(f"ritual-list--{name}", selected)
            for name in ("muted", "title", "strong")
        }
        if entry.done:
            # Dimmed, and its name struck through.
            styles["title"] = self._text_style("ritual-list--done", selected)
        tone_style, chip = tone_styles(
            self.app.theme_variables, self.background_colors[1], on_cursor=selected
        )
        if entry.done:
            tone_style = {tone: styles["muted"] for tone in BADGE_TONES}
        left = [Segment(" ", base)]
        left += part_segments(line.left, base, styles, tone_style, chip, selected)
        right = part_segments(line.right, base, styles, tone_style, chip, selected)
        if not right:
            return line_strip(left, width, base)
        room = max(0, width - 6)
        if entry.kind == "heading":  # a hint of keys: its start matters most
            right = [Segment(fit("".join(s.text for s in right), room), right[0].style)]
        else:  # what ends it (a due time, a countdown) is the last thing cut
            right = keep_end(right, room)
        return join_right(left, right, width, base)

    def _text_style(self, component: str, selected: bool) -> Style:
        """A component's text style; on the cursor row its attributes only (dimmed for
        muted text) over the cursor's colours, so it stays readable."""
        style = foreground(self._component(component))
        if not selected:
            return style
        if component in ("ritual-list--muted", "ritual-list--done"):
            return style.without_color + Style(dim=True)
        return style.without_color
