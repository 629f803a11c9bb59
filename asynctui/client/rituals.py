"""Read models of the rituals: check-ins, async meetings, decisions, action items.

Every "who owes what by when" here is counted the way asks are: on the owing
person's own calendar (their zone, hours, focus, time off and pauses). A
check-in's question reaches each member at the schedule's time in *their*
zone, so one occurrence (one date) starts at different instants for different
people; someone on time off, out of office or not working that day is
skipped, not counted late.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import msgspec

from asynctui.client.fold import ms
from asynctui.client.team import Team, instant
from asynctui.core.events import occurrence_thread
from asynctui.core.expectations import Urgency, urgency
from asynctui.core.hours import Window
from asynctui.core.schedule import Schedule, latest, next_after, start_of, wall_instant
from asynctui.core.timefmt import local

__all__ = [
    "DEFAULT_QUESTIONS",
    "DEFAULT_WITHIN",
    "BEFORE_START",
    "ActionItem",
    "Checkin",
    "Decision",
    "Expected",
    "Meeting",
    "Occurrence",
    "Participation",
    "action_items",
    "checkin",
    "checkins",
    "current_day",
    "decisions",
    "contributions",
    "expected",
    "find_checkin",
    "first_reach",
    "meeting",
    "meetings",
    "occurrence",
    "participation",
    "pending_checkins",
    "waiting_meetings",
]

DEFAULT_QUESTIONS = ("What did you finish?", "What's next?", "Anything blocking you?")
"""What a new check-in asks unless told otherwise (the CLI and the TUI)."""
DEFAULT_WITHIN = Window(4, "h")
"""How long each member has to answer a new check-in, on their own calendar."""

_schedule = msgspec.json.Decoder(Schedule)
_strings = msgspec.json.Decoder(tuple[str, ...])


# -- check-ins ----------------------------------------------------------------------


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
    """A check-in by id, by the start of its id, or by its title (any case)."""
    wanted = text.strip().lower()
    found = checkins(db)
    for hits in (
        [c for c in found if c.id.lower() == wanted],
        [c for c in found if c.title.lower() == wanted],
        [c for c in found if wanted and c.id.lower().startswith(wanted)],
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


# -- async meetings -----------------------------------------------------------------


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
    db: sqlite3.Connection, team: Team, m: Meeting, now: datetime
) -> list[Participation]:
    given: dict[str, set[int]] = {}
    for author, item in db.execute(
        "SELECT author, item FROM contributions WHERE thread = ? AND at <= ?",
        (m.thread, ms(now)),
    ):
        given.setdefault(str(author), set()).add(int(item))
    out = []
    for member in m.participants:
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
        mine = next(p for p in participation(db, team, m, now) if p.member == me)
        if mine.missing:
            out.append((m, mine))
    out.sort(key=lambda x: (x[1].due is None, x[1].due or now))
    return out


# -- decisions and action items --------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    id: str
    thread: str
    thread_title: str
    channel: str
    channel_name: str
    text: str
    author: str
    deciders: tuple[str, ...]
    at: datetime
    messages: tuple[str, ...]


def decisions(
    db: sqlite3.Connection,
    *,
    channel: str | None = None,
    thread: str | None = None,
    since: datetime | None = None,
) -> list[Decision]:
    """The team's decision log, newest first."""
    sql = (
        "SELECT d.id, d.thread, coalesce(t.title, d.thread), coalesce(t.channel, ''),"
        " coalesce(c.name, t.channel, ''), d.text, d.author, d.deciders, d.at, d.messages"
        " FROM decisions d LEFT JOIN threads t ON t.id = d.thread"
        " LEFT JOIN channels c ON c.id = t.channel WHERE 1"
    )
    params: list[object] = []
    if channel is not None:
        sql += " AND t.channel = ?"
        params.append(channel)
    if thread is not None:
        sql += " AND d.thread = ?"
        params.append(thread)
    if since is not None:
        sql += " AND d.at > ?"
        params.append(ms(since))
    return [
        Decision(
            str(i),
            str(t),
            str(title),
            str(ch),
            str(name),
            str(text),
            str(author),
            _strings.decode(str(deciders)),
            instant(int(at)),
            _strings.decode(str(messages)),
        )  # fmt: skip
        for i, t, title, ch, name, text, author, deciders, at, messages in db.execute(
            sql + " ORDER BY d.at DESC, d.id", params
        )
    ]


@dataclass(frozen=True)
class ActionItem:
    id: str
    thread: str
    thread_title: str
    channel_name: str
    message: str | None
    text: str
    owner: str
    author: str
    created_at: datetime
    due: datetime | None
    done: bool
    done_at: datetime | None
    urgency: Urgency
    """'answered' once done; otherwise as an ask's, from the due time."""


ActionFilter = Literal["all", "open", "overdue", "done"]


def action_items(
    db: sqlite3.Connection,
    now: datetime,
    *,
    owner: str | None = None,
    thread: str | None = None,
    show: ActionFilter = "all",
    since: datetime | None = None,
) -> list[ActionItem]:
    """Action items, open ones first (soonest due first), then done ones."""
    sql = (
        "SELECT a.id, a.thread, coalesce(t.title, a.thread), coalesce(c.name, t.channel, ''),"
        " a.message, a.text, a.owner, a.author, a.at, a.due, coalesce(s.done, 0), s.at"
        " FROM actions a LEFT JOIN threads t ON t.id = a.thread"
        " LEFT JOIN channels c ON c.id = t.channel"
        " LEFT JOIN action_states s ON s.action = a.id AND s.at <= :now WHERE a.at <= :now"
    )
    params: dict[str, object] = {"now": ms(now)}
    if owner is not None:
        sql += " AND a.owner = :owner"
        params["owner"] = owner
    if thread is not None:
        sql += " AND a.thread = :thread"
        params["thread"] = thread
    if since is not None:
        sql += " AND a.at > :since"
        params["since"] = ms(since)
    items = [_action(row, now) for row in db.execute(sql, params)]
    if show == "open":
        items = [a for a in items if not a.done]
    elif show == "overdue":
        items = [a for a in items if a.urgency == "overdue"]
    elif show == "done":
        items = [a for a in items if a.done]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    items.sort(key=lambda a: (a.done, a.due or far, a.created_at, a.id))
    return items


def _action(row: Iterable[object], now: datetime) -> ActionItem:
    (aid, thread, title, channel, message, text, owner, author, at, due, done,
     done_at) = tuple(row)  # fmt: skip
    due_at = None if due is None else instant(int(due))  # type: ignore[call-overload]
    is_done = bool(done)
    level: Urgency = "answered" if is_done else (
        urgency(due_at, None, now) if due_at is not None else "open"
    )  # fmt: skip
    return ActionItem(
        str(aid), str(thread), str(title), str(channel),
        None if message is None else str(message), str(text), str(owner), str(author),
        instant(int(at)), due_at, is_done,  # type: ignore[call-overload]
        None if done_at is None or not is_done else instant(int(done_at)),  # type: ignore[call-overload]
        level,
    )  # fmt: skip


def local_day(t: datetime, tz: str) -> date:
    return local(t, tz).date()
