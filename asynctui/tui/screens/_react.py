"""React to a message with one key."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from asynctui.tui import keys

QUICK = ("👍", "🎉", "❤️", "👀", "✅", "🙏", "😄", "🚀")


class ReactScreen(ModalScreen[str | None]):
    """Pick a reaction: 1-8 for the usual ones, or type any emoji or short word.

    | Key | Action |
    | --- | --- |
    | 1-8 | React with that emoji |
    | enter | React with what was typed |
    | escape | Cancel |
    """

    DEFAULT_CSS = """
    ReactScreen { align: center middle; }
    ReactScreen > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    """

    BINDINGS = [keys.binding("dialog-close")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("  ".join(f"{i} {e}" for i, e in enumerate(QUICK, 1))))
            yield Input(placeholder="or type an emoji / word, then enter", id="react-text")

    @on(Input.Changed)
    def _quick(self, event: Input.Changed) -> None:
        # The box has the focus, so a digit arrives as text: alone, it picks a quick one.
        if len(event.value) == 1 and event.value in "12345678":
            self.dismiss(QUICK[int(event.value) - 1])

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        # How long a reaction may be is the command's to say.
        self.dismiss(event.value.strip() or None)
