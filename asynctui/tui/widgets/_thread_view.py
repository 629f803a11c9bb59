"""One thread's messages, drawn a line at a time (Textual's Line API), with one selected.

What the lines are and how each is drawn is ``ThreadLines`` (``_thread_lines``); a
body's Markdown and wrapping, ``_thread_body``. This is the widget: the thread in,
the selected message out, scrolling and keys.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message as TextualMessage
from textual.reactive import reactive
from textual.strip import Strip

from asynctui.client.queries import Message
from asynctui.tui import keys
from asynctui.tui.widgets._thread_body import MAX_BODY_CHARS, MAX_BODY_LINES
from asynctui.tui.widgets._thread_lines import AskLine, ThreadLines, _Layout

if TYPE_CHECKING:
    from asynctui.client.ritual_views import EntryLine


class ThreadView(ThreadLines, can_focus=True):
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
    | `thread-view--code` | `Code` and fenced code in a message. |
    | `thread-view--link` | A link's text in a message (its URL is shown muted after it). |

    Messages are read as light Markdown (``asynctui.core.markdown``): bold, italics,
    code, fenced code, quotes, lists and links are drawn styled, never as markup.
    The title line says where the thread lives and whether it is resolved.

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
        "thread-view--code",
        "thread-view--link",
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
        & > .thread-view--code {
            color: $text-accent;
            background: $boost;
        }
        & > .thread-view--link {
            color: $text-primary;
            text-style: underline;
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
        self._layouts: LRUCache[int, _Layout] = LRUCache(4)
        """Layouts by width, so resizing back and forth costs nothing."""
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
        *,
        channel: str = "",
        resolved: bool | None = None,
    ) -> None:
        """Show a thread. A new thread opens at its newest message.

        ``header``: lines shown under the title (a meeting's agenda and who has
        contributed, a check-in's answers so far). ``channel``: where the thread
        lives, as the thread list names it ('#design', '@kenji'); ``resolved``:
        whether it is (None: not said). Both are shown beside the title.

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
        self._channel = channel
        self._resolved = resolved
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
        if not same_thread:
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

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style
        if self._laid_out is None or self._laid_out.width != self._width:
            self._relayout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        base = self._base_style or self.rich_style
        strip = self._draw_line(line, self._width, base, self.message_index)
        return strip.apply_offsets(0, line)


__all__ = ["MAX_BODY_CHARS", "MAX_BODY_LINES", "AskLine", "ThreadView"]
