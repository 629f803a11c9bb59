"""Following and muting a thread or a channel: what reaches me of it."""

from __future__ import annotations

from asynctui.client import queries
from asynctui.client.commands import find
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.threads import writable_channel, writable_thread
from asynctui.client.outbox import short
from asynctui.client.workspace import Workspace
from asynctui.core.events import AttentionMode, AttentionSet
from asynctui.core.text import clean_line

__all__ = ["set_attention"]

_SAID: dict[AttentionMode, str] = {
    "follow": "Following {what}: you hear of every message in it.",
    "mute": "Muted {what}: only asks of you reach you from it.",
    "default": "{what} is back to your notification level.",
}


def set_attention(workspace: Workspace, *, target: str, mode: AttentionMode) -> Done:
    """Follow, mute or go back to my level for '#channel' (or a channel's id) or a
    thread's (short) id."""
    ref = target.strip()
    if not ref:
        raise Refused("name a thread (its short id) or a #channel")
    by_id = {c.id: c for c in queries.channels(workspace.db)}
    if ref.startswith("#") or ref in by_id:
        named = by_id.get(ref) or find.channel(workspace, ref)
        channel = writable_channel(workspace, named)
        body = AttentionSet(target=channel.id, scope="channel", mode=mode)
        what = f"#{clean_line(channel.name)}"
    else:
        thread = writable_thread(workspace, ref)
        body = AttentionSet(target=thread.id, scope="thread", mode=mode)
        what = f"thread {short(thread.id)} ({clean_line(thread.title)})"
    events = record(workspace, body)
    said = _SAID[mode].format(what=what)
    return Done(events, said[0].upper() + said[1:], body.scope, body.target, {"mode": mode})
