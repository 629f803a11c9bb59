"""Read marks: how far a person has read a thread, and the events that move the mark."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from asynctui.client.team import instant
from asynctui.core.events import ReadMarked

__all__ = ["MARK_SQL", "THREADS_AND_READS_SQL", "latest_at", "read_mark", "unread_mark"]

# The latest of my own messages in thread t: writing in a thread means having read it.
_MY_LATEST = """coalesce((SELECT max(mine.at) FROM messages mine
    WHERE mine.thread = t.id AND mine.author = :me), 0)"""

# My read mark in thread t (joined with my row of ``reads`` as r): the later of
# what I marked read and my own latest message. A thread's last_at is its
# latest message and nothing of mine lies after the mark, so "last_at after the
# mark" says exactly "a message by someone else I have not read", without
# reading the others' messages. "last_at after r.upto" needs no look-up at all
# and rules out most threads already read before the mark is computed.
MARK_SQL = f"max(coalesce(r.upto, 0), {_MY_LATEST})"

THREADS_AND_READS_SQL = "FROM threads t LEFT JOIN reads r ON r.thread = t.id AND r.member = :me"


def latest_at(db: sqlite3.Connection, thread_id: str) -> datetime | None:
    """When the latest message of a thread was written: what "read up to" marks."""
    (at,) = db.execute("SELECT max(at) FROM messages WHERE thread = ?", (thread_id,)).fetchone()
    return None if at is None else instant(int(at))


def read_mark(db: sqlite3.Connection, thread_id: str) -> ReadMarked | None:
    """The event that marks a whole thread read, or None if it has no message."""
    upto = latest_at(db, thread_id)
    return None if upto is None else ReadMarked(thread=thread_id, upto=upto)


def unread_mark(db: sqlite3.Connection, thread_id: str, member: str) -> ReadMarked | None:
    """The read mark to record when ``member`` opens the thread, or None when nothing
    in it is newer than their mark (so opening a read thread writes no event)."""
    mark = read_mark(db, thread_id)
    if mark is None:
        return None
    (upto,) = db.execute(
        "SELECT coalesce(max(upto), 0) FROM reads WHERE thread = ? AND member = ?",
        (thread_id, member),
    ).fetchone()
    return mark if upto < mark.upto.timestamp() * 1000 else None
