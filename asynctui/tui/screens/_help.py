"""The help screen: every key of the app, grouped, as the user's keymap has them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
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
    HelpScreen #help-dialog {
        width: 72; max-width: 100%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; width: 100%; content-align: center top; }
    HelpScreen #help-body { height: 1fr; scrollbar-size-vertical: 1; }
    HelpScreen .help-group { text-style: bold; color: $primary; margin-top: 1; }
    HelpScreen #help-hint { color: $text-muted; margin-top: 1; }
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
        with Vertical(id="help-dialog"):
            yield Static(Content("Keys"), id="help-title")
            with VerticalScroll(id="help-body"):
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
                    Content(
                        'Remap a key in config.toml by the id on its right: [keys] reply = "r,R"'
                    ),
                    id="help-hint",
                )

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()
