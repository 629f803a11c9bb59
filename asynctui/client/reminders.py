"""Check-in reminders: once per occurrence, and only inside my working time.

A question of a check-in that has reached me and is still unanswered earns
one reminder, given the first time the client may interrupt me (see
``attention.may_notify``: my own hours, not focus, off or out of office).
Which reminders were given is kept in the replica's ``reminders`` table: local
to this device like drafts, so a rebuild does not give them again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from asynctui.client.attention import may_notify
from asynctui.client.fold import ms
from asynctui.client.rituals import Checkin, Expected, pending_checkins
from asynctui.client.team import Team

__all__ = ["Reminder", "due_reminders", "mark_reminded"]


@dataclass(frozen=True)
class Reminder:
    checkin: Checkin
    day: date
    mine: Expected

    @property
    def key(self) -> str:
        return f"checkin:{self.checkin.id}:{self.day.isoformat()}"

    @property
    def text(self) -> str:
        return f"{self.checkin.title}: your answers are waiting ({self.checkin.questions[0]})"


def due_reminders(
    db: sqlite3.Connection,
    team: Team,
    me: str,
    now: datetime,
    pending: Sequence[tuple[Checkin, Expected, date]] | None = None,
) -> list[Reminder]:
    """Reminders to give now: none at all while I may not be interrupted.
    ``pending``: ``pending_checkins`` at ``now``, if the caller has it already."""
    if not may_notify(team.calendar(me), team.status(me, now), now):
        return []
    given = {str(k) for (k,) in db.execute("SELECT key FROM reminders")}
    if pending is None:
        pending = pending_checkins(db, team, me, now)
    found = [Reminder(ci, day, mine) for ci, mine, day in pending]
    return [r for r in found if r.key not in given]


def mark_reminded(db: sqlite3.Connection, reminder: Reminder, now: datetime) -> None:
    db.execute("INSERT OR IGNORE INTO reminders (key, at) VALUES (?, ?)", (reminder.key, ms(now)))
