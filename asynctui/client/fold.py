"""Folding events into the replica's tables.

Every step is idempotent and independent of arrival order: rows are inserted
once by id, last-writer-wins rows only change for a greater ``(lamport,
device)``, and derived facts (an ask's answer, a thread's last activity) are
recomputed for what a batch touched. So a batch may repeat events, and
journals may arrive in any order: the result is the same.

Events are grouped by kind (``fold_rows``: each kind's rows and the SQL that
stores them) and written with ``executemany``, which is what keeps a fold of a
million events in the range of seconds.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import msgspec

from asynctui.client import ask_fold
from asynctui.client.fold_rows import HANDLERS, ORDER, SQL, Rows, answers_text, ms
from asynctui.client.schema import MESSAGE_INDEXES
from asynctui.core import events as ev
from asynctui.core import timefmt
from asynctui.core.events import Event

__all__ = [
    "HANDLERS",
    "CatchUp",
    "FoldResult",
    "answers_text",
    "edited_before",
    "finish_catch_up",
    "fold",
    "ms",
]


@dataclass
class FoldResult:
    applied: int
    max_lamport: int


def fold(
    conn: sqlite3.Connection, batch: Sequence[Event], catch_up: CatchUp | None = None
) -> FoldResult:
    """Apply ``batch`` inside the caller's transaction.

    With ``catch_up``, the first-sync path (see ``Replica.begin_catch_up``): the
    rows go in as they are, without the messages' indexes or the search index,
    and what depends on other events (answers, edits, last activity, duplicate
    messages, the index) is left to :func:`finish_catch_up`, done once at the end.
    """
    rows: Rows = defaultdict(list)
    max_lamport = 0
    for e in batch:
        body = e.body
        # The time a server received it, when the author's claim is implausible.
        at = int(e.when.timestamp() * 1000)
        HANDLERS[type(body)](e, body, at, rows)
        if e.lamport > max_lamport:
            max_lamport = e.lamport
    if catch_up is not None:
        for name in ORDER:
            if rows[name]:
                conn.executemany(_CATCH_UP_SQL.get(name, SQL[name]), rows[name])
        _index_docs(conn, rows, index=False)
        latest = catch_up.last_activity
        if latest is not None:
            for row in rows["message"]:
                thread, at = row[1], row[3]
                if at > latest.get(thread, 0):
                    latest[thread] = at
        return FoldResult(applied=len(batch), max_lamport=max_lamport)

    (search_mark,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM messages").fetchone()
    edited = [(mid,) for mid in {row[4] for row in rows["edit"]}]
    # The index keeps no text of its own: old words must be removed while the
    # old text is still there, and before new messages are indexed.
    conn.executemany(_UNINDEX_SQL, edited)
    for name in ORDER:
        if rows[name]:
            conn.executemany(SQL[name], rows[name])
    if rows["checkin"] or rows["checkin_answer"]:
        # A new check-in mends all its answers; a new answer only itself (the
        # thread's span is a min/max upsert, so the rest stays right).
        _checkin_threads(
            conn,
            {row[0] for row in rows["checkin"]},
            [row[0] for row in rows["checkin_answer"]],
            search_mark,
        )
    conn.executemany(_APPLY_EDIT_SQL + " AND id = ?", edited)
    if rows["message"] and edited_before(conn):
        # Edits that arrived before their message take effect now.
        conn.execute(
            _APPLY_EDIT_SQL + " AND rowid > ?",
            (search_mark,),
        )
    conn.executemany(_INDEX_SQL + " AND rowid <= ?", [(mid, search_mark) for (mid,) in edited])
    conn.execute(
        "INSERT INTO search (rowid, body) SELECT rowid, body FROM messages WHERE rowid > ?",
        (search_mark,),
    )
    _index_docs(conn, rows)
    _touch_threads(conn, rows)
    return FoldResult(applied=len(batch), max_lamport=max_lamport)


_CHECKIN_ANSWERS_SQL = (
    "SELECT a.checkin, a.day, a.answers, a.at, c.channel, c.title, c.author,"
    " c.questions, m.rowid, m.body FROM checkin_answers a"
    " JOIN checkins c ON c.id = a.checkin JOIN messages m ON m.id = a.message"
    " WHERE m.edited_at IS NULL"
)


def _checkin_threads(
    conn: sqlite3.Connection,
    checkins: set[str] | None,
    answer_ids: Sequence[str] = (),
    indexed_upto: int | None = None,
) -> None:
    """Give each occurrence that has answers and a known check-in its thread, and
    each answer its text with the questions: whichever of the two came last.
    ``checkins``: every answer of these check-ins (None: of all, at the end of a
    catch-up); ``answer_ids``: these answers (message ids) too. ``indexed_upto``:
    messages up to this rowid are in the search index (None at the end of a
    catch-up, when the index is built after)."""
    found: list[Any] = []
    if checkins is None:
        found += conn.execute(_CHECKIN_ANSWERS_SQL)
    else:
        ids = sorted(checkins)
        if ids:
            marks = ",".join("?" * len(ids))
            found += conn.execute(_CHECKIN_ANSWERS_SQL + f" AND a.checkin IN ({marks})", ids)
        for start in range(0, len(answer_ids), 500):
            part = list(answer_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            found += conn.execute(_CHECKIN_ANSWERS_SQL + f" AND a.message IN ({marks})", part)
    threads: dict[str, tuple[str, str, str, int, int]] = {}
    texts: list[tuple[str, int]] = []
    for checkin, day, answers, at, channel, title, author, questions, rowid, body in found:
        when = date.fromisoformat(day)
        thread = ev.occurrence_thread(checkin, when)
        name = f"{title} · {timefmt.day(when, year=True)}"
        first, last = threads.get(thread, (channel, name, author, at, at))[3:]
        threads[thread] = (channel, name, author, min(first, at), max(last, at))
        text = answers_text(msgspec.json.decode(questions), msgspec.json.decode(answers))
        if text != body:
            texts.append((text, rowid))
    # Answers come in any order: the thread spans the earliest to the latest.
    conn.executemany(
        "INSERT INTO threads (id, channel, title, author, opened_at, last_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
        " opened_at = min(threads.opened_at, excluded.opened_at),"
        " last_at = max(threads.last_at, excluded.last_at)",
        [(t, *row) for t, row in threads.items()],
    )
    # Not an edit: the text an answer is shown with, once its questions are known.
    # An indexed message leaves the index with its old words and comes back.
    old = [(rowid,) for _, rowid in texts if indexed_upto is not None and rowid <= indexed_upto]
    conn.executemany(
        "INSERT INTO search (search, rowid, body) SELECT 'delete', rowid, body FROM messages"
        " WHERE rowid = ?",
        old,
    )
    conn.executemany("UPDATE messages SET body = ? WHERE rowid = ?", texts)
    conn.executemany(
        "INSERT INTO search (rowid, body) SELECT rowid, body FROM messages WHERE rowid = ?", old
    )


_UNINDEX_SQL = (
    "INSERT INTO search (search, rowid, body)"
    " SELECT 'delete', rowid, body FROM messages WHERE id = ?"
)
# A message shows its author's newest edit; edits by anyone else are ignored.
_APPLY_EDIT_SQL = """
UPDATE messages SET (body, edited_at, e_lamport, e_device) = (
    SELECT e.body, e.at, e.lamport, e.device FROM edits e
    WHERE e.message = messages.id AND e.author = messages.author
    ORDER BY e.lamport DESC, e.device DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM edits e WHERE e.message = messages.id AND e.author = messages.author)
"""


def edited_before(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM edits LIMIT 1").fetchone() is not None


_INDEX_SQL = "INSERT INTO search (rowid, body) SELECT rowid, body FROM messages WHERE id = ?"


_DOCS_SQL = (
    "INSERT OR IGNORE INTO docs (kind, ref, thread, author, at, text) VALUES (?, ?, ?, ?, ?, ?)"
)


def _index_docs(conn: sqlite3.Connection, rows: Rows, *, index: bool = True) -> None:
    """Titles, decisions, action items and agendas, for search (once each)."""
    docs = [("title", r[0], r[0], r[3], r[4], r[2]) for r in rows["thread"]]
    docs += [("decision", r[0], r[1], r[3], r[4], r[2]) for r in rows["decision"]]
    docs += [("action", r[0], r[1], r[5], r[6], r[3]) for r in rows["action"]]
    docs += [
        ("agenda", r[0], r[0], r[2], r[6], "; ".join(msgspec.json.decode(r[4])))
        for r in rows["meeting"]
    ]
    if docs:
        (mark,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM docs").fetchone()
        conn.executemany(_DOCS_SQL, docs)
        if index:
            conn.execute(
                "INSERT INTO docs_search (rowid, text)"
                " SELECT rowid, text FROM docs WHERE rowid > ?",
                (mark,),
            )


def _touch_threads(conn: sqlite3.Connection, rows: Rows) -> None:
    """Keep each thread's last activity and its asks' lives up to date."""
    latest: dict[str, int] = {}
    for row in rows["message"]:
        thread, at = row[1], row[3]
        if at > latest.get(thread, 0):
            latest[thread] = at
    conn.executemany(
        "UPDATE threads SET last_at = max(last_at, ?) WHERE id = ?",
        [(at, thread) for thread, at in latest.items()],
    )
    if not (rows["ask"] or rows["ask_step"] or _any_asks(conn)):
        return
    # A thread's new or edited messages may answer its asks (or be the answer
    # a step named before they arrived); a resolution settles them.
    threads = set(latest)
    edited = [row[4] for row in rows["edit"]]
    for start in range(0, len(edited), 500):
        part = edited[start : start + 500]
        marks = ",".join("?" * len(part))
        threads.update(
            str(t)
            for (t,) in conn.execute(f"SELECT thread FROM messages WHERE id IN ({marks})", part)
        )
    new_asks = [row[0] for row in rows["ask"]]
    if new_asks:
        for start in range(0, len(new_asks), 500):
            part = new_asks[start : start + 500]
            conn.execute(
                ask_fold.FIRST_REPLY_SQL + f" WHERE id IN ({','.join('?' * len(part))})", part
            )
    ask_fold.touched_threads(conn, threads)
    threads.update(row[1] for row in rows["thread_resolve"])
    also = new_asks + [row[1] for row in rows["ask_step"]]
    also += ask_fold.naming(conn, [row[0] for row in rows["message"]])
    ask_fold.restate_threads(conn, threads, also=also)


def _any_asks(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM asks LIMIT 1").fetchone() is not None


# While catching up the messages have no index: a new thread cannot look up
# the replies that came before it, and a message cannot be told from a copy of
# itself read again (a conflicted copy of a journal); finish_catch_up mends both.
_CATCH_UP_SQL = {
    "thread": """INSERT OR IGNORE INTO threads (id, channel, title, author, opened_at, last_at)
        VALUES (?, ?, ?, ?, ?, ?)""",
    "message": """INSERT INTO messages (id, thread, author, at, lamport, device, body, quote)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
}

_DEDUPLICATE_MESSAGES = (
    "DELETE FROM messages WHERE rowid NOT IN (SELECT min(rowid) FROM messages GROUP BY id)"
)
_LAST_ACTIVITY_FROM_MESSAGES = """
UPDATE threads SET last_at = max(threads.last_at, m.last)
FROM (SELECT thread, max(at) AS last FROM messages GROUP BY thread) AS m
WHERE m.thread = threads.id
"""


@dataclass
class CatchUp:
    """What a catch-up keeps in memory from one batch to the next."""

    last_activity: dict[str, int] | None = field(default_factory=dict)
    """Each thread's latest message so far, or None when this catch-up was begun
    by another process (then the messages are read again at the end)."""


def finish_catch_up(conn: sqlite3.Connection, catch_up: CatchUp) -> None:
    """Do once, inside the caller's transaction, what catching up left undone."""
    conn.execute("SAVEPOINT unique_ids")
    try:
        conn.execute(_MESSAGE_INDEX_SQL[0])
    except sqlite3.IntegrityError:
        # A message read twice (a conflicted copy of a journal) went in twice:
        # rare, so it is looked for only when the unique index cannot be built.
        conn.execute("ROLLBACK TO unique_ids")
        conn.execute(_DEDUPLICATE_MESSAGES)
        conn.execute(_MESSAGE_INDEX_SQL[0])
    conn.execute("RELEASE unique_ids")
    for sql in _MESSAGE_INDEX_SQL[1:]:
        conn.execute(sql)
    _checkin_threads(conn, None)
    if catch_up.last_activity is None:
        conn.execute(_LAST_ACTIVITY_FROM_MESSAGES)
    else:
        conn.executemany(
            "UPDATE threads SET last_at = max(last_at, ?) WHERE id = ?",
            [(at, thread) for thread, at in catch_up.last_activity.items()],
        )
    conn.execute(_APPLY_EDIT_SQL + " AND id IN (SELECT message FROM edits)")
    conn.execute(ask_fold.FIRST_REPLY_SQL)
    ask_fold.restate(conn, None)
    # One pass over every message: cheaper than indexing them batch by batch.
    conn.execute("INSERT INTO search (search) VALUES ('rebuild')")
    conn.execute("INSERT INTO docs_search (docs_search) VALUES ('rebuild')")


_MESSAGE_INDEX_SQL = [sql for sql in MESSAGE_INDEXES.split(";") if sql.strip()]
