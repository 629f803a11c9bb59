"""Where threads live: channels, public or private, and direct conversations; and
the teammates invited to read them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from asynctui.client import queries
from asynctui.client.commands import find
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.threads import opened
from asynctui.client.outbox import short
from asynctui.client.queries import Channel
from asynctui.client.workspace import Workspace
from asynctui.core.events import ChannelCreated, Payload
from asynctui.core.ids import new_id
from asynctui.core.names import DIRECT_PREFIX, BadName, check_handle, direct_channel_id
from asynctui.core.text import clean_line
from asynctui.stores.base import Store, StoreError
from asynctui.stores.folder import FolderStore
from asynctui.stores.offline import OfflineStore

__all__ = [
    "CHANNEL_PATTERN",
    "GENERAL",
    "channel_id",
    "channel_name",
    "create",
    "dm",
    "first_channel",
    "invite",
]

CHANNEL_PATTERN = r"[a-z0-9][a-z0-9_-]{0,39}"
"""1-40 lowercase letters, digits, '-' or '_', starting with a letter or digit."""

_CHANNEL = re.compile(CHANNEL_PATTERN)


def channel_name(text: str) -> str:
    """'#Design' -> 'design'; anything else a channel cannot be called is Refused."""
    name = text.strip().lstrip("#").lower()
    # Whole: '$' would also match before a trailing newline.
    if not _CHANNEL.fullmatch(name):
        raise Refused(f"bad channel name {text!r}: use up to 40 lowercase letters, digits, - or _")
    return name


GENERAL = "general"
"""The channel a new workspace starts with, where a new thread goes by default."""
GENERAL_TOPIC = "Team-wide news and questions"


def channel_id(name: str) -> str:
    """Public channels are named ids, so two people creating #design at once make one channel."""
    return "c-" + name


def create(
    workspace: Workspace,
    *,
    name: str,
    topic: str = "",
    private: bool = False,
    members: Sequence[str] = (),
) -> Done:
    """A new channel; a private one is read and written only by me and ``members``."""
    wanted = channel_name(name)
    if queries.channel_by_name(workspace.db, wanted):
        raise Refused(f"#{wanted} already exists")
    if members and not private:
        raise Refused("members are for a private channel; a public one is open to everyone")
    team = workspace.team()
    people = sorted({workspace.member, *(find.member(team, h).id for h in members)})
    if private:
        body = ChannelCreated(
            channel="p-" + new_id(), name=wanted, topic=topic, private=True, members=tuple(people)
        )
    else:
        body = ChannelCreated(channel=channel_id(wanted), name=wanted, topic=topic)
    events = record(workspace, body)
    return Done(
        events,
        f"Created {'private ' if private else ''}#{wanted}.",
        "channel",
        body.channel,
        {"name": wanted, "private": private, "members": list(body.members)},
    )


def dm(workspace: Workspace, *, people: Sequence[str], title: str, body: str = "") -> Done:
    """A thread in the one direct conversation of me and ``people`` (made if new)."""
    team = workspace.team()
    me = find.me(workspace)
    named = [find.member(team, h) for h in people]
    everyone = {me.id, *(p.id for p in named)}
    if len(everyone) < 2:
        raise Refused("name someone other than yourself, e.g. @bob")
    channel = direct_channel_id(everyone)
    bodies: list[Payload] = []
    found = next((c for c in queries.channels(workspace.db) if c.id == channel), None)
    if found is None:
        handles = sorted(team.members[m].handle for m in everyone if m in team.members)
        made = ChannelCreated(
            channel=channel,
            name="dm-" + "-".join(handles),
            private=True,
            members=tuple(sorted(everyone)),
        )
        bodies.append(made)
        found = Channel(channel, made.name, "", 0, True)
    thread = opened(found, title, body)
    bodies.append(thread)
    events = record(workspace, *bodies)
    names = ", ".join(sorted({"@" + p.handle for p in named if p.id != me.id}))
    return Done(
        events,
        f"Posted {short(thread.thread)} to {names} (direct): {thread.title}",
        "thread",
        thread.thread,
        {"thread": thread.thread, "message": thread.message, "channel": channel,
         "title": thread.title, "people": sorted(everyone)},
    )  # fmt: skip


def first_channel(workspace: Workspace) -> Done | None:
    """#general, in a workspace with no channel yet (a new one), so its first thread
    has somewhere to go; None where there is a channel already. Everyone who makes
    it makes the same one: a public channel's id is its name."""
    if any(not c.id.startswith(DIRECT_PREFIX) for c in queries.channels(workspace.db)):
        return None
    return create(workspace, name=GENERAL, topic=GENERAL_TOPIC)


def invite(workspace: Workspace, store: Store | None, *, handle: str, name: str = "") -> Done:
    """A teammate asked in: on a server, a join code to pass on (a new member
    ``name``, or with no name another device of @``handle``); on a shared folder,
    the words of how to join it. ``store``: the workspace's store (a server's is
    asked for the code; only an admin may have one)."""
    try:
        wanted = check_handle(handle.strip())
    except BadName as exc:
        raise Refused(str(exc)) from None
    name = " ".join(clean_line(name).split())
    known = workspace.team().by_handle(wanted)
    if known is not None and name:
        raise Refused(
            f"@{wanted} is in the team already ({clean_line(known.name)}): leave the name"
            " empty for a code for another device of theirs"
        )
    if known is None and not name:
        raise Refused(f'give @{wanted}\'s name, e.g. "Zoe Park"')
    if isinstance(store, FolderStore):
        return _folder_invite(store, wanted, name, existing=known is not None)
    if isinstance(store, OfflineStore):
        raise Refused(f"cannot invite now: {store.reason}")
    asker = getattr(store, "invite", None)
    if asker is None:
        raise Refused("this workspace has no folder or server to invite anyone to")
    try:
        invited = asker(wanted, name)
    except StoreError as exc:
        raise Refused(str(exc)) from None
    url = str(getattr(store, "url", "the server"))
    return Done(
        (),
        f"Join code for @{invited.handle} (one use, valid 7 days): {invited.code}"
        f" · they run `asynctui init --server {url}` and give it",
        "invite",
        invited.member,
        {"handle": invited.handle, "code": invited.code, "server": url},
    )


def _folder_invite(store: FolderStore, handle: str, name: str, *, existing: bool) -> Done:
    folder = str(store.folder)
    who = "--existing" if existing else f'--name "{name}"'
    how = f"asynctui init --folder FOLDER {who} --handle {handle}"
    return Done(
        (),
        f"To join, @{handle} needs this shared folder ({folder}) synced to their machine"
        f" (Dropbox, Syncthing, a network drive...), then runs: {how}",
        "invite",
        handle,
        {"handle": handle, "folder": folder, "command": how},
    )
