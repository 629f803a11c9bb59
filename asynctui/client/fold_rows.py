"""What each kind of event writes into the replica: its rows, and the SQL that stores them.

A handler turns one event into rows under a statement's name; the fold runs each
statement once per batch with ``executemany``, in ``ORDER``. Rows are inserted
once by id, and last-writer-wins rows only change for a greater ``(lamport,
device)``, so repeating an event or reordering a batch changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import msgspec

from asynctui.core import events as ev
from asynctui.core.events import Event

__all__ = ["HANDLERS", "ORDER", "SQL", "Rows", "answers_text", "ms"]

_hours_encoder = msgspec.json.Encoder()


def ms(instant: datetime) -> int:
    """An aware datetime as integer epoch milliseconds."""
    return int(instant.timestamp() * 1000)


_MOST = 2**62
"""A window's amount as the replica keeps it: any window this long is never due,
and one past 2**63 (from a journal, or a server before it refused them) would
stop every fold with an OverflowError."""


def _amount(window: Any) -> int:
    return min(int(window.amount), _MOST)


Rows = dict[str, list[tuple[Any, ...]]]
_Handler = Callable[[Event, Any, int, Rows], None]


def _profile(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["profile"].append((e.author, b.name, b.handle, b.tz, at, e.lamport, e.device))


def _hours(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["hours"].append((e.author, _hours_encoder.encode(b.hours), e.lamport, e.device))


def _status(e: Event, b: Any, at: int, rows: Rows) -> None:
    until = ms(b.until) if b.until is not None else None
    rows["status"].append(
        (e.id, e.author, at, e.lamport, e.device, b.state, b.text, b.emoji, until)
    )


def _channel(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["channel"].append((b.channel, b.name, b.topic, at, e.lamport, e.device, int(b.private)))
    if b.private:
        rows["channel_member"].extend((b.channel, m) for m in {e.author, *b.members})


def _thread(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["thread"].append((b.thread, b.channel, b.title, e.author, at, at))
    rows["message"].append((b.message, b.thread, e.author, at, e.lamport, e.device, b.body, None))


def _message(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["message"].append(
        (b.message, b.thread, e.author, at, e.lamport, e.device, b.body, b.quote)
    )
    if b.item is not None:
        rows["contribution"].append((b.message, b.thread, b.item, e.author, at))


def _edit(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["edit"].append((b.body, at, e.lamport, e.device, b.message, e.author))


def _reaction(present: int) -> _Handler:
    def add(e: Event, b: Any, at: int, rows: Rows) -> None:
        rows["reaction"].append((b.message, e.author, b.emoji, present, e.lamport, e.device))

    return add


def _resolve(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["resolve"].append((int(b.resolved), e.lamport, e.device, b.thread))
    if b.resolved:
        rows["thread_resolve"].append((e.id, b.thread, e.author, at, e.lamport, e.device))


def _ask(e: Event, b: Any, at: int, rows: Rows) -> None:
    amount = _amount(b.within)
    rows["ask"].append(
        (b.ask, b.thread, e.author, b.asked, at, e.lamport, e.device, amount, b.within.unit)
    )


def _ask_step(kind: str) -> _Handler:
    """A step in an ask's life, as one row of ``ask_steps`` (what it does not carry is null)."""

    def add(e: Event, b: Any, at: int, rows: Rows) -> None:
        until = getattr(b, "by", None)
        within = getattr(b, "within", None)
        rows["ask_step"].append(
            (
                e.id, b.ask, kind, e.author, at, e.lamport, e.device,
                getattr(b, "message", None),
                None if until is None else ms(until),
                getattr(b, "to", None),
                None if within is None else _amount(within),
                None if within is None else within.unit,
                getattr(b, "note", "") or getattr(b, "reason", ""),
            )
        )  # fmt: skip

    return add


def _attention(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["attention"].append((e.author, b.target, b.scope, b.mode, e.lamport, e.device))


def _snooze(e: Event, b: Any, at: int, rows: Rows) -> None:
    until = None if b.until is None else ms(b.until)
    rows["snooze"].append((e.author, b.target, until, at, e.lamport, e.device))


def _read(e: Event, b: Any, at: int, rows: Rows) -> None:
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


def _checkin(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["checkin"].append(
        (b.checkin, b.channel, b.title, e.author, _json(b.questions), _json(b.schedule),
         _json(b.members), _amount(b.within), b.within.unit, at)
    )  # fmt: skip


def _checkin_answer(e: Event, b: Any, at: int, rows: Rows) -> None:
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


def _checkin_stop(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["checkin_stop"].append((b.checkin, e.author, at))


def _meeting(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["thread"].append((b.thread, b.channel, b.title, e.author, at, at))
    rows["message"].append((b.message, b.thread, e.author, at, e.lamport, e.device, b.goal, None))
    rows["meeting"].append(
        (b.thread, b.channel, e.author, b.goal, _json(b.agenda), _json(b.participants), at,
         None if b.deadline is None else ms(b.deadline),
         None if b.within is None else _amount(b.within),
         None if b.within is None else b.within.unit)
    )  # fmt: skip


def _meeting_close(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["meeting_close"].append((b.thread, e.author, at, b.outcome, e.lamport, e.device))


def _decision(e: Event, b: Any, at: int, rows: Rows) -> None:
    rows["decision"].append(
        (b.decision, b.thread, b.text, e.author, at, _json(b.messages),
         _json(b.deciders or (e.author,)))
    )  # fmt: skip


def _action(e: Event, b: Any, at: int, rows: Rows) -> None:
    due = None if b.due is None else ms(b.due)
    rows["action"].append((b.action, b.thread, b.message, b.text, b.owner, e.author, at, due))


def _action_done(e: Event, b: Any, at: int, rows: Rows) -> None:
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
    ev.AskCancelled: _ask_step("withdraw"),
    ev.AskAnswered: _ask_step("answer"),
    ev.AskReopened: _ask_step("reopen"),
    ev.AskAcknowledged: _ask_step("ack"),
    ev.AskDeclined: _ask_step("decline"),
    ev.AskHandedOff: _ask_step("hand"),
    ev.AttentionSet: _attention,
    ev.SnoozeSet: _snooze,
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

SQL = {
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
    "thread_resolve": """INSERT OR IGNORE INTO thread_resolves
        (id, thread, author, at, lamport, device) VALUES (?, ?, ?, ?, ?, ?)""",
    # Its life so far is the ask as made; the fold restates it (client.ask_fold).
    "ask": """INSERT OR IGNORE INTO asks
        (id, thread, asker, origin, at, lamport, device, o_amount, o_unit,
         asked, start, amount, unit)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?4, ?5, ?8, ?9)""",
    "ask_step": """INSERT OR IGNORE INTO ask_steps
        (id, ask, kind, author, at, lamport, device, message, until, person, amount, unit, note)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
    "attention": f"""INSERT INTO attention (member, target, scope, mode, lamport, device)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(member, target) DO UPDATE SET scope = excluded.scope,
            mode = excluded.mode, lamport = excluded.lamport, device = excluded.device
        WHERE {_NEWER.format(t="attention")}""",
    "snooze": f"""INSERT INTO snoozes (member, target, until, at, lamport, device)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(member, target) DO UPDATE SET until = excluded.until, at = excluded.at,
            lamport = excluded.lamport, device = excluded.device
        WHERE {_NEWER.format(t="snoozes")}""",
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

ORDER = (
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
    "thread_resolve",
    "ask",
    "ask_step",
    "attention",
    "snooze",
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
