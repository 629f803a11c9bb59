"""The sidebar: the views (Inbox, Owed by me, ...), the rituals (Check-ins, Meetings,
Decisions, Action items) and the channels, with their counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from asynctui.client.views import ViewInfo
from asynctui.core import names
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["Sidebar"]

CHANNEL_PREFIX = "channel:"
"""View ids of channels start with this; they are listed under "Channels"."""
DIRECT_PREFIX = CHANNEL_PREFIX + names.DIRECT_PREFIX
"""View ids of direct conversations: listed under "Direct messages", by their people."""


def _prompt(view: ViewInfo, counted: bool = True) -> Table | Text:
    """The label on the left, the count right-aligned (blank when zero); only the
    label when the counts are not known yet (a grid costs far more to draw)."""
    if not counted:
        return Text(clean_line(view.label), no_wrap=True, overflow="ellipsis")
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", no_wrap=True)
    count = Text(str(view.count), style="bold") if view.count > 0 else Text("")
    grid.add_row(Text(clean_line(view.label)), count)
    return grid


def _heading(title: str) -> Option:
    return Option(Text(title, style="bold"), disabled=True)


class Sidebar(Widget):
    """The list of views and channels; highlighting one selects it.

    | Key | Action |
    | :- | :- |
    | `j` / `down` | Next view. |
    | `k` / `up` | Previous view. |
    | `enter` | Select the highlighted view (shown over the list: and go to it). |

    With the ``-over`` class the main screen shows it over the list (where it is
    otherwise hidden); it loses the class when the focus leaves it.
    """

    DEFAULT_CSS = """
    Sidebar {
        width: 28;
        height: 1fr;
        & > OptionList {
            height: 1fr;
            max-height: 100%;
            background: $surface;
            & > .option-list--option-disabled {
                color: $text-muted;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("down"),
        keys.binding("up"),
    ]

    @dataclass
    class ViewSelected(Message):
        """The user moved to a view (posted on highlight and on enter)."""

        view_id: str
        """The chosen view's id: 'inbox', 'owed-by-me', 'channel:<id>', ..."""
        picked: bool = False
        """Chosen with enter, not only moved onto."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._ids: list[str] = []
        self._selected: str | None = None
        """The view the app shows; highlighting it again posts nothing."""
        self._infos: dict[str, ViewInfo] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(compact=True)

    @property
    def option_list(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def selected(self) -> str | None:
        """The id of the view the app shows."""
        return self._selected

    def view_info(self, view_id: str) -> ViewInfo | None:
        """The entry of a view as last shown (its label and count), if listed."""
        return self._infos.get(view_id)

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus the list inside (the sidebar itself takes no focus)."""
        self.option_list.focus(scroll_visible)
        return self

    def update_views(
        self,
        views: list[ViewInfo],
        selected: str,
        *,
        counted: bool = True,
        rituals: Sequence[ViewInfo] = (),
    ) -> None:
        """Show these views, with ``selected`` highlighted (posts no message).

        ``counted=False``: the counts are not known yet (the first frame); the
        entries show their labels only. ``rituals`` are listed under their own
        heading, between the views and the channels.
        """
        self._selected = selected
        self._infos = {view.id: view for view in [*views, *rituals]}
        option_list = self.option_list
        ids = [view.id for view in views] + [view.id for view in rituals]
        if ids == self._ids:
            for view in [*views, *rituals]:
                option_list.replace_option_prompt(view.id, _prompt(view, counted))
        else:
            self._ids = ids
            plain = [view for view in views if not view.id.startswith(CHANNEL_PREFIX)]
            channels = [view for view in views if view.id.startswith(CHANNEL_PREFIX)]
            direct = [view for view in channels if view.id.startswith(DIRECT_PREFIX)]
            channels = [view for view in channels if not view.id.startswith(DIRECT_PREFIX)]
            options: list[Option | None] = [_heading("Views")]
            options += [Option(_prompt(view, counted), id=view.id) for view in plain]
            if rituals:
                options += [None, _heading("Rituals")]
                options += [Option(_prompt(view, counted), id=view.id) for view in rituals]
            if channels:
                options += [None, _heading("Channels")]
                options += [Option(_prompt(view, counted), id=view.id) for view in channels]
            if direct:
                options += [None, _heading("Direct messages")]
                options += [Option(_prompt(view, counted), id=view.id) for view in direct]
            option_list.set_options(options)
        if selected in ids:
            option_list.highlighted = option_list.get_option_index(selected)

    def action_cursor_down(self) -> None:
        self.option_list.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.option_list.action_cursor_up()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._choose(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view_id = event.option.id
        if view_id is not None:
            self._selected = view_id
            self.post_message(self.ViewSelected(view_id, picked=True))

    def on_descendant_blur(self) -> None:
        # Shown over the list, it goes once the user is elsewhere.
        self.remove_class("-over")

    def _choose(self, view_id: str | None) -> None:
        if view_id is None or view_id == self._selected:
            return
        self._selected = view_id
        self.post_message(self.ViewSelected(view_id))
