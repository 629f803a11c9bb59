"""Async meetings read from the replica: who has contributed to which agenda item, and
by when the rest is due on each participant's own calendar."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import msgspec

from asynctui.client.fold import ms
from asynctui.client.team import Team, instant
from asynctui.core.expectations import Urgency, urgency
from asynctui.core.hours import Window

__all__ = [
    "Meeting",
    "Participation",
    "contributions",
    "meeting",
    "meeting_due",
    "meetings",
    "participation",
    "waiting_meetings",
]

_strings = msgspec.json.Decoder(tuple[str, ...])


@dataclass(frozen=True)
class Meeting:
    thread: str
    channel: str
    channel_name: str
    title: str
    owner: str
    goal: str
    agenda: tuple[str, ...]
    participants: tuple[str, ...]
    opened_at: datetime
    deadline: datetime | None
    within: Window | None
    closed_at: datetime | None
    outcome: str


@dataclass(frozen=True)
class Participation:
    """What one participant has given to a meeting, and by when the rest is due."""

    member: str
    items: tuple[bool, ...]
    """Per agenda item: whether they have contributed to it."""
    due: datetime | None
    urgency: Urgency
    """'answered' once every item has a contribution of theirs."""

    @property
    def missing(self) -> list[int]:
        return [n for n, done in enumerate(self.items) if not done]


_MEETING_SQL = """SELECT m.thread, m.channel, coalesce(c.name, m.channel), t.title, m.owner,
    m.goal, m.agenda, m.participants, m.opened_at, m.deadline, m.amount, m.unit,
    x.at, coalesce(x.outcome, '')
    FROM meetings m JOIN threads t ON t.id = m.thread
    LEFT JOIN channels c ON c.id = m.channel
    LEFT JOIN meeting_closes x ON x.thread = m.thread AND x.member = m.owner"""


def _meeting(row: tuple[object, ...]) -> Meeting:
    (thread, channel, name, title, owner, goal, agenda, people, opened, deadline,
     amount, unit, closed, outcome) = row  # fmt: skip
    within = None if amount is None else Window(int(amount), unit)  # type: ignore[call-overload, arg-type]
    return Meeting(
        str(thread), str(channel), str(name), str(title), str(owner), str(goal),
        _strings.decode(str(agenda)), _strings.decode(str(people)),
        instant(int(opened)),  # type: ignore[call-overload]
        None if deadline is None else instant(int(deadline)),  # type: ignore[call-overload]
        within,
        None if closed is None else instant(int(closed)),  # type: ignore[call-overload]
        str(outcome),
    )  # fmt: skip


def meetings(db: sqlite3.Connection, *, open_only: bool = False) -> list[Meeting]:
    found = [_meeting(r) for r in db.execute(_MEETING_SQL + " ORDER BY m.opened_at DESC")]
    return [m for m in found if not (open_only and m.closed_at is not None)]


def meeting(db: sqlite3.Connection, thread: str) -> Meeting | None:
    row = db.execute(_MEETING_SQL + " WHERE m.thread = ?", (thread,)).fetchone()
    return None if row is None else _meeting(row)


def meeting_due(team: Team, m: Meeting, member: str) -> datetime | None:
    """A participant's deadline: the fixed one, or ``within`` on their calendar."""
    if m.within is not None:
        counted = team.calendar(member).add(m.opened_at, m.within)
        if m.deadline is not None and counted is not None:
            return min(counted, m.deadline)
        return counted
    return m.deadline


def participation(
    db: sqlite3.Connection, team: Team, m: Meeting, now: datetime, *, only: str | None = None
) -> list[Participation]:
    """Each participant's part (``only``: that one's, when among them)."""
    given: dict[str, set[int]] = {}
    for author, item in db.execute(
        "SELECT author, item FROM contributions WHERE thread = ? AND at <= ?",
        (m.thread, ms(now)),
    ):
        given.setdefault(str(author), set()).add(int(item))
    out = []
    for member in m.participants:
        if only is not None and member != only:
            continue
        items = tuple(n in given.get(member, set()) for n in range(len(m.agenda)))
        due = meeting_due(team, m, member)
        if all(items):
            level: Urgency = "answered"
        elif m.closed_at is not None:
            level = "answered" if due is None or m.closed_at <= due else "overdue"
        else:
            level = urgency(due, None, now) if due is not None else "open"
        out.append(Participation(member, items, due, level))
    return out


def contributions(db: sqlite3.Connection, thread: str) -> dict[str, int]:
    """Message id -> the agenda item (from 0) it contributes to, in a meeting's thread."""
    return {
        str(message): int(item)
        for message, item in db.execute(
            "SELECT message, item FROM contributions WHERE thread = ?", (thread,)
        )
    }


def waiting_meetings(
    db: sqlite3.Connection, team: Team, me: str, now: datetime
) -> list[tuple[Meeting, Participation]]:
    """Open meetings still expecting a contribution of mine, soonest due first."""
    out = []
    for m in meetings(db, open_only=True):
        if me not in m.participants:
            continue
        (mine,) = participation(db, team, m, now, only=me)
        if mine.missing:
            out.append((m, mine))
    out.sort(key=lambda x: (x[1].due is None, x[1].due or now))
    return out
