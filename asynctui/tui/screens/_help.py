"""The help screen: every key of the app, grouped, as the user's keymap has them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from asynctui.tui import keys

__all__ = ["HelpScreen"]


class HelpScreen(ModalScreen[None]):
    """Every binding of the key registry, by group, with the keys in effect.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | escape | `dialog-close` | Close help. |
    | q, ? | `help-close` | Close help. |

    The list scrolls with the arrow keys, page up and page down.
    """

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-body {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; border-title-align: center; border-title-style: bold;
        background: $surface; padding: 0 1; scrollbar-size-vertical: 1;
    }
    HelpScreen .help-group { text-style: bold; color: $primary; }
    HelpScreen .help-keys { margin-bottom: 1; }
    HelpScreen #help-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-close"),
        keys.binding("help-close"),
    ]

    def __init__(
        self,
        keymap: Mapping[str, str] | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """
        Args:
            keymap: The user's ``[keys]`` table (binding id -> keys); invalid entries
                are shown with their default keys, as the app binds them.
        """
        super().__init__(name=name, id=id, classes=classes)
        self._keymap, _ = keys.keymap_from_config(keymap or {})

    def compose(self) -> ComposeResult:
        shown = {
            key.id: keys.display_keys(",".join(keys.effective_keys(key, self._keymap)))
            for key in keys.KEYS
        }
        keys_width = max(map(len, shown.values())) + 2
        text_width = max(len(key.description) for key in keys.KEYS) + 2
        body = VerticalScroll(id="help-body")
        body.border_title = "Keys"
        with body:
            for group, title in keys.GROUPS.items():
                lines = [
                    Content.assemble(
                        (shown[key.id].ljust(keys_width), "bold $accent"),
                        key.description.ljust(text_width),
                        (key.id, "$text-muted"),
                    )
                    for key in keys.KEYS
                    if key.group == group
                ]
                yield Static(Content(title), classes="help-group")
                yield Static(Content("\n").join(lines), classes="help-keys")
            yield Static(
                Content('Remap keys in config.toml by id:  [keys]  reply = "r,R"'),
                id="help-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()
