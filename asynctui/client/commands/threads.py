"""Talking in threads: post, reply, edit, react, resolve, and marking read.

Asks are :mod:`asynctui.client.commands.asks`; channels and direct
conversations, :mod:`asynctui.client.commands.channels`.

A thread with a title alone keeps its title as its first message: that message
is what people react to, quote and ask about, and what search and every reader
(older clients too) show under the title.
"""

from __future__ import annotations

from collections.abc import Iterable

from asynctui.client import queries
from asynctui.client.commands import find
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.outbox import short
from asynctui.client.queries import Channel, Message, ThreadRow
from asynctui.client.views import unread_mark
from asynctui.client.workspace import Workspace
from asynctui.core.events import (
    MAX_BODY_CHARS,
    MessageEdited,
    MessagePosted,
    ReactionAdded,
    ReactionRemoved,
    ThreadOpened,
    ThreadResolved,
)
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line

__all__ = [
    "MAX_EMOJI",
    "edit",
    "editable",
    "mark_all_read",
    "mark_read",
    "post",
    "react",
    "reopen",
    "reply",
    "resolve",
    "unreact",
]

MAX_EMOJI = 32
"""A reaction is an emoji or a short word, not a message."""


def message_text(text: str) -> str:
    """A message as it is kept: blank lines around it dropped; empty or too long is Refused."""
    text = text.strip("\n")
    if not text.strip():
        raise Refused("the message is empty")
    if len(text) > MAX_BODY_CHARS:
        raise Refused(
            f"the message is too long ({len(text):,} characters; at most {MAX_BODY_CHARS:,})"
        )
    return text


def title_text(text: str) -> str:
    """A thread's title on one line, or Refused when nothing is left of it."""
    title = clean_line(text)
    if not title:
        raise Refused("the title is empty")
    return title


def writable_channel(workspace: Workspace, channel: Channel) -> Channel:
    """``channel`` if I may write in it: a private one only for its members."""
    if channel.private and workspace.member not in queries.channel_members(
        workspace.db, channel.id
    ):
        raise Refused(f"#{clean_line(channel.name)} is private and you are not one of its members")
    return channel


def writable_thread(workspace: Workspace, ref: str) -> ThreadRow:
    """The thread ``ref`` names, if I may write in it (see :func:`writable_channel`)."""
    found = find.thread(workspace, ref)
    if workspace.member not in readers(workspace, found):
        raise Refused(f"thread {short(found.id)} is in a private channel you are not a member of")
    return found


def readers(workspace: Workspace, thread: ThreadRow) -> set[str]:
    """Who can read ``thread``: a private channel's members, or the whole team."""
    private = queries.channel_members(workspace.db, thread.channel)
    if private:
        return set(private)
    return set(workspace.team().members) | {workspace.member}


def about(thread: ThreadRow) -> str:
    """'3f9a2c (Launch plan)': a thread as a confirmation names it."""
    return f"{short(thread.id)} ({clean_line(thread.title)})"


def opened(channel: Channel, title: str, body: str) -> ThreadOpened:
    """The event of a new thread; ``body`` empty keeps the title as its first message."""
    title = title_text(title)
    text = message_text(body) if body.strip() else title
    return ThreadOpened(
        thread=new_id(), channel=channel.id, title=title, message=new_id(), body=text
    )


def post(workspace: Workspace, *, channel: str, title: str, body: str = "") -> Done:
    """Open a thread in ``channel`` ('#design', or its id); a title alone is a thread too."""
    where = writable_channel(workspace, _channel(workspace, channel))
    event = opened(where, title, body)
    events = record(workspace, event)
    return Done(
        events,
        f"Posted {short(event.thread)} in #{clean_line(where.name)}: {event.title}",
        "thread",
        event.thread,
        {"thread": event.thread, "message": event.message, "channel": where.id,
         "channel_name": where.name, "title": event.title},
    )  # fmt: skip


def _channel(workspace: Workspace, ref: str) -> Channel:
    """A channel by name, or by the id a TUI dialog chose."""
    by_id = next((c for c in queries.channels(workspace.db) if c.id == ref), None)
    return by_id if by_id is not None else find.channel(workspace, ref)


def reply(workspace: Workspace, *, thread: str, body: str, quote: str | None = None) -> Done:
    """Reply in ``thread``, quoting one of its messages if ``quote`` names one."""
    where = writable_thread(workspace, thread)
    quoted = None
    if quote:
        found = queries.message(workspace.db, quote)
        if found is None or found[1] != where.id:
            raise Refused(f"no message {quote!r} in thread {short(where.id)}")
        quoted = found[0]
    message = new_id()
    events = record(
        workspace,
        MessagePosted(message=message, thread=where.id, body=message_text(body), quote=quoted),
    )
    team = workspace.team()
    answered = [
        a
        for a in queries.asks(
            workspace.db, team, workspace.now(), thread_id=where.id, open_only=False
        )
        if a.answered_by == message
    ]
    said = f"Replied in {about(where)}, message {short(message)}"
    if answered:
        askers = ", ".join(sorted({"@" + team.handle(a.asker) for a in answered}))
        said += f"; that answers {askers}'s ask"
    return Done(
        events,
        said + ".",
        "message",
        message,
        {"thread": where.id, "quote": quoted, "answers": [a.id for a in answered]},
    )


def editable(workspace: Workspace, message: str) -> Message:
    """The message ``message`` names, if it is mine to edit."""
    found, thread, author = find.message(workspace, message)
    if author != workspace.member:
        raise Refused("you can only edit your own messages")
    writable_thread(workspace, thread)
    return next(m for m in queries.messages(workspace.db, thread) if m.id == found)


def edit(workspace: Workspace, *, message: str, body: str) -> Done:
    """Change the text of one of my own messages."""
    mine = editable(workspace, message)
    events = record(workspace, MessageEdited(message=mine.id, body=message_text(body)))
    return Done(events, f"Edited {short(mine.id)}.", "message", mine.id, {"thread": mine.thread})


def _reaction(workspace: Workspace, message: str, emoji: str) -> tuple[str, str, str]:
    found, thread, _ = find.message(workspace, message)
    writable_thread(workspace, thread)
    word = clean_line(emoji)
    if not word or len(word) > MAX_EMOJI:
        raise Refused(f"give one emoji or a short word (at most {MAX_EMOJI} characters)")
    return found, thread, word


def react(workspace: Workspace, *, message: str, emoji: str) -> Done:
    """React to a message with an emoji or a short word."""
    found, thread, word = _reaction(workspace, message, emoji)
    events = record(workspace, ReactionAdded(message=found, emoji=word))
    return Done(
        events, f"Reacted {word} on {short(found)}.", "reaction", found,
        {"message": found, "thread": thread, "emoji": word},
    )  # fmt: skip


def unreact(workspace: Workspace, *, message: str, emoji: str) -> Done:
    """Take back a reaction of mine."""
    found, thread, word = _reaction(workspace, message, emoji)
    mine = next((m for m in queries.messages(workspace.db, thread) if m.id == found), None)
    if mine is None or workspace.member not in mine.reactions.get(word, []):
        raise Refused(f"you have not reacted {word} on {short(found)}")
    events = record(workspace, ReactionRemoved(message=found, emoji=word))
    return Done(
        events, f"Removed {word} from {short(found)}.", "reaction", found,
        {"message": found, "thread": thread, "emoji": word},
    )  # fmt: skip


def _resolution(workspace: Workspace, thread: str, resolved: bool) -> Done:
    where = writable_thread(workspace, thread)
    if where.resolved == resolved:
        state = "resolved" if resolved else "open"
        raise Refused(f"thread {about(where)} is already {state}")
    events = record(workspace, ThreadResolved(thread=where.id, resolved=resolved))
    verb = "Resolved" if resolved else "Reopened"
    return Done(
        events, f"{verb} {about(where)}.", "thread", where.id,
        {"thread": where.id, "resolved": resolved},
    )  # fmt: skip


def resolve(workspace: Workspace, *, thread: str) -> Done:
    """Mark a thread resolved: the question is settled."""
    return _resolution(workspace, thread, True)


def reopen(workspace: Workspace, *, thread: str) -> Done:
    """Open a resolved thread again."""
    return _resolution(workspace, thread, False)


def mark_read(workspace: Workspace, *, thread: str) -> Done:
    """Mark a thread read up to its latest message (on all my devices); a thread
    already read records nothing."""
    where = find.thread(workspace, thread)
    mark = unread_mark(workspace.db, where.id, workspace.member)
    events = record(workspace, mark) if mark is not None else ()
    said = f"Marked {about(where)} read." if events else f"{about(where)} was read already."
    return Done(events, said, "thread", where.id, {"thread": where.id})


def mark_all_read(workspace: Workspace, *, threads: Iterable[str]) -> Done:
    """Mark each of ``threads`` (ids) read; those read already record nothing."""
    marks = [
        mark
        for thread in threads
        if (mark := unread_mark(workspace.db, thread, workspace.member)) is not None
    ]
    events = record(workspace, *marks)
    ids = [m.thread for m in marks]
    # Several threads are no one object: the id is empty, the threads are listed.
    return Done(events, f"Marked {len(ids)} thread(s) read.", "read", "", {"threads": ids})
