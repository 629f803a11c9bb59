"""Finding what a person names: @bob, #design, a thread or message id (or its short form).

Every command and both front ends look people and things up here, so a name
that is not there is Refused in the same words from the CLI and the TUI.
"""

from __future__ import annotations

from asynctui.client import queries
from asynctui.client.commands._base import Refused
from asynctui.client.queries import Channel, ThreadRow
from asynctui.client.team import Member, Team
from asynctui.client.workspace import Workspace

__all__ = ["channel", "me", "member", "message", "person", "thread"]


def me(workspace: Workspace) -> Member:
    """My own profile, which every command that counts on my hours needs."""
    found = workspace.team().members.get(workspace.member)
    if found is None:
        raise Refused("your profile is not in the workspace yet; run `asynctui init` again")
    return found


def member(team: Team, handle: str) -> Member:
    """'@bob' or 'bob', as a member of the team."""
    found = team.by_handle(handle)
    if found is None:
        known = ", ".join("@" + m.handle for m in team.sorted_members()) or "nobody yet"
        raise Refused(f"no member @{handle.lstrip('@')} (team: {known})")
    return found


def person(team: Team, who: str) -> Member:
    """'@bob', 'bob' or a member id (what the TUI's pickers hand over)."""
    return team.members.get(who) or member(team, who)


def channel(workspace: Workspace, name: str) -> Channel:
    """'#design' or 'design', as a channel I can see."""
    name = name.lstrip("#")
    found = queries.channel_by_name(workspace.db, name)
    if found is None:
        known = ", ".join("#" + c.name for c in queries.channels(workspace.db)) or "none yet"
        raise Refused(
            f"no channel #{name} (channels: {known});"
            f" create it with `asynctui channel create {name}`"
        )
    return found


def thread(workspace: Workspace, ref: str) -> ThreadRow:
    """A thread by its id or short id."""
    found = queries.thread(workspace.db, ref)
    if found is None:
        raise Refused(f"no thread {ref!r} (see `asynctui threads`)")
    return found


def message(workspace: Workspace, ref: str) -> tuple[str, str, str]:
    """(message id, thread id, author) of a message by its id or short id."""
    found = queries.message(workspace.db, ref)
    if found is None:
        raise Refused(f"no message {ref!r} (message ids are shown by `asynctui show THREAD`)")
    return found
