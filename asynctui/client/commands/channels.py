"""Where threads live: channels, public or private, and direct conversations."""

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
from asynctui.core.names import direct_channel_id

__all__ = ["CHANNEL_PATTERN", "channel_id", "channel_name", "create", "dm"]

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
