"""The ritual views of the main screen's list pane: check-ins, meetings, decisions,
action items. Their list is mounted when one of them is first shown."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from asynctui.client.team import Team
from asynctui.client.views import ACTIONS, CHECKINS, DECISIONS, MEETINGS

if TYPE_CHECKING:
    from asynctui.client.ritual_views import ActionFilter, Entry, Pending
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.widgets._ritual_list import RitualList

__all__ = ["RitualPane"]


class RitualPane:
    """The ritual views' list and what each view shows."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.action_filter: ActionFilter = "mine"
        """Whose action items the Action items view shows."""
        self.decision_channel: str | None = None
        """The channel the Decisions view shows; None: every channel."""

    def widget(self, create: bool = False) -> RitualList | None:
        """The ritual views' list, if it was ever shown (``create``: mounted now if not)."""
        from asynctui.tui.widgets._ritual_list import RitualList

        found = self.screen.query(RitualList)
        if found:
            return found.first()
        if not create:
            return None
        ritual_list = RitualList(id="rituals")
        self.screen.query_one("#list-pane").mount(ritual_list)
        return ritual_list

    def entries(self, view: str, team: Team, now: datetime, pending: Pending) -> list[Entry]:
        """The entries ``view`` lists now."""
        from asynctui.client import ritual_views

        db, me = self.screen.ws.db, self.screen.ws.member
        if view == CHECKINS:
            return ritual_views.checkin_entries(db, team, me, now, pending)
        if view == MEETINGS:
            return ritual_views.meeting_entries(db, team, me, now)
        if view == DECISIONS:
            channels = [cid for cid, _ in ritual_views.decision_channels(db)]
            if self.decision_channel not in channels:
                self.decision_channel = None
            return ritual_views.decision_entries(db, team, me, now, self.decision_channel)
        return ritual_views.action_entries(db, team, me, now, self.action_filter)

    def next_filter(self, view: str) -> None:
        """Action items: the next of mine, everyone's...; decisions: the next channel."""
        from asynctui.client import ritual_views

        if view == ACTIONS:
            filters = ritual_views.ACTION_FILTERS
            self.action_filter = filters[(filters.index(self.action_filter) + 1) % len(filters)]
        elif view == DECISIONS:
            channels: list[str | None] = [None]
            channels += [cid for cid, _ in ritual_views.decision_channels(self.screen.ws.db)]
            at = channels.index(self.decision_channel) if self.decision_channel in channels else 0
            self.decision_channel = channels[(at + 1) % len(channels)]
