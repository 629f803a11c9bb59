"""A new async meeting: first "Should this be async?", then the meeting itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from asynctui.client.ritual_forms import (
    MAX_PARTICIPANTS,
    channel_named,
    check_private,
    form_lines,
    members_of,
    one_line,
)
from asynctui.core.advice import QUESTIONS, Situation, advise
from asynctui.core.events import MAX_BODY_CHARS
from asynctui.core.hours import Window
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["NewMeeting", "NewMeetingScreen"]

DeadlineWords = Callable[[str], tuple[datetime | None, Window | None, str]]
"""Typed deadline -> (deadline, within, how it reads); raises ValueError."""


@dataclass(frozen=True)
class NewMeeting:
    title: str
    channel: str
    """Channel id."""
    goal: str
    agenda: tuple[str, ...]
    participants: tuple[str, ...]
    """Member ids, the owner not included (the app puts them first)."""
    deadline: datetime | None
    within: Window | None
    situation: Situation


class NewMeetingScreen(ModalScreen[NewMeeting | None]):
    """Ask QUESTIONS (a checkbox each, ``advise``'s answer shown as they change),
    then the title, channel, goal, agenda (a line each), participants and when
    contributions are due ('2d' of each one's working time, or 'fri 17:00').

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Open the meeting. |
    | escape | `dialog-close` | Close without opening it. |
    """

    DEFAULT_CSS = """
    NewMeetingScreen { align: center middle; }
    NewMeetingScreen > VerticalScroll {
        width: 92; max-width: 100%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    NewMeetingScreen #meeting-heading { text-style: bold; }
    NewMeetingScreen Checkbox, NewMeetingScreen Checkbox:focus { border: none; padding: 0; }
    NewMeetingScreen #meeting-advice { margin: 1 0 0 0; }
    NewMeetingScreen Label { margin-top: 1; }
    NewMeetingScreen TextArea { height: 4; }
    NewMeetingScreen .hint { color: $text-muted; }
    NewMeetingScreen #meeting-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(
        self,
        channels: Sequence[tuple[str, str]],
        current: str | None,
        me: str,
        handles: Mapping[str, str],
        private: Mapping[str, frozenset[str]],
        deadline_words: DeadlineWords,
    ) -> None:
        """``channels``: (id, name); ``current``: the channel to start from;
        ``me``: my member id; ``handles``: lower-case handle -> member id;
        ``private``: the members of each private channel, by channel id."""
        super().__init__()
        self._channels = list(channels)
        self._current = current
        self._me = me
        self._handles = handles
        self._private = private
        self._deadline_words = deadline_words

    def compose(self) -> ComposeResult:
        start = next((name for cid, name in self._channels if cid == self._current), None)
        start = start or (self._channels[0][1] if self._channels else "")
        defaults = Situation()
        with VerticalScroll():
            yield Static(Content("New async meeting · should this be async?"), id="meeting-heading")
            for name, question in QUESTIONS:
                yield Checkbox(Content(question), getattr(defaults, name), id=f"q-{name}")
            yield Static(id="meeting-advice")
            yield Label(Content("Title"))
            yield Input(
                placeholder="What it is about", id="meeting-title", max_length=500, compact=True
            )
            yield Label(Content("Channel"))
            yield Input(f"#{start}", id="meeting-channel", compact=True)
            yield Static(
                Content(" ".join(f"#{clean_line(name)}" for _, name in self._channels)),
                classes="hint",
            )
            yield Label(Content("Goal: what it should decide or produce"))
            yield Input(
                placeholder="Agree …", id="meeting-goal", max_length=MAX_BODY_CHARS, compact=True
            )
            yield Label(Content("Agenda: one item a line"))
            yield TextArea(id="meeting-agenda", soft_wrap=True, compact=True)
            yield Label(Content("Participants: handles (you are one)"))
            yield Input(placeholder="@bob @chen", id="meeting-with", compact=True)
            yield Label(Content("Contributions due"))
            yield Input(
                "2d",
                placeholder="2d or 8h of each one's working time · fri 17:00",
                id="meeting-due",
                compact=True,
            )
            yield Static(id="meeting-due-preview")
            yield Static(
                Content("space ticks a box · ctrl+s open it · tab next field · esc cancel"),
                classes="hint",
            )
            yield Static(id="meeting-error")

    def on_mount(self) -> None:
        self.query_one(f"#q-{QUESTIONS[0][0]}", Checkbox).focus()
        self._advise()
        self._preview()

    def situation(self) -> Situation:
        """The answers as the boxes stand."""
        answers = {name: self.query_one(f"#q-{name}", Checkbox).value for name, _ in QUESTIONS}
        return Situation(**answers)

    @on(Checkbox.Changed)
    def _advise(self) -> None:
        advice = advise(self.situation())
        self.query_one("#meeting-advice", Static).update(
            Content.assemble((f"{advice.headline}. ", "bold"), advice.reason)
        )

    @on(Input.Changed, "#meeting-due")
    def _preview(self) -> None:
        try:
            words = self._deadline_words(self.query_one("#meeting-due", Input).value)[2]
        except ValueError as exc:
            words = str(exc)
        self.query_one("#meeting-due-preview", Static).update(Content(words))

    def _chosen(self) -> NewMeeting:
        """The meeting typed, or ValueError saying what is wrong."""
        title = one_line(self.query_one("#meeting-title", Input).value, "title")
        typed = self.query_one("#meeting-channel", Input).value
        channel = channel_named(self._channels, typed)
        goal = self.query_one("#meeting-goal", Input).value.strip()
        if not goal:
            raise ValueError("Write the goal: what the meeting should decide or produce.")
        agenda = form_lines(self.query_one("#meeting-agenda", TextArea).text, "agenda item")
        if not agenda:
            raise ValueError("Write the agenda: one item a line (at least one).")
        people, unknown = members_of(self.query_one("#meeting-with", Input).value, self._handles)
        if unknown:
            raise ValueError(f"Not on the team: {', '.join(unknown)}")
        others = tuple(p for p in people if p != self._me)
        if len(others) + 1 > MAX_PARTICIPANTS:
            raise ValueError(f"Too many participants (at most {MAX_PARTICIPANTS}).")
        check_private(channel, others, self._private, self._handles, typed)
        deadline, within, _ = self._deadline_words(self.query_one("#meeting-due", Input).value)
        return NewMeeting(title, channel, goal, agenda, others, deadline, within, self.situation())

    def action_save(self) -> None:
        try:
            chosen = self._chosen()
        except ValueError as exc:
            self.query_one("#meeting-error", Static).update(Content(str(exc)))
            return
        self.dismiss(chosen)
