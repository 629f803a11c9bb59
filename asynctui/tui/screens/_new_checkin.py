"""A new check-in: recurring questions for some members, on a schedule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from asynctui.client.ritual_forms import (
    MAX_ITEMS,
    MAX_PARTICIPANTS,
    channel_named,
    check_private,
    form_lines,
    members_of,
    one_line,
)
from asynctui.core.hours import Window
from asynctui.core.schedule import Schedule, format_schedule, parse_schedule
from asynctui.core.text import clean_line
from asynctui.core.windows import parse_window
from asynctui.tui import keys

__all__ = ["NewCheckin", "NewCheckinScreen"]


@dataclass(frozen=True)
class NewCheckin:
    title: str
    channel: str
    """Channel id."""
    schedule: Schedule
    questions: tuple[str, ...]
    members: tuple[str, ...]
    """Member ids; empty: the app's default (everyone, or the private channel's members)."""
    within: Window


class NewCheckinScreen(ModalScreen[NewCheckin | None]):
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
        width: 92; max-width: 100%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    NewCheckinScreen #checkin-heading { text-style: bold; }
    NewCheckinScreen Label { margin-top: 1; }
    NewCheckinScreen TextArea { height: 4; }
    NewCheckinScreen .hint { color: $text-muted; }
    NewCheckinScreen #checkin-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(
        self,
        channels: Sequence[tuple[str, str]],
        current: str | None,
        handles: Mapping[str, str],
        private: Mapping[str, frozenset[str]],
        questions: Sequence[str],
        within: Window,
    ) -> None:
        """``channels``: (id, name); ``current``: the channel to start from;
        ``handles``: lower-case handle -> member id; ``private``: the members of
        each private channel; ``questions``, ``within``: the defaults to start from."""
        super().__init__()
        self._channels = list(channels)
        self._current = current
        self._handles = handles
        self._private = private
        self._questions = questions
        self._within = within

    def compose(self) -> ComposeResult:
        start = next((name for cid, name in self._channels if cid == self._current), None)
        start = start or (self._channels[0][1] if self._channels else "")
        with VerticalScroll():
            yield Static(Content("New check-in"), id="checkin-heading")
            yield Label(Content("Title"))
            yield Input(placeholder="Daily check-in", id="checkin-title", compact=True)
            yield Label(Content("Channel"))
            yield Input(f"#{start}", id="checkin-channel", compact=True)
            yield Static(
                Content(" ".join(f"#{clean_line(name)}" for _, name in self._channels)),
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
                f"{self._within.amount}{self._within.unit}", id="checkin-within", compact=True
            )
            yield Static(Content("ctrl+s make it · tab next field · esc cancel"), classes="hint")
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

    def _chosen(self) -> NewCheckin:
        """The check-in typed, or ValueError saying what is wrong."""
        title = one_line(self.query_one("#checkin-title", Input).value, "title")
        typed = self.query_one("#checkin-channel", Input).value
        channel = channel_named(self._channels, typed)
        schedule = parse_schedule(self.query_one("#checkin-schedule", Input).value)
        questions = form_lines(self.query_one("#checkin-questions", TextArea).text, "question")
        if not questions:
            raise ValueError("Write the questions: one a line (at least one).")
        if len(questions) > MAX_ITEMS:
            raise ValueError(f"Too many questions (at most {MAX_ITEMS}).")
        members, unknown = members_of(
            self.query_one("#checkin-members", Input).value, self._handles
        )
        if unknown:
            raise ValueError(f"Not on the team: {', '.join(unknown)}")
        if len(members) > MAX_PARTICIPANTS:
            raise ValueError(f"Too many members (at most {MAX_PARTICIPANTS}).")
        check_private(channel, members, self._private, self._handles, typed)
        within = parse_window(self.query_one("#checkin-within", Input).value)
        return NewCheckin(title, channel, schedule, questions, members, within)

    def action_save(self) -> None:
        try:
            chosen = self._chosen()
        except ValueError as exc:
            self.query_one("#checkin-error", Static).update(Content(str(exc)))
            return
        self.dismiss(chosen)
