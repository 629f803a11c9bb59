"""A new action item from a thread or one of its messages: what, who, by when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from asynctui.client.commands import Done
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["ActionChoice", "ActionItemScreen"]

MAX_ACTION_CHARS = 2000


@dataclass(frozen=True)
class ActionChoice:
    """The action item as typed; the command layer reads it and says what is wrong."""

    text: str
    owner: str
    """The handle as typed."""
    due: str
    message: bool
    """Linked to the selected message (else to the thread only)."""


DueWords = Callable[[str, str], str]
"""(typed due, typed owner) -> how the due time reads for them."""
Send = Callable[[ActionChoice], "Done | str"]
"""Make the action item: what was done, or the refusal's words (the dialog stays open)."""


class ActionItemScreen(ModalScreen[Done | None]):
    """Who does what by when. The due time is working time of the owner ('3d',
    '8h', counted on their calendar like an ask) or a time in my zone ('fri
    17:00', 'tomorrow', '2026-12-01'); what it means is shown as it is typed.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s, enter | `dialog-save` | Make the action item. |
    | escape | `dialog-close` | Close without making it. |
    """

    DEFAULT_CSS = """
    ActionItemScreen { align: center middle; }
    ActionItemScreen > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ActionItemScreen Checkbox { width: 100%; }
    ActionItemScreen #action-title { text-style: bold; }
    ActionItemScreen #action-from { color: $text-muted; }
    ActionItemScreen Label { margin-top: 1; }
    ActionItemScreen #action-preview { color: $text; }
    ActionItemScreen .hint { color: $text-muted; margin-top: 1; dock: bottom; }
    ActionItemScreen #action-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(
        self,
        thread_title: str,
        message: str | None,
        text: str,
        owner: str,
        due_words: DueWords,
        send: Send,
    ) -> None:
        """``message``: the selected message as '@bob: first words', or None;
        ``owner``: the handle to start from."""
        super().__init__()
        self._thread_title = thread_title
        self._message = message
        self._text = text
        self._owner = owner
        self._due_words = due_words
        self._send = send

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.assemble("New action item in ", (clean_line(self._thread_title), "bold")),
                id="action-title",
            )
            if self._message is not None:
                yield Checkbox(
                    Content(f"Link it to {clean_line(self._message)[:110]}"),
                    value=True,
                    id="action-link",
                )
            yield Label(Content("What"))
            yield Input(self._text, id="action-text", max_length=MAX_ACTION_CHARS)
            yield Label(Content("Who (a handle)"))
            yield Input(f"@{self._owner}", id="action-owner")
            yield Label(Content("Due"))
            yield Input(
                placeholder="3d or 8h of their working time · fri 17:00 · tomorrow · empty: none",
                id="action-due",
            )
            yield Static(id="action-preview")
            yield Static(Content("ctrl+s or enter make it · esc cancel"), classes="hint")
            yield Static(id="action-error")

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()
        self._update()

    def chosen(self) -> ActionChoice:
        """The action item as the boxes stand."""
        links = self.query("#action-link")
        return ActionChoice(
            self.query_one("#action-text", Input).value,
            self.query_one("#action-owner", Input).value,
            self.query_one("#action-due", Input).value,
            bool(links) and links.first(Checkbox).value,
        )

    @on(Input.Changed)
    def _update(self) -> None:
        chosen = self.chosen()
        words = self._due_words(chosen.due, chosen.owner)
        self.query_one("#action-preview", Static).update(Content(words))
        self.query_one("#action-error", Static).update(Content(""))

    @on(Input.Submitted)
    def action_save(self) -> None:
        done = self._send(self.chosen())
        if isinstance(done, str):
            self.query_one("#action-error", Static).update(Content(done))
            return
        self.dismiss(done)
