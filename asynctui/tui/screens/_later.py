"""Snooze the thread: pick when it comes back, or type it, and see when that is."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from asynctui.core.text import clean_line
from asynctui.tui import keys

BACK_NOW = ""
"""The choice that brings a snoozed thread back now."""


class LaterScreen(ModalScreen[None]):
    """Choose when the thread comes back: 'morning' (my next working morning),
    '2 working hours', a day and time; or type one in the box.

    ``preview(words)`` says when that is ('until Thu 09:00') or why it cannot be
    read; ``snooze(words)`` does it (``BACK_NOW``: bring it back), giving back None
    or why it was refused, and the dialog stays open then.

    | Key | Action |
    | --- | --- |
    | up/down | Choose |
    | enter | Snooze (in the box: until what was typed) |
    | escape | Cancel |
    """

    DEFAULT_CSS = """
    LaterScreen { align: center middle; }
    LaterScreen > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    LaterScreen OptionList { height: auto; max-height: 8; }
    LaterScreen #later-preview { margin-top: 1; }
    LaterScreen #later-error { color: $error; }
    """

    BINDINGS = [keys.binding("dialog-close")]

    def __init__(
        self,
        title: str,
        choices: Sequence[str],
        snoozed_until: str,
        preview: Callable[[str], str],
        snooze: Callable[[str], str | None],
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = ([BACK_NOW] if snoozed_until else []) + list(choices)
        self._snoozed_until = snoozed_until
        self._preview = preview
        self._snooze = snooze

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble("Later: ", (clean_line(self._title), "bold")))
            yield OptionList(
                *[
                    Option(
                        Content(f"Back now (snoozed {self._snoozed_until})" if c == BACK_NOW else c)
                    )  # fmt: skip
                    for c in self._choices
                ],
                id="later-choices",
            )
            yield Input(placeholder="or type: fri 09:00, in 3h, 4 working hours", id="later-when")
            yield Static(id="later-preview")
            yield Static(id="later-error")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0
        self._update()

    def _words(self) -> str | None:
        typed = self.query_one("#later-when", Input).value.strip()
        if typed:
            return typed
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._choices[index]

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    def _update(self) -> None:
        words = self._words()
        said = "" if words is None else ("back now" if words == BACK_NOW else self._preview(words))
        self.query_one("#later-preview", Static).update(Content(said))

    @on(OptionList.OptionSelected)
    @on(Input.Submitted)
    def _go(self) -> None:
        words = self._words()
        if words is None:
            return
        refused = self._snooze(words)
        if refused is None:
            self.dismiss(None)
        else:
            self.query_one("#later-error", Static).update(Content(refused))
