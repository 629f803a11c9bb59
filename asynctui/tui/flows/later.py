"""Snooze the thread being read until later, or bring it back (``z``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.client import later, queries
from asynctui.client.commands import later as commands
from asynctui.core.timefmt import when
from asynctui.tui.carry_out import attempt

if TYPE_CHECKING:
    from asynctui.tui.main_screen import MainScreen

__all__ = ["snooze"]


def snooze(main: MainScreen) -> None:
    """The later dialog for the thread being read."""
    from asynctui.tui.screens._later import BACK_NOW, LaterScreen

    if (thread_id := main.need_thread()) is None:
        return
    ws = main.ws
    row = queries.thread(ws.db, thread_id)
    back = later.snoozed(ws.db, ws.member, main.now()).get(thread_id)
    until = "" if back is None else f"until {when(back, main.team().tz(ws.member), main.now())}"

    def take(words: str) -> str | None:
        if words == BACK_NOW:
            done = attempt(main, lambda w: commands.wake(w, target=thread_id))
        else:
            done = attempt(main, lambda w: commands.snooze(w, target=thread_id, until=words))
        return done if isinstance(done, str) else None

    main.app.push_screen(
        LaterScreen(
            row.title if row else "",
            commands.LATER_CHOICES,
            until,
            lambda words: commands.preview(ws, words),
            take,
        )  # fmt: skip
    )
