"""What the TUI shows, computed from the replica for one viewer at one instant.

Everything here is plain data (no Textual): the sidebar's views and counts,
the ordered thread ids of a view, and each thread's summary row with its
badges. Lists are computed as ids first and rows on demand, so a view of
100,000 threads costs one query, and only the visible rows are built.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import msgspec

from asynctui.client.queries import AskRow, asks, open_asks_in_order
from asynctui.client.team import Team, instant
from asynctui.client.words import NO_WORKING_TIME, owed_words, presence_of
from asynctui.core.events import ReadMarked
from asynctui.core.expectations import Urgency
from asynctui.core.presence import Presence
from asynctui.core.text import clean_line
from asynctui.core.timefmt import ago

__all__ = [
    "ACTIONS",
    "CHANNEL_PREFIX",
    "CHECKINS",
    "DECISIONS",
    "INBOX",
    "MEETINGS",
    "MENTIONS",
    "OWED_BY_ME",
    "OWED_TO_ME",
    "RITUAL_VIEWS",
    "Badge",
    "BadgeTone",
    "SortOrder",
    "ThreadSummary",
    "ViewInfo",
    "Views",
    "channel_view",
    "latest_at",
    "mention_pattern",
    "read_mark",
    "unread_mark",
]

INBOX = "inbox"
OWED_BY_ME = "owed-by-me"
OWED_TO_ME = "owed-to-me"
MENTIONS = "mentions"
CHANNEL_PREFIX = "channel:"
"""A channel's view id is this prefix and the channel id."""

CHECKINS = "checkins"
MEETINGS = "meetings"
DECISIONS = "decisions"
ACTIONS = "actions"
RITUAL_VIEWS: tuple[tuple[str, str], ...] = (
    (CHECKINS, "Check-ins"),
    (MEETINGS, "Meetings"),
    (DECISIONS, "Decisions"),
    (ACTIONS, "Action items"),
)
"""(view id, label) of the ritual views, in sidebar order; they list rituals, not
threads (``asynctui.client.ritual_views`` computes them and their counts)."""


def channel_view(channel_id: str) -> str:
    return CHANNEL_PREFIX + channel_id


BadgeTone = Literal["overdue", "due_soon", "open", "off", "answered"]
"""How a badge is coloured: by urgency, and 'off' when the owing person is off now."""

SortOrder = Literal["urgency", "activity"]


@dataclass(frozen=True)
class ViewInfo:
    """One entry of the sidebar."""

    id: str
    """'inbox', 'owed-by-me', 'owed-to-me', 'mentions', or 'channel:<channel id>'."""
    label: str
    """'Inbox', 'Owed by me', '#design'..."""
    count: int
    """Inbox: threads with something new; owed: open asks; mentions: unread mentions;
    channels: unread threads."""


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
    """The ask's id."""
    asked: str = ""
    """Member id of the person who owes the reply."""


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


# -- the SQL behind the views ---------------------------------------------------

# An ask is open until the asked person replies or the asker withdraws it
# (only the asker's withdrawal counts): the rule ``queries.asks`` applies.
_OPEN = (
    "a.answered_at IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM cancels x WHERE x.ask = a.id AND x.member = a.asker)"
)

# The latest of my own messages in thread t: writing in a thread means having read it.
_MY_LATEST = """coalesce((SELECT max(mine.at) FROM messages mine
    WHERE mine.thread = t.id AND mine.author = :me), 0)"""

# My read mark in thread t (joined with my row of ``reads`` as r): the later of
# what I marked read and my own latest message. A thread's last_at is its
# latest message and nothing of mine lies after the mark, so "last_at after the
# mark" says exactly "a message by someone else I have not read", without
# reading the others' messages. "last_at after r.upto" needs no look-up at all
# and rules out most threads already read before the mark is computed.
_MARK = f"max(coalesce(r.upto, 0), {_MY_LATEST})"

_FROM = "FROM threads t LEFT JOIN reads r ON r.thread = t.id AND r.member = :me"
# "+" keeps SQLite from walking the threads_last index for the order: reading
# the table in its own order and sorting is twice as fast for whole lists.
_BY_ACTIVITY = "ORDER BY +t.last_at DESC, t.id"


def mention_pattern(handle: str) -> re.Pattern[str]:
    """``@handle`` as a whole word, any case: not inside an address, nor a longer handle."""
    return re.compile(rf"(?<!\w)@{re.escape(handle)}(?![\w-]|\.\w)", re.IGNORECASE)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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


class Views:
    """The views of one person at one instant: build one per refresh.

    Everything is computed on first use and cached for the instance's life, so a
    repaint that asks again for the same rows costs nothing.
    """

    def __init__(self, db: sqlite3.Connection, team: Team, me: str, now: datetime) -> None:
        self.db = db
        self.team = team
        self.me = me
        self.now = now
        self.tz = team.tz(me)
        """The viewer's zone: every time shown is in it."""
        self._ids: dict[tuple[str, str], list[str]] = {}
        self._summaries: dict[str, ThreadSummary] = {}
        self._badges: dict[str, tuple[Badge, ...]] = {}
        self._unread_counts: dict[str, int] = {}
        self._unread: dict[str, tuple[str, int, int]] | None = None
        self._asked: dict[str, int] | None = None
        self._open: list[AskRow] | None = None
        self._open_by_thread: dict[str, list[AskRow]] | None = None
        self._mentions: dict[str, int] | None = None
        self._presences: dict[str, Presence] = {}

    # -- the sidebar ----------------------------------------------------------

    def sidebar(self, *, counts: bool = True) -> list[ViewInfo]:
        """Inbox, Owed by me, Owed to me, Mentions, then each channel by name.

        ``counts=False``: the same entries with every count 0, without reading
        every thread (what a first frame shows until the counts are known).
        """
        if not counts:
            named = [(INBOX, "Inbox"), (OWED_BY_ME, "Owed by me"), (OWED_TO_ME, "Owed to me")]
            named.append((MENTIONS, "Mentions"))
            named += [(channel_view(cid), f"#{name}") for cid, name in self._channels()]
            return [ViewInfo(vid, label, 0) for vid, label in named]
        unread = self.unread_threads()
        asked = self._asked_of_me().keys()
        owed_by_me = self._count_open_asks("asked")
        owed_to_me = self._count_open_asks("asker")
        per_channel: dict[str, int] = {}
        for channel, _, _ in self._unread_map().values():
            per_channel[channel] = per_channel.get(channel, 0) + 1
        views = [
            ViewInfo(INBOX, "Inbox", len(unread | asked)),
            ViewInfo(OWED_BY_ME, "Owed by me", owed_by_me),
            ViewInfo(OWED_TO_ME, "Owed to me", owed_to_me),
            ViewInfo(MENTIONS, "Mentions", self._unread_mentions()),
        ]
        for cid, name in self._channels():
            views.append(ViewInfo(channel_view(cid), f"#{name}", per_channel.get(cid, 0)))
        return views

    def _channels(self) -> list[tuple[str, str]]:
        """(id, name) of every channel, by name; a channel whose creation has not
        arrived yet but has threads shows under its id, so no thread is hidden."""
        named = {
            str(cid): clean_line(str(name))
            for cid, name in self._query("SELECT id, name FROM channels")
        }
        for (cid,) in self._query("SELECT DISTINCT channel FROM threads"):
            named.setdefault(str(cid), clean_line(str(cid)))
        return sorted(named.items(), key=lambda item: (item[1].lower(), item[0]))

    def _count_open_asks(self, column: Literal["asked", "asker"]) -> int:
        (count,) = self._query(
            f"SELECT count(*) FROM asks a WHERE a.{column} = :me AND {_OPEN}"
        ).fetchone()
        return int(count)

    # -- the thread list --------------------------------------------------------

    def thread_ids(self, view: str, sort: SortOrder = "activity") -> list[str]:
        """The ids of a view's threads, in display order.

        ``activity``: latest activity first. ``urgency``: threads with open asks
        first, most urgent ask first (overdue, due soon, open, never; then by due
        time), then the rest by activity. In the owed views only the asks that make
        the view count (of me, or by me); elsewhere every open ask in the thread.
        Raises ValueError for an unknown view id.
        """
        cached = self._ids.get((view, sort))
        if cached is None:
            if sort == "urgency":
                cached = self._by_urgency(view, self.thread_ids(view, "activity"))
            else:
                cached = self._activity_ids(view)
            self._ids[(view, sort)] = cached
        return list(cached)

    def first_ids(self, view: str, sort: SortOrder, count: int) -> list[str]:
        """``thread_ids(view, sort)[:count]``, found without reading the whole view
        where that is cheaper: what a first frame needs, the visible rows.

        For the inbox, the threads are checked one batch at a time, in the order
        they would be listed (open asks most urgent first, then latest activity
        first), instead of computing every thread's read state. Other views, and
        views already computed, are cut from ``thread_ids``.
        """
        if view != INBOX or (view, sort) in self._ids or self._unread is not None:
            return self.thread_ids(view, sort)[:count]
        asked = self._asked_of_me()
        found: list[str] = []
        placed: set[str] = set()

        def take(candidates: list[str]) -> None:
            inbox = self._in_inbox(candidates)
            for tid in candidates:
                if len(found) < count and tid not in placed and tid in inbox:
                    found.append(tid)
                    placed.add(tid)

        if sort == "urgency":
            # Open asks most urgent first, computing only as many due times as needed.
            asks_in_order = (
                iter(self._open)
                if self._open is not None
                else open_asks_in_order(self.db, self.team, self.now)
            )
            pending: dict[str, None] = {}
            # No more threads at a time than are still wanted: every ask taken costs its
            # due time (and the first of each person's, their calendar).
            for ask in asks_in_order:
                if ask.thread not in placed:
                    pending[ask.thread] = None
                if len(pending) >= min(_BATCH, count - len(found)):
                    take(list(pending))
                    pending.clear()
                    if len(found) >= count:
                        return found
            take(list(pending))
            if len(found) >= count:
                return found
        # Latest activity first: unread threads, and those holding an open ask of me
        # (all already placed when sorting by urgency) in their places.
        recent = self._query(
            f"SELECT t.id, t.last_at {_FROM} WHERE t.last_at > coalesce(r.upto, 0)"
            " ORDER BY t.last_at DESC, t.id"
        )
        extra = sorted((-last, tid) for tid, last in asked.items() if tid not in placed)
        while len(found) < count:
            batch = [(-int(last), str(tid)) for tid, last in recent.fetchmany(_BATCH)]
            if not batch:
                take([tid for _, tid in extra])
                break
            # The asked threads that come before the end of this batch go with it.
            cut = bisect.bisect(extra, batch[-1])
            merged = sorted(batch + extra[:cut])
            extra = extra[cut:]
            take([tid for _, tid in merged])
        return found

    def _in_inbox(self, ids: list[str]) -> set[str]:
        """Which of these threads the inbox lists: unread, or holding an open ask of me."""
        asked = self._asked_of_me()
        rows = self._query(
            f"SELECT t.id, t.last_at, {_MARK} {_FROM}"
            " WHERE t.id IN (SELECT value FROM json_each(:ids))",
            ids=msgspec.json.encode(ids).decode(),
        )
        return {str(tid) for tid, last, mark in rows if last > mark or tid in asked}

    def _activity_ids(self, view: str) -> list[str]:
        params: dict[str, object] = {}
        if view == INBOX:
            return self._inbox_ids()
        if view == OWED_BY_ME:
            sql = self._owed_sql("asked")
        elif view == OWED_TO_ME:
            sql = self._owed_sql("asker")
        elif view == MENTIONS:
            sql = "SELECT t.id FROM threads t WHERE t.id IN (SELECT value FROM json_each(:ids))"
            params["ids"] = msgspec.json.encode(sorted(self._mention_map())).decode()
        elif view.startswith(CHANNEL_PREFIX):
            sql = "SELECT t.id FROM threads t WHERE t.channel = :channel"
            params["channel"] = view.removeprefix(CHANNEL_PREFIX)
        else:
            raise ValueError(f"unknown view: {view!r}")
        return [str(tid) for (tid,) in self._query(f"{sql} {_BY_ACTIVITY}", **params)]

    def _inbox_ids(self) -> list[str]:
        """Unread threads (the sidebar's query, in activity order) with the threads
        holding an open ask of me put in their places."""
        unread = self._unread_map()
        ids = list(unread)
        extra = [(-last, tid) for tid, last in self._asked_of_me().items() if tid not in unread]
        if extra:
            keys = [(-last, tid) for tid, (_, last, _) in unread.items()]
            for key in sorted(extra):
                at = bisect.bisect(keys, key)
                keys.insert(at, key)
                ids.insert(at, key[1])
        return ids

    def _asked_of_me(self) -> dict[str, int]:
        """Threads with an open ask of me -> their last activity (epoch ms)."""
        if self._asked is None:
            sql = self._owed_sql("asked").replace("SELECT t.id", "SELECT t.id, t.last_at", 1)
            self._asked = {str(tid): int(last) for tid, last in self._query(sql)}
        return self._asked

    @staticmethod
    def _owed_sql(column: Literal["asked", "asker"]) -> str:
        return (
            "SELECT t.id FROM threads t WHERE t.id IN"
            f" (SELECT a.thread FROM asks a WHERE a.{column} = :me AND {_OPEN})"
        )

    def _by_urgency(self, view: str, ids: list[str]) -> list[str]:
        open_asks = self._open_asks()
        if view == OWED_BY_ME:
            open_asks = [a for a in open_asks if a.asked == self.me]
        elif view == OWED_TO_ME:
            open_asks = [a for a in open_asks if a.asker == self.me]
        shown = set(ids)
        # Open asks come most urgent first, so a thread's first ask places it.
        urgent = [tid for tid in dict.fromkeys(a.thread for a in open_asks) if tid in shown]
        placed = set(urgent)
        return urgent + [tid for tid in ids if tid not in placed]

    # -- rows -------------------------------------------------------------------

    def summary(self, thread_id: str) -> ThreadSummary:
        """One row of the thread list; KeyError if the thread is unknown."""
        cached = self._summaries.get(thread_id)
        if cached is not None:
            return cached
        row = self.db.execute(
            "SELECT t.title, coalesce(c.name, t.channel), t.last_at, coalesce(res.resolved, 0)"
            " FROM threads t LEFT JOIN channels c ON c.id = t.channel"
            " LEFT JOIN resolutions res ON res.thread = t.id WHERE t.id = ?",
            (thread_id,),
        ).fetchone()
        if row is None:
            raise KeyError(thread_id)
        title, channel_name, last, resolved = row
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
        seen: set[str] = set()
        result = []
        for ask in open_asks:  # most urgent first
            if ask.asked not in seen:
                seen.add(ask.asked)
                result.append(self._badge(ask))
        self._badges[thread_id] = badges = tuple(result)
        return badges

    def _badge(self, ask: AskRow) -> Badge:
        mine = ask.asked == self.me
        who = "you" if mine else self.team.handle(ask.asked)
        if ask.due is None:
            text = owed_words(who, None, ask.urgency, mine=mine, tz=self.tz, now=self.now,
                              undated=NO_WORKING_TIME)  # fmt: skip
            return Badge(who, text, "off", ask.urgency, None, ask.id, ask.asked)
        tone = _tone(ask.urgency)
        away = None if mine else self._presence(ask.asked)
        if away is not None and not away.working and away.until is not None:
            # Overdue stays the louder colour: it is late whether or not they are in.
            tone = tone if ask.urgency == "overdue" else "off"
        text = owed_words(who, ask.due, ask.urgency, mine=mine, tz=self.tz, now=self.now, away=away)
        return Badge(who, text, tone, ask.urgency, ask.due, ask.id, ask.asked)

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
                f"SELECT t.id, t.channel, t.last_at, {_MARK} {_FROM}"
                f" WHERE t.last_at > coalesce(r.upto, 0) {_BY_ACTIVITY}"
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

    def _mention_map(self) -> dict[str, int]:
        """Thread -> when someone else last mentioned me in it (epoch ms)."""
        if self._mentions is not None:
            return self._mentions
        handle = self.team.handle(self.me)
        found: dict[str, int] = {}
        if handle:
            pattern = mention_pattern(handle)
            where, params = ["m.author != :me"], {}
            if handle.isascii():
                # LIKE ignores case for ASCII only: a cheap filter before the regex.
                where.append("m.body LIKE :like ESCAPE '\\'")
                params["like"] = f"%@{_like_escape(handle)}%"
            if any(ch.isalnum() for ch in handle):
                # The index drops '@': find the handle as a phrase, confirm below.
                sql = "FROM search JOIN messages m ON m.rowid = search.rowid"
                where.append("search MATCH :phrase")
                params["phrase"] = '"' + handle.replace('"', '""') + '"'
            else:
                sql = "FROM messages m"
            rows = self._query(
                f"SELECT m.thread, m.at, m.body {sql} WHERE " + " AND ".join(where), **params
            )
            for thread, at, body in rows:
                if pattern.search(body) and at > found.get(thread, -1):
                    found[str(thread)] = int(at)
        self._mentions = found
        return found

    def _unread_mentions(self) -> int:
        """Threads where someone mentioned me after my read mark."""
        unread = self._unread_map()
        return sum(
            1
            for tid, mentioned in self._mention_map().items()
            if tid in unread and mentioned > unread[tid][2]
        )


_BATCH = 64
"""Threads checked at a time by ``Views.first_ids``."""

_PREVIEW_CHARS = 200


def _preview(body: str) -> str:
    # Cut first: a 40,000-character body need not be cleaned whole for one line.
    return clean_line(body[: _PREVIEW_CHARS * 4])[:_PREVIEW_CHARS]


def _tone(level: Urgency) -> BadgeTone:
    if level == "never":
        return "off"
    return level
