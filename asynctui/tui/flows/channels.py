"""Channels, direct messages and invitations: make a channel, start a DM, ask a
teammate in.

Each flow opens its dialog and hands what was typed to
:mod:`asynctui.client.commands.channels` through :func:`attempt`, so the rules, the
refusals and the words are the CLI's; a refusal shows in the dialog, which stays
open with what was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.client import queries
from asynctui.client.commands import Done
from asynctui.client.commands import channels as commands
from asynctui.client.commands.forms import handles_in
from asynctui.client.views import Views, channel_view
from asynctui.core.names import DIRECT_PREFIX
from asynctui.tui.carry_out import attempt

if TYPE_CHECKING:
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.screens._invite import Invite
    from asynctui.tui.screens._new_channel import NewChannel
    from asynctui.tui.screens._new_dm import NewDm

__all__ = ["channel_choices", "default_channel", "invite", "new_channel", "new_dm"]


def channel_choices(main: MainScreen) -> list[tuple[str, str]]:
    """(id, label) of every channel ('#design'), then every DM ('@kenji'): where a
    new thread may go, worded as the sidebar words them."""
    views = main.views or Views(main.ws.db, main.team(), main.ws.member, main.now())
    found = [(c.id, views.channel_label(c.id, c.name)) for c in queries.channels(main.ws.db)]
    return sorted(found, key=lambda c: (c[0].startswith(DIRECT_PREFIX), c[1].lower(), c[0]))


def default_channel(main: MainScreen, choices: list[tuple[str, str]]) -> str | None:
    """Where a new thread goes unless told: the channel in view, else #general,
    else the first channel."""
    ids = [cid for cid, _ in choices]
    for wanted in (main.current_channel(), commands.channel_id(commands.GENERAL)):
        if wanted in ids:
            return wanted
    return next((cid for cid in ids if not cid.startswith(DIRECT_PREFIX)), None)


def new_channel(main: MainScreen) -> None:
    """A channel's name, topic and, if private, its members; shown once made."""
    from asynctui.tui.screens._new_channel import NewChannelScreen

    def send(choice: NewChannel) -> Done | str:
        return attempt(main, lambda ws: commands.create(
            ws, name=choice.name, topic=choice.topic.strip(), private=choice.private,
            members=handles_in(choice.members),
        ))  # fmt: skip

    def made(done: Done | None) -> None:
        if done is not None:
            main.switch_view(channel_view(done.id))

    handles = [m.handle for m in main.team().sorted_members() if m.id != main.ws.member]
    main.app.push_screen(NewChannelScreen(send, handles), made)


def new_dm(main: MainScreen) -> None:
    """A thread with one person or a few: their handles, a title, a first message;
    it opens when sent."""
    from asynctui.tui.screens._new_dm import NewDmScreen

    handles = [m.handle for m in main.team().sorted_members() if m.id != main.ws.member]

    def send(choice: NewDm) -> Done | str:
        people = handles_in(choice.people)
        if not people:
            return "name someone to write to, e.g. @" + (handles[0] if handles else "bob")
        return attempt(
            main,
            lambda ws: commands.dm(ws, people=people, title=choice.title, body=choice.body),
            quiet=True,
        )

    def sent(done: Done | None) -> None:
        if done is not None:
            main.open_thread(done.id)

    main.app.push_screen(NewDmScreen(handles, send), sent)


def invite(main: MainScreen) -> None:
    """A teammate asked in: a join code to pass on (on a server; only an admin's
    token may make one), or how to join the shared folder."""
    from asynctui.tui.screens._invite import InviteScreen

    session = main.tui.session
    config = session.config
    if config.server:
        where = f"They get a one-use join code for {config.server}, valid 7 days."
    else:
        where = "They get the words of how to join this shared folder."

    def send(choice: Invite) -> Done | str:
        # A store of its own: the sync worker's is busy waiting for news.
        store = session.reopen_store()
        try:
            return attempt(
                main,
                lambda ws: commands.invite(ws, store, handle=choice.handle, name=choice.name),
                quiet=True,
            )
        finally:
            close = getattr(store, "close", None)
            if close is not None:
                close()

    main.app.push_screen(InviteScreen(where, send))
