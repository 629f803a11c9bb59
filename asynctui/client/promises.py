"""The kept-promise record: how each person answers the asks made of them.

Per person, over the last 30 or 90 days: of the asks they owed whose outcome is
known (answered, or past due and still open), how many were answered within
their window (or by the time they promised), and the median time to an answer
counted in their own working hours. It is shown to the team as information,
never as a ranking: people are listed by name.

Counted: asks whose window began (made, or handed to them) in the period and that
they owe at the end of it. Not counted: asks still open and not yet due (nobody
knows yet), withdrawn, declined (saying no is an answer to whether, not a broken
promise) and settled by a resolved thread. Asks in a private channel count only
for a reader who is one of its members.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from asynctui.client.fold import ms
from asynctui.client.queries import READABLE, AskRow, asks_where
from asynctui.client.team import Team

__all__ = [
    "HEADING",
    "PERIODS",
    "PanelLines",
    "Record",
    "lines",
    "record",
    "records",
    "short_words",
    "working_span",
]

HEADING = "How each of us answers asks, the last {days} days (information, not a ranking):"

HOUR = timedelta(hours=1)

PERIODS = (30, 90)
"""The periods a record is offered for, in days."""


@dataclass(frozen=True)
class Record:
    member: str
    days: int
    answered: int
    kept: int
    """Answered by the due time (the window's end, or the time they promised)."""
    counted: int
    """Answered, plus past due and still open."""
    median_working: timedelta | None
    """Median working time from the window's start to the answer, on their calendar."""

    def json(self) -> dict[str, object]:
        """As ``team --promises --json`` prints it."""
        worked = self.median_working
        return {
            "member": self.member, "days": self.days, "answered": self.answered,
            "kept": self.kept, "counted": self.counted,
            "median_working_hours": None if worked is None else round(worked / HOUR, 2),
            "words": self.words(),
        }  # fmt: skip

    @property
    def share_kept(self) -> float | None:
        return None if self.counted == 0 else self.kept / self.counted

    def words(self) -> str:
        """'answers in 2.5 working hours; 94% within promise (16 of 17)'."""
        if self.counted == 0:
            return f"no asks answered or due in the last {self.days} days"
        share = self.share_kept or 0.0
        kept = f"{round(share * 100)}% within promise ({self.kept} of {self.counted})"
        if self.median_working is None:
            return f"nothing answered yet; {kept}"
        return f"answers in {working_span(self.median_working)}; {kept}"


def short_words(record: Record) -> str:
    """'answers in 2.5h; 94% within promise': the record where room is short (the
    team panel), in working hours like the long form."""
    share = round((record.share_kept or 0.0) * 100)
    if record.median_working is None:
        return f"{share}% within promise"
    return f"answers in {_hours(record.median_working)}h; {share}% within promise"


def _hours(span: timedelta) -> str:
    """'2.5', '12': hours to a tenth below ten, whole from there."""
    hours = span / HOUR
    return f"{hours:.1f}".removesuffix(".0") if hours < 10 else str(round(hours))


def working_span(span: timedelta) -> str:
    """'40 working minutes', '2.5 working hours', '12 working hours'."""
    minutes = span.total_seconds() / 60
    if minutes < 60:
        whole = max(1, round(minutes))
        return f"{whole} working minute{'s' if whole != 1 else ''}"
    shown = _hours(span)
    return f"{shown} working hour{'s' if shown != '1' else ''}"


def _readable(me: str) -> tuple[str, dict[str, object]]:
    """Asks in public channels, or private ones ``me`` is a member of."""
    return (
        "a.thread IN (SELECT t.id FROM threads t LEFT JOIN channels c ON c.id = t.channel"
        f" WHERE {READABLE})",
        {"me": me},
    )


def record(
    db: sqlite3.Connection, team: Team, member: str, me: str, now: datetime, days: int
) -> Record:
    """``member``'s record over the ``days`` before ``now``, as ``me`` may see it."""
    return _record(member, days, _asks(db, team, me, now, days, member), team, now)


def records(db: sqlite3.Connection, team: Team, me: str, now: datetime, days: int) -> list[Record]:
    """Everyone's record, by name (never by how well they do)."""
    found = _asks(db, team, me, now, days, None)
    by_member: dict[str, list[AskRow]] = {}
    for a in found:
        by_member.setdefault(a.asked, []).append(a)
    return [_record(m.id, days, by_member.get(m.id, []), team, now) for m in team.sorted_members()]


def lines(db: sqlite3.Connection, team: Team, me: str, now: datetime) -> dict[str, str]:
    """Member id -> their record of the last 30 days in words, for the team panel
    (none for someone with nothing to count)."""
    return {r.member: short_words(r) for r in records(db, team, me, now, PERIODS[0]) if r.counted}


KEPT_FOR = timedelta(minutes=1)
"""How long the team panel shows its promise lines before working them out again."""


class PanelLines:
    """The team panel's lines, worked out again when the log has grown or a minute
    has passed, not at every redraw: they read a month of asks."""

    def __init__(self) -> None:
        self._made: tuple[datetime, int, dict[str, str]] | None = None

    def lines(
        self, db: sqlite3.Connection, team: Team, me: str, now: datetime, seen: int
    ) -> dict[str, str]:
        """:func:`lines` at ``now``; ``seen``: the log's Lamport counter now."""
        made = self._made
        if made is None or made[1] != seen or not timedelta(0) <= now - made[0] < KEPT_FOR:
            made = (now, seen, lines(db, team, me, now))
            self._made = made
        return made[2]


def _asks(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, days: int, member: str | None
) -> list[AskRow]:
    readable, params = _readable(me)
    where = [
        readable,
        "a.start > :since AND a.start <= :now",
        "a.state IN ('answered', 'open')",
        "a.asked != a.asker",
    ]
    params |= {"since": ms(now - timedelta(days=days)), "now": ms(now)}
    if member is not None:
        where.append("a.asked = :member")
        params["member"] = member
    return asks_where(db, team, now, " AND ".join(where), params)


def _record(member: str, days: int, owed: list[AskRow], team: Team, now: datetime) -> Record:
    calendar = team.calendar(member)
    answered = kept = late = 0
    spans: list[float] = []
    for a in owed:
        if a.state == "answered" and a.answered_at is not None:
            answered += 1
            kept += a.due is None or a.answered_at <= a.due
            worked = calendar.working_between(a.start or a.asked_at, a.answered_at)
            spans.append(worked.total_seconds())
        elif a.state == "open" and a.due is not None and a.due < now:
            late += 1
    return Record(
        member,
        days,
        answered,
        kept,
        answered + late,
        timedelta(seconds=median(spans)) if spans else None,
    )
