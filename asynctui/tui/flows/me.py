"""Me: my status, focus and hours; my outbox; the digest of what came while I was away.

The status flows take the main screen; the outbox and digest flows the App, which
runs the sync worker and keeps the quiet time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.tui.carry_out import carry_out

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
    _ask_status(main, focus_only=False)


def focus(main: MainScreen) -> None:
    """End focus when my status says focus; else start it (asking for how long)."""
    from asynctui.client.commands import people

    if people.in_focus(main.ws):
        carry_out(main, people.end_focus)
    else:
        _ask_status(main, focus_only=True)


def _ask_status(main: MainScreen, focus_only: bool) -> None:
    from asynctui.client.commands import people
    from asynctui.tui.screens._status import StatusScreen

    ends = people.Ends.mine(main.ws)
    screen = StatusScreen(ends, main.team().status(main.ws.member, ends.now), focus_only)
    main.app.push_screen(screen, lambda choice: set_status(main, choice))


def hours(main: MainScreen) -> None:
    """My weekly working hours, focus blocks and always-off times."""
    from asynctui.tui.screens._hours import HoursScreen

    team, me = main.team(), main.ws.member
    screen = HoursScreen(team.hours(me), team.tz(me))
    main.app.push_screen(screen, lambda typed: save_hours(main, typed))


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
    held = ended.words(team.tz(app.ws.member), now)
    if len(app.screen_stack) > 1 or typing:
        key = app.main.key_name("digest")
        ready = f"Your digest of what came while you were {ended.lead} is ready: press {key}."
        app.notify(f"{held}.\n{ready}" if held else ready, title="Digest", timeout=12)
        return
    if held:
        app.notify(held, title="Digest", timeout=8)
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
    from asynctui.client.commands import people

    if choice is not None:
        carry_out(
            main,
            lambda ws: people.set_status(
                ws, choice.state, text=choice.text, emoji=choice.emoji, until=choice.until
            ),
        )


def save_hours(main: MainScreen, typed: dict[str, str] | None) -> None:
    """The hours typed in the editor, one rule per line (None: left as they were)."""
    from asynctui.client.commands import people

    if typed is not None:
        carry_out(main, lambda ws: people.set_hours(ws, **typed))


def discard(app: AsyncTuiApp, event_id: str) -> None:
    """Drop a refused event: the sync worker does it, with the store to read the
    replica again from."""
    app.syncer.discard(event_id)
