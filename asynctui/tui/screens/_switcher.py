"""The quick switcher: type a few letters of a view, channel, DM, person or thread, jump."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from asynctui.client.switcher import KIND_WORDS, Found, Place, Places, where_it_goes
from asynctui.tui import keys

__all__ = ["SwitcherScreen", "place_prompt"]

_KIND_WIDTH = max(len(word) for word in KIND_WORDS.values()) + 1


def place_prompt(found: Found) -> Content:
    """One result: its kind, its name with the letters typed in bold, and where it is.

    Built from plain text: a title or a name is never read as markup.
    """
    place = found.place
    kind = KIND_WORDS[place.kind].ljust(_KIND_WIDTH)
    label = Content(place.label)
    for at in found.positions:
        label = label.stylize("bold $accent", at, at + 1)
    parts: list[Content | str | tuple[str, str]] = [(kind, "$text-muted"), label]
    detail = [place.detail] if place.detail and place.kind != "thread" else []
    if goes := where_it_goes(place):
        detail.append(goes)
    if detail:
        parts.append(("  " + " · ".join(detail), "$text-muted"))
    return Content.assemble(*parts)


class SwitcherScreen(ModalScreen[Place | None]):
    """Jump anywhere by name; dismissed with the place chosen, or None.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | down, ctrl+j, tab | `switcher-next` | The next result. |
    | up, ctrl+k, shift+tab | `switcher-previous` | The result before. |
    | enter | | Jump to the highlighted result. |
    | escape | `dialog-close` | Close without going anywhere. |
    """

    DEFAULT_CSS = """
    SwitcherScreen { align: center top; }
    SwitcherScreen #switcher-dialog {
        width: 90; max-width: 100%; height: 80%; max-height: 30; margin-top: 1;
        border: round $primary; background: $surface; padding: 0 1;
    }
    SwitcherScreen #switcher-results {
        height: 1fr; border: none; padding: 0; background: $surface;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    SwitcherScreen #switcher-status { color: $text-muted; height: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-close"),
        *keys.bindings("dialogs", scope="switcher"),
    ]

    def __init__(self, places: Places, search_key: str = "/") -> None:
        """
        Args:
            places: What can be jumped to, read from the replica when the switcher opened.
            search_key: The key of the search of every message, as the user has it.
        """
        super().__init__()
        self._places = places
        self._search_key = search_key
        self._found: list[Found] = places.find("")

    @property
    def found(self) -> list[Found]:
        """The results shown, in order."""
        return list(self._found)

    def compose(self) -> ComposeResult:
        with Vertical(id="switcher-dialog"):
            yield Input(
                placeholder="Jump to a view, channel, person or thread…", id="switcher-input"
            )
            results = OptionList(id="switcher-results")
            results.can_focus = False  # the typing stays in the box; keys move the highlight
            yield results
            yield Static(id="switcher-status")

    def on_mount(self) -> None:
        self._show("")
        self.query_one("#switcher-input", Input).focus()

    @on(Input.Changed, "#switcher-input")
    def _typed(self, event: Input.Changed) -> None:
        # Fast enough to run as one types: a few thousand names at most
        # (``switcher.CANDIDATES``), narrowed by the replica first.
        self._found = self._places.find(event.value)
        self._show(event.value)

    def _show(self, text: str) -> None:
        results = self.query_one("#switcher-results", OptionList)
        results.clear_options()
        results.add_options(place_prompt(found) for found in self._found)
        if self._found:
            results.highlighted = 0
        if not self._found:
            said = f"Nothing by that name · {self._search_key} searches every message"
        elif not text.strip():
            said = "Views, then the threads active last · type to find more"
        else:
            said = f"{len(self._found)} found · enter jumps · esc closes"
        self.query_one("#switcher-status", Static).update(Content(said))

    def _move(self, step: int) -> None:
        results = self.query_one("#switcher-results", OptionList)
        if self._found:
            now = results.highlighted or 0
            results.highlighted = (now + step) % len(self._found)

    def action_next_place(self) -> None:
        self._move(1)

    def action_previous_place(self) -> None:
        self._move(-1)

    @on(Input.Submitted, "#switcher-input")
    def _submitted(self) -> None:
        highlighted = self.query_one("#switcher-results", OptionList).highlighted
        if self._found:
            self.dismiss(self._found[highlighted or 0].place)

    @on(OptionList.OptionSelected, "#switcher-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self._found):
            self.dismiss(self._found[event.option_index].place)
