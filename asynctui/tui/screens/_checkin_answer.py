"""Answer a check-in: one box per question, sent together with ctrl+s."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from asynctui.client.commands import Done
from asynctui.client.commands.checkins import SKIPPED
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["CheckinAnswerScreen"]

Send = Callable[[tuple[str, ...]], "Done | str"]
"""Send the answers: what was done, or the refusal's words (the dialog stays open)."""


class CheckinAnswerScreen(ModalScreen[Done | None]):
    """My answers to one occurrence of a check-in, a text box per question.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Send the answers. |
    | escape | `dialog-close` | Close without sending. |
    | tab / shift+tab | | The next / previous question. |
    """

    DEFAULT_CSS = """
    CheckinAnswerScreen { align: center middle; }
    CheckinAnswerScreen > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    CheckinAnswerScreen #answer-title { text-style: bold; }
    CheckinAnswerScreen #answer-when { color: $text-muted; margin-bottom: 1; }
    CheckinAnswerScreen VerticalScroll { height: auto; max-height: 55vh; }
    CheckinAnswerScreen .answer-question { text-style: bold; margin-top: 1; }
    CheckinAnswerScreen TextArea { height: 4; }
    CheckinAnswerScreen .hint { color: $text-muted; margin-top: 1; }
    CheckinAnswerScreen #answer-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(self, title: str, when: str, questions: Sequence[str], send: Send) -> None:
        """``when``: the occurrence and my due time, as I read them ('Wed 18 Nov · due 13:30')."""
        super().__init__()
        self._title = title
        self._when = when
        self._questions = tuple(questions)
        self._send = send

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(clean_line(self._title)), id="answer-title")
            yield Static(Content(clean_line(self._when)), id="answer-when")
            with VerticalScroll():
                for n, question in enumerate(self._questions):
                    yield Label(Content(clean_line(question)), classes="answer-question")
                    yield TextArea(id=f"answer-{n}", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Content(
                    "ctrl+s send · tab next question · esc cancel"
                    f" · an empty box is sent as {SKIPPED}"
                ),
                classes="hint",
            )
            yield Static(id="answer-error")

    def on_mount(self) -> None:
        if self._questions:
            self.query_one("#answer-0", TextArea).focus()

    def answers(self) -> tuple[str, ...]:
        """What the boxes hold, trimmed."""
        return tuple(
            self.query_one(f"#answer-{n}", TextArea).text.strip()
            for n in range(len(self._questions))
        )

    def action_save(self) -> None:
        # Behind the keys typed just before ctrl+s, as the compose box does.
        focused = self.focused
        if isinstance(focused, TextArea):
            focused.call_later(self._sent)
        else:
            self._sent()

    def _sent(self) -> None:
        done = self._send(self.answers())
        if isinstance(done, str):
            self.query_one("#answer-error", Static).update(Content(done))
            return
        self.dismiss(done)
