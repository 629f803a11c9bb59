"""The command palette's commands: every action of the key registry, the themes, and the
quick switcher's places (typing "design" finds #design; choosing it goes there).

``App.COMMANDS = App.COMMANDS | COMMANDS`` keeps Textual's own commands beside these.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from math import floor
from typing import TYPE_CHECKING

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from asynctui.tui import keys, themes

if TYPE_CHECKING:
    from asynctui.client.switcher import Places
    from asynctui.tui.main_screen import MainScreen

__all__ = ["COMMANDS", "KeyCommands", "PlaceCommands", "ThemeCommands"]

_HIDDEN_GROUPS = frozenset({"dialogs"})
"""Dialog keys act inside their dialog only; the palette never runs over one of them."""
_HIDDEN_ACTIONS = frozenset({"command_palette"})


def _target(chain: list[DOMNode], action: str) -> DOMNode | None:
    """The nearest node of the chain that implements ``action`` and allows it now."""
    _, name, params = parse(action)
    for node in chain:
        if callable(getattr(node, f"action_{name}", None)):
            return node if node.check_action(name, params) is not False else None
    return None


class KeyCommands(Provider):
    """Each registry action the focused part of the app can run, shown with its keys."""

    def _chain(self) -> list[DOMNode]:
        focused = self.focused
        if focused is None:
            return [self.screen, self.app]
        return list(focused.ancestors_with_self)

    def _commands(self) -> list[tuple[str, str, Callable[[], Awaitable[None]]]]:
        keymap = keys.user_keymap(self.app)
        chain = self._chain()
        commands: list[tuple[str, str, Callable[[], Awaitable[None]]]] = []
        for key in keys.KEYS:
            if key.group in _HIDDEN_GROUPS or key.action in _HIDDEN_ACTIONS:
                continue
            node = _target(chain, key.action)
            if node is None:
                continue
            shown = keys.display_keys(",".join(keys.effective_keys(key, keymap)))
            commands.append((key.description, f"Keys: {shown}", partial(self._run, key.action)))
        return commands

    async def _run(self, action: str) -> None:
        # Looked up again: the palette has closed and focus is back where it was.
        node = _target(self._chain(), action)
        if node is not None:
            await self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for text, help, command in self._commands():
            yield DiscoveryHit(text, command, text=text, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help, command in self._commands():
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help)


class ThemeCommands(Provider):
    """ "Theme: <name>" for every theme the app has, ours first; choosing one switches
    to it. (Textual's "Theme" command opens the picker: ``AsyncTuiApp.search_themes``.)"""

    def _themes(self) -> list[tuple[str, bool, Callable[[], None]]]:
        """(text, whether it is one of ours, switch to it), ours first."""
        ours, textuals = themes.grouped(self.app.available_themes)
        return [
            (f"Theme: {name}", mine, partial(setattr, self.app, "theme", name))
            for names, mine in ((ours, True), (textuals, False))
            for name in names
            if name != self.app.theme
        ]

    async def discover(self) -> Hits:
        # Textual's own themes are found by typing; the empty palette lists ours only.
        for text, mine, command in self._themes():
            if mine:
                yield DiscoveryHit(text, command, text=text, help="Switch to this theme")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, mine, command in self._themes():
            if (score := matcher.match(text)) > 0:
                help = "Switch to this theme" if mine else "Textual's own theme"
                yield Hit(score, matcher.highlight(text), command, text=text, help=help)


class PlaceCommands(Provider):
    """The quick switcher's places (views, channels, DMs, people, threads) for what is
    typed, in the switcher's order; none before anything is typed, so the empty palette
    lists commands."""

    PLACES = 20
    """Places offered at most: the palette is for commands first."""

    async def startup(self) -> None:
        self._main: MainScreen | None = None
        self._places: Places | None = None
        from asynctui.tui.main_screen import MainScreen

        # Only over the main screen: a jump under a dialog would change what it is about.
        main = self.screen
        if isinstance(main, MainScreen):
            from asynctui.tui.flows.switcher import places

            self._main, self._places = main, places(main)

    async def search(self, query: str) -> Hits:
        main, places = self._main, self._places
        if main is None or places is None or not query.strip():
            return
        from asynctui.tui.flows.switcher import jump
        from asynctui.tui.screens._switcher import place_prompt

        found = places.find(query, self.PLACES)
        for i, one in enumerate(found):
            # Our score, on the scale of Textual's matcher (about 3 a letter, as ours), so
            # places and commands mix; the fraction keeps the switcher's order (its ties go
            # to the most recent) within a whole point.
            score = floor(one.score) + 0.99 * (1 - i / len(found))
            text = one.place.label
            yield Hit(score, place_prompt(one), partial(jump, main, one.place), text=text)


COMMANDS: set[type[Provider] | Callable[[], type[Provider]]] = {
    KeyCommands,
    PlaceCommands,
    ThemeCommands,
}
"""The providers to add to ``App.COMMANDS``."""
