"""My outbox: events not yet sent, and the ones the store refused, with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from asynctui.client.outbox import describe
from asynctui.tui import keys
from asynctui.tui.widgets._lines import safe_line

if TYPE_CHECKING:
    from asynctui.client.replica import Outgoing

__all__ = ["OutboxScreen"]


class OutboxScreen(ModalScreen[str | None]):
    """The outbox, refused events first; dismissed with the id of a refused event
    to discard (the app has the sync worker do it), or None.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | d, delete | `outbox-discard` | Discard the highlighted refused event. |
    | escape | `dialog-close` | Close. |
    """

    DEFAULT_CSS = """
    OutboxScreen { align: center middle; }
    OutboxScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; border-title-align: center; border-title-style: bold;
        border-subtitle-align: right; background: $surface; padding: 0 1;
    }
    OutboxScreen OptionList { height: auto; max-height: 20; border: none; }
    OutboxScreen .hint { color: $text-muted; margin-top: 1; }
    OutboxScreen #outbox-empty { color: $text-muted; margin: 1 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("outbox-discard"),
        keys.binding("dialog-close"),
    ]

    def __init__(self, items: Sequence[Outgoing], where: str, discard_keys: str) -> None:
        """``where``: 'server' or 'folder'; ``discard_keys``: as the user has them."""
        super().__init__()
        # Refused first: they are what the user came for.
        self._items = sorted(items, key=lambda o: (o.state != "failed", o.seq))
        self._where = where
        self._discard_keys = discard_keys

    def compose(self) -> ComposeResult:
        body = Vertical()
        body.border_title = "Outbox"
        body.border_subtitle = f"{self._discard_keys} discard · esc close"
        with body:
            if not self._items:
                yield Static(
                    Content(f"Empty: everything has reached the {self._where}."),
                    id="outbox-empty",
                )
                return
            yield OptionList(
                *[Option(self._row(o), id=o.event.id) for o in self._items], id="outbox-items"
            )
            yield Static(
                Content(
                    f"A refused event is for good: the {self._where} will never take it."
                    " It is on this device only until discarded; discarding it undoes"
                    f" what it did here and reads the rest again from the {self._where}."
                ),
                classes="hint",
            )

    def _row(self, item: Outgoing) -> Content:
        what = safe_line(describe(item.event), 90)
        if item.state == "failed":
            return Content.assemble(
                ("refused  ", "bold $error"), what, "\n         ", safe_line(item.error, 88)
            )
        return Content.assemble(("pending  ", "$text-muted"), what)

    def on_mount(self) -> None:
        if self._items:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()

    def action_discard(self) -> None:
        if not self._items:
            return
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        item = self._items[index]
        if item.state != "failed":
            self.notify(
                "Still waiting to be sent, not refused: it is sent as soon as the"
                f" {self._where} can be reached.",
                severity="warning",
            )
            return
        self.dismiss(item.event.id)
