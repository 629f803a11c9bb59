"""Close a meeting I opened: its outcome, the decisions made, the action items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from asynctui.client.commands import Done
from asynctui.client.commands.forms import form_lines
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["CloseChoice", "CloseMeetingScreen"]


@dataclass(frozen=True)
class CloseChoice:
    """The closing as typed; the command layer reads it and says what is wrong."""

    outcome: str
    decisions: tuple[str, ...]
    actions: str
    """One a line: 'Book the flights @bob fri'."""


ReadActions = Callable[[str], tuple[list[str], str]]
"""The action items box -> (how each item reads, what is wrong if anything)."""
Send = Callable[[CloseChoice], "Done | str"]
"""Close the meeting: what was done, or the refusal's words (the dialog stays open)."""


class CloseMeetingScreen(ModalScreen[Done | None]):
    """The outcome, decisions (a line each) and action items (a line each: what,
    ``@owner``, an optional due time), each item's reading shown as it is typed.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Close the meeting. |
    | escape | `dialog-close` | Leave it open. |
    """

    DEFAULT_CSS = """
    CloseMeetingScreen { align: center middle; }
    CloseMeetingScreen > VerticalScroll {
        width: 92; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    CloseMeetingScreen #close-heading { text-style: bold; }
    CloseMeetingScreen #close-state { color: $text-muted; }
    CloseMeetingScreen Label { margin-top: 1; }
    CloseMeetingScreen TextArea { height: 4; }
    CloseMeetingScreen .hint { color: $text-muted; dock: bottom; }
    CloseMeetingScreen #close-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(self, title: str, state: str, read_actions: ReadActions, send: Send) -> None:
        """``state``: who has contributed, in a line."""
        super().__init__()
        self._title = title
        self._state = state
        self._read_actions = read_actions
        self._send = send

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Content.assemble("Close ", (clean_line(self._title), "bold")),
                id="close-heading",
            )
            yield Static(Content(clean_line(self._state)), id="close-state")
            yield Label(Content("Outcome: what came of it"))
            yield TextArea(id="close-outcome", soft_wrap=True, compact=True)
            yield Label(Content("Decisions: one a line"))
            yield TextArea(id="close-decisions", soft_wrap=True, compact=True)
            yield Label(Content("Action items: one a line, what @owner when (fri 17:00, 2d)"))
            yield TextArea(id="close-actions", soft_wrap=True, compact=True)
            yield Static(id="close-preview")
            yield Static(Content("ctrl+s close it · tab next box · esc cancel"), classes="hint")
            yield Static(id="close-error")

    def on_mount(self) -> None:
        self.query_one("#close-outcome", TextArea).focus()

    @on(TextArea.Changed, "#close-actions")
    def _preview(self) -> None:
        read, error = self._read_actions(self.query_one("#close-actions", TextArea).text)
        self.query_one("#close-preview", Static).update(
            Content("\n".join(f"· {line}" for line in read))
        )
        self.query_one("#close-error", Static).update(Content(error))

    def chosen(self) -> CloseChoice:
        """The closing as the boxes stand."""
        return CloseChoice(
            self.query_one("#close-outcome", TextArea).text,
            form_lines(self.query_one("#close-decisions", TextArea).text),
            self.query_one("#close-actions", TextArea).text,
        )

    def action_save(self) -> None:
        done = self._send(self.chosen())
        if isinstance(done, str):
            self.query_one("#close-error", Static).update(Content(done))
            return
        self.dismiss(done)
