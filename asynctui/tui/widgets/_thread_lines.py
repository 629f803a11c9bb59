"""The lines of one thread: where each is at a width, and how each is drawn.

The messages are laid out into a flat list of lines for the current width: the
thread's title (with its channel and whether it is resolved), the header lines of
a meeting or check-in, the asks and a rule; then per message a header, a quote
line, the body wrapped to the width, a reactions line and a blank line between
messages. The layout keeps only where each message starts and the bodies that
needed more than a glance to lay out; lines become Strips only when they are on
screen, and ``ThreadView`` keeps those in an LRU cache.

``ThreadLines`` holds the thread and draws it; ``ThreadView`` (``_thread_view``) is
the widget on top: what is selected, scrolling, keys.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from asynctui.client.queries import Message
from asynctui.client.words import thread_state
from asynctui.core import markdown
from asynctui.core.markdown import BOLD, CODE, ITALIC, LINK
from asynctui.core.timefmt import when
from asynctui.tui.widgets._drawn_lines import DrawnLines
from asynctui.tui.widgets._lines import (
    fit,
    foreground,
    join_right,
    line_strip,
    part_segments,
    safe_line,
    tone_color,
    tone_styles,
)
from asynctui.tui.widgets._thread_body import (
    BAR,
    QUOTE,
    URL,
    Body,
    BodyLine,
    body_lines,
    is_one_line,
    line_segments,
    make_body,
)

if TYPE_CHECKING:
    from asynctui.client.ritual_views import EntryLine

__all__ = ["AskLine", "ThreadLines"]

_GUTTER = 2
"""Cells before every message line: the selection bar and a space."""
_BAR = "▌"
_QUOTE_CHARS = 60
_TITLE_KEPT = 16
"""Cells of the title kept before the channel and state beside it are cut."""


@dataclass(frozen=True)
class AskLine:
    """An ask shown at the top of the thread, as the caller worded it."""

    text: str
    """'Asked @bob · due Mon 15:00 · answered'."""
    tone: str
    """A badge tone: 'overdue', 'due_soon', 'open', 'off' or 'answered'."""


@dataclass
class _Layout:
    """Where every message's lines are, at one width."""

    width: int
    top: int
    """Lines above the first message: title, header, asks and a rule."""
    starts: list[int]
    """The first line of each message; one more entry: the total line count."""
    wrapped: dict[int, tuple[list[BodyLine], int]]
    """For bodies that needed laying out: their lines, and the characters not shown."""

    @property
    def height(self) -> int:
        return self.starts[-1] if len(self.starts) > 1 else self.top + 1


class ThreadLines(DrawnLines):
    """A thread's lines at a width, drawn on demand (the base of ``ThreadView``)."""

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
        self._channel = ""
        """Where the thread lives, as the thread list names it ('#design', '@kenji')."""
        self._resolved: bool | None = None
        """Whether the thread is resolved; None: not said (no thread)."""
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
        self._bodies: dict[str, Body] = {}
        """Bodies made safe and read so far, by message id (only those that needed it),
        kept while the same thread is shown again (a message came: only it is read)."""
        self._laid_out: _Layout | None = None
        self._strips: LRUCache[tuple[int, int, int, bool], Strip] = LRUCache(1024)
        """Rendered lines keyed by (message index or -1, line of it, width, selected)."""
        self._components: dict[str, Style] = {}
        """Component class -> its style, until the styles or the focus change."""
        self._run_styles: dict[int, Style] = {}
        """A body run's style bits -> its style on the base, until the styles change."""
        self._base_style: Style | None = None

    # --- layout --------------------------------------------------------------------------

    def _lay_out(self, width: int) -> _Layout:
        text_width = max(1, width - _GUTTER - 1)
        top = 1 + len(self._top_lines) + len(self._asks) + 1
        starts = [top]
        wrapped: dict[int, tuple[list[BodyLine], int]] = {}
        line = top
        for index, message in enumerate(self._messages):
            body = message.body
            if not body:
                body_count = 0
            elif is_one_line(body, text_width):
                body_count = 1
            else:
                lines, hidden = body_lines(self._body(index), text_width)
                wrapped[index] = (lines, hidden)
                body_count = len(lines) + (1 if hidden else 0)
            line += (
                2  # header and the blank line after the message
                + (message.quote is not None)
                + body_count
                + _has_reactions(message)
            )
            starts.append(line)
        return _Layout(width, top, starts, wrapped)

    def _body(self, index: int) -> Body:
        message = self._messages[index]
        body = self._bodies.get(message.id)
        if body is None or body.raw != message.body:
            body = self._bodies[message.id] = make_body(message.body)
        return body

    def _body_lines(self, index: int, text_width: int) -> tuple[list[BodyLine], int]:
        """A message's body lines, as laid out."""
        assert self._laid_out is not None
        found = self._laid_out.wrapped.get(index)
        if found is not None:
            return found
        body = self._messages[index].body
        if not body:
            return [], 0
        if markdown.has_markdown(body):
            # One line for sure (``is_one_line``), read only now that it is seen.
            lines, hidden = body_lines(self._body(index), text_width)
            return lines[:1], hidden
        return [body], 0

    # --- drawing -------------------------------------------------------------------------

    def _forget_drawn(self) -> None:
        super()._forget_drawn()
        self._run_styles.clear()

    def _style(self, component: str) -> Style:
        return foreground(self._component(component))

    def _run_style(self, bits: int) -> Style:
        """The style of a body run on the widget's base style."""
        style = self._run_styles.get(bits)
        if style is None:
            style = self._base_style or self.rich_style
            if bits & (BAR | URL):
                style += self._style("thread-view--muted")
            if bits & QUOTE and not bits & BAR:
                style += self._style("thread-view--quote")
            if bits & CODE:
                # With its background: a block of code reads as one.
                style += self._component("thread-view--code")
            if bits & LINK:
                style += self._style("thread-view--link")
            if bits & BOLD:
                style += Style(bold=True)
            if bits & ITALIC:
                style += Style(italic=True)
            self._run_styles[bits] = style
        return style

    def _draw_line(self, line: int, width: int, base: Style, selected_index: int) -> Strip:
        """Line ``line`` of the thread (from its top), drawn or from the cache."""
        layout = self._laid_out
        if layout is None or line >= layout.height:
            return Strip.blank(width, base)
        if line < layout.top or not self._messages:
            key = (-1, line, width, False)
            index, offset, selected = -1, line, False
        else:
            index = bisect_right(layout.starts, line) - 1
            offset = line - layout.starts[index]
            selected = index == selected_index
            key = (index, offset, width, selected)
        strip = self._strips.get(key)
        if strip is None:
            if index < 0:
                strip = self._render_top_line(offset, width, base)
            else:
                strip = self._render_message_line(index, offset, width, selected, base)
            self._strips[key] = strip
        return strip

    def _render_top_line(self, offset: int, width: int, base: Style) -> Strip:
        muted = base + self._style("thread-view--muted")
        if offset == 0:
            return self._title_line(width, base, muted)
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

    def _title_line(self, width: int, base: Style, muted: Style) -> Strip:
        """The title, and flush right where the thread lives and whether it is resolved."""
        title = safe_line(self._title) or "No thread open"
        title_style = base + self._style("thread-view--title")
        right: list[Segment] = []
        if self._channel:
            right.append(Segment(safe_line(self._channel, 80), muted))
        if self._resolved is not None:
            if right:
                right.append(Segment(" · ", muted))
            if self._resolved:
                tone = tone_color(self.app.theme_variables, "answered", self.background_colors[1])
                right.append(
                    Segment(f"✓ {thread_state(True)}", base + Style(color=tone.rich_color))
                )
            else:
                right.append(Segment(thread_state(False), muted))
        right_width = sum(cell_len(s.text) for s in right)
        kept = min(cell_len(title), _TITLE_KEPT)
        if right and right_width > width - 4 - kept:
            # Too narrow for both whole: the title keeps its start, the rest what is left.
            title = fit(title, max(kept, width - 4 - right_width))
            room = max(0, width - 3 - cell_len(title))
            tail = Strip(right).crop(0, room) if room else Strip([])
            return line_strip(
                [Segment(" ", base), Segment(title, title_style), Segment("  ", base), *tail],
                width,
                base,
            )
        left = [Segment(" ", base), Segment(fit(title, width - 2), title_style)]
        if not right:
            return line_strip(left, width, base)
        return join_right(left, right, width, base)

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
        lines, hidden = self._body_lines(index, text_width)
        if offset < len(lines):
            segments = line_segments(lines[offset], base, self._run_style)
            return line_strip([*gutter, *segments], width, base)
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
        text = quoted.body[: (_QUOTE_CHARS + 1) * 4]
        # What it reads as, not its marks: '**ship it**' is quoted 'ship it'.
        if markdown.has_markdown(text):
            text = markdown.plain(text)
        words = safe_line(text, _QUOTE_CHARS + 1)
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
