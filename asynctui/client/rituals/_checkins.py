"""Check-ins read from the replica: who is asked each occurrence, who answered, who is late.

A check-in's question reaches each member at the schedule's time in *their*
zone, so one occurrence (one date) starts at different instants for different
people; someone on time off, out of office or not working that day is
skipped, not counted late.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import msgspec

from asynctui.client.team import Team, instant
from asynctui.core.events import occurrence_thread
from asynctui.core.hours import Window
from asynctui.core.schedule import Schedule, latest, next_after, start_of, wall_instant

__all__ = [
    "DEFAULT_QUESTIONS",
    "DEFAULT_WITHIN",
    "BEFORE_START",
    "LOOK_AHEAD",
    "Checkin",
    "Expected",
    "ExpectedState",
    "Occurrence",
    "checkin",
    "checkins",
    "current_day",
    "expected",
    "find_checkin",
    "first_reach",
    "occurrence",
    "pending_checkins",
]

DEFAULT_QUESTIONS = ("What did you finish?", "What's next?", "Anything blocking you?")
"""What a new check-in asks unless told otherwise (the CLI and the TUI)."""
DEFAULT_WITHIN = Window(4, "h")
"""How long each member has to answer a new check-in, on their own calendar."""

_schedule = msgspec.json.Decoder(Schedule)
_strings = msgspec.json.Decoder(tuple[str, ...])


@dataclass(frozen=True)
class Checkin:
    id: str
    channel: str
    channel_name: str
    title: str
    author: str
    questions: tuple[str, ...]
    schedule: Schedule
    members: tuple[str, ...]
    within: Window
    created_at: datetime
    stopped: bool


ExpectedState = Literal["answered", "pending", "overdue", "skipped", "upcoming"]


@dataclass(frozen=True)
class Expected:
    """One member in one occurrence of a check-in."""

    member: str
    state: ExpectedState
    starts: datetime
    """When the question reaches them: the schedule's time in their zone."""
    due: datetime | None
    """When their answer is due, on their calendar; None if skipped or never."""
    reason: str = ""
    """Why they are skipped: 'time off', 'out of office', 'not working that day'."""
    answered_at: datetime | None = None
    answers: tuple[str, ...] = ()
    late: bool = False
    """Answered after the due time."""


@dataclass(frozen=True)
class Occurrence:
    checkin: Checkin
    day: date
    people: tuple[Expected, ...]

    @property
    def thread(self) -> str:
        return occurrence_thread(self.checkin.id, self.day)

    def who(self, *states: ExpectedState) -> list[Expected]:
        return [p for p in self.people if p.state in states]


_CHECKIN_SQL = """SELECT k.id, k.channel, coalesce(c.name, k.channel), k.title, k.author,
    k.questions, k.schedule, k.members, k.amount, k.unit, k.created_at,
    EXISTS (SELECT 1 FROM checkin_stops s WHERE s.checkin = k.id AND s.member = k.author)
    FROM checkins k LEFT JOIN channels c ON c.id = k.channel"""


def _checkin(row: tuple[object, ...]) -> Checkin:
    cid, channel, name, title, author, questions, schedule, members, amount, unit, at, stop = row
    return Checkin(
        str(cid), str(channel), str(name), str(title), str(author),
        _strings.decode(str(questions)), _schedule.decode(str(schedule)),
        _strings.decode(str(members)), Window(int(amount), unit),  # type: ignore[call-overload, arg-type]
        instant(int(at)), bool(stop),  # type: ignore[call-overload]
    )  # fmt: skip


def checkins(db: sqlite3.Connection, *, running_only: bool = False) -> list[Checkin]:
    found = [_checkin(r) for r in db.execute(_CHECKIN_SQL + " ORDER BY k.created_at, k.id")]
    return [c for c in found if not (running_only and c.stopped)]


def checkin(db: sqlite3.Connection, checkin_id: str) -> Checkin | None:
    row = db.execute(_CHECKIN_SQL + " WHERE k.id = ?", (checkin_id,)).fetchone()
    return None if row is None else _checkin(row)


def find_checkin(db: sqlite3.Connection, text: str) -> Checkin | None:
    """A check-in by id, by its title (any case), by the start of its id, or by
    the end of it (what lists show; four characters at least)."""
    wanted = text.strip().lower()
    found = checkins(db)
    for hits in (
        [c for c in found if c.id.lower() == wanted],
        [c for c in found if c.title.lower() == wanted],
        [c for c in found if wanted and c.id.lower().startswith(wanted)],
        [c for c in found if len(wanted) >= 4 and c.id.lower().endswith(wanted)],
    ):
        if len(hits) == 1:
            return hits[0]
    return None


def _members(ci: Checkin, team: Team) -> tuple[str, ...]:
    return ci.members or tuple(m.id for m in team.sorted_members())


def current_day(ci: Checkin, team: Team, now: datetime) -> date | None:
    """The newest occurrence that has reached at least one member at ``now``."""
    days = [
        found[0]
        for member in _members(ci, team)
        if (found := latest(ci.schedule, team.tz(member), now)) is not None
        and _asked(team, ci, member, found[1])
    ]
    return max(days) if days else None


def _answers(db: sqlite3.Connection, ci: Checkin, day: date) -> dict[str, tuple[int, str]]:
    """Each member's first answer to the occurrence: (at, answers as JSON)."""
    out: dict[str, tuple[int, str]] = {}
    for author, at, answers in db.execute(
        "SELECT author, at, answers FROM checkin_answers WHERE checkin = ? AND day = ?"
        " ORDER BY lamport, device, message",
        (ci.id, day.isoformat()),
    ):
        out.setdefault(str(author), (int(at), str(answers)))
    return out


BEFORE_START = "before the check-in began"
"""Why an occurrence is not asked of a member: it came, and its answer was due,
before the check-in was created."""


def _asked(team: Team, ci: Checkin, member: str, starts: datetime) -> bool:
    """Whether the occurrence that reaches ``member`` at ``starts`` is theirs to
    answer: it comes after the check-in was created, or could still be answered
    in time then (created at 10:00, it asks that morning's 09:30 question;
    created at 16:00, it does not, and nobody is overdue the moment it exists)."""
    if starts >= ci.created_at:
        return True
    due = team.calendar(member).add(starts, ci.within)
    return due is not None and due > ci.created_at


def _skip_reason(team: Team, member: str, day: date, starts: datetime) -> str:
    """Why ``member`` is not expected to answer on ``day``, or ''."""
    hours = team.hours(member)
    if any(off.first <= day <= off.last for off in hours.time_off):
        return "time off"
    status = team.status_at(member, starts)
    if status is not None and status.state == "ooo":
        return "out of office"
    tz = team.tz(member)
    first, last = wall_instant(day, 0, tz), wall_instant(day + timedelta(days=1), 0, tz)
    if not team.calendar(member).intervals(first, last):
        return "not working that day"
    return ""


def expected(
    db: sqlite3.Connection, team: Team, ci: Checkin, day: date, member: str, now: datetime,
    answers: dict[str, tuple[int, str]] | None = None,
) -> Expected:  # fmt: skip
    answers = _answers(db, ci, day) if answers is None else answers
    starts = start_of(ci.schedule, day, team.tz(member))
    answered = answers.get(member)
    reason = _skip_reason(team, member, day, starts) if _asked(team, ci, member, starts) else (
        BEFORE_START
    )  # fmt: skip
    due = None if reason else team.calendar(member).add(starts, ci.within)
    if answered is not None:
        at = instant(answered[0])
        if at <= now:
            late = due is not None and at > due
            return Expected(
                member, "answered", starts, due, reason, at, _strings.decode(answered[1]), late
            )
    if reason:
        return Expected(member, "skipped", starts, None, reason)
    if now < starts:
        return Expected(member, "upcoming", starts, due)
    if due is not None and now >= due:
        return Expected(member, "overdue", starts, due)
    return Expected(member, "pending", starts, due)


def occurrence(
    db: sqlite3.Connection, team: Team, ci: Checkin, day: date, now: datetime
) -> Occurrence:
    answers = _answers(db, ci, day)
    people = tuple(
        expected(db, team, ci, day, member, now, answers) for member in _members(ci, team)
    )
    return Occurrence(ci, day, people)


def pending_checkins(
    db: sqlite3.Connection, team: Team, me: str, now: datetime
) -> list[tuple[Checkin, Expected, date]]:
    """Check-ins whose current question waits for my answer (pending or overdue)."""
    out = []
    for ci in checkins(db, running_only=True):
        if me not in _members(ci, team):
            continue
        found = latest(ci.schedule, team.tz(me), now)
        if found is None or not _asked(team, ci, me, found[1]):
            continue
        mine = expected(db, team, ci, found[0], me, now)
        if mine.state in ("pending", "overdue"):
            out.append((ci, mine, found[0]))
    out.sort(key=lambda x: (x[1].due is None, x[1].due or now))
    return out


LOOK_AHEAD = 60
"""Occurrences tried when looking for the first one that reaches a member."""


def first_reach(
    db: sqlite3.Connection, team: Team, ci: Checkin, member: str, now: datetime
) -> tuple[Expected | None, list[tuple[date, str]]]:
    """The first occurrence that is asked of ``member`` (from the current one on),
    and the days before it on which they are skipped, with why."""
    tz = team.tz(member)
    found = latest(ci.schedule, tz, now) or next_after(ci.schedule, tz, now)
    skipped: list[tuple[date, str]] = []
    for _ in range(LOOK_AHEAD):
        if found is None:
            break
        day, starts = found
        mine = expected(db, team, ci, day, member, now)
        if mine.state != "skipped":
            return mine, skipped
        if mine.reason != BEFORE_START:
            skipped.append((day, mine.reason))
        found = next_after(ci.schedule, tz, starts)
    return None, skipped
