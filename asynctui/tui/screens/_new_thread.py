"""Start a thread: channel, title and first message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from asynctui.core.text import clean_line
from asynctui.tui import keys


@dataclass(frozen=True)
class NewThread:
    channel: str
    """Channel id."""
    title: str
    body: str
    """Empty: the title alone (it reads as the first message)."""


class NewThreadScreen(ModalScreen[NewThread | None]):
    """A new thread in a channel: ``post`` records it (True) or says why not (False,
    and the dialog stays open with what was typed).

    | Key | Action |
    | --- | --- |
    | ctrl+s | Post the thread |
    | escape | Cancel |
    """

    DEFAULT_CSS = """
    NewThreadScreen { align: center middle; }
    NewThreadScreen > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    NewThreadScreen TextArea { height: 8; }
    NewThreadScreen #new-error { color: $error; }
    """

    BINDINGS = [keys.binding("dialog-save"), keys.binding("dialog-close")]

    def __init__(
        self,
        channels: list[tuple[str, str]],
        channel: str | None,
        post: Callable[[NewThread], bool],
    ) -> None:
        """``channels``: (id, label) pairs ('#design', '@kenji'); ``channel``: the one
        to preselect."""
        super().__init__()
        self._channels = channels
        self._channel = channel
        self._post = post

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("New thread"), classes="title")
            options = [(clean_line(label), cid) for cid, label in self._channels]
            start = self._channel if any(c == self._channel for _, c in options) else None
            yield Select(
                options,
                prompt="Channel",
                id="new-channel",
                value=start if start is not None else Select.NULL,
            )
            yield Input(placeholder="Title", id="new-title")
            yield TextArea(
                id="new-body", soft_wrap=True, placeholder="First message (empty: the title)"
            )
            yield Static(Content("ctrl+s post · esc cancel"), classes="hint")
            yield Static(id="new-error")

    def on_mount(self) -> None:
        self.query_one("#new-title", Input).focus()

    @on(Input.Submitted, "#new-title")
    def _to_body(self) -> None:
        self.query_one("#new-body", TextArea).focus()

    def action_save(self) -> None:
        channel = self.query_one("#new-channel", Select).value
        if not isinstance(channel, str):
            self.query_one("#new-error", Static).update(Content("Choose a channel."))
            return
        title = self.query_one("#new-title", Input).value
        body = self.query_one("#new-body", TextArea).text
        chosen = NewThread(channel, title, body)
        if self._post(chosen):
            self.dismiss(chosen)
