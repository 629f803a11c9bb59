"""A new action item from a thread or one of its messages: what, who, by when."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from asynctui.client.ritual_forms import members_of
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["ActionChoice", "ActionItemScreen"]

MAX_ACTION_CHARS = 2000

DueWords = Callable[[str, str], tuple[datetime | None, str]]
"""(typed due, owner id) -> (the due time, how it reads); raises ValueError."""


@dataclass(frozen=True)
class ActionChoice:
    text: str
    owner: str
    """Member id."""
    due: datetime | None
    message: bool
    """Linked to the selected message (else to the thread only)."""


class ActionItemScreen(ModalScreen[ActionChoice | None]):
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
        width: 84; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ActionItemScreen #action-title { text-style: bold; }
    ActionItemScreen #action-from { color: $text-muted; }
    ActionItemScreen Label { margin-top: 1; }
    ActionItemScreen #action-preview { color: $text; }
    ActionItemScreen .hint { color: $text-muted; margin-top: 1; }
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
        handles: Mapping[str, str],
        due_words: DueWords,
    ) -> None:
        """``message``: the selected message as '@bob: first words', or None;
        ``owner``: the handle to start from; ``handles``: lower-case handle ->
        member id of the team."""
        super().__init__()
        self._thread_title = thread_title
        self._message = message
        self._text = text
        self._owner = owner
        self._handles = handles
        self._due_words = due_words

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

    def _chosen(self) -> tuple[ActionChoice | None, str, str]:
        """(the choice, or None; what the due time means; an error)."""
        text = clean_line(self.query_one("#action-text", Input).value)
        owners, unknown = members_of(self.query_one("#action-owner", Input).value, self._handles)
        if unknown:
            return None, "", f"Not on the team: {', '.join(unknown)}"
        if len(owners) != 1:
            return None, "", "Name one owner (a handle)."
        try:
            due, words = self._due_words(self.query_one("#action-due", Input).value, owners[0])
        except ValueError as exc:
            return None, "", str(exc)
        if not text:
            return None, words, "Write what is to be done."
        links = self.query("#action-link")
        linked = bool(links) and links.first(Checkbox).value
        return ActionChoice(text, owners[0], due, linked), words, ""

    @on(Input.Changed)
    def _update(self) -> None:
        _, words, error = self._chosen()
        if error == "Write what is to be done.":
            error = ""  # not yet: said only when it is made empty
        self.query_one("#action-preview", Static).update(Content(words))
        self.query_one("#action-error", Static).update(Content(error))

    @on(Input.Submitted)
    def action_save(self) -> None:
        choice, words, error = self._chosen()
        if choice is None:
            self.query_one("#action-preview", Static).update(Content(words))
            self.query_one("#action-error", Static).update(Content(error))
            return
        self.dismiss(choice)
