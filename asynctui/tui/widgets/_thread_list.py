"""The thread list: one two-line row per thread, drawn a line at a time (Textual's Line API).

Only the visible rows are ever built, so a view of 100,000 threads costs what a
screenful costs. Rows come from a callback (the caller's cached view model); the
rendered lines are kept in an LRU cache keyed by what they depend on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from asynctui.client.views import Badge, ThreadSummary
from asynctui.tui import keys
from asynctui.tui.widgets._drawn_lines import DrawnLines
from asynctui.tui.widgets._lines import (
    chip_style,
    fit,
    fit_start,
    foreground,
    join_right,
    line_strip,
    safe_line,
    tone_color,
)

ROW_HEIGHT = 2
"""Lines per thread: title and activity; channel, people and badges."""

EMPTY_TEXT = "Nothing here. Press c to start a thread."

_LEFT_KEPT = 16
"""Cells of the channel and people kept before a second badge is shown."""

_UNREAD_MARK = "●"
_RESOLVED_MARK = "✓ "


class ThreadList(DrawnLines, can_focus=True):
    """The threads of a view, with who owes a reply in each and by when.

    | Key(s) | Binding id | Description |
    | :- | :- | :- |
    | k, up | `up` | Move the cursor up a thread. |
    | j, down | `down` | Move the cursor down a thread. |
    | pageup | `page-up` | Scroll up a page, the cursor with it. |
    | pagedown | `page-down` | Scroll down a page, the cursor with it. |
    | g, home | `first` | Move the cursor to the first thread. |
    | G, end | `last` | Move the cursor to the last thread. |
    | enter | `open` | Open the thread under the cursor (posts `Selected`). |

    | Component class | Description |
    | :- | :- |
    | `thread-list--cursor` | The row under the cursor. |
    | `thread-list--muted` | Channel, people, times. |
    | `thread-list--unread` | The title of a thread with unread messages. |
    | `thread-list--marker` | The unread marker and count. |
    | `thread-list--resolved` | The title of a resolved thread. |
    | `thread-list--empty` | The line shown when the view has no threads. |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding(id) for id in ("up", "down", "page-up", "page-down", "first", "last", "open")
    ]
    """From the app's key registry (``asynctui.tui.keys``), so users remap them by id."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "thread-list--cursor",
        "thread-list--muted",
        "thread-list--unread",
        "thread-list--marker",
        "thread-list--resolved",
        "thread-list--empty",
    }

    DEFAULT_CSS = """
    ThreadList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        background: $surface;
        color: $foreground;
        & > .thread-list--cursor {
            background: $block-cursor-blurred-background;
            color: $foreground;
        }
        &:focus > .thread-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .thread-list--muted {
            color: $foreground-muted;
        }
        & > .thread-list--unread {
            text-style: bold;
        }
        & > .thread-list--marker {
            color: $accent;
            text-style: bold;
        }
        & > .thread-list--resolved {
            color: $foreground-muted;
        }
        & > .thread-list--empty {
            color: $foreground-muted;
            text-style: italic;
        }
    }
    """

    cursor: reactive[int] = reactive(0, init=False)
    """Index of the thread under the cursor (0 when the list is empty)."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto a thread."""

        thread_id: str
        thread_list: ThreadList

        @property
        def control(self) -> ThreadList:
            return self.thread_list

    @dataclass
    class Selected(Message):
        """A thread was chosen (enter or a click)."""

        thread_id: str
        thread_list: ThreadList

        @property
        def control(self) -> ThreadList:
            return self.thread_list

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._ids: list[str] = []
        self._row: Callable[[str], ThreadSummary] | None = None
        self._empty = EMPTY_TEXT
        """What the list says while it has no thread."""
        self._summaries: LRUCache[str, ThreadSummary] = LRUCache(512)
        """Rows fetched from the caller, so moving the cursor does not fetch again."""
        self._strips: LRUCache[tuple[str, int, int, bool], Strip] = LRUCache(1024)
        """Rendered lines keyed by (thread id, line of the row, width, under the cursor)."""
        self._components: dict[str, Style] = {}
        """Component class -> its style, until the styles or the focus change."""
        self._base_style: Style | None = None
        """The widget's own style, looked up once per repaint."""
        self._announced: str | None = None
        """The thread id last sent in a Highlighted message."""

    # --- data in -------------------------------------------------------------------------

    def set_rows(
        self, ids: Sequence[str], row: Callable[[str], ThreadSummary], empty: str | None = None
    ) -> None:
        """Show these threads, in this order; ``row(id)`` is asked only for visible rows;
        ``empty``: what an empty list says (None: :data:`EMPTY_TEXT`).

        The cursor stays on the thread it was on when that thread is still listed.
        """
        self._row = row
        self._empty = EMPTY_TEXT if empty is None else empty
        self._replace(ids)

    def refresh_rows(self, ids: Sequence[str] | None = None) -> None:
        """Forget the rows and lines drawn so far (the data changed), optionally with new ids.

        The cursor stays on the same thread when it is still listed.
        """
        self._replace(self._ids if ids is None else ids)

    def _replace(self, ids: Sequence[str]) -> None:
        current = self.thread_id
        self._ids = list(ids)
        self._summaries.clear()
        self._strips.clear()
        index = self.cursor
        if current is not None:
            try:
                index = self._ids.index(current)
            except ValueError:
                pass
        self.virtual_size = Size(0, len(self._ids) * ROW_HEIGHT)
        self.set_reactive(ThreadList.cursor, self.validate_cursor(index))
        self._cursor_moved()
        self.refresh()

    def select_id(self, thread_id: str) -> bool:
        """Move the cursor onto a thread; False when it is not listed."""
        try:
            self.cursor = self._ids.index(thread_id)
        except ValueError:
            return False
        return True

    # --- state out -----------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def thread_id(self) -> str | None:
        """The id of the thread under the cursor, if any."""
        return self._ids[self.cursor] if self._ids else None

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._ids) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_lines(old * ROW_HEIGHT, ROW_HEIGHT)
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        self.refresh_lines(self.cursor * ROW_HEIGHT, ROW_HEIGHT)
        self.scroll_to_cursor()
        thread_id = self.thread_id
        if thread_id is not None and thread_id != self._announced:
            self._announced = thread_id
            self.post_message(self.Highlighted(thread_id, self))

    def scroll_to_cursor(self) -> None:
        """Scroll the least needed for the cursor's row to be seen."""
        if not self._ids or not self.is_mounted:
            return
        self.scroll_to_region(
            Region(0, self.cursor * ROW_HEIGHT, 1, ROW_HEIGHT),
            animate=False,
            force=True,
            immediate=True,
            x_axis=False,
        )

    # --- actions -------------------------------------------------------------------------

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(+1)

    def _page(self, direction: int) -> None:
        rows = self._page_rows
        self.scroll_to(
            y=self.scroll_y + direction * rows * ROW_HEIGHT,
            animate=False,
            immediate=True,
            force=True,
        )
        self.cursor += direction * rows

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._ids) - 1

    def action_select(self) -> None:
        thread_id = self.thread_id
        if thread_id is not None:
            self.post_message(self.Selected(thread_id, self))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._ids:
            return
        index = (offset.y + self.scroll_offset.y) // ROW_HEIGHT
        if 0 <= index < len(self._ids):
            event.stop()
            self.cursor = index
            self.action_select()

    # --- drawing -------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style or self.rich_style
        if not self._ids:
            return self._empty_line(y, width, base)
        line = self.scroll_offset.y + y
        index, part = divmod(line, ROW_HEIGHT)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        thread_id = self._ids[index]
        selected = index == self.cursor
        key = (thread_id, part, width, selected)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(self._summary(thread_id), part, width, selected, base)
            self._strips[key] = strip
        return strip.apply_offsets(0, line)

    def _style(self, component: str) -> Style:
        """A component's text style without its background, to lay over any row."""
        return foreground(self._component(component))

    def _summary(self, thread_id: str) -> ThreadSummary:
        summary = self._summaries.get(thread_id)
        if summary is None:
            assert self._row is not None
            summary = self._row(thread_id)
            self._summaries[thread_id] = summary
        return summary

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        height = self.scrollable_content_region.height
        if y != height // 2:
            return Strip.blank(width, base)
        style = base + self._component("thread-list--empty")
        text = fit(self._empty, width)
        left = max(0, (width - len(text)) // 2)
        return line_strip([Segment(" " * left, base), Segment(text, style)], width, base)

    def _render_row_line(
        self, row: ThreadSummary, part: int, width: int, selected: bool, base: Style
    ) -> Strip:
        if selected:
            base = base + self._component("thread-list--cursor")
        muted = self._part("thread-list--muted", selected)
        if part == 0:
            return self._title_line(row, width, base, muted, selected)
        return self._people_line(row, width, base, muted)

    def _part(self, component: str, selected: bool) -> Style:
        """A component's text style; on the cursor row only its attributes, over the
        cursor's own colours (dimmed for the muted parts), so it stays readable."""
        style = self._style(component)
        if not selected:
            return style
        if component in ("thread-list--muted", "thread-list--resolved"):
            return style.without_color + Style(dim=True)
        return style.without_color

    def _title_line(
        self, row: ThreadSummary, width: int, base: Style, muted: Style, selected: bool
    ) -> Strip:
        marker = self._part("thread-list--marker", selected)
        title = safe_line(row.title) or "(untitled)"
        if row.resolved:
            title_style = base + self._part("thread-list--resolved", selected)
            title = _RESOLVED_MARK + title
        elif row.unread:
            title_style = base + self._part("thread-list--unread", selected)
        else:
            title_style = base
        left = [
            Segment(" ", base),
            Segment(_UNREAD_MARK if row.unread else " ", base + marker),
            Segment(" ", base),
            Segment(title, title_style),
        ]
        right = [Segment(safe_line(row.last_activity, 40), base + muted)]
        if row.unread:
            right += [Segment("  ", base), Segment(_count(row.unread), base + marker)]
        return join_right(left, right, width, base)

    def _people_line(self, row: ThreadSummary, width: int, base: Style, muted: Style) -> Strip:
        channel = safe_line(row.channel_label or f"#{row.channel_name}", 80)
        people = ", ".join(safe_line(handle, 40) for handle in row.participants[:8])
        if len(row.participants) > 8:
            people += f", +{len(row.participants) - 8}"
        text = channel + (f" · {people}" if people else "")
        left = [Segment("   ", base), Segment(text, base + muted)]
        right = self._badges(row.badges, width, base)
        return join_right(left, right, width, base)

    def _badges(self, badges: Sequence[Badge], width: int, base: Style) -> list[Segment]:
        """Badges as coloured chips, most urgent first, on a line ``width`` cells wide.

        The first badge's due time is the last thing cut: the channel and people
        give way to it first (``join_right``), then the words of where the person is
        ("off until Fri 01:30, "), then the count of the other badges, then the name.
        The others come whole, while the channel keeps ``_LEFT_KEPT`` cells.
        """
        if not badges:
            return []
        variables = self.app.theme_variables
        background = self.background_colors[1]
        first, rest = badges[0], len(badges) - 1
        room = width - 5  # the indent, a cell between the parts, the right margin
        forms = [f" {safe_line(text, 120)} " for text in (first.text, first.short) if text]
        more = f" +{rest}" if rest else ""
        chosen = next((f for f in forms if cell_len(f) + len(more) <= room), None)
        if chosen is None:
            more = ""
            chosen = fit_start(forms[-1], room)
        segments = [Segment(chosen, self._chip(first, variables, background))]
        used = cell_len(chosen)
        if chosen != forms[0]:
            return [*segments, Segment(more, base)] if more else segments
        # The others, each as it fits best, while the channel keeps its cells.
        room = max(used, width - 4 - _LEFT_KEPT)
        for shown, badge in enumerate(badges[1:], start=1):
            left_over = len(badges) - shown - 1
            more = f" +{left_over}" if left_over else ""
            texts = [f" {safe_line(t, 120)} " for t in (badge.text, badge.short) if t]
            text = next((t for t in texts if used + 2 + cell_len(t) + len(more) <= room), None)
            if text is None:
                segments.append(Segment(f" +{len(badges) - shown}", base))
                break
            segments += [
                Segment("  ", base),
                Segment(text, self._chip(badge, variables, background)),
            ]
            used += 2 + cell_len(text)
        return segments

    def _chip(self, badge: Badge, variables: Mapping[str, str], background: Color) -> Style:
        return chip_style(tone_color(variables, badge.tone, background), Style())


def _count(unread: int) -> str:
    return "99+" if unread > 99 else str(unread)


__all__ = ["EMPTY_TEXT", "ROW_HEIGHT", "ThreadList"]
