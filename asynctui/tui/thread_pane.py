"""The thread pane of the main screen: the thread being read and its compose box.

The compose box (and its TextArea) and the footer are costly to import and draw,
so they are mounted after the first frame; whatever needs the box before that
waits for it, in order (``with_compose``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from asynctui.client import queries
from asynctui.client.drafts import Drafts
from asynctui.client.team import Team
from asynctui.tui.widgets._footer import KeyFooter
from asynctui.tui.widgets._thread_view import AskLine, ThreadView

if TYPE_CHECKING:
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.widgets._compose import Compose

__all__ = ["ThreadPane"]


def _compose_class() -> type[Compose]:
    from asynctui.tui.widgets._compose import Compose

    return Compose


class ThreadPane:
    """What the main screen's ``#thread-pane`` shows, and the compose box in it."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.drafts = Drafts(screen.ws.db)
        """What I was writing in each thread, kept across restarts."""
        self.compose_box: Compose | None = None
        """The compose box, once mounted (after the first frame)."""
        self._compose_mounting = False
        self._compose_waiting: list[Callable[[Compose], None]] = []

    def show(self, thread_id: str, team: Team, now: datetime) -> None:
        """Hand the thread view its messages (it keeps its place if it shows the same thread)."""
        # Imported when a thread is first shown, not at start.
        from asynctui.client import following, ritual_views
        from asynctui.client.words import ask_line

        screen, ws = self.screen, self.screen.ws
        row = queries.thread(ws.db, thread_id)
        if row is None:
            return
        tz = team.tz(ws.member)
        asks = [
            AskLine(ask_line(team, a, tz, now), a.urgency)
            for a in queries.asks(ws.db, team, now, thread_id=thread_id, open_only=False)
            if not a.cancelled
        ]
        me, db = ws.member, ws.db
        shown = following.ATTENTION_WORDS[following.mode_of(db, me, row.id, row.channel)]
        attention = f" · {shown}" if shown else ""
        header = ritual_views.thread_header(db, team, me, now, thread_id)
        if header and ritual_views.agenda_for(db, team, me, now, thread_id) is not None:
            reply, item = screen.key_name("reply"), screen.key_name("agenda-item")
            header.append(ritual_views.hint(f"Reply with {reply}; {item} picks the agenda item."))
        screen.query_one(ThreadView).set_thread(
            row.title,
            queries.messages(db, thread_id),
            team.name,
            team.handle,
            me,
            tz,
            now,
            asks,
            header,
            channel=self._channel_label(row.id) + attention,
            resolved=row.resolved,
        )
        title = row.title

        def start(compose: Compose) -> None:
            if compose.thread_id != thread_id or compose.mode != "reply":
                self.start_reply(compose, thread_id, title)

        self.with_compose(start)

    def _channel_label(self, thread_id: str) -> str:
        """Where the thread lives, as the thread list names it ('#design', '@kenji')."""
        views = self.screen.views
        try:
            return "" if views is None else views.summary(thread_id).channel_label
        except KeyError:
            return ""

    def start_reply(
        self,
        compose: Compose,
        thread_id: str,
        title: str,
        quote: tuple[str, str] | None = None,
    ) -> None:
        """Point the compose box at a thread, with its draft, and in a meeting the
        agenda item still expected of me."""
        from asynctui.client import ritual_views

        screen = self.screen
        team, now = screen.team(), screen.now()
        agenda = ritual_views.agenda_for(screen.ws.db, team, screen.ws.member, now, thread_id)
        items, item = agenda if agenda is not None else ((), None)
        compose.start(
            "reply", thread_id, title, self.drafts.get(thread_id), quote=quote, agenda=items,
            item=item,
        )  # fmt: skip

    def with_compose(self, then: Callable[[Compose], None]) -> None:
        """Run ``then`` with the compose box now, or as soon as it is mounted."""
        if self.compose_box is not None and not self._compose_waiting:
            then(self.compose_box)
            return
        self._compose_waiting.append(then)
        self.mount_compose()

    def mount_compose(self) -> None:
        """Mount the footer and the compose box, before anything else the app does."""
        if not self._compose_mounting:
            self._compose_mounting = True
            # Next, before any key already queued: keys typed after `r` must reach
            # the box, so the app handles nothing else until it is mounted.
            self.screen.app.call_next(self._mount_compose_now)

    async def _mount_compose_now(self) -> None:
        screen = self.screen
        # The main screen's pane, even if a dialog is open over it.
        panes = screen.query("#thread-pane")
        if not panes:  # closing
            return
        if not screen.query(KeyFooter):
            await screen.mount(KeyFooter())
        compose = _compose_class()(id="compose")
        await panes.first().mount(compose)
        self.compose_box = compose
        waiting, self._compose_waiting = self._compose_waiting, []
        for then in waiting:
            then(compose)
