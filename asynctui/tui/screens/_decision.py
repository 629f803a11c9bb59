"""Record a decision from a message: what was decided, and who decided it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from asynctui.client.commands import Done
from asynctui.client.commands.forms import handles_in
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["DecisionChoice", "DecisionScreen"]

MAX_DECISION_CHARS = 2000


@dataclass(frozen=True)
class DecisionChoice:
    """The decision as typed; the command layer reads it and says what is wrong."""

    text: str
    deciders: tuple[str, ...]
    """Handles as typed; none: me."""


Send = Callable[[DecisionChoice], "Done | str"]
"""Record the decision: what was done, or the refusal's words (the dialog stays open)."""


class DecisionScreen(ModalScreen[Done | None]):
    """Mark a message a decision: its text (the message's first words to start
    from) and who decided (its author to start from).

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s, enter | `dialog-save` | Record the decision. |
    | escape | `dialog-close` | Close without recording. |
    """

    DEFAULT_CSS = """
    DecisionScreen { align: center middle; }
    DecisionScreen > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    DecisionScreen #decision-title { text-style: bold; }
    DecisionScreen #decision-from { color: $text-muted; margin-bottom: 1; }
    DecisionScreen Label { margin-top: 1; }
    DecisionScreen .hint { color: $text-muted; margin-top: 1; dock: bottom; }
    DecisionScreen #decision-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(self, source: str, text: str, deciders: Sequence[str], send: Send) -> None:
        """``source``: the message, as '@bob: first words'; ``deciders``: handles to
        start from."""
        super().__init__()
        self._source = source
        self._text = text
        self._deciders = deciders
        self._send = send

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Mark a decision"), id="decision-title")
            yield Static(Content(f"From {clean_line(self._source)[:150]}"), id="decision-from")
            yield Label(Content("What was decided"))
            yield Input(self._text, id="decision-text", max_length=MAX_DECISION_CHARS)
            yield Label(Content("Decided by (handles)"))
            yield Input(", ".join(f"@{h}" for h in self._deciders), id="decision-deciders")
            yield Static(Content("ctrl+s or enter record · esc cancel"), classes="hint")
            yield Static(id="decision-error")

    def on_mount(self) -> None:
        self.query_one("#decision-text", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        done = self._send(
            DecisionChoice(
                self.query_one("#decision-text", Input).value,
                handles_in(self.query_one("#decision-deciders", Input).value),
            )
        )
        if isinstance(done, str):
            self.query_one("#decision-error", Static).update(Content(done))
            return
        self.dismiss(done)
