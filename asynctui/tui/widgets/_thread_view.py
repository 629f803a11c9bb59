"""One thread's messages, drawn a line at a time (Textual's Line API).

The messages are laid out into a flat list of lines for the current width: a
header per message, a quote line, the body wrapped to the width, a reactions line
and a blank line between messages. The layout keeps only where each message
starts and the wrapped bodies that needed wrapping; lines become Strips only when
they are on screen, and those are kept in an LRU cache.

A body longer than ``MAX_BODY_CHARS`` is cut, with a visible note of how much is
not shown, so a 100 KB message costs what 4,000 characters cost.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message as TextualMessage
from textual.reactive import reactive
from textual.strip import Strip

from asynctui.client.queries import Message
from asynctui.core.timefmt import when
from asynctui.tui import keys
from asynctui.tui.widgets._drawn_lines import DrawnLines
from asynctui.tui.widgets._lines import (
    cap,
    fit,
    foreground,
    join_right,
    line_strip,
    part_segments,
    safe,
    safe_line,
    tone_color,
    tone_styles,
    wrap,
)

if TYPE_CHECKING:
    from asynctui.client.ritual_views import EntryLine

MAX_BODY_CHARS = 4000
"""Characters of a body shown; the rest is summed up in a note line."""
MAX_BODY_LINES = 200
"""Lines of a body shown at any width; the rest is summed up in a note line."""

_GUTTER = 2
"""Cells before every message line: the selection bar and a space."""
_BAR = "▌"
_QUOTE_CHARS = 60


@dataclass(frozen=True)
class AskLine:
    """An ask shown at the top of the thread, as the caller worded it."""

    text: str
    """'Asked @bob · due Mon 15:00 · answered'."""
    tone: str
    """A badge tone: 'overdue', 'due_soon', 'open', 'off' or 'answered'."""


@dataclass(frozen=True)
class _Body:
    """A message body made safe and cut to size, independent of the width."""

    text: str
    hidden: int
    """Characters not shown."""


@dataclass
class _Layout:
    """Where every message's lines are, at one width."""

    width: int
    top: int
    """Lines above the first message: title, header, asks and a rule."""
    starts: list[int]
    """The first line of each message; one more entry: the total line count."""
    wrapped: dict[int, tuple[list[str], int]]
    """For bodies that needed wrapping: their lines, and the characters not shown."""

    @property
    def height(self) -> int:
        return self.starts[-1] if len(self.starts) > 1 else self.top + 1


class ThreadView(DrawnLines, can_focus=True):
    """The messages of one thread, newest at the bottom, with a selected message.

    | Key(s) | Binding id | Description |
    | :- | :- | :- |
    | k, up | `up` | Select the previous message. |
    | j, down | `down` | Select the next message. |
    | pageup | `page-up` | Scroll up a page; select the first message seen. |
    | pagedown | `page-down` | Scroll down a page; select the first message seen. |
    | g, home | `first` | Select the first message. |
    | G, end | `last` | Select the newest message. |

    | Component class | Description |
    | :- | :- |
    | `thread-view--title` | The thread's title. |
    | `thread-view--author` | A message author's name. |
    | `thread-view--me` | The viewer's own name on their messages and reactions. |
    | `thread-view--muted` | Handles, times, the edited mark, notes. |
    | `thread-view--quote` | A quoted message. |
    | `thread-view--bar` | The bar beside the selected message. |
    | `thread-view--strong` | Headings of a meeting's or a check-in's header. |

    A meeting's thread shows its goal, deadline and agenda above the messages, a
    check-in occurrence's thread who answered and who has not (``header``).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding(id) for id in ("up", "down", "page-up", "page-down", "first", "last")
    ]
    """From the app's key registry (``asynctui.tui.keys``), so users remap them by id."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "thread-view--title",
        "thread-view--author",
        "thread-view--me",
        "thread-view--muted",
        "thread-view--quote",
        "thread-view--bar",
        "thread-view--strong",
    }

    DEFAULT_CSS = """
    ThreadView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        background: $surface;
        color: $foreground;
        & > .thread-view--title {
            text-style: bold;
        }
        & > .thread-view--author {
            text-style: bold;
        }
        & > .thread-view--me {
            color: $primary;
            text-style: bold;
        }
        & > .thread-view--muted {
            color: $foreground-muted;
        }
        & > .thread-view--quote {
            color: $foreground-muted;
            text-style: italic;
        }
        & > .thread-view--bar {
            color: $foreground-muted;
        }
        &:focus > .thread-view--bar {
            color: $accent;
        }
        & > .thread-view--strong {
            color: $accent;
            text-style: bold;
        }
    }
    """

    message_index: reactive[int] = reactive(0, init=False)
    """Index of the selected message (0 when the thread has none)."""

    @dataclass
    class MessageSelected(TextualMessage):
        """Another message was selected."""

        message_id: str
        thread_view: ThreadView

        @property
        def control(self) -> ThreadView:
            return self.thread_view

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._title = ""
        self._asks: list[AskLine] = []
        self._top_lines: list[EntryLine] = []
        self._messages: list[Message] = []
        self._positions: dict[str, int] = {}
        self._author_name: Callable[[str], str] = str
        self._author_handle: Callable[[str], str] = str
        self._names: dict[str, tuple[str, str]] = {}
        self._my_id = ""
        self._tz = "UTC"
        self._now = datetime.now().astimezone()
        self._bodies: dict[int, _Body] = {}
        """Bodies made safe so far, by message index (only those that needed it)."""
        self._layouts: LRUCache[int, _Layout] = LRUCache(4)
        """Layouts by width, so resizing back and forth costs nothing."""
        self._laid_out: _Layout | None = None
        self._strips: LRUCache[tuple[int, int, int, bool], Strip] = LRUCache(1024)
        """Rendered lines keyed by (message index or -1, line of it, width, selected)."""
        self._components: dict[str, Style] = {}
        """Component class -> its style, until the styles or the focus change."""
        self._base_style: Style | None = None
        self._stick_to_end = True
        """Scroll to the newest message once there is a width to lay out at."""
        self._announced: str | None = None

    # --- data in -------------------------------------------------------------------------

    def set_thread(
        self,
        title: str,
        messages: Sequence[Message],
        author_name: Callable[[str], str],
        author_handle: Callable[[str], str],
        my_id: str,
        tz: str,
        now: datetime,
        asks: Sequence[AskLine] | None = None,
        header: Sequence[EntryLine] = (),
    ) -> None:
        """Show a thread. A new thread opens at its newest message.

        ``header``: lines shown under the title (a meeting's agenda and who has
        contributed, a check-in's answers so far).

        Showing the same thread again (new messages arrived) keeps the selection and
        scroll position, unless the newest message was selected: then the new newest is.
        """
        same_thread = bool(
            messages and self._messages and messages[0].thread == self._messages[0].thread
        )
        previous = self.selected_message()
        was_at_end = (
            not same_thread
            or previous is None
            or self.message_index >= len(self._messages) - 1
            or self._laid_out is None
        )
        old_scroll = self.scroll_y
        self._title = title
        self._asks = list(asks or ())
        self._top_lines = list(header)
        self._messages = list(messages)
        self._positions = {m.id: i for i, m in enumerate(self._messages)}
        self._author_name = author_name
        self._author_handle = author_handle
        self._names.clear()
        self._my_id = my_id
        self._tz = tz
        self._now = now
        self._bodies.clear()
        self._layouts.clear()
        self._laid_out = None
        self._strips.clear()
        if was_at_end or previous is None:
            index = len(self._messages) - 1
        else:
            index = self._positions.get(previous.id, self.message_index)
        self.set_reactive(ThreadView.message_index, self.validate_message_index(index))
        self._stick_to_end = was_at_end
        self._relayout()
        if not was_at_end:
            self.scroll_to(y=old_scroll, animate=False, immediate=True, force=True)
        self._announce()
        self.refresh()

    # --- state out -----------------------------------------------------------------------

    def selected_message(self) -> Message | None:
        """The selected message, or None when the thread has none."""
        if not self._messages:
            return None
        return self._messages[self.message_index]

    def validate_message_index(self, index: int) -> int:
        return max(0, min(index, len(self._messages) - 1))

    def watch_message_index(self, old: int, new: int) -> None:
        self._strips.clear()
        self.refresh()
        self.scroll_to_message(new)
        self._announce()

    def _announce(self) -> None:
        message = self.selected_message()
        if message is not None and message.id != self._announced:
            self._announced = message.id
            self.post_message(self.MessageSelected(message.id, self))

    # --- layout --------------------------------------------------------------------------

    @property
    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _relayout(self) -> None:
        """Lay out at the current width (if there is one) and size the scrollable area."""
        width = self._width
        if width <= 0:
            return
        layout = self._layouts.get(width)
        if layout is None:
            layout = self._lay_out(width)
            self._layouts[width] = layout
        self._laid_out = layout
        self.virtual_size = Size(0, layout.height)
        if self._stick_to_end:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)

    def _lay_out(self, width: int) -> _Layout:
        text_width = max(1, width - _GUTTER - 1)
        top = 1 + len(self._top_lines) + len(self._asks) + 1
        starts = [top]
        wrapped: dict[int, tuple[list[str], int]] = {}
        line = top
        for index, message in enumerate(self._messages):
            body = message.body
            if body.isascii() and body.isprintable() and len(body) <= text_width:
                body_lines = 1 if body else 0
            else:
                lines, hidden = self._wrap_body(index, text_width)
                wrapped[index] = (lines, hidden)
                body_lines = len(lines) + (1 if hidden else 0)
            line += (
                2  # header and the blank line after the message
                + (message.quote is not None)
                + body_lines
                + _has_reactions(message)
            )
            starts.append(line)
        return _Layout(width, top, starts, wrapped)

    def _wrap_body(self, index: int, text_width: int) -> tuple[list[str], int]:
        body = self._body(index)
        lines = wrap(body.text, text_width) if body.text else []
        hidden = body.hidden
        if len(lines) > MAX_BODY_LINES:
            hidden += sum(len(extra) + 1 for extra in lines[MAX_BODY_LINES:])
            lines = lines[:MAX_BODY_LINES]
        return lines, hidden

    def _body(self, index: int) -> _Body:
        body = self._bodies.get(index)
        if body is None:
            raw = self._messages[index].body
            text, hidden = cap(raw, MAX_BODY_CHARS)
            body = _Body(safe(text).rstrip("\n"), hidden)
            self._bodies[index] = body
        return body

    def on_resize(self, event: events.Resize) -> None:
        layout = self._laid_out
        if layout is not None and layout.width == self._width:
            return
        at_end = layout is None or self.scroll_y >= self.max_scroll_y
        self._stick_to_end = self._stick_to_end or at_end
        self._strips.clear()
        self._relayout()
        if not self._stick_to_end:
            self.scroll_to_message(self.message_index)

    def _lines_of(self, index: int) -> tuple[int, int]:
        """The first line of a message and its number of lines (without the blank after it)."""
        assert self._laid_out is not None
        starts = self._laid_out.starts
        return starts[index], starts[index + 1] - starts[index] - 1

    def _message_at(self, line: int) -> int | None:
        """The index of the message that line ``line`` belongs to, if any."""
        layout = self._laid_out
        if layout is None or not self._messages or line < layout.top:
            return None
        index = bisect_right(layout.starts, line) - 1
        return index if index < len(self._messages) else None

    def scroll_to_message(self, index: int) -> None:
        """Scroll the least needed to see the message (its top when it is taller than the view)."""
        if self._laid_out is None or not self._messages or not self.is_mounted:
            return
        self._stick_to_end = False
        if index == len(self._messages) - 1:
            self._stick_to_end = True
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)
            return
        if index == 0:
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
            return
        start, height = self._lines_of(index)
        view = self.scrollable_content_region.height
        self.scroll_to_region(
            Region(0, start, 1, min(height, view)),
            animate=False,
            force=True,
            immediate=True,
            x_axis=False,
            top=height > view,
        )

    # --- actions -------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.message_index -= 1

    def action_cursor_down(self) -> None:
        self.message_index += 1

    def action_first(self) -> None:
        self.message_index = 0

    def action_last(self) -> None:
        self.message_index = len(self._messages) - 1

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(+1)

    def _page(self, direction: int) -> None:
        """Scroll a page, then select the first message whose header is in view."""
        if self._laid_out is None or not self._messages:
            return
        view = max(1, self.scrollable_content_region.height)
        self.scroll_to(
            y=self.scroll_y + direction * view, animate=False, immediate=True, force=True
        )
        top = round(self.scroll_y)
        if direction > 0 and top >= self.max_scroll_y:
            target = len(self._messages) - 1
        elif direction < 0 and top <= 0:
            target = 0
        else:
            covering = self._message_at(top)
            target = 0 if covering is None else covering
            if self._laid_out.starts[target] < top and target + 1 < len(self._messages):
                if self._laid_out.starts[target + 1] < top + view:
                    target += 1
        if target != self.message_index:
            self.set_reactive(ThreadView.message_index, target)
            self._strips.clear()
            self.refresh()
            self._announce()
        self._stick_to_end = target == len(self._messages) - 1 and top >= self.max_scroll_y

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self._message_at(offset.y + self.scroll_offset.y)
        if index is not None:
            event.stop()
            self.message_index = index

    # --- drawing -------------------------------------------------------------------------

    def _style(self, component: str) -> Style:
        return foreground(self._component(component))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style
        if self._laid_out is None or self._laid_out.width != self._width:
            self._relayout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        base = self._base_style or self.rich_style
        layout = self._laid_out
        line = self.scroll_offset.y + y
        if layout is None or line >= layout.height:
            return Strip.blank(width, base)
        if line < layout.top or not self._messages:
            key = (-1, line, width, False)
            index, offset, selected = -1, line, False
        else:
            index = bisect_right(layout.starts, line) - 1
            offset = line - layout.starts[index]
            selected = index == self.message_index
            key = (index, offset, width, selected)
        strip = self._strips.get(key)
        if strip is None:
            if index < 0:
                strip = self._render_top_line(offset, width, base)
            else:
                strip = self._render_message_line(index, offset, width, selected, base)
            self._strips[key] = strip
        return strip.apply_offsets(0, line)

    def _render_top_line(self, offset: int, width: int, base: Style) -> Strip:
        muted = base + self._style("thread-view--muted")
        if offset == 0:
            title = fit(safe_line(self._title) or "No thread open", width - 2)
            return line_strip(
                [Segment(" ", base), Segment(title, base + self._style("thread-view--title"))],
                width,
                base,
            )
        if offset - 1 < len(self._top_lines):
            return self._header_line(self._top_lines[offset - 1], width, base, muted)
        offset -= len(self._top_lines)
        if offset - 1 < len(self._asks):
            ask = self._asks[offset - 1]
            color = tone_color(self.app.theme_variables, ask.tone, self.background_colors[1])
            tone = base + Style(color=color.rich_color)
            text = fit(safe_line(ask.text), width - 4)
            return line_strip(
                [Segment(" ", base), Segment("◆ ", tone), Segment(text, tone)], width, base
            )
        if offset == len(self._asks) + 1:
            return line_strip([Segment("─" * width, muted)], width, base)
        # The line under the rule when there is nothing to show.
        hint = "No messages yet." if self._title else "Choose a thread and press enter to read it."
        return line_strip([Segment(" ", base), Segment(hint, muted)], width, base)

    def _header_line(self, line: EntryLine, width: int, base: Style, muted: Style) -> Strip:
        styles = {
            "muted": self._style("thread-view--muted"),
            "title": self._style("thread-view--author"),
            "strong": self._style("thread-view--strong"),
        }
        tone_style, chip = tone_styles(self.app.theme_variables, self.background_colors[1])
        left = [Segment(" ", base), *part_segments(line.left, base, styles, tone_style, chip)]
        if not line.right:
            return line_strip(left, width, base)
        right = part_segments(line.right, base, styles, tone_style, chip)
        return join_right(left, right, width, base)

    def _render_message_line(
        self, index: int, offset: int, width: int, selected: bool, base: Style
    ) -> Strip:
        assert self._laid_out is not None
        message = self._messages[index]
        text_width = max(1, width - _GUTTER - 1)
        bar = Segment(_BAR if selected else " ", base + self._style("thread-view--bar"))
        gutter = [bar, Segment(" ", base)]
        muted = base + self._style("thread-view--muted")

        if offset == 0:
            return line_strip([*gutter, *self._header(message, base, muted)], width, base)
        offset -= 1
        if message.quote is not None:
            if offset == 0:
                quote = fit(self._quote(message.quote), text_width - 2)
                style = base + self._style("thread-view--quote")
                return line_strip(
                    [*gutter, Segment("│ ", muted), Segment(quote, style)], width, base
                )
            offset -= 1
        lines, hidden = self._laid_out.wrapped.get(index) or (
            [message.body] if message.body else [],
            0,
        )
        if offset < len(lines):
            return line_strip([*gutter, Segment(lines[offset], base)], width, base)
        offset -= len(lines)
        if hidden:
            if offset == 0:
                note = fit(f"… ({hidden:,} more characters)", text_width)
                return line_strip([*gutter, Segment(note, muted + Style(italic=True))], width, base)
            offset -= 1
        if offset == 0 and _has_reactions(message):
            return line_strip([*gutter, *self._reactions(message, base, muted)], width, base)
        return Strip.blank(width, base)

    def _who(self, member: str) -> tuple[str, str]:
        names = self._names.get(member)
        if names is None:
            names = (
                safe_line(self._author_name(member), 80) or "someone",
                safe_line(self._author_handle(member), 40),
            )
            self._names[member] = names
        return names

    def _header(self, message: Message, base: Style, muted: Style) -> list[Segment]:
        name, handle = self._who(message.author)
        mine = message.author == self._my_id
        name_style = base + self._style("thread-view--me" if mine else "thread-view--author")
        segments = [Segment(name, name_style)]
        if handle:
            segments.append(Segment(f" @{handle}", muted))
        segments.append(Segment(f" · {when(message.at, self._tz, self._now)}", muted))
        if message.edited_at is not None:
            segments.append(Segment(" · (edited)", muted))
        return segments

    def _quote(self, quoted_id: str) -> str:
        index = self._positions.get(quoted_id)
        if index is None:
            return "> (a message not in this thread)"
        quoted = self._messages[index]
        _, handle = self._who(quoted.author)
        words = safe_line(quoted.body, _QUOTE_CHARS + 1)
        if len(words) > _QUOTE_CHARS:
            words = words[: _QUOTE_CHARS - 1].rstrip() + "…"
        return f"> {handle or self._who(quoted.author)[0]}: {words}"

    def _reactions(self, message: Message, base: Style, muted: Style) -> list[Segment]:
        mine_style = base + self._style("thread-view--me")
        segments: list[Segment] = []
        for emoji, members in message.reactions.items():
            if not members:
                continue
            if segments:
                segments.append(Segment("  ", base))
            style = mine_style if self._my_id in members else base
            segments.append(Segment(f"{fit(safe_line(emoji, 16), 8)} {len(members)}", style))
        return segments


def _has_reactions(message: Message) -> bool:
    return any(message.reactions.values())


__all__ = ["MAX_BODY_CHARS", "MAX_BODY_LINES", "AskLine", "ThreadView"]
