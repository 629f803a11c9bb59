"""Ask someone for a reply: pick the person and the window, and see what it means first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from asynctui.core.text import clean_line
from asynctui.tui import keys


@dataclass(frozen=True)
class Candidate:
    id: str
    label: str
    """'Bob Okafor @bob · New York'."""


class AskScreen(ModalScreen[str | None]):
    """Choose who to ask and within what window of THEIR working time.

    ``preview(person id, window typed)`` says what the ask would mean (or why it
    cannot be made); ``ask(person id, window typed)`` makes it, True if it was made.
    The dialog closes with the person's id, or stays open if the ask was refused.

    | Key | Action |
    | --- | --- |
    | up/down | Choose the person |
    | enter | Ask |
    | escape | Cancel |
    """

    DEFAULT_CSS = """
    AskScreen { align: center middle; }
    AskScreen > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    AskScreen OptionList { height: auto; max-height: 10; }
    AskScreen #ask-preview { margin-top: 1; color: $text; }
    AskScreen #ask-error { color: $error; }
    """

    BINDINGS = [keys.binding("dialog-close")]

    def __init__(
        self,
        title: str,
        people: list[Candidate],
        preview: Callable[[str, str], str],
        ask: Callable[[str, str], bool],
    ) -> None:
        super().__init__()
        self._title = title
        self._people = people
        self._preview = preview
        self._ask_for = ask

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble("Ask for a reply in ", (clean_line(self._title), "bold")))
            yield OptionList(
                *[Option(Content(clean_line(p.label)), id=p.id) for p in self._people],
                id="ask-people",
            )
            yield Input(placeholder="within (8h, 90m, 2d; empty: their promise)", id="ask-within")
            yield Static(id="ask-preview")
            yield Static(id="ask-error")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0 if self._people else None
        self._update()

    def _chosen(self) -> tuple[Candidate | None, str]:
        options = self.query_one(OptionList)
        index = options.highlighted
        person = self._people[index] if index is not None and self._people else None
        return person, self.query_one("#ask-within", Input).value

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    def _update(self) -> None:
        person, within = self._chosen()
        error = "" if person else "Nobody else is on the team yet."
        self.query_one("#ask-error", Static).update(Content(error))
        words = self._preview(person.id, within) if person else ""
        self.query_one("#ask-preview", Static).update(Content(words))

    @on(OptionList.OptionSelected)
    @on(Input.Submitted)
    def _ask(self) -> None:
        person, within = self._chosen()
        if person is None:
            self.notify("Nobody else is on the team yet.", severity="warning")
            return
        if self._ask_for(person.id, within):
            self.dismiss(person.id)
