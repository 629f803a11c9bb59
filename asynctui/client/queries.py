"""Read models over the replica: channels, threads, messages, asks and search."""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from asynctui.client.team import Team, instant
from asynctui.core.ask_life import AskState
from asynctui.core.expectations import URGENCY_RANK, Urgency, due_time, urgency
from asynctui.core.hours import Window


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    topic: str
    threads: int
    private: bool = False


@dataclass(frozen=True)
class ThreadRow:
    id: str
    channel: str
    channel_name: str
    title: str
    author: str
    opened_at: datetime
    last_at: datetime
    resolved: bool
    messages: int


@dataclass(frozen=True)
class Message:
    id: str
    thread: str
    author: str
    at: datetime
    body: str
    quote: str | None
    edited_at: datetime | None
    reactions: dict[str, list[str]] = field(default_factory=dict)
    """Emoji -> member ids who reacted with it."""


@dataclass(frozen=True)
class AskRow:
    """An ask with its due time counted on the calendar of whoever owes it now."""

    id: str
    thread: str
    thread_title: str
    asker: str
    asked: str
    """Who owes the reply now: the person asked, or whoever it was handed to."""
    asked_at: datetime
    within: Window
    due: datetime | None
    answered_at: datetime | None
    answered_by: str | None
    state: AskState
    urgency: Urgency
    origin: str = ""
    """Who was asked first."""
    start: datetime | None = None
    """When the window began: the ask, or its latest hand-off."""
    promised: datetime | None = None
    """The time the person who owes it gave when acknowledging it."""
    note: str = ""
    """Why it was declined, or what was said with the acknowledgement."""
    handed_by: str | None = None
    marked: bool = False
    """Its answer was chosen by someone, not the first substantial reply."""
    ended_at: datetime | None = None

    @property
    def cancelled(self) -> bool:
        return self.state == "withdrawn"


_THREAD_COLUMNS = """t.id, t.channel, coalesce(c.name, t.channel), t.title, t.author,
    t.opened_at, t.last_at,
    coalesce((SELECT r.resolved FROM resolutions r WHERE r.thread = t.id), 0),
    (SELECT count(*) FROM messages m WHERE m.thread = t.id)"""


def _thread(row: tuple[Any, ...]) -> ThreadRow:
    tid, channel, cname, title, author, opened, last, resolved, count = row
    return ThreadRow(
        str(tid),
        str(channel),
        str(cname),
        str(title),
        str(author),
        instant(int(opened)),
        instant(int(last)),
        bool(resolved),
        int(count),
    )


def channels(db: sqlite3.Connection) -> list[Channel]:
    return [
        Channel(cid, name, topic, count, bool(private))
        for cid, name, topic, count, private in db.execute(
            "SELECT c.id, c.name, c.topic,"
            " (SELECT count(*) FROM threads t WHERE t.channel = c.id), c.private"
            " FROM channels c ORDER BY c.name"
        )
    ]


def channel_members(db: sqlite3.Connection, channel: str) -> list[str]:
    """Member ids of a private channel (empty for a public one)."""
    return [
        m
        for (m,) in db.execute(
            "SELECT member FROM channel_members WHERE channel = ? ORDER BY member", (channel,)
        )
    ]


def channel_by_name(db: sqlite3.Connection, name: str) -> Channel | None:
    wanted = name.lstrip("#").lower()
    return next((c for c in channels(db) if c.name.lower() == wanted), None)


def threads(
    db: sqlite3.Connection,
    channel: str | None = None,
    include_resolved: bool = True,
    limit: int = 1000,
) -> list[ThreadRow]:
    sql = f"SELECT {_THREAD_COLUMNS} FROM threads t LEFT JOIN channels c ON c.id = t.channel"
    where, params = [], []
    if channel is not None:
        where.append("t.channel = ?")
        params.append(channel)
    if not include_resolved:
        where.append(
            "NOT EXISTS (SELECT 1 FROM resolutions r WHERE r.thread = t.id AND r.resolved = 1)"
        )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY t.last_at DESC, t.id LIMIT ?"
    return [_thread(row) for row in db.execute(sql, (*params, limit))]


def thread(db: sqlite3.Connection, thread_id: str) -> ThreadRow | None:
    """A thread by id, or by a unique ending of its id (the CLI shows the last six characters)."""
    ref = thread_id.strip().upper()
    if len(ref) < 4:
        return None
    exact = db.execute(
        f"SELECT {_THREAD_COLUMNS} FROM threads t LEFT JOIN channels c ON c.id = t.channel"
        " WHERE t.id = ?",
        (ref,),
    ).fetchone()
    if exact:
        return _thread(exact)
    rows = db.execute(
        f"SELECT {_THREAD_COLUMNS} FROM threads t LEFT JOIN channels c ON c.id = t.channel"
        " WHERE t.id LIKE '%' || ? LIMIT 2",
        (ref,),
    ).fetchall()
    return _thread(rows[0]) if len(rows) == 1 else None


def messages(db: sqlite3.Connection, thread_id: str) -> list[Message]:
    reactions: dict[str, dict[str, list[str]]] = {}
    for message, member, emoji in db.execute(
        "SELECT r.message, r.member, r.emoji FROM reactions r JOIN messages m ON m.id = r.message"
        " WHERE m.thread = ? AND r.present = 1 ORDER BY r.lamport",
        (thread_id,),
    ):
        reactions.setdefault(message, {}).setdefault(emoji, []).append(member)
    return [
        Message(
            mid,
            thread_id,
            author,
            instant(at),
            body,
            quote,
            None if edited is None else instant(edited),
            reactions.get(mid, {}),
        )
        for mid, author, at, body, quote, edited in db.execute(
            "SELECT id, author, at, body, quote, edited_at FROM messages WHERE thread = ?"
            " ORDER BY lamport, device, id",
            (thread_id,),
        )
    ]


def message(db: sqlite3.Connection, message_id: str) -> tuple[str, str, str] | None:
    """(full id, thread id, author) of a message by id or a unique ending of its id."""
    ref = message_id.strip().upper()
    if len(ref) < 4:
        return None
    exact = db.execute("SELECT id, thread, author FROM messages WHERE id = ?", (ref,)).fetchone()
    rows = (
        [exact]
        if exact
        else db.execute(
            "SELECT id, thread, author FROM messages WHERE id LIKE '%' || ? LIMIT 2", (ref,)
        ).fetchall()
    )
    return (str(rows[0][0]), str(rows[0][1]), str(rows[0][2])) if len(rows) == 1 else None


def ask(db: sqlite3.Connection, team: Team, now: datetime, ask_id: str) -> AskRow | None:
    """An ask by id or a unique ending of its id, answered or withdrawn too."""
    ref = ask_id.strip()
    # The whole id first: what the fold and the news look up, by the primary key.
    rows = db.execute("SELECT id FROM asks WHERE id = ?", (ref,)).fetchall()
    if not rows and len(ref) >= 4:
        rows = db.execute(
            "SELECT id FROM asks WHERE id LIKE '%' || ? LIMIT 2", (ref.upper(),)
        ).fetchall()
    if len(rows) != 1:
        return None
    found = asks_where(db, team, now, "a.id = :id", {"id": rows[0][0]})
    return found[0] if found else None


READABLE = (
    "(coalesce(c.private, 0) = 0 OR EXISTS (SELECT 1 FROM channel_members cm"
    " WHERE cm.channel = t.channel AND cm.member = :me))"
)
"""Where thread ``t`` of channel ``c`` is one ``:me`` may read: a public channel's,
or a private one's of which they are a member (a server's replica holds only
those; a shared folder's holds every journal)."""

OPEN_ASK = "a.state = 'open'"
"""Where an ask is still owed: its life (``client.ask_fold``) has not ended."""

_ASK_SELECT = (
    "SELECT a.id, a.thread, coalesce(t.title, ''), a.asker, a.asked, a.at, a.amount, a.unit,"
    " a.answered_at, a.answered_by, a.state, a.origin, a.start, a.promised, a.note,"
    " a.handed_by, a.marked, a.ended_at"
    " FROM asks a LEFT JOIN threads t ON t.id = a.thread"
)


def asks(
    db: sqlite3.Connection,
    team: Team,
    now: datetime,
    *,
    asked: str | None = None,
    asker: str | None = None,
    thread_id: str | None = None,
    open_only: bool = True,
    ordered: bool = True,
) -> list[AskRow]:
    """Asks, most urgent first: overdue and soonest due at the top, answered last
    (not ``ordered``: in no order, for a caller that sorts them with more)."""
    where, params = ["1 = 1"], []
    for column, value in (("a.asked", asked), ("a.asker", asker), ("a.thread", thread_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if open_only:
        where.append(OPEN_ASK)
    rows = db.execute(_ASK_SELECT + " WHERE " + " AND ".join(where), params)
    found = _ask_rows(rows, team, now)
    return sort_by_urgency(found) if ordered else found


def asks_where(
    db: sqlite3.Connection, team: Team, now: datetime, where: str, params: dict[str, object]
) -> list[AskRow]:
    """Asks matching an SQL condition on ``a`` (the asks table), in no order."""
    return _ask_rows(db.execute(_ASK_SELECT + " WHERE " + where, params), team, now)


_WORKING_SECONDS = {"m": 60, "h": 3600, "d": 0}
"""The least wall-clock time a window of one unit takes: a working minute or hour
takes at least that long; a working day may end at once (an ask made late in it)."""


def open_asks_in_order(db: sqlite3.Connection, team: Team, now: datetime) -> Iterator[AskRow]:
    """The open asks in the order of ``asks(db, team, now)``, each due time computed
    only when needed: what shows the most urgent few without all the calendar work.

    An ask is due no earlier than its wall-clock bound (its window's start plus
    the window as if every second were working time; a promised time is its
    own bound), and urgency only grows with the due time, so an ask whose due
    time is before every uncomputed bound is next.
    """
    # Only each open ask's bound, in bound order (then the table's, which is the order
    # ``asks`` reads them in); an ask's row is read when it is needed. A second of
    # slack for rounding.
    bounds = db.execute(
        "SELECT a.rowid, coalesce(a.promised / 1000, a.start / 1000 + a.amount * CASE a.unit"
        + "".join(f" WHEN '{unit}' THEN {seconds}" for unit, seconds in _WORKING_SECONDS.items())
        + " ELSE 0 END) - 1 AS bound"
        f" FROM asks a WHERE {OPEN_ASK} ORDER BY bound, a.rowid"
    ).fetchall()
    far = datetime.max.replace(tzinfo=None)
    ready: list[tuple[tuple[int, datetime, datetime, int], AskRow]] = []
    next_bound = 0
    while next_bound < len(bounds) or ready:
        while next_bound < len(bounds) and (
            not ready
            or ready[0][1].due is None
            or ready[0][1].due.timestamp() >= bounds[next_bound][1]
        ):
            rowid = int(bounds[next_bound][0])
            next_bound += 1
            row = db.execute(_ASK_SELECT + " WHERE a.rowid = ?", (rowid,)).fetchone()
            (ask,) = _ask_rows([row], team, now)
            due = ask.due.replace(tzinfo=None) if ask.due else far
            # The key of ``sort_by_urgency``, then the query's order, as its stable sort keeps.
            heapq.heappush(ready, ((URGENCY_RANK[ask.urgency], due, ask.asked_at, rowid), ask))
        yield heapq.heappop(ready)[1]


def _ask_rows(rows: Iterable[tuple[Any, ...]], team: Team, now: datetime) -> list[AskRow]:
    result = []
    for row in rows:
        aid, tid, title, asker, asked, at, amount, unit, answered, by, state = row[:11]
        origin, start, promised, note, handed_by, marked, ended = row[11:]
        began = instant(start)
        within = Window(amount, unit)
        kept = None if promised is None else instant(promised)
        due = kept if kept is not None else due_time(team.calendar(str(asked)), began, within)
        answered_at = None if answered is None else instant(answered)
        ended_at = None if ended is None else instant(ended)
        result.append(
            AskRow(
                str(aid), str(tid), str(title), str(asker), str(asked), instant(at), within,
                due, answered_at, None if by is None else str(by), state,
                urgency(due, ended_at if state != "open" else None, now),
                origin=str(origin), start=began, promised=kept, note=str(note),
                handed_by=None if handed_by is None else str(handed_by), marked=bool(marked),
                ended_at=ended_at,
            )
        )  # fmt: skip
    return result


def sort_by_urgency(rows: list[AskRow]) -> list[AskRow]:
    far = datetime.max.replace(tzinfo=None)
    return sorted(
        rows,
        key=lambda r: (
            URGENCY_RANK[r.urgency],
            r.due.replace(tzinfo=None) if r.due else far,
            r.asked_at,
        ),
    )


@dataclass(frozen=True)
class Hit:
    message: str
    thread: str
    thread_title: str
    author: str
    at: datetime
    snippet: str


def search(db: sqlite3.Connection, text: str, limit: int = 50) -> list[Hit]:
    """Full-text search over every message; words are matched as prefixes, all required."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    if not words:
        return []
    query = " ".join(f'"{w}"*' for w in words)
    return [
        Hit(mid, tid, title, author, instant(at), snippet)
        for mid, tid, title, author, at, snippet in db.execute(
            "SELECT m.id, m.thread, coalesce(t.title, ''), m.author, m.at,"
            " snippet(search, 0, '»', '«', '…', 12)"
            " FROM search JOIN messages m ON m.rowid = search.rowid"
            " LEFT JOIN threads t ON t.id = m.thread"
            " WHERE search MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
    ]
