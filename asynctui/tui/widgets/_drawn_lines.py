"""What the Line API views (the thread list, the thread) share: drawn lines and
component styles kept until the styles or the focus change."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.scroll_view import ScrollView
from textual.strip import Strip


class DrawnLines(ScrollView):
    """A ``ScrollView`` that caches what it drew. Subclasses set ``_strips`` (an LRU
    cache of drawn lines, keyed as they like) and ``_components`` in ``__init__``."""

    _strips: LRUCache[Any, Strip]
    _components: dict[str, Style]

    def _forget_drawn(self) -> None:
        self._strips.clear()
        self._components.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_drawn()

    def _on_focus(self, event: events.Focus) -> None:
        self._forget_drawn()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._forget_drawn()
        self.refresh()

    def _component(self, name: str) -> Style:
        """A component class's style, looked up once until the styles or focus change
        (Textual's look-up is costly, and every line asks for several)."""
        style = self._components.get(name)
        if style is None:
            style = self._components[name] = self.get_component_rich_style(name)
        return style
