"""Folding events into the replica's tables.

Every step is idempotent and independent of arrival order: rows are inserted
once by id, last-writer-wins rows only change for a greater ``(lamport,
device)``, and derived facts (an ask's answer, a thread's last activity) are
recomputed for what a batch touched. So a batch may repeat events, and
journals may arrive in any order: the result is the same.

Events are grouped by kind and written with ``executemany``, which is what
keeps a fold of a million events in the range of seconds.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import msgspec

from asynctui.client.schema import MESSAGE_INDEXES
from asynctui.core import events as ev
from asynctui.core.events import Event

_hours_encoder = msgspec.json.Encoder()


def ms(instant: datetime) -> int:
    """An aware datetime as integer epoch milliseconds."""
    return int(instant.timestamp() * 1000)


@dataclass
class FoldResult:
    applied: int
    max_lamport: int


_Rows = dict[str, list[tuple[Any, ...]]]
_Handler = Callable[[Event, Any, int, _Rows], None]


def _profile(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["profile"].append((e.author, b.name, b.handle, b.tz, at, e.lamport, e.device))


def _hours(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["hours"].append((e.author, _hours_encoder.encode(b.hours), e.lamport, e.device))


def _status(e: Event, b: Any, at: int, rows: _Rows) -> None:
    until = ms(b.until) if b.until is not None else None
    rows["status"].append(
        (e.id, e.author, at, e.lamport, e.device, b.state, b.text, b.emoji, until)
    )


def _channel(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["channel"].append((b.channel, b.name, b.topic, at, e.lamport, e.device, int(b.private)))
    if b.private:
        rows["channel_member"].extend((b.channel, m) for m in {e.author, *b.members})


def _thread(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["thread"].append((b.thread, b.channel, b.title, e.author, at, at))
    rows["message"].append((b.message, b.thread, e.author, at, e.lamport, e.device, b.body, None))


def _message(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["message"].append(
        (b.message, b.thread, e.author, at, e.lamport, e.device, b.body, b.quote)
    )
    if b.item is not None:
        rows["contribution"].append((b.message, b.thread, b.item, e.author, at))


def _edit(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["edit"].append((b.body, at, e.lamport, e.device, b.message, e.author))


def _reaction(present: int) -> _Handler:
    def add(e: Event, b: Any, at: int, rows: _Rows) -> None:
        rows["reaction"].append((b.message, e.author, b.emoji, present, e.lamport, e.device))

    return add


def _resolve(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["resolve"].append((int(b.resolved), e.lamport, e.device, b.thread))


def _ask(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["ask"].append(
        (
            b.ask,
            b.thread,
            e.author,
            b.asked,
            at,
            e.lamport,
            e.device,
            b.within.amount,
            b.within.unit,
        )
    )


def _cancel(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["cancel"].append((b.ask, e.author))


def _read(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["read"].append((b.thread, e.author, ms(b.upto)))


def _json(value: Any) -> str:
    return _hours_encoder.encode(value).decode()


def answers_text(questions: Sequence[str], answers: Sequence[str]) -> str:
    """A member's check-in answers as the message others read in the thread."""
    lines = []
    for n, answer in enumerate(answers):
        question = questions[n] if n < len(questions) else f"Answer {n + 1}"
        lines.append(f"{question}\n  " + answer.strip().replace("\n", "\n  "))
    return "\n".join(lines)


def _checkin(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["checkin"].append(
        (b.checkin, b.channel, b.title, e.author, _json(b.questions), _json(b.schedule),
         _json(b.members), b.within.amount, b.within.unit, at)
    )  # fmt: skip


def _checkin_answer(e: Event, b: Any, at: int, rows: _Rows) -> None:
    day = b.day.isoformat()
    rows["checkin_answer"].append(
        (b.message, b.checkin, day, e.author, at, e.lamport, e.device, _json(b.answers))
    )
    # The message's text needs the questions, which may not have arrived yet:
    # it is written once both are known (_checkin_threads).
    rows["message"].append(
        (b.message, b.thread, e.author, at, e.lamport, e.device,
         answers_text((), b.answers), None)
    )  # fmt: skip


def _checkin_stop(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["checkin_stop"].append((b.checkin, e.author, at))


def _meeting(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["thread"].append((b.thread, b.channel, b.title, e.author, at, at))
    rows["message"].append((b.message, b.thread, e.author, at, e.lamport, e.device, b.goal, None))
    rows["meeting"].append(
        (b.thread, b.channel, e.author, b.goal, _json(b.agenda), _json(b.participants), at,
         None if b.deadline is None else ms(b.deadline),
         None if b.within is None else b.within.amount,
         None if b.within is None else b.within.unit)
    )  # fmt: skip


def _meeting_close(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["meeting_close"].append((b.thread, e.author, at, b.outcome, e.lamport, e.device))


def _decision(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["decision"].append(
        (b.decision, b.thread, b.text, e.author, at, _json(b.messages),
         _json(b.deciders or (e.author,)))
    )  # fmt: skip


def _action(e: Event, b: Any, at: int, rows: _Rows) -> None:
    due = None if b.due is None else ms(b.due)
    rows["action"].append((b.action, b.thread, b.message, b.text, b.owner, e.author, at, due))


def _action_done(e: Event, b: Any, at: int, rows: _Rows) -> None:
    rows["action_state"].append((b.action, int(b.done), e.author, at, e.lamport, e.device))


HANDLERS: dict[type[ev.Payload], _Handler] = {
    ev.ProfileSet: _profile,
    ev.HoursSet: _hours,
    ev.StatusSet: _status,
    ev.ChannelCreated: _channel,
    ev.ThreadOpened: _thread,
    ev.MessagePosted: _message,
    ev.MessageEdited: _edit,
    ev.ReactionAdded: _reaction(1),
    ev.ReactionRemoved: _reaction(0),
    ev.ThreadResolved: _resolve,
    ev.AskCreated: _ask,
    ev.AskCancelled: _cancel,
    ev.ReadMarked: _read,
    ev.CheckinCreated: _checkin,
    ev.CheckinAnswered: _checkin_answer,
    ev.CheckinStopped: _checkin_stop,
    ev.MeetingOpened: _meeting,
    ev.MeetingClosed: _meeting_close,
    ev.DecisionMade: _decision,
    ev.ActionCreated: _action,
    ev.ActionDone: _action_done,
}
"""The replica's one fold handler for each kind of event."""

_NEWER = "(excluded.lamport, excluded.device) > ({t}.lamport, {t}.device)"

_SQL = {
    # joined_at is the earliest profile seen, whatever order profiles arrive in;
    # the rest is last writer wins.
    "profile": f"""INSERT INTO members (id, name, handle, tz, joined_at, lamport, device)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET
            name = iif({_NEWER.format(t="members")}, excluded.name, members.name),
            handle = iif({_NEWER.format(t="members")}, excluded.handle, members.handle),
            tz = iif({_NEWER.format(t="members")}, excluded.tz, members.tz),
            joined_at = min(members.joined_at, excluded.joined_at),
            device = iif({_NEWER.format(t="members")}, excluded.device, members.device),
            lamport = iif({_NEWER.format(t="members")}, excluded.lamport, members.lamport)""",
    "hours": f"""INSERT INTO hours (member, doc, lamport, device) VALUES (?, ?, ?, ?)
        ON CONFLICT(member) DO UPDATE SET doc = excluded.doc, lamport = excluded.lamport,
            device = excluded.device
        WHERE {_NEWER.format(t="hours")}""",
    "status": """INSERT OR IGNORE INTO statuses
        (id, member, at, lamport, device, state, text, emoji, until)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    # Two people may create one channel at once: the earliest creation time
    # stands, the newest topic wins.
    "channel": f"""INSERT INTO channels (id, name, topic, created_at, lamport, device, private)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET
            private = max(channels.private, excluded.private),
            topic = iif({_NEWER.format(t="channels")}, excluded.topic, channels.topic),
            created_at = min(channels.created_at, excluded.created_at),
            device = iif({_NEWER.format(t="channels")}, excluded.device, channels.device),
            lamport = iif({_NEWER.format(t="channels")}, excluded.lamport, channels.lamport)""",
    # A reply can arrive before the thread it answers (journals sync in any
    # order), so a new thread starts from the latest message already known.
    "channel_member": "INSERT OR IGNORE INTO channel_members (channel, member) VALUES (?, ?)",
    "thread": """INSERT OR IGNORE INTO threads (id, channel, title, author, opened_at, last_at)
        VALUES (?1, ?2, ?3, ?4, ?5,
            max(?6, coalesce((SELECT max(at) FROM messages WHERE thread = ?1), 0)))""",
    "message": """INSERT OR IGNORE INTO messages
        (id, thread, author, at, lamport, device, body, quote)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
    "edit": """INSERT OR IGNORE INTO edits (body, at, lamport, device, message, author)
        VALUES (?, ?, ?, ?, ?, ?)""",
    "reaction": f"""INSERT INTO reactions (message, member, emoji, present, lamport, device)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(message, member, emoji) DO UPDATE SET present = excluded.present,
            lamport = excluded.lamport, device = excluded.device
        WHERE {_NEWER.format(t="reactions")}""",
    "resolve": f"""INSERT INTO resolutions (resolved, lamport, device, thread)
        VALUES (?, ?, ?, ?)
        ON CONFLICT(thread) DO UPDATE SET resolved = excluded.resolved,
            lamport = excluded.lamport, device = excluded.device
        WHERE {_NEWER.format(t="resolutions")}""",
    "ask": """INSERT OR IGNORE INTO asks
        (id, thread, asker, asked, at, lamport, device, amount, unit)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    "cancel": "INSERT OR IGNORE INTO cancels (ask, member) VALUES (?, ?)",
    "read": """INSERT INTO reads (thread, member, upto) VALUES (?, ?, ?)
        ON CONFLICT(thread, member) DO UPDATE SET upto = max(reads.upto, excluded.upto)""",
    "contribution": """INSERT OR IGNORE INTO contributions (message, thread, item, author, at)
        VALUES (?, ?, ?, ?, ?)""",
    "checkin": """INSERT OR IGNORE INTO checkins
        (id, channel, title, author, questions, schedule, members, amount, unit, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    "checkin_answer": """INSERT OR IGNORE INTO checkin_answers
        (message, checkin, day, author, at, lamport, device, answers)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
    "checkin_stop": """INSERT INTO checkin_stops (checkin, member, at) VALUES (?, ?, ?)
        ON CONFLICT(checkin, member) DO UPDATE SET at = min(checkin_stops.at, excluded.at)""",
    "meeting": """INSERT OR IGNORE INTO meetings
        (thread, channel, owner, goal, agenda, participants, opened_at, deadline, amount, unit)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    "meeting_close": f"""INSERT INTO meeting_closes (thread, member, at, outcome, lamport, device)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(thread, member) DO UPDATE SET at = excluded.at, outcome = excluded.outcome,
            lamport = excluded.lamport, device = excluded.device
        WHERE {_NEWER.format(t="meeting_closes")}""",
    "decision": """INSERT OR IGNORE INTO decisions
        (id, thread, text, author, at, messages, deciders) VALUES (?, ?, ?, ?, ?, ?, ?)""",
    "action": """INSERT OR IGNORE INTO actions
        (id, thread, message, text, owner, author, at, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
    "action_state": f"""INSERT INTO action_states (action, done, member, at, lamport, device)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(action) DO UPDATE SET done = excluded.done, member = excluded.member,
            at = excluded.at, lamport = excluded.lamport, device = excluded.device
        WHERE {_NEWER.format(t="action_states")}""",
}

_ORDER = (
    "profile",
    "hours",
    "status",
    "channel",
    "channel_member",
    "message",
    "thread",
    "edit",
    "reaction",
    "resolve",
    "ask",
    "cancel",
    "read",
    "contribution",
    "checkin",
    "checkin_answer",
    "checkin_stop",
    "meeting",
    "meeting_close",
    "decision",
    "action",
    "action_state",
)

# The first reply by the asked person that comes after the ask in log order
# answers it. A new ask looks for that reply among the messages already known;
# a new message answers the open asks of its author in its thread that came
# before it, or takes the place of a later answer that arrived first. Both are
# "the earliest one wins", so arrival order does not matter, and neither walks
# a thread's whole history.
_ANSWER_ASK_SQL = """
UPDATE asks SET (answered_by, answered_at) = (
    SELECT m.id, m.at FROM messages m
    WHERE m.thread = asks.thread AND m.author = asks.asked
      AND (m.lamport, m.device, m.id) > (asks.lamport, asks.device, asks.id)
    ORDER BY m.lamport, m.device, m.id LIMIT 1)
"""
_ANSWER_NEW_ASK_SQL = _ANSWER_ASK_SQL + " WHERE id = ?"
_ANSWER_BY_MESSAGE_SQL = """
UPDATE asks SET answered_by = ?1, answered_at = ?2
WHERE thread = ?3 AND asked = ?4
  AND (lamport, device, id) < (?5, ?6, ?1)
  AND (answered_by IS NULL
       OR (SELECT m.lamport, m.device, m.id FROM messages m WHERE m.id = asks.answered_by)
          > (?5, ?6, ?1))
"""


def fold(
    conn: sqlite3.Connection, batch: Sequence[Event], catch_up: CatchUp | None = None
) -> FoldResult:
    """Apply ``batch`` inside the caller's transaction.

    With ``catch_up``, the first-sync path (see ``Replica.begin_catch_up``): the
    rows go in as they are, without the messages' indexes or the search index,
    and what depends on other events (answers, edits, last activity, duplicate
    messages, the index) is left to :func:`finish_catch_up`, done once at the end.
    """
    rows: _Rows = defaultdict(list)
    max_lamport = 0
    for e in batch:
        body = e.body
        # The time a server received it, when the author's claim is implausible.
        at = int(e.when.timestamp() * 1000)
        HANDLERS[type(body)](e, body, at, rows)
        if e.lamport > max_lamport:
            max_lamport = e.lamport
    if catch_up is not None:
        for name in _ORDER:
            if rows[name]:
                conn.executemany(_CATCH_UP_SQL.get(name, _SQL[name]), rows[name])
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
    for name in _ORDER:
        if rows[name]:
            conn.executemany(_SQL[name], rows[name])
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
        name = f"{title} · {when:%a} {when.day} {when:%b %Y}"
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


def _touch_threads(conn: sqlite3.Connection, rows: _Rows) -> None:
    """Keep each thread's last activity and its asks' answers up to date."""
    latest: dict[str, int] = {}
    for row in rows["message"]:
        thread, at = row[1], row[3]
        if at > latest.get(thread, 0):
            latest[thread] = at
    conn.executemany(
        "UPDATE threads SET last_at = max(last_at, ?) WHERE id = ?",
        [(at, thread) for thread, at in latest.items()],
    )
    if rows["ask"]:
        conn.executemany(_ANSWER_NEW_ASK_SQL, [(row[0],) for row in rows["ask"]])
    if rows["message"] and _any_asks(conn):
        # message row: (id, thread, author, at, lamport, device, body, quote)
        conn.executemany(
            _ANSWER_BY_MESSAGE_SQL, [(r[0], r[3], r[1], r[2], r[4], r[5]) for r in rows["message"]]
        )


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
    conn.execute(_ANSWER_ASK_SQL)
    # One pass over every message: cheaper than indexing them batch by batch.
    conn.execute("INSERT INTO search (search) VALUES ('rebuild')")


_MESSAGE_INDEX_SQL = [sql for sql in MESSAGE_INDEXES.split(";") if sql.strip()]
