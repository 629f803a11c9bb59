"""The thread list's rows: each thread's summary and badges, and its unread count.

Plain data for one viewer at one instant (no Textual). Rows are built on
demand, so a list of 100,000 threads builds only the rows that are shown.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from asynctui.client.obligations import Obligation
from asynctui.client.queries import AskRow, asks, channel_members
from asynctui.client.read_marks import MARK_SQL, THREADS_AND_READS_SQL
from asynctui.client.team import Team, instant
from asynctui.client.words import (
    NO_DUE_TIME,
    NO_WORKING_TIME,
    channel_label,
    owed_words,
    presence_of,
)
from asynctui.core.expectations import URGENCY_RANK, Urgency
from asynctui.core.names import DIRECT_PREFIX
from asynctui.core.presence import Presence
from asynctui.core.text import clean_line
from asynctui.core.timefmt import ago

__all__ = ["BY_ACTIVITY_SQL", "Badge", "BadgeTone", "ThreadRows", "ThreadSummary", "badge_tone"]

BadgeTone = Literal["overdue", "due_soon", "open", "off", "answered"]
"""How a badge is coloured: by urgency, and 'off' when the owing person is off now."""


@dataclass(frozen=True)
class Badge:
    """Who owes a reply in a thread and by when, in the viewer's time."""

    who: str
    """The owing person's handle, or 'you'."""
    text: str
    """'bob · due Mon 15:00', 'you · 3h left', 'chen · overdue 5h',
    'dana · off until 09:00, due Tue 11:00', 'bob · in focus until 11:00, due 15:00'
    (worded by ``words.owed_words``)."""
    tone: BadgeTone
    urgency: Urgency
    due: datetime | None
    ask: str = ""
    """The id of what is owed: the ask's (or the meeting's, check-in day's, action
    item's)."""
    asked: str = ""
    """Member id of the person who owes it."""
    short: str = ""
    """The same without where they are ('dana · due Tue 11:00'): what a row short of
    room shows before it would cut the due time ('' when ``text`` names no presence)."""


@dataclass(frozen=True)
class ThreadSummary:
    """One row of the thread list."""

    id: str
    title: str
    channel_name: str
    last_at: datetime
    last_activity: str
    """'2h ago'."""
    unread: int
    """Messages by others after the viewer's read mark."""
    participants: tuple[str, ...]
    """Handles of everyone who wrote in the thread, first writer first."""
    badges: tuple[Badge, ...]
    """Open asks in the thread, most urgent first."""
    resolved: bool
    last_author: str = ""
    """Handle of whoever wrote the latest message ('' if none)."""
    preview: str = ""
    """The latest message on one line, cleaned of control characters."""
    channel_label: str = ""
    """Where it lives as people read it: '#design', or a direct conversation's other
    people, '@kenji' ('@kenji, @sam'): what every view shows (``words.channel_label``)."""


# "+" keeps SQLite from walking the threads_last index for the order: reading
# the table in its own order and sorting is twice as fast for whole lists.
BY_ACTIVITY_SQL = "ORDER BY +t.last_at DESC, t.id"


class ThreadRows:
    """One person's thread rows at one instant, each computed once and cached.

    ``Views`` adds the sidebar and the lists on top; the unread and open-ask
    maps are shared with it, so whichever asks first fills them for both.
    """

    def __init__(self, db: sqlite3.Connection, team: Team, me: str, now: datetime) -> None:
        self.db = db
        self.team = team
        self.me = me
        self.now = now
        self.tz = team.tz(me)
        """The viewer's zone: every time shown is in it."""
        self._summaries: dict[str, ThreadSummary] = {}
        self._badges: dict[str, tuple[Badge, ...]] = {}
        self._unread_counts: dict[str, int] = {}
        self._unread: dict[str, tuple[str, int, int]] | None = None
        self._open: list[AskRow] | None = None
        self._open_by_thread: dict[str, list[AskRow]] | None = None
        self._presences: dict[str, Presence] = {}
        self._labels: dict[str, str] = {}

    def channel_label(self, channel: str, name: str | None = None) -> str:
        """'#design', '@kenji': a channel as this viewer reads it, once per refresh.
        ``name``: the channel's name if known (else it is read)."""
        found = self._labels.get(channel)
        if found is None:
            if name is None:
                row = self.db.execute("SELECT name FROM channels WHERE id = ?", (channel,))
                name = next((str(n) for (n,) in row), channel)
            members = channel_members(self.db, channel) if channel.startswith(DIRECT_PREFIX) else []
            found = channel_label(channel, name, members, me=self.me, team=self.team)
            self._labels[channel] = found
        return found

    def summary(self, thread_id: str) -> ThreadSummary:
        """One row of the thread list; KeyError if the thread is unknown."""
        cached = self._summaries.get(thread_id)
        if cached is not None:
            return cached
        row = self.db.execute(
            "SELECT t.title, t.channel, coalesce(c.name, t.channel), t.last_at,"
            " coalesce(res.resolved, 0)"
            " FROM threads t LEFT JOIN channels c ON c.id = t.channel"
            " LEFT JOIN resolutions res ON res.thread = t.id WHERE t.id = ?",
            (thread_id,),
        ).fetchone()
        if row is None:
            raise KeyError(thread_id)
        title, channel, channel_name, last, resolved = row
        authors = self.db.execute(
            "SELECT author FROM messages WHERE thread = ? GROUP BY author"
            " ORDER BY min(lamport), author",
            (thread_id,),
        ).fetchall()
        latest = self.db.execute(
            "SELECT author, body FROM messages WHERE thread = ?"
            " ORDER BY lamport DESC, device DESC, id DESC LIMIT 1",
            (thread_id,),
        ).fetchone()
        last_at = instant(int(last))
        summary = ThreadSummary(
            id=thread_id,
            title=clean_line(str(title)),
            channel_name=clean_line(str(channel_name)),
            last_at=last_at,
            last_activity=ago(last_at, self.now),
            unread=self.unread(thread_id),
            participants=tuple(self.team.handle(str(a)) for (a,) in authors),
            badges=self.badges(thread_id),
            resolved=bool(resolved),
            last_author="" if latest is None else self.team.handle(str(latest[0])),
            preview="" if latest is None else _preview(str(latest[1])),
            channel_label=self.channel_label(str(channel), str(channel_name)),
        )
        self._summaries[thread_id] = summary
        return summary

    def badges(self, thread_id: str) -> tuple[Badge, ...]:
        """Who owes a reply in the thread, most urgent first, one badge per person."""
        cached = self._badges.get(thread_id)
        if cached is not None:
            return cached
        if self._open_by_thread is not None:
            open_asks = self._open_by_thread.get(thread_id, [])
        else:
            open_asks = asks(self.db, self.team, self.now, thread_id=thread_id)
        owed = [(a.asked, a.due, a.urgency, a.id, NO_WORKING_TIME) for a in open_asks]
        others = [(o.debtor, o.due, o.urgency, o.id, NO_DUE_TIME)
                  for o in self._owed_besides_asks(thread_id)]  # fmt: skip
        if others:
            far = datetime.max.replace(tzinfo=UTC)
            owed = sorted(owed + others, key=lambda x: (URGENCY_RANK[x[2]], x[1] or far))
        seen: set[str] = set()
        result = []
        for debtor, due, level, key, undated in owed:  # most urgent first
            if debtor not in seen:
                seen.add(debtor)
                result.append(self._badge(debtor, due, level, key, undated))
        self._badges[thread_id] = badges = tuple(result)
        return badges

    def _owed_besides_asks(self, thread_id: str) -> list[Obligation]:
        """Meeting parts, check-in answers and action items owed by or to me in the
        thread: none here; ``Views`` knows them."""
        del thread_id
        return []

    def _badge(
        self, debtor: str, due: datetime | None, level: Urgency, key: str, undated: str
    ) -> Badge:
        mine = debtor == self.me
        who = "you" if mine else self.team.handle(debtor)
        if due is None:
            text = owed_words(who, None, level, mine=mine, tz=self.tz, now=self.now,
                              undated=undated)  # fmt: skip
            return Badge(who, text, "off", level, None, key, debtor)
        tone = badge_tone(level)
        away = None if mine else self._presence(debtor)
        if away is not None and not away.working and away.until is not None:
            # Overdue stays the louder colour: it is late whether or not they are in.
            tone = tone if level == "overdue" else "off"
        text = owed_words(who, due, level, mine=mine, tz=self.tz, now=self.now, away=away)
        short = owed_words(who, due, level, mine=mine, tz=self.tz, now=self.now)
        short = "" if short == text else short
        return Badge(who, text, tone, level, due, key, debtor, short)

    def _presence(self, member: str) -> Presence:
        """Where someone is now (working, in focus, off), once per member per refresh."""
        found = self._presences.get(member)
        if found is None:
            found = self._presences[member] = presence_of(self.team, member, self.now, self.tz)
        return found

    def unread(self, thread_id: str) -> int:
        """Messages by others after my read mark (or my own latest message)."""
        cached = self._unread_counts.get(thread_id)
        if cached is not None:
            return cached
        if self._unread is not None and thread_id not in self._unread:
            count = 0
        else:
            known = self._unread.get(thread_id) if self._unread is not None else None
            (count,) = self.db.execute(
                "SELECT count(*) FROM messages WHERE thread = :thread AND author != :me"
                " AND at > :mark",
                {
                    "thread": thread_id,
                    "me": self.me,
                    "mark": known[2] if known else self._mark(thread_id),
                },
            ).fetchone()
        self._unread_counts[thread_id] = count
        return int(count)

    def unread_threads(self) -> frozenset[str]:
        """Every thread with something unread, in one query: cheaper than
        ``unread`` per thread when walking a long list."""
        return frozenset(self._unread_map())

    # -- helpers ------------------------------------------------------------------

    def _query(self, sql: str, **params: object) -> sqlite3.Cursor:
        return self.db.execute(sql, {"me": self.me, **params})

    def _unread_map(self) -> dict[str, tuple[str, int, int]]:
        """Unread thread -> (its channel, its last activity, my read mark), latest
        activity first."""
        if self._unread is None:
            # Threads active since my explicit mark, with my whole mark; the few
            # where my own message is the latest are dropped here, not in SQL, so
            # the mark is computed once.
            sql = (
                f"SELECT t.id, t.channel, t.last_at, {MARK_SQL} {THREADS_AND_READS_SQL}"
                f" WHERE t.last_at > coalesce(r.upto, 0) {BY_ACTIVITY_SQL}"
            )
            self._unread = {
                str(tid): (str(channel), int(last), int(mark))
                for tid, channel, last, mark in self._query(sql)
                if last > mark
            }
        return self._unread

    def _mark(self, thread_id: str) -> int:
        (mark,) = self._query(
            "SELECT max(coalesce((SELECT upto FROM reads WHERE thread = :t AND member = :me), 0),"
            " coalesce((SELECT max(at) FROM messages WHERE thread = :t AND author = :me), 0))",
            t=thread_id,
        ).fetchone()
        return int(mark)

    def _open_asks(self) -> list[AskRow]:
        """Every open ask, most urgent first (due times on the asked person's calendar)."""
        if self._open is None:
            self._open = asks(self.db, self.team, self.now)
            by_thread: dict[str, list[AskRow]] = {}
            for ask in self._open:
                by_thread.setdefault(ask.thread, []).append(ask)
            self._open_by_thread = by_thread
        return self._open


_PREVIEW_CHARS = 200


def _preview(body: str) -> str:
    # Cut first: a 40,000-character body need not be cleaned whole for one line.
    return clean_line(body[: _PREVIEW_CHARS * 4])[:_PREVIEW_CHARS]


def badge_tone(level: Urgency) -> BadgeTone:
    """An urgency's badge colour: 'off' for an ask that can never come due."""
    return "off" if level == "never" else level
