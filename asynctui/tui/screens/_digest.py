"""The digest, grouped: what happened while my focus or off time held notifications."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from asynctui.tui import keys
from asynctui.tui.widgets._lines import safe_line

if TYPE_CHECKING:
    from asynctui.client.digest import Section

__all__ = ["DigestScreen"]


class DigestScreen(ModalScreen[None]):
    """The digest's sections (``client.digest.sections``), the way ``asynctui digest``
    prints them.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | escape | `dialog-close` | Close the digest. |

    The list scrolls with the arrow keys, page up and page down.
    """

    DEFAULT_CSS = """
    DigestScreen { align: center middle; }
    DigestScreen #digest-body {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; border-title-align: center; border-title-style: bold;
        border-subtitle-align: right;
        background: $surface; padding: 0 1; scrollbar-size-vertical: 1;
    }
    DigestScreen .digest-section { text-style: bold; color: $primary; }
    DigestScreen .digest-lines { margin-bottom: 1; }
    DigestScreen #digest-empty { color: $text-muted; margin: 1 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [keys.binding("dialog-close")]

    def __init__(self, title: str, sections: Sequence[Section]) -> None:
        """``title``: 'While you were in focus · since 10:20'."""
        super().__init__()
        self._title = title
        self._sections = list(sections)

    def compose(self) -> ComposeResult:
        body = VerticalScroll(id="digest-body")
        body.border_title = safe_line(self._title, 90)
        body.border_subtitle = "esc close"
        with body:
            if not self._sections:
                yield Static(Content("Nothing new. Nothing owed."), id="digest-empty")
            for section in self._sections:
                yield Static(Content(safe_line(section.title, 90)), classes="digest-section")
                lines = [Content("• " + safe_line(line, 400)) for line in section.lines]
                yield Static(Content("\n").join(lines), classes="digest-lines")

    def on_mount(self) -> None:
        self.query_one("#digest-body", VerticalScroll).focus()
