"""Pick a theme: ours first, then Textual's own under a heading of their own."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from asynctui.tui import keys

__all__ = ["ThemeScreen"]


class ThemeScreen(ModalScreen[str | None]):
    """The themes the app has, ours (and the user's) first, Textual's own after.

    | Key | Action |
    | --- | --- |
    | up/down | Move between themes |
    | enter | Switch to the theme |
    | escape | Close, the theme unchanged |
    """

    DEFAULT_CSS = """
    ThemeScreen { align: center middle; }
    ThemeScreen > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ThemeScreen #themes-title { text-style: bold; padding: 0 1; }
    ThemeScreen OptionList, ThemeScreen OptionList:focus {
        height: auto; max-height: 1fr; border: none; padding: 0;
    }
    """

    BINDINGS = [keys.binding("dialog-close")]

    def __init__(self, ours: list[str], textuals: list[str], current: str) -> None:
        super().__init__()
        self._ours = ours
        self._textuals = textuals
        self._current = current

    def _option(self, name: str) -> Option:
        mark = " (current)" if name == self._current else ""
        return Option(Content(f"{name}{mark}"), id=f"theme-{name}")

    def compose(self) -> ComposeResult:
        options: list[Option | None] = [
            Option(Content.styled("asynctui themes", "bold $text-primary"), disabled=True),
            *(self._option(name) for name in self._ours),
        ]
        if self._textuals:
            options += [
                None,
                Option(
                    Content.styled("Textual's own themes", "bold $text-secondary"), disabled=True
                ),
                *(self._option(name) for name in self._textuals),
            ]
        with Vertical():
            yield Static("Theme", id="themes-title")
            yield OptionList(*options, id="themes")

    def on_mount(self) -> None:
        themes = self.query_one(OptionList)
        try:
            themes.highlighted = themes.get_option_index(f"theme-{self._current}")
        except OptionDoesNotExist:
            themes.highlighted = 1

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        self.dismiss(option_id.removeprefix("theme-") or None)
