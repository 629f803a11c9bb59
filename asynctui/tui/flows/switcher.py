"""The quick switcher: choose a place by name, and go there.

Going somewhere records nothing but the read mark of a thread opened, as opening
it from the list does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.client.switcher import Place, Places

if TYPE_CHECKING:
    from asynctui.tui.main_screen import MainScreen

__all__ = ["jump", "places", "switcher"]


def places(main: MainScreen) -> Places:
    """Everything one can jump to now, read from the replica."""
    return Places(main.ws.db, main.team(), main.ws.member, main.now())


def switcher(main: MainScreen) -> None:
    """The switcher over the main screen; the place chosen is shown."""
    from asynctui.tui.screens._switcher import SwitcherScreen

    def chosen(place: Place | None) -> None:
        if place is not None:
            jump(main, place)

    main.app.push_screen(SwitcherScreen(places(main), main.key_name("search")), chosen)


def jump(main: MainScreen, place: Place) -> None:
    """Show a place: a view (a channel's, a DM's), a thread in its channel's view,
    a person's DM, or, with none yet, the person in the team panel."""
    from asynctui.tui.widgets._thread_list import ThreadList

    if place.kind == "person" and not place.view:
        main.call_next(_in_team_panel, main, place)
        return
    main.switch_view(place.view)
    if place.kind == "person":
        main.notify(f"Your direct messages with {place.label}.", timeout=3)
    elif place.kind == "thread":
        main.query_one(ThreadList).select_id(place.id)
        main.open_thread(place.id)


async def _in_team_panel(main: MainScreen, place: Place) -> None:
    from asynctui.tui.widgets._team_panel import MemberCard, TeamPanel

    if not main.has_class("show-team"):
        await main.action_team()
    panel = main.query_one("#team", TeamPanel)
    for card in panel.query(MemberCard):
        if card.person.member_id == place.id:
            # After the panel (maybe mounted just now) has its layout.
            panel.call_after_refresh(panel.scroll_to_widget, card, top=True, animate=False)
    main.notify(f"No direct messages with {place.label} yet: the team panel shows them.")
