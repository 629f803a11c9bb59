"""Search as people use it daily: words and operators (``core.search_query``) over
messages, thread titles, decisions, action items and meeting agendas (a meeting's
goal is its first message, a check-in answer a message of its day's thread).

Results are ranked by FTS5's bm25, best first, each with a snippet whose matching
words are marked (``MARK``); the snippet is the text as written, to be shown as
plain text, never markup. A private channel's threads are found only by its members.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import msgspec

from asynctui.client.fold import ms
from asynctui.client.queries import READABLE
from asynctui.client.team import Team, instant
from asynctui.core.names import direct_channel_id
from asynctui.core.search_query import SearchQuery, parse_query

__all__ = ["MARK", "Found", "SearchError", "find"]

MARK = ("»", "«")
"""What marks the matched words in a snippet."""

KIND_WORDS = {
    "message": "message",
    "title": "thread title",
    "decision": "decision",
    "action": "action item",
    "agenda": "agenda",
}


class SearchError(ValueError):
    """A query that cannot be run; ``str(exc)`` is one line for the person."""


@dataclass(frozen=True)
class Found:
    kind: str
    """'message', 'title', 'decision', 'action' or 'agenda'."""
    ref: str
    """The message's, thread's, decision's or action item's id."""
    thread: str
    thread_title: str
    author: str
    at: datetime
    snippet: str
    rank: float

    @property
    def message(self) -> str:
        return self.ref


def _match(q: SearchQuery) -> str:
    parts = ['"' + w.replace('"', '""') + '"*' for w in q.words]
    parts += ['"' + p.replace('"', '""') + '"' for p in q.phrases]
    return " ".join(parts)


def _day_start(day: date, tz: str) -> int:
    return ms(datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)))


def _filters(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, q: SearchQuery
) -> tuple[list[str], dict[str, object]]:
    """The conditions on a hit ``h`` (a message or a doc, with its thread ``t`` and
    channel ``c``), made once for both kinds."""
    where = [READABLE]
    params: dict[str, object] = {"me": me}
    tz = team.tz(me)
    if q.channel is not None:
        name = q.channel[1:]
        if q.channel.startswith("@"):
            other = team.by_handle(name)
            if other is None:
                raise SearchError(f"in: no member @{name}")
            params["channel"] = direct_channel_id({me, other.id})
        else:
            row = db.execute("SELECT id FROM channels WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise SearchError(f"in: no channel #{name}")
            params["channel"] = row[0]
        where.append("t.channel = :channel")
    if q.author is not None:
        who = team.by_handle(q.author)
        if who is None:
            raise SearchError(f"from: no member @{q.author}")
        where.append("h.author = :author")
        params["author"] = who.id
    if q.before is not None:
        where.append("h.at < :before")
        params["before"] = _day_start(q.before, tz)
    if q.after is not None:
        where.append("h.at >= :after")
        params["after"] = _day_start(q.after + timedelta(days=1), tz)
    if q.open_only:
        where.append(
            "NOT coalesce((SELECT r.resolved FROM resolutions r WHERE r.thread = h.thread), 0)"
        )
    if q.with_decision:
        where.append("EXISTS (SELECT 1 FROM decisions dd WHERE dd.thread = h.thread)")
    if q.owed_only:
        from asynctui.client import obligations

        owed = sorted({o.thread for o in obligations.owed_by(db, team, me, now)})
        where.append("h.thread IN (SELECT value FROM json_each(:owed))")
        params["owed"] = msgspec.json.encode(owed).decode()
    return where, params


_SOURCES = (
    # (its table, its text column, its index, what it selects), the hit named h.
    ("messages", "body", "search", "'message', h.id, h.thread"),
    ("docs", "text", "docs_search", "h.kind, h.ref, h.thread"),
)
_REST = "coalesce(t.title, ''), h.author, h.at"
_PLACE = "LEFT JOIN threads t ON t.id = h.thread LEFT JOIN channels c ON c.id = t.channel"


def _sql(table: str, column: str, fts: str, columns: str, with_text: bool) -> tuple[str, str]:
    """(the query up to its conditions, its order) for hits of one source."""
    if not with_text:
        # Operators alone: the newest first, the text's start as the snippet.
        return (
            f"SELECT {columns}, {_REST}, substr(h.{column}, 1, 120), -h.at"
            f" FROM {table} h {_PLACE} WHERE 1 = 1",
            "ORDER BY h.at DESC",
        )
    start, end = MARK
    return (
        f"SELECT {columns}, {_REST}, snippet({fts}, 0, '{start}', '{end}', '…', 12),"
        f" bm25({fts}) FROM {fts} JOIN {table} h ON h.rowid = {fts}.rowid {_PLACE}"
        f" WHERE {fts} MATCH :match",
        f"ORDER BY bm25({fts})",
    )


def find(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, text: str, limit: int = 50
) -> list[Found]:
    """What ``text`` finds, best first (operators alone: newest first)."""
    try:
        q = parse_query(text)
    except ValueError as exc:
        raise SearchError(str(exc)) from None
    if q.empty:
        return []
    where, params = _filters(db, team, me, now, q)
    params |= {"match": _match(q), "limit": limit}
    found: list[Found] = []
    for source in _SOURCES:
        head, order = _sql(*source, q.has_text)
        rows = db.execute(f"{head} AND {' AND '.join(where)} {order} LIMIT :limit", params)
        found += [
            Found(
                str(kind),
                str(ref),
                str(tid),
                str(title),
                str(author),
                instant(at),
                str(snippet),
                float(rank),
            )  # fmt: skip
            for kind, ref, tid, title, author, at, snippet, rank in rows
        ]
    found.sort(key=lambda f: f.rank)
    return found[:limit]
