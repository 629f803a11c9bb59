"""The line over the list: which view it shows, with the sidebar's count for it.

Where the sidebar is hidden (a narrow terminal) the line also names the key that
shows the views and channels over the list, so a reader who cannot see the
sidebar learns how to reach it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label

from asynctui.client.views import ViewInfo
from asynctui.core.text import clean_line

__all__ = ["ViewTitle"]


class ViewTitle(Widget):
    """The view shown ("Inbox  8", "#design  2"), and a hint at the key of the views.

    The hint is shown only where the screen hides the sidebar (the main screen's
    ``narrow`` class); the main screen's CSS says when.
    """

    DEFAULT_CSS = """
    ViewTitle {
        height: 1;
        layout: horizontal;
        background: $surface;
        padding: 0 1;
        & > #view-name {
            width: 1fr;
            text-style: bold;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > #view-hint {
            width: auto;
            color: $text-muted;
            display: none;
            text-wrap: nowrap;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, int] | None = None
        self._hint = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="view-name", markup=False)
        yield Label("", id="view-hint", markup=False)

    @property
    def text(self) -> str:
        """The title as shown: the view's label and its count (blank when zero)."""
        if self._shown is None:
            return ""
        label, count = self._shown
        return f"{label}  {count}" if count > 0 else label

    def show(self, view: ViewInfo | None, hint: str) -> None:
        """Name ``view`` (None: one the sidebar does not list, named by nothing), and
        the key that shows the views as the user has it (``hint``: "v Views and channels")."""
        shown = (clean_line(view.label), view.count) if view is not None else None
        if shown != self._shown:
            self._shown = shown
            self.query_one("#view-name", Label).update(self.text)
        if hint != self._hint:
            self._hint = hint
            self.query_one("#view-hint", Label).update(hint)
