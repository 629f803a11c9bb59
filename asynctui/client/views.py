"""What the TUI shows, computed from the replica for one viewer at one instant.

Everything here is plain data (no Textual): the sidebar's views and counts and
the ordered thread ids of a view; each thread's row and badges come from
``thread_rows``, read marks from ``read_marks`` (both re-exported here). Lists
are computed as ids first and rows on demand, so a view of 100,000 threads
costs one query, and only the visible rows are built.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import msgspec

from asynctui.client import later, obligations
from asynctui.client.queries import OPEN_ASK, open_asks_in_order
from asynctui.client.read_marks import (
    MARK_SQL,
    THREADS_AND_READS_SQL,
    latest_at,
    read_mark,
    unread_mark,
)
from asynctui.client.team import Team
from asynctui.client.thread_rows import (
    BY_ACTIVITY_SQL,
    Badge,
    BadgeTone,
    ThreadRows,
    ThreadSummary,
)
from asynctui.core.names import DIRECT_PREFIX
from asynctui.core.text import clean_line

__all__ = [
    "ACTIONS",
    "CHANNEL_PREFIX",
    "CHECKINS",
    "DECISIONS",
    "INBOX",
    "MEETINGS",
    "LATER",
    "NOTHING_LATER",
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
    "empty_words",
    "latest_at",
    "mention_pattern",
    "read_mark",
    "unread_mark",
]

INBOX = "inbox"
OWED_BY_ME = "owed-by-me"
OWED_TO_ME = "owed-to-me"
MENTIONS = "mentions"
LATER = "later"
"""The threads I snoozed, soonest back first (``client.later``)."""
NOTHING_LATER = "Nothing snoozed: what you put off until later waits here."
"""What the Later view says while nothing is snoozed."""
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


def empty_words(view: str) -> str | None:
    """What an empty list of ``view`` says, where it is not the usual (None)."""
    return NOTHING_LATER if view == LATER else None


def channel_view(channel_id: str) -> str:
    return CHANNEL_PREFIX + channel_id


SortOrder = Literal["urgency", "activity"]


@dataclass(frozen=True)
class ViewInfo:
    """One entry of the sidebar."""

    id: str
    """'inbox', 'owed-by-me', 'owed-to-me', 'mentions', or 'channel:<channel id>'."""
    label: str
    """'Inbox', 'Owed by me', '#design'..."""
    count: int
    """Inbox: threads with something new; owed: the threads listed (with an open ask,
    a meeting part, a check-in answer or an action item owed); mentions: unread
    mentions; channels: unread threads."""


# -- what the owed and mentions views look for ------------------------------


def mention_pattern(handle: str) -> re.Pattern[str]:
    """``@handle`` as a whole word, any case: not inside an address, nor a longer handle."""
    return re.compile(rf"(?<!\w)@{re.escape(handle)}(?![\w-]|\.\w)", re.IGNORECASE)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Views(ThreadRows):
    """The views of one person at one instant: build one per refresh.

    Everything is computed on first use and cached for the instance's life, so a
    repaint that asks again for the same rows costs nothing.
    """

    def __init__(self, db: sqlite3.Connection, team: Team, me: str, now: datetime) -> None:
        super().__init__(db, team, me, now)
        self._ids: dict[tuple[str, str], list[str]] = {}
        self._asked: dict[str, int] | None = None
        self._mentions: dict[str, int] | None = None
        self._rituals_owed: dict[str, list[obligations.Obligation]] = {}
        self._rituals_by_thread: dict[str, list[obligations.Obligation]] | None = None
        self._snoozed: list[later.Snoozed] | None = None
        self._woken: set[str] | None = None

    # -- the sidebar ----------------------------------------------------------

    def sidebar(self, *, counts: bool = True) -> list[ViewInfo]:
        """Inbox, Owed by me, Owed to me, Mentions, then each channel by name.

        ``counts=False``: the same entries with every count 0, without reading
        every thread (what a first frame shows until the counts are known).
        """
        if not counts:
            named = [(INBOX, "Inbox"), (OWED_BY_ME, "Owed by me"), (OWED_TO_ME, "Owed to me")]
            named += [(MENTIONS, "Mentions"), (LATER, "Later")]
            named += [(channel_view(cid), label) for cid, label in self._channels()]
            return [ViewInfo(vid, label, 0) for vid, label in named]
        unread = self.unread_threads()
        asked = self._asked_of_me().keys()
        put_off = {s.thread for s in self._later() if s.what == "thread"}
        owed_by_me = len(self.thread_ids(OWED_BY_ME))
        owed_to_me = len(self.thread_ids(OWED_TO_ME))
        per_channel: dict[str, int] = {}
        for channel, _, _ in self._unread_map().values():
            per_channel[channel] = per_channel.get(channel, 0) + 1
        views = [
            ViewInfo(INBOX, "Inbox", len((unread | asked) - put_off)),
            ViewInfo(OWED_BY_ME, "Owed by me", owed_by_me),
            ViewInfo(OWED_TO_ME, "Owed to me", owed_to_me),
            ViewInfo(MENTIONS, "Mentions", self._unread_mentions()),
            ViewInfo(LATER, "Later", len(self.thread_ids(LATER))),
        ]
        for cid, label in self._channels():
            views.append(ViewInfo(channel_view(cid), label, per_channel.get(cid, 0)))
        return views

    def _channels(self) -> list[tuple[str, str]]:
        """(id, label) of every channel by label ('#design'), then of every direct
        conversation ('@kenji'); a channel whose creation has not arrived yet but has
        threads shows under its id, so no thread is hidden."""
        named = {
            str(cid): clean_line(str(name))
            for cid, name in self._query("SELECT id, name FROM channels")
        }
        for (cid,) in self._query("SELECT DISTINCT channel FROM threads"):
            named.setdefault(str(cid), clean_line(str(cid)))
        labels = [(cid, self.channel_label(cid, name)) for cid, name in named.items()]
        return sorted(
            labels,
            key=lambda item: (item[0].startswith(DIRECT_PREFIX), item[1].lower(), item[0]),
        )

    def _owed_besides_asks(self, thread_id: str) -> list[obligations.Obligation]:
        if self._rituals_by_thread is None:
            self._rituals_by_thread = {}
            for view in (OWED_BY_ME, OWED_TO_ME):
                for o in self._owed_rituals(view):
                    self._rituals_by_thread.setdefault(o.thread, []).append(o)
        return self._rituals_by_thread.get(thread_id, [])

    def _owed_rituals(self, view: str) -> list[obligations.Obligation]:
        """The meeting parts, check-in answers and action items of an owed view, most
        urgent first (the asks come from the replica's own index: there may be many)."""
        found = self._rituals_owed.get(view)
        if found is None:
            queue = obligations.owed_by if view == OWED_BY_ME else obligations.owed_to
            found = queue(self.db, self.team, self.me, self.now, kinds=_RITUAL_KINDS)
            self._rituals_owed[view] = found
        return found

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
            if view == LATER:
                cached = list(dict.fromkeys(s.thread for s in self._later()))
            elif sort == "urgency":
                cached = self._by_urgency(view, self.thread_ids(view, "activity"))
            else:
                cached = self._later_first(view, self._activity_ids(view))
            self._ids[(view, sort)] = cached
        return list(cached)

    def _later(self) -> list[later.Snoozed]:
        if self._snoozed is None:
            self._snoozed = later.listing(self.db, self.me, self.now)
        return self._snoozed

    def _later_first(self, view: str, ids: list[str]) -> list[str]:
        """The inbox and my owed view without the threads I snoozed, and with those
        just back from later first."""
        if view not in (INBOX, OWED_BY_ME):
            return ids
        back = self._back()
        put_off = {s.thread for s in self._later() if s.what == "thread"}
        kept = [t for t in ids if t not in put_off]
        return [t for t in kept if t in back] + [t for t in kept if t not in back]

    def _back(self) -> set[str]:
        """What came back from later within the last day."""
        if self._woken is None:
            self._woken = set(later.woken(self.db, self.me, self.now))
        return self._woken

    def first_ids(self, view: str, sort: SortOrder, count: int) -> list[str]:
        """``thread_ids(view, sort)[:count]``, found without reading the whole view
        where that is cheaper: what a first frame needs, the visible rows.

        For the inbox, the threads are checked one batch at a time, in the order
        they would be listed (open asks most urgent first, then latest activity
        first), instead of computing every thread's read state. Other views, and
        views already computed, are cut from ``thread_ids``.
        """
        if (
            view != INBOX
            or (view, sort) in self._ids
            or self._unread is not None
            or self._later()
            or self._back()
        ):
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
            f"SELECT t.id, t.last_at {THREADS_AND_READS_SQL} WHERE t.last_at > coalesce(r.upto, 0)"
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
            f"SELECT t.id, t.last_at, {MARK_SQL} {THREADS_AND_READS_SQL}"
            " WHERE t.id IN (SELECT value FROM json_each(:ids))",
            ids=msgspec.json.encode(ids).decode(),
        )
        return {str(tid) for tid, last, mark in rows if last > mark or tid in asked}

    def _activity_ids(self, view: str) -> list[str]:
        params: dict[str, object] = {}
        if view == INBOX:
            return self._inbox_ids()
        if view in (OWED_BY_ME, OWED_TO_ME):
            sql = self._owed_sql("asked" if view == OWED_BY_ME else "asker")
            sql += " OR t.id IN (SELECT value FROM json_each(:rituals))"
            threads = sorted({o.thread for o in self._owed_rituals(view)})
            params["rituals"] = msgspec.json.encode(threads).decode()
        elif view == MENTIONS:
            sql = "SELECT t.id FROM threads t WHERE t.id IN (SELECT value FROM json_each(:ids))"
            params["ids"] = msgspec.json.encode(sorted(self._mention_map())).decode()
        elif view.startswith(CHANNEL_PREFIX):
            sql = "SELECT t.id FROM threads t WHERE t.channel = :channel"
            params["channel"] = view.removeprefix(CHANNEL_PREFIX)
        else:
            raise ValueError(f"unknown view: {view!r}")
        return [str(tid) for (tid,) in self._query(f"{sql} {BY_ACTIVITY_SQL}", **params)]

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
            f" (SELECT a.thread FROM asks a WHERE a.{column} = :me AND {OPEN_ASK})"
        )

    def _by_urgency(self, view: str, ids: list[str]) -> list[str]:
        open_asks = self._open_asks()
        if view in (OWED_BY_ME, OWED_TO_ME):
            # Everything the view owes, of every kind, in the queue's one order.
            side = "asked" if view == OWED_BY_ME else "asker"
            queue = [obligations.from_ask(a) for a in open_asks if getattr(a, side) == self.me]
            in_order = obligations.sort_by_urgency(queue + self._owed_rituals(view))
            threads = [o.thread for o in in_order]
        else:
            threads = [a.thread for a in open_asks]
        shown = set(ids)
        # The queue comes most urgent first, so a thread's first item places it.
        urgent = [tid for tid in dict.fromkeys(threads) if tid in shown]
        placed = set(urgent)
        return urgent + [tid for tid in ids if tid not in placed]

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

_RITUAL_KINDS: tuple[obligations.Kind, ...] = ("meeting", "checkin", "action")
"""What the owed views hold beside asks."""
