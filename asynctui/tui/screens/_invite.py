"""Invite a teammate: on a server a join code to pass on, on a folder how to join."""

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
from textual.widgets import Input, Label, Static, TextArea

from asynctui.client.commands import Done
from asynctui.tui import keys

__all__ = ["Invite", "InviteScreen"]


@dataclass(frozen=True)
class Invite:
    handle: str
    """As typed: 'zoe' or '@zoe'."""
    name: str
    """Their name; empty for another device of someone in the team."""


Send = Callable[[Invite], "Done | str"]
"""Invite them: what was done (its words hold the code), or the refusal's words."""


class InviteScreen(ModalScreen[None]):
    """Ask a teammate in. What to pass on is shown in the dialog, which stays open
    so it can be copied (select it with the mouse); esc closes it.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Make the invitation. |
    | escape | `dialog-close` | Close. |
    """

    DEFAULT_CSS = """
    InviteScreen { align: center middle; }
    InviteScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    InviteScreen .title { text-style: bold; }
    InviteScreen Label { margin-top: 1; }
    InviteScreen .hint { color: $text-muted; }
    InviteScreen .hint.keys { margin-top: 1; }
    InviteScreen #invite-result { height: 5; margin-top: 1; display: none; }
    InviteScreen #invite-result.-shown { display: block; }
    InviteScreen #invite-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(self, where: str, send: Send) -> None:
        """``where``: what they will get, in a line ('a join code for the server at ...')."""
        super().__init__()
        self._where = where
        self._send = send
        self.done: Done | None = None
        """The last invitation made here."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("Invite a teammate"), classes="title")
            yield Static(Content(self._where), classes="hint")
            yield Label(Content("Their handle"))
            yield Input(placeholder="zoe", id="invite-handle", max_length=33, compact=True)
            yield Label(Content("Their name (empty: another device of someone in the team)"))
            yield Input(placeholder="Zoe Park", id="invite-name", compact=True)
            yield TextArea(id="invite-result", read_only=True, soft_wrap=True, compact=True)
            yield Static(Content("ctrl+s invite · esc close"), classes="hint keys")
            yield Static(id="invite-error")

    def on_mount(self) -> None:
        self.query_one("#invite-handle", Input).focus()

    @on(Input.Submitted, "#invite-handle")
    def _to_name(self) -> None:
        self.query_one("#invite-name", Input).focus()

    @on(Input.Submitted, "#invite-name")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        error = self.query_one("#invite-error", Static)
        done = self._send(
            Invite(
                self.query_one("#invite-handle", Input).value,
                self.query_one("#invite-name", Input).value,
            )
        )
        if isinstance(done, str):
            error.update(Content(done))
            return
        self.done = done
        error.update("")
        result = self.query_one("#invite-result", TextArea)
        result.load_text(done.said)
        result.add_class("-shown")
        result.focus()
