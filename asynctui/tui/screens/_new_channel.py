"""Create a channel: its name, topic, and whether it is private (and whose)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from asynctui.client.commands import Done
from asynctui.tui import keys
from asynctui.tui.suggest import HandleSuggester

__all__ = ["NewChannel", "NewChannelScreen"]


@dataclass(frozen=True)
class NewChannel:
    """The channel as typed; the command layer reads it and says what is wrong."""

    name: str
    """As typed: 'design' or '#design'."""
    topic: str
    private: bool
    members: str
    """Handles as typed ('@bob, chen'); for a private channel (I am one anyway)."""


Send = Callable[[NewChannel], "Done | str"]
"""Create it: what was done, or the refusal's words (the dialog stays open)."""


class NewChannelScreen(ModalScreen[Done | None]):
    """A new channel, public (everyone reads it) or private (me and the members named).

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Create the channel. |
    | escape | `dialog-close` | Close without creating it. |
    """

    DEFAULT_CSS = """
    NewChannelScreen { align: center middle; }
    NewChannelScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    NewChannelScreen .title { text-style: bold; }
    NewChannelScreen Label { margin-top: 1; }
    NewChannelScreen Checkbox, NewChannelScreen Checkbox:focus {
        border: none; padding: 0; margin-top: 1; width: 100%;
    }
    NewChannelScreen .hint { color: $text-muted; }
    NewChannelScreen .hint.keys { margin-top: 1; }
    NewChannelScreen #channel-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(self, send: Send, handles: Sequence[str] = ()) -> None:
        """``handles``: the team but me, completed in the members field."""
        super().__init__()
        self._send = send
        self._handles = list(handles)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("New channel"), classes="title")
            yield Label(Content("Name: lowercase letters, digits, - or _"))
            yield Input(placeholder="design", id="channel-name", max_length=41, compact=True)
            yield Label(Content("Topic (optional)"))
            yield Input(placeholder="What it is for", id="channel-topic", compact=True)
            yield Checkbox(
                Content("Private: only me and the members below read it"), id="channel-private"
            )
            yield Label(Content("Members of a private channel"))
            example = " ".join("@" + h for h in self._handles[:2]) or "@bob @chen"
            yield Input(
                placeholder=f"{example} (→ completes a name)", id="channel-members",
                compact=True, disabled=True, suggester=HandleSuggester(self._handles),
            )  # fmt: skip
            yield Static(
                Content("ctrl+s create · tab next field · esc cancel"), classes="hint keys"
            )
            yield Static(id="channel-error")

    def on_mount(self) -> None:
        self.query_one("#channel-name", Input).focus()

    @on(Checkbox.Changed, "#channel-private")
    def _private_changed(self, event: Checkbox.Changed) -> None:
        # Members are for a private channel: a public one is open to everyone.
        self.query_one("#channel-members", Input).disabled = not event.value

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def choice(self) -> NewChannel:
        """The channel as the fields stand."""
        private = self.query_one("#channel-private", Checkbox).value
        return NewChannel(
            name=self.query_one("#channel-name", Input).value,
            topic=self.query_one("#channel-topic", Input).value,
            private=private,
            members=self.query_one("#channel-members", Input).value if private else "",
        )

    def action_save(self) -> None:
        done = self._send(self.choice())
        if isinstance(done, str):
            self.query_one("#channel-error", Static).update(Content(done))
            return
        self.dismiss(done)
