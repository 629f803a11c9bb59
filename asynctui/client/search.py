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
    db: sqlite3.Connection, team: Team, me: str, now: datetime, q: SearchQuery, x: str
) -> tuple[list[str], dict[str, object]]:
    """The conditions on a hit ``x`` (with its thread ``t`` and channel ``c``)."""
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
        where.append(f"{x}.author = :author")
        params["author"] = who.id
    if q.before is not None:
        where.append(f"{x}.at < :before")
        params["before"] = _day_start(q.before, tz)
    if q.after is not None:
        where.append(f"{x}.at >= :after")
        params["after"] = _day_start(q.after + timedelta(days=1), tz)
    if q.open_only:
        where.append(
            f"NOT coalesce((SELECT r.resolved FROM resolutions r WHERE r.thread = {x}.thread), 0)"
        )
    if q.with_decision:
        where.append(f"EXISTS (SELECT 1 FROM decisions dd WHERE dd.thread = {x}.thread)")
    if q.owed_only:
        from asynctui.client import obligations

        owed = sorted({o.thread for o in obligations.owed_by(db, team, me, now)})
        where.append(f"{x}.thread IN (SELECT value FROM json_each(:owed))")
        params["owed"] = msgspec.json.encode(owed).decode()
    return where, params


_SOURCES = {
    # hit alias: (its table, its text column, its index, what it selects)
    "m": ("messages", "body", "search", "'message', m.id, m.thread, coalesce(t.title, ''),"
          " m.author, m.at"),
    "d": ("docs", "text", "docs_search", "d.kind, d.ref, d.thread, coalesce(t.title, ''),"
          " d.author, d.at"),
}  # fmt: skip
_PLACE = "LEFT JOIN threads t ON t.id = {x}.thread LEFT JOIN channels c ON c.id = t.channel"


def _sql(x: str, with_text: bool) -> tuple[str, str]:
    """(the query up to its conditions, its order) for hits of one source."""
    table, column, fts, columns = _SOURCES[x]
    place = _PLACE.format(x=x)
    if not with_text:
        # Operators alone: the newest first, the text's start as the snippet.
        return (
            f"SELECT {columns}, substr({x}.{column}, 1, 120), -{x}.at"
            f" FROM {table} {x} {place} WHERE 1 = 1",
            f"ORDER BY {x}.at DESC",
        )
    start, end = MARK
    return (
        f"SELECT {columns}, snippet({fts}, 0, '{start}', '{end}', '…', 12), bm25({fts})"
        f" FROM {fts} JOIN {table} {x} ON {x}.rowid = {fts}.rowid {place}"
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
    found: list[Found] = []
    for x in _SOURCES:
        where, params = _filters(db, team, me, now, q, x)
        head, order = _sql(x, q.has_text)
        params |= {"match": _match(q), "limit": limit}
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
