"""Keeping each ask's life in the replica: the fold's part for asks.

``core.ask_life`` says what an ask's events come to; this reads them from the
tables for the asks a batch touched and writes the result beside the ask, so
every reader asks only ``state = 'open'`` and ``asked`` (who owes it now).

The first substantial reply by the person first asked is the common answer
and is kept in SQL (``reply_*``), for a thread's asks whenever the thread has
new messages or edits; a reply after a hand-off or a re-opening is looked up
when the walk needs it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from asynctui.client.fold_rows import ms
from asynctui.client.team import instant
from asynctui.core.ask_life import Key, Life, Reply, Step, life, substantial
from asynctui.core.hours import Window

__all__ = [
    "FIRST_REPLY_SQL", "naming", "register", "restate", "restate_threads", "touched_threads",
]  # fmt: skip


def register(conn: sqlite3.Connection) -> None:
    """Teach a replica's connection the one rule SQL needs: which reply is substantial."""
    conn.create_function(
        "substantial", 1, lambda body: int(substantial(str(body))), deterministic=True
    )


FIRST_REPLY_SQL = """
UPDATE asks SET (reply_by, reply_at, reply_lamport, reply_device) = (
    SELECT m.id, m.at, m.lamport, m.device FROM messages m
    WHERE m.thread = asks.thread AND m.author = asks.origin
      AND (m.lamport, m.device, m.id) > (asks.lamport, asks.device, asks.id)
      AND substantial(m.body)
    ORDER BY m.lamport, m.device, m.id LIMIT 1)
"""

_ASK_COLUMNS = (
    "id, thread, asker, origin, at, lamport, device, o_amount, o_unit,"
    " reply_by, reply_at, reply_lamport, reply_device"
)
_STEP_SQL = (
    "SELECT s.ask, s.id, s.kind, s.author, s.at, s.lamport, s.device, s.message, m.at,"
    " s.until, s.person, s.amount, s.unit, s.note, m.thread"
    " FROM ask_steps s LEFT JOIN messages m ON m.id = s.message"
)
_RESOLVE_SQL = "SELECT thread, id, author, at, lamport, device FROM thread_resolves"
_REPLY_SQL = (
    "SELECT id, at, lamport, device FROM messages WHERE thread = ? AND author = ?"
    " AND (lamport, device, id) > (?, ?, ?) AND substantial(body)"
    " ORDER BY lamport, device, id LIMIT 1"
)
_WRITE_SQL = """UPDATE asks SET state = ?, asked = ?, start = ?, amount = ?, unit = ?,
    promised = ?, answered_by = ?, answered_at = ?, ended_at = ?, note = ?, handed_by = ?,
    marked = ? WHERE id = ?"""

_CHUNK = 500


def _ms(at: datetime | None) -> int | None:
    return None if at is None else ms(at)


def touched_threads(conn: sqlite3.Connection, threads: Iterable[str]) -> None:
    """A thread had new messages or edits: its asks' first replies again."""
    ids = sorted(set(threads))
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        conn.execute(FIRST_REPLY_SQL + f" WHERE thread IN ({','.join('?' * len(part))})", part)


def naming(conn: sqlite3.Connection, messages: Sequence[str]) -> list[str]:
    """The asks with a step that names one of these messages as their answer."""
    found: list[str] = []
    for start in range(0, len(messages), _CHUNK):
        part = list(messages[start : start + _CHUNK])
        marks = ",".join("?" * len(part))
        rows = conn.execute(f"SELECT ask FROM ask_steps WHERE message IN ({marks})", part)
        found += (str(aid) for (aid,) in rows)
    return found


def restate_threads(
    conn: sqlite3.Connection, threads: Iterable[str], also: Iterable[str] = ()
) -> None:
    """Restate every ask in these threads, and the asks ``also``."""
    ids = sorted(set(threads))
    asks: list[str] = list(also)
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        asks += (
            str(aid)
            for (aid,) in conn.execute(
                f"SELECT id FROM asks WHERE thread IN ({','.join('?' * len(part))})", part
            )
        )
    restate(conn, asks)


def restate(conn: sqlite3.Connection, ask_ids: Iterable[str] | None) -> None:
    """Write what each of these asks' life comes to (None: every ask, after a catch-up)."""
    if ask_ids is None:
        _restate_rows(
            conn,
            conn.execute(f"SELECT {_ASK_COLUMNS} FROM asks").fetchall(),
            _group(conn.execute(_STEP_SQL)),
            _group(conn.execute(_RESOLVE_SQL)),
        )
        return
    ids = sorted(set(ask_ids))
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(part))
        rows = conn.execute(f"SELECT {_ASK_COLUMNS} FROM asks WHERE id IN ({marks})", part)
        asks = rows.fetchall()
        threads = sorted({str(row[1]) for row in asks})
        resolves: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for begin in range(0, len(threads), _CHUNK):
            some = threads[begin : begin + _CHUNK]
            resolves.update(
                _group(
                    conn.execute(
                        _RESOLVE_SQL + f" WHERE thread IN ({','.join('?' * len(some))})", some
                    )
                )
            )
        steps = _group(conn.execute(_STEP_SQL + f" WHERE s.ask IN ({marks})", part))
        _restate_rows(conn, asks, steps, resolves)


def _group(rows: Iterable[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows by their first column."""
    found: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        found[str(row[0])].append(row[1:])
    return found


def _restate_rows(
    conn: sqlite3.Connection,
    asks: Sequence[tuple[Any, ...]],
    steps: dict[str, list[tuple[Any, ...]]],
    resolves: dict[str, list[tuple[Any, ...]]],
) -> None:
    written = []
    for row in asks:
        aid, thread = str(row[0]), str(row[1])
        # An answer named from another thread is no answer (known once its message
        # is: the fold restates the asks whose steps name a message that arrives).
        mine = [_step(s) for s in steps.get(aid, ()) if s[-1] in (None, thread)]
        mine += [_resolve(r) for r in resolves.get(thread, ())]
        now = _life(conn, row, mine)
        written.append(
            (
                now.state, now.owes, _ms(now.start), now.within.amount, now.within.unit,
                _ms(now.promised), now.answer, _ms(now.answered_at), _ms(now.ended_at),
                now.note, now.handed_by, int(now.marked), aid,
            )
        )  # fmt: skip
    conn.executemany(_WRITE_SQL, written)


def _life(conn: sqlite3.Connection, row: tuple[Any, ...], steps: list[Step]) -> Life:
    aid, thread, asker, origin, at, lamport, device, amount, unit = row[:9]
    reply_by, reply_at, reply_lamport, reply_device = row[9:]
    key: Key = (int(lamport), str(device), str(aid))

    def first_reply(person: str, after: Key) -> Reply | None:
        if person == origin and after == key:
            if reply_by is None:
                return None
            return Reply((int(reply_lamport), str(reply_device), str(reply_by)), str(reply_by),
                         instant(int(reply_at)))  # fmt: skip
        found = conn.execute(_REPLY_SQL, (thread, person, *after)).fetchone()
        if found is None:
            return None
        mid, mat, mlamport, mdevice = found
        return Reply((int(mlamport), str(mdevice), str(mid)), str(mid), instant(int(mat)))

    return life(
        str(asker), str(origin), key, instant(int(at)), Window(int(amount), unit), steps,
        first_reply,
    )  # fmt: skip


def _step(row: tuple[Any, ...]) -> Step:
    sid, kind, author, at, lamport, device, message, message_at = row[:8]
    until, person, amount, unit, note = row[8:13]
    return Step(
        (int(lamport), str(device), str(sid)), kind, str(author), instant(int(at)),
        message=message, message_at=None if message_at is None else instant(int(message_at)),
        until=None if until is None else instant(int(until)), person=person,
        within=None if amount is None else Window(int(amount), unit), note=str(note),
    )  # fmt: skip


def _resolve(row: tuple[Any, ...]) -> Step:
    rid, author, at, lamport, device = row
    return Step((int(lamport), str(device), str(rid)), "resolve", str(author), instant(int(at)))
