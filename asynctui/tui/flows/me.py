"""Me: my status, focus and hours; my outbox; the digest of what came while I was away.

The status flows take the main screen; the outbox and digest flows the App, which
runs the sync worker and keeps the quiet time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.core.events import HoursSet, StatusSet
from asynctui.core.hours import Hours

if TYPE_CHECKING:
    from datetime import datetime

    from asynctui.client.attention import QuietEnded
    from asynctui.client.digest import Digest
    from asynctui.client.team import Team
    from asynctui.tui.app import AsyncTuiApp
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.screens._status import StatusChoice

__all__ = [
    "digest",
    "discard",
    "focus",
    "hours",
    "outbox",
    "quiet_over",
    "save_hours",
    "set_status",
    "status",
]


def status(main: MainScreen) -> None:
    """My status: what I am doing, until when."""
    from asynctui.tui.screens._status import StatusScreen

    team, now, me = main.team(), main.now(), main.ws.member
    screen = StatusScreen(team.tz(me), now, team.calendar(me), team.status(me, now))
    main.app.push_screen(screen, lambda choice: set_status(main, choice))


def focus(main: MainScreen) -> None:
    """Start focus (for how long), or end it."""
    from asynctui.tui.screens._status import StatusScreen

    team, now, me = main.team(), main.now(), main.ws.member
    screen = StatusScreen(
        team.tz(me), now, team.calendar(me), team.status(me, now), focus_only=True
    )
    main.app.push_screen(screen, lambda choice: set_status(main, choice))


def hours(main: MainScreen) -> None:
    """My weekly working hours, focus blocks and always-off times."""
    from asynctui.tui.screens._hours import HoursScreen

    team, me = main.team(), main.ws.member

    def saved(chosen: Hours | None) -> None:
        if chosen is not None:
            save_hours(main, chosen)
            main.notify("Hours saved.", timeout=3)
            main.refresh_data()

    main.app.push_screen(HoursScreen(team.hours(me), team.tz(me)), saved)


def outbox(app: AsyncTuiApp) -> None:
    """My events not yet sent and those refused; a refused one can be discarded."""
    from asynctui.tui.screens._outbox import OutboxScreen

    where = "server" if app.session.config.server else "folder"

    def chosen(event_id: str | None) -> None:
        if event_id is not None:
            discard(app, event_id)

    keys_ = app.main.key_name("outbox-discard")
    app.push_screen(OutboxScreen(app.ws.replica.outbox(), where, keys_), chosen)


def digest(app: AsyncTuiApp) -> None:
    """The digest since my last quiet time began (or the last 24 hours)."""
    from asynctui.client import digest

    team, now = app.ws.team(), app.ws.now()
    since, lead = app.quiet.digest_window(now)
    found = digest.build(app.ws.db, team, app.ws.member, since, now)
    _show_digest(app, found, team, f"While you were {lead}" if lead else "Digest")


def quiet_over(app: AsyncTuiApp, ended: QuietEnded, team: Team, now: datetime) -> None:
    """Quiet time is over: the digest of what came meanwhile, if anything did.

    Shown in a dialog, unless one is open or I am typing: then a line says how
    to read it, so no key I type goes astray.
    """
    from textual.widgets import Input, TextArea

    from asynctui.client import digest

    found = digest.build(app.ws.db, team, app.ws.member, ended.since, now)
    if not ended.digest_due(found):
        return
    typing = isinstance(app.focused, Input | TextArea)
    if len(app.screen_stack) > 1 or typing:
        key = app.main.key_name("digest")
        app.notify(
            f"Your digest of what came while you were {ended.lead} is ready: press {key}.",
            title="Digest",
            timeout=12,
        )
        return
    _show_digest(app, found, team, f"While you were {ended.lead}")


def _show_digest(app: AsyncTuiApp, found: Digest, team: Team, lead: str) -> None:
    from asynctui.client import digest
    from asynctui.core.timefmt import when
    from asynctui.tui.screens._digest import DigestScreen

    tz = team.tz(app.ws.member)
    title = f"{lead} · since {when(found.since, tz, found.now)}"
    app.push_screen(DigestScreen(title, digest.sections(found, team, tz)))


# -- what was chosen ----------------------------------------------------------------------


def set_status(main: MainScreen, choice: StatusChoice | None) -> None:
    """The status chosen in the dialog (None: left as it was)."""
    if choice is None:
        return
    main.emit(
        StatusSet(
            state=choice.state,  # type: ignore[arg-type]
            text=choice.text,
            emoji=choice.emoji,
            until=choice.until,
        )
    )
    main.refresh_data()


def save_hours(main: MainScreen, chosen: Hours) -> None:
    main.emit(HoursSet(hours=chosen))


def discard(app: AsyncTuiApp, event_id: str) -> None:
    """Drop a refused event: the sync worker does it, with the store to read the
    replica again from."""
    app.syncer.discard(event_id)
