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

from asynctui.core.hours import Window
from asynctui.core.text import clean_line
from asynctui.core.windows import parse_window
from asynctui.tui import keys


@dataclass(frozen=True)
class AskChoice:
    asked: str
    """Member id."""
    within: Window


@dataclass(frozen=True)
class Candidate:
    id: str
    label: str
    """'Bob Okafor @bob · New York'."""
    promise: Window


class AskScreen(ModalScreen[AskChoice | None]):
    """Choose who to ask and within what window of THEIR working time.

    | Key | Action |
    | --- | --- |
    | up/down | Choose the person |
    | enter | Ask |
    | escape | Cancel |
    """

    DEFAULT_CSS = """
    AskScreen { align: center middle; }
    AskScreen > Vertical {
        width: 80; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    AskScreen OptionList { height: auto; max-height: 10; }
    AskScreen #ask-preview { margin-top: 1; color: $text; }
    AskScreen #ask-error { color: $error; }
    """

    BINDINGS = [keys.binding("dialog-close")]

    def __init__(
        self, title: str, people: list[Candidate], preview: Callable[[str, Window], str]
    ) -> None:
        super().__init__()
        self._title = title
        self._people = people
        self._preview = preview

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

    def _chosen(self) -> tuple[Candidate | None, Window | None, str]:
        options = self.query_one(OptionList)
        index = options.highlighted
        person = self._people[index] if index is not None and self._people else None
        text = self.query_one("#ask-within", Input).value.strip()
        if person is None:
            return None, None, "Nobody else is on the team yet."
        if not text:
            return person, person.promise, ""
        try:
            return person, parse_window(text), ""
        except ValueError as exc:
            return person, None, str(exc)

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    def _update(self) -> None:
        person, within, error = self._chosen()
        self.query_one("#ask-error", Static).update(Content(error))
        words = self._preview(person.id, within) if person and within else ""
        self.query_one("#ask-preview", Static).update(Content(words))

    @on(OptionList.OptionSelected)
    @on(Input.Submitted)
    def _ask(self) -> None:
        person, within, error = self._chosen()
        if person is None or within is None:
            self.notify(error or "Choose someone to ask.", severity="warning")
            return
        self.dismiss(AskChoice(person.id, within))

    def action_cancel(self) -> None:
        self.dismiss(None)
