"""A new async meeting: first "Should this be async?", then the meeting itself."""

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
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from asynctui.client.commands import Done
from asynctui.client.commands.forms import form_lines, handles_in
from asynctui.core.advice import QUESTIONS, Situation, advise
from asynctui.core.events import MAX_BODY_CHARS
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["NewMeeting", "NewMeetingScreen"]


@dataclass(frozen=True)
class NewMeeting:
    """The meeting as typed; the command layer reads it and says what is wrong."""

    title: str
    channel: str
    """As typed: '#design'."""
    goal: str
    agenda: tuple[str, ...]
    participants: tuple[str, ...]
    """Handles as typed (the owner is one anyway)."""
    due: str
    """'2d', 'within 8h' or 'fri 17:00'."""
    situation: Situation


Preview = Callable[[str], str]
"""Typed due time -> how it reads."""
Send = Callable[[NewMeeting], "Done | str"]
"""Open the meeting: what was done, or the refusal's words (the dialog stays open)."""


class NewMeetingScreen(ModalScreen[Done | None]):
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
        width: 92; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    NewMeetingScreen #meeting-heading { text-style: bold; }
    NewMeetingScreen Checkbox, NewMeetingScreen Checkbox:focus { border: none; padding: 0; }
    NewMeetingScreen Checkbox { width: 100%; }
    NewMeetingScreen #meeting-advice { margin: 1 0 0 0; }
    NewMeetingScreen Label { margin-top: 1; }
    NewMeetingScreen TextArea { height: 4; }
    NewMeetingScreen .hint { color: $text-muted; }
    NewMeetingScreen .hint.keys { dock: bottom; }
    NewMeetingScreen #meeting-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(
        self, channels: Sequence[str], current: str | None, preview: Preview, send: Send
    ) -> None:
        """``channels``: their names; ``current``: the one to start from."""
        super().__init__()
        self._channels = list(channels)
        self._current = current
        self._due_preview = preview
        self._send = send

    def compose(self) -> ComposeResult:
        start = self._current or (self._channels[0] if self._channels else "")
        defaults = Situation()
        with VerticalScroll():
            yield Static(
                Content("New async meeting · should this be async?"),
                id="meeting-heading",
            )
            for name, question in QUESTIONS:
                yield Checkbox(Content(question), getattr(defaults, name), id=f"q-{name}")
            yield Static(id="meeting-advice")
            yield Label(Content("Title"))
            yield Input(
                placeholder="What it is about",
                id="meeting-title",
                max_length=500,
                compact=True,
            )
            yield Label(Content("Channel"))
            yield Input(f"#{start}", id="meeting-channel", compact=True)
            yield Static(
                Content(" ".join(f"#{clean_line(name)}" for name in self._channels)),
                classes="hint",
            )
            yield Label(Content("Goal: what it should decide or produce"))
            yield Input(
                placeholder="Agree …",
                id="meeting-goal",
                max_length=MAX_BODY_CHARS,
                compact=True,
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
                classes="hint keys",
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
        words = self._due_preview(self.query_one("#meeting-due", Input).value)
        self.query_one("#meeting-due-preview", Static).update(Content(words))

    def chosen(self) -> NewMeeting:
        """The meeting as the boxes stand."""
        return NewMeeting(
            self.query_one("#meeting-title", Input).value,
            self.query_one("#meeting-channel", Input).value,
            self.query_one("#meeting-goal", Input).value,
            form_lines(self.query_one("#meeting-agenda", TextArea).text),
            handles_in(self.query_one("#meeting-with", Input).value),
            self.query_one("#meeting-due", Input).value,
            self.situation(),
        )

    def action_save(self) -> None:
        done = self._send(self.chosen())
        if isinstance(done, str):
            self.query_one("#meeting-error", Static).update(Content(done))
            return
        self.dismiss(done)
