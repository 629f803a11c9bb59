"""Later: threads and things owed that I put off, and their coming back.

A snoozed thread leaves my Inbox and Owed by me, and what I owe in it leaves my
owed queue; a snoozed ask or action item leaves the queue alone. When its time
comes it is back, at the top for a day (``WOKEN_FOR``), and says so once, the
first time I may be interrupted (in my hours, not in focus or off).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from asynctui.client.attention import may_notify
from asynctui.client.fold import ms
from asynctui.client.team import Team, instant
from asynctui.core.text import clean_line

__all__ = ["WOKEN_FOR", "Snoozed", "due_wakes", "listing", "mark_woken", "snoozed", "woken"]

WOKEN_FOR = timedelta(days=1)
"""How long something back from later stays at the top of its list."""


@dataclass(frozen=True)
class Snoozed:
    target: str
    until: datetime
    thread: str
    """The thread it is (or lives in)."""
    title: str
    what: str
    """'thread', 'ask' or 'action item'."""

    @property
    def key(self) -> str:
        """What its coming back is remembered by (``reminders``): once per snooze."""
        return f"later:{self.target}:{ms(self.until)}"

    def text(self) -> str:
        """'Back from later: Pricing' (an item: 'Back from later: an ask in Pricing')."""
        title = clean_line(self.title) or "a thread"
        return (
            f"Back from later: {title if self.what == 'thread' else f'an {self.what} in {title}'}"
        )


_SQL = """
SELECT s.target, s.until,
    coalesce(t.id, a.thread, x.thread, ''),
    coalesce(t.title, ta.title, tx.title, ''),
    CASE WHEN t.id IS NOT NULL THEN 'thread' WHEN a.id IS NOT NULL THEN 'ask'
         WHEN x.id IS NOT NULL THEN 'action item' ELSE 'thread' END
FROM snoozes s
LEFT JOIN threads t ON t.id = s.target
LEFT JOIN asks a ON a.id = s.target LEFT JOIN threads ta ON ta.id = a.thread
LEFT JOIN actions x ON x.id = s.target LEFT JOIN threads tx ON tx.id = x.thread
WHERE s.member = :me AND s.until IS NOT NULL
"""


def _rows(db: sqlite3.Connection, me: str, where: str, **params: object) -> list[Snoozed]:
    rows = db.execute(_SQL + where + " ORDER BY s.until, s.target", {"me": me, **params})
    return [
        Snoozed(str(target), instant(until), str(thread) or str(target), str(title), str(what))
        for target, until, thread, title, what in rows
    ]


def listing(db: sqlite3.Connection, me: str, now: datetime) -> list[Snoozed]:
    """What is snoozed now, soonest back first."""
    return _rows(db, me, " AND s.until > :now", now=ms(now))


def snoozed(db: sqlite3.Connection, me: str, now: datetime) -> dict[str, datetime]:
    """Target id (a thread, an ask, an action item) -> when it comes back."""
    return {s.target: s.until for s in listing(db, me, now)}


def _back(db: sqlite3.Connection, me: str, now: datetime) -> list[Snoozed]:
    """What came back within the last day."""
    return _rows(db, me, " AND s.until <= :now AND s.until > :since",
                 now=ms(now), since=ms(now - WOKEN_FOR))  # fmt: skip


def woken(db: sqlite3.Connection, me: str, now: datetime) -> dict[str, datetime]:
    """What came back within the last day: target -> when it came back."""
    return {s.target: s.until for s in _back(db, me, now)}


def due_wakes(db: sqlite3.Connection, team: Team, me: str, now: datetime) -> list[Snoozed]:
    """What came back and has not said so yet: nothing while I may not be interrupted."""
    if not may_notify(team.calendar(me), team.status(me, now), now):
        return []
    back = _back(db, me, now)
    keys = [s.key for s in back]
    given = {
        str(k)
        for (k,) in db.execute(
            f"SELECT key FROM reminders WHERE key IN ({','.join('?' * len(keys))})", keys
        )
    }
    return [s for s in back if s.key not in given]


def mark_woken(db: sqlite3.Connection, wake: Snoozed, now: datetime) -> None:
    db.execute("INSERT OR IGNORE INTO reminders (key, at) VALUES (?, ?)", (wake.key, ms(now)))
