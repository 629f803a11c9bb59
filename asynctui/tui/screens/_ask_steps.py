"""The asks of a thread: answer, promise a time, decline, hand on, withdraw, re-open."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from asynctui.client.commands.ask_steps import Choice, StepName
from asynctui.core.text import clean_line
from asynctui.tui import keys


class AskStepsScreen(ModalScreen[None]):
    """Choose a step on one of the thread's asks; type what it needs, if anything.

    ``take(choice, text)`` takes it and gives back None, or why it was refused (the
    dialog stays open then, showing why). ``needs`` maps a step to what it asks to
    be typed ('by when: thu 12:00...').

    | Key | Action |
    | --- | --- |
    | up/down | Choose the step |
    | enter | Take it (in the box: with what was typed) |
    | escape | Cancel |
    """

    DEFAULT_CSS = """
    AskStepsScreen { align: center middle; }
    AskStepsScreen > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    AskStepsScreen OptionList { height: auto; max-height: 12; }
    AskStepsScreen #ask-steps-text { display: none; }
    AskStepsScreen #ask-steps-text.-needed { display: block; }
    AskStepsScreen #ask-steps-error { color: $error; }
    """

    BINDINGS = [keys.binding("dialog-close")]

    def __init__(
        self,
        title: str,
        offered: list[Choice],
        needs: Mapping[StepName, str],
        take: Callable[[Choice, str], str | None],
    ) -> None:
        super().__init__()
        self._title = title
        self._offered = offered
        self._needs = needs
        self._take = take

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble("Asks in ", (clean_line(self._title), "bold")))
            yield OptionList(
                *[Option(Content(c.label), id=f"{c.ask}:{c.step}") for c in self._offered],
                id="ask-steps",
            )
            yield Input(id="ask-steps-text")
            yield Static(id="ask-steps-error")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0 if self._offered else None
        self._update()

    def _chosen(self) -> Choice | None:
        index = self.query_one(OptionList).highlighted
        return self._offered[index] if index is not None and self._offered else None

    @on(OptionList.OptionHighlighted)
    def _update(self) -> None:
        choice = self._chosen()
        box = self.query_one("#ask-steps-text", Input)
        need = self._needs.get(choice.step, "") if choice else ""
        box.placeholder = need
        box.set_class(bool(need), "-needed")
        self.query_one("#ask-steps-error", Static).update("")

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        choice = self._chosen()
        if choice is not None and self._needs.get(choice.step):
            self.query_one("#ask-steps-text", Input).focus()
            return
        self._go()

    @on(Input.Submitted)
    def _go(self) -> None:
        choice = self._chosen()
        if choice is None:
            return
        refused = self._take(choice, self.query_one("#ask-steps-text", Input).value)
        if refused is None:
            self.dismiss(None)
        else:
            self.query_one("#ask-steps-error", Static).update(Content(refused))
