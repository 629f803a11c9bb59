"""Start a direct message: with whom, a title, and the first message."""

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
from textual.widgets import Input, Label, Static, TextArea

from asynctui.client.commands import Done
from asynctui.core.text import clean_line
from asynctui.tui import keys
from asynctui.tui.suggest import HandleSuggester

__all__ = ["NewDm", "NewDmScreen"]


@dataclass(frozen=True)
class NewDm:
    """The message as typed; the command layer reads it and says what is wrong."""

    people: str
    """Handles as typed: '@kenji' or '@kenji @sam' (a group)."""
    title: str
    body: str
    """Empty: the title alone (it reads as the first message)."""


Send = Callable[[NewDm], "Done | str"]
"""Start it: what was done, or the refusal's words (the dialog stays open)."""


class NewDmScreen(ModalScreen[Done | None]):
    """A thread in the direct conversation of me and the people named (made if new).

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Send the message. |
    | escape | `dialog-close` | Close without sending it. |
    """

    DEFAULT_CSS = """
    NewDmScreen { align: center middle; }
    NewDmScreen > VerticalScroll {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    NewDmScreen .title { text-style: bold; }
    NewDmScreen Label { margin-top: 1; }
    NewDmScreen TextArea { height: 5; }
    NewDmScreen .hint { color: $text-muted; }
    NewDmScreen .hint.keys { margin-top: 1; }
    NewDmScreen #dm-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(self, handles: Sequence[str], send: Send, to: str = "") -> None:
        """``handles``: the team but me, offered under the field; ``to``: who to start with."""
        super().__init__()
        self._handles = list(handles)
        self._send = send
        self._to = to

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("New direct message"), classes="title")
            yield Label(Content("To: one handle, or several for a group"))
            yield Input(
                self._to, placeholder="@" + (self._handles[0] if self._handles else "kenji"),
                id="dm-to", compact=True, suggester=HandleSuggester(self._handles),
            )  # fmt: skip
            if self._handles:
                shown = " ".join("@" + clean_line(h) for h in self._handles[:12])
                more = f" +{len(self._handles) - 12}" if len(self._handles) > 12 else ""
                yield Static(Content(f"{shown}{more} · → completes a name"), classes="hint")
            yield Label(Content("Title"))
            yield Input(placeholder="What it is about", id="dm-title", compact=True)
            yield TextArea(
                id="dm-body", soft_wrap=True, compact=True,
                placeholder="First message (empty: the title)",
            )  # fmt: skip
            yield Static(Content("ctrl+s send · tab next field · esc cancel"), classes="hint keys")
            yield Static(id="dm-error")

    def on_mount(self) -> None:
        self.query_one("#dm-title" if self._to else "#dm-to", Input).focus()

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def choice(self) -> NewDm:
        return NewDm(
            people=self.query_one("#dm-to", Input).value,
            title=self.query_one("#dm-title", Input).value,
            body=self.query_one("#dm-body", TextArea).text,
        )

    def action_save(self) -> None:
        done = self._send(self.choice())
        if isinstance(done, str):
            self.query_one("#dm-error", Static).update(Content(done))
            return
        self.dismiss(done)
