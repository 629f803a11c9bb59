"""A new check-in: recurring questions for some members, on a schedule."""

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
from asynctui.client.commands.forms import form_lines, handles_in
from asynctui.core.hours import Window
from asynctui.core.schedule import format_schedule, parse_schedule
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["NewCheckin", "NewCheckinScreen"]


@dataclass(frozen=True)
class NewCheckin:
    """The check-in as typed; the command layer reads it and says what is wrong."""

    title: str
    channel: str
    """As typed: '#team'."""
    schedule: str
    questions: tuple[str, ...]
    members: tuple[str, ...]
    """Handles as typed; none: the channel's default (everyone, or a private one's members)."""
    within: str


Send = Callable[[NewCheckin], "Done | str"]
"""Make the check-in: what was done, or the refusal's words (the dialog stays open)."""


class NewCheckinScreen(ModalScreen[Done | None]):
    """Title, channel, schedule (its reading, or what is wrong, shown as it is
    typed), questions (a line each, the usual three to start from), members and
    how long each has to answer.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Make the check-in. |
    | escape | `dialog-close` | Close without making it. |
    """

    DEFAULT_CSS = """
    NewCheckinScreen { align: center middle; }
    NewCheckinScreen > VerticalScroll {
        width: 92; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    NewCheckinScreen #checkin-heading { text-style: bold; }
    NewCheckinScreen Label { margin-top: 1; }
    NewCheckinScreen TextArea { height: 4; }
    NewCheckinScreen .hint { color: $text-muted; }
    NewCheckinScreen .hint.keys { dock: bottom; }
    NewCheckinScreen #checkin-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(
        self,
        channels: Sequence[str],
        current: str | None,
        questions: Sequence[str],
        within: Window,
        send: Send,
    ) -> None:
        """``channels``: their names; ``current``: the one to start from;
        ``questions``, ``within``: the defaults to start from."""
        super().__init__()
        self._channels = list(channels)
        self._current = current
        self._questions = questions
        self._within = within
        self._send = send

    def compose(self) -> ComposeResult:
        start = self._current or (self._channels[0] if self._channels else "")
        with VerticalScroll():
            yield Static(Content("New check-in"), id="checkin-heading")
            yield Label(Content("Title"))
            yield Input(placeholder="Daily check-in", id="checkin-title", compact=True)
            yield Label(Content("Channel"))
            yield Input(f"#{start}", id="checkin-channel", compact=True)
            yield Static(
                Content(" ".join(f"#{clean_line(name)}" for name in self._channels)),
                classes="hint",
            )
            yield Label(Content("When: at that time in each member's own zone"))
            yield Input(
                "weekdays 09:30",
                placeholder="weekdays 09:30 · every Monday at 10:00 · day 1 of each month 09:00",
                id="checkin-schedule",
                compact=True,
            )
            yield Static(id="checkin-schedule-preview")
            yield Label(Content("Questions: one a line"))
            yield TextArea("\n".join(self._questions), id="checkin-questions", compact=True)
            yield Label(Content("Members: handles"))
            yield Input(
                placeholder="empty: everyone (a private channel: its members)",
                id="checkin-members",
                compact=True,
            )
            yield Label(Content("Answers due within (their working time)"))
            yield Input(
                f"{self._within.amount}{self._within.unit}",
                id="checkin-within",
                compact=True,
            )
            yield Static(
                Content("ctrl+s make it · tab next field · esc cancel"), classes="hint keys"
            )
            yield Static(id="checkin-error")

    def on_mount(self) -> None:
        self.query_one("#checkin-title", Input).focus()
        self._preview()

    @on(Input.Changed, "#checkin-schedule")
    def _preview(self) -> None:
        try:
            schedule = parse_schedule(self.query_one("#checkin-schedule", Input).value)
        except ValueError as exc:
            words = str(exc)
        else:
            words = f"{format_schedule(schedule)}, each member's own time."
        self.query_one("#checkin-schedule-preview", Static).update(Content(words))

    def chosen(self) -> NewCheckin:
        """The check-in as the boxes stand."""
        return NewCheckin(
            self.query_one("#checkin-title", Input).value,
            self.query_one("#checkin-channel", Input).value,
            self.query_one("#checkin-schedule", Input).value,
            form_lines(self.query_one("#checkin-questions", TextArea).text),
            handles_in(self.query_one("#checkin-members", Input).value),
            self.query_one("#checkin-within", Input).value,
        )

    def action_save(self) -> None:
        done = self._send(self.chosen())
        if isinstance(done, str):
            self.query_one("#checkin-error", Static).update(Content(done))
            return
        self.dismiss(done)
