"""The footer: the keys that act where the focus is, the most important kept when narrow.

Textual's ``Footer`` lays out one widget per binding, in binding order, and what
passes the right edge is lost (at 80 columns: ``n``, ``/``, ``?`` and ``q``). This
one draws a single line. It finds the keys as Textual's does (the screen's
``active_bindings``, those with ``show``), then the key registry's ``rank`` says
which stay when there is no room for all: help and quit always, at the right edge
(wherever they act: in the compose box ``?`` and ``q`` are letters, and Textual leaves
them out of the bindings there).
A key reads as the user's keymap has it; a click on it presses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import ActiveBinding
from textual.strip import Strip
from textual.widget import Widget

from asynctui.tui import keys
from asynctui.tui.widgets._lines import line_strip

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["CROWD", "FooterKey", "KeyFooter", "footer_keys", "lay_out"]

_RANKED = {key.id: key for key in keys.KEYS}
_UNRANKED = max(key.rank for key in keys.KEYS) + 1
"""The rank of a binding from outside the registry (a Textual widget's own)."""
CROWD = 10
"""Keys ranked up to this are worth setting the footer's keys one cell apart for
(the thread views' own: open, back, reply, new thread, ask, next unread, search)."""


@dataclass(frozen=True)
class FooterKey:
    """One key the footer may show."""

    key: str
    """The key to press, as Textual names it (``"question_mark"``)."""
    shown: str
    """The key as people read it (``"?"``)."""
    description: str
    """The binding's words (``"Ask for a reply"``)."""
    label: str
    """Its shorter words, for a footer short of room (``"Ask"``)."""
    rank: int
    """``keys.Key.rank``: the highest go first; ``keys.ALWAYS``: never."""
    enabled: bool = True
    """False: shown dimmed, and a click only rings the bell."""

    def width(self, long: bool) -> int:
        return cell_len(self.shown) + 1 + cell_len(self.description if long else self.label)


@dataclass(frozen=True)
class Placed:
    """A key where the footer draws it."""

    key: FooterKey
    x: int
    long: bool
    """Drawn with its description (else its label)."""

    @property
    def end(self) -> int:
        return self.x + self.key.width(self.long)


def footer_keys(active: Mapping[str, ActiveBinding]) -> list[FooterKey]:
    """The shown bindings of ``Screen.active_bindings``, one per binding, in its order.

    A binding of several keys (``ctrl+s, ctrl+enter``) shows its first: the keymap
    the app runs with has already put the user's own keys in the bindings.
    """
    found: list[FooterKey] = []
    seen: set[str] = set()
    for key, (_node, binding, enabled, _tooltip) in active.items():
        name = binding.id or binding.action
        if not binding.show or name in seen:
            continue
        seen.add(name)
        entry = _RANKED.get(binding.id or "")
        description = binding.description or binding.action
        label = (entry.label if entry else "") or description
        rank = entry.rank if entry else _UNRANKED
        found.append(FooterKey(key, keys.display_keys(key), description, label, rank, enabled))
    return found


def lay_out(found: Sequence[FooterKey], width: int) -> list[Placed]:
    """Where each key goes in a footer ``width`` cells wide; the ones left out go.

    Keys are kept by rank, the most important first, each in its short words, until
    the next one does not fit; help and quit are always kept, flush right. Keys sit
    two cells apart, or one where that lets in a key ranked up to ``CROWD``. Room
    left over gives them back their full descriptions, the most important first.
    """
    always = [k for k in found if k.rank <= keys.ALWAYS]
    ranked = sorted((k for k in found if k.rank > keys.ALWAYS), key=lambda k: k.rank)
    room = width - 2  # a cell of margin at each end
    kept, used = _pack(ranked, always, room, gap=2)
    crowded, used_crowded = _pack(ranked, always, room, gap=1)
    gap = 2
    if len(crowded) > len(kept) and crowded[len(kept)].rank <= CROWD:
        kept, used, gap = crowded, used_crowded, 1
    shown = [*kept, *always]
    long = [False] * len(shown)
    for i, key in enumerate(shown):
        extra = key.width(True) - key.width(False)
        if extra and used + extra <= room:
            long[i] = True
            used += extra
    placed: list[Placed] = []
    x = 1
    for key, wide in zip(kept, long, strict=False):
        placed.append(Placed(key, x, wide))
        x = placed[-1].end + gap
    right = [Placed(key, 0, wide) for key, wide in zip(always, long[len(kept) :], strict=True)]
    x = max(x, width - 1 - sum(p.key.width(p.long) for p in right) - gap * max(0, len(right) - 1))
    for place in right:
        placed.append(Placed(place.key, x, place.long))
        x = placed[-1].end + gap
    return placed


def _pack(
    ranked: Sequence[FooterKey], always: Sequence[FooterKey], room: int, gap: int
) -> tuple[list[FooterKey], int]:
    """The ranked keys kept, in short words ``gap`` cells apart, and the cells used."""
    used = sum(k.width(False) for k in always) + gap * max(0, len(always) - 1)
    kept: list[FooterKey] = []
    for key in ranked:
        need = key.width(False) + (gap if kept or always else 0)
        if used + need > room:
            break
        kept.append(key)
        used += need
    return kept, used


class KeyFooter(Widget, can_focus=False):
    """The keys that act where the focus is, as many as fit, the most important first.

    | Component class | Description |
    | :- | :- |
    | `key-footer--key` | A key. |
    | `key-footer--disabled` | A key that cannot act now. |
    | `key-footer--hover` | The key under the mouse. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--disabled",
        "key-footer--hover",
    }

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        & > .key-footer--key {
            color: $footer-key-foreground;
            text-style: bold;
        }
        & > .key-footer--disabled {
            text-style: dim;
        }
        & > .key-footer--hover {
            background: $block-hover-background;
        }
    }
    """

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[FooterKey] = []
        """The keys of the focus, from the screen's bindings."""
        self._placed: tuple[int, list[Placed]] = (-1, [])
        """(width, where each key is drawn at that width)."""
        self._hover: FooterKey | None = None

    @property
    def placed(self) -> list[Placed]:
        """The keys drawn, where, at the current width."""
        width = self.size.width
        if self._placed[0] != width:
            self._placed = (width, lay_out(self._keys, width))
        return self._placed[1]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_bindings(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # As Textual's footer: while the terminal is not focused the focus is away,
        # and the footer keeps what it showed.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._read_bindings(screen)

    def _read_bindings(self, screen: Screen[object]) -> None:
        found = footer_keys(screen.active_bindings)
        if found != self._keys:
            # Redrawn only when the keys change (the focus moved, a key was
            # enabled); a new width redraws by itself.
            self._keys = found
            self._placed = (-1, [])
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        part = self.get_component_rich_style
        bold = part("key-footer--key", partial=True)
        dim = part("key-footer--disabled", partial=True)
        hover = part("key-footer--hover", partial=True)
        segments: list[Segment] = []
        x = 0
        for place in self.placed:
            key = place.key
            style = base + (hover if key == self._hover else Style())
            style += Style() if key.enabled else dim
            words = key.description if place.long else key.label
            segments.append(Segment(" " * (place.x - x), base))
            segments.append(Segment(key.shown, style + bold))
            segments.append(Segment(f" {words}", style))
            x = place.end
        return line_strip(segments, width, base)

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column ``x``, if any."""
        return next((p.key for p in self.placed if p.x <= x < p.end), None)

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            # As if pressed: whatever has the focus gets it, as Textual's footer does.
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, key: FooterKey | None) -> None:
        if key != self._hover:
            self._hover = key
            self.refresh()
