"""When the client may interrupt me, and the digest of what waited while it did not.

The client never nags anyone outside their hours: a notification is allowed
only while my reply clock runs (my own working hours, not in a focus block,
always-off span, time off or off/ooo pause) and my status is not off, out of
office or focus. What arrives in the meantime is held, and summed up in one
digest when quiet time ends. ``QuietTime`` keeps that state for a running
client: what was held, when the quiet time under way began, and when the last
one did (what the digest key shows).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from asynctui.client.fold import ms
from asynctui.client.queries import asks
from asynctui.client.team import Status, Team
from asynctui.core.calendar import WorkCalendar

if TYPE_CHECKING:
    from asynctui.client import digest as grouped
    from asynctui.client.news import News

__all__ = [
    "DIGEST_LOOK_BACK",
    "QUIET_STATES",
    "Digest",
    "QuietEnded",
    "QuietTime",
    "digest_since",
    "may_notify",
    "quiet_until",
]

QUIET_STATES = ("off", "ooo", "focus")
"""Statuses during which the client holds every notification."""


def _quiet_status(status: Status | None, now: datetime) -> Status | None:
    if status is not None and status.state in QUIET_STATES and status.active(now):
        return status
    return None


def may_notify(calendar: WorkCalendar, my_status: Status | None, now: datetime) -> bool:
    """Whether the client may interrupt me at ``now``: ``calendar`` is mine."""
    return _quiet_status(my_status, now) is None and calendar.is_working(now)


def quiet_until(calendar: WorkCalendar, my_status: Status | None, now: datetime) -> datetime | None:
    """When notifications may resume: the end of my focus, off time or time outside hours.

    None when they are allowed now, and also when quiet time has no known end (a
    status without an end, or no working hours ahead); tell the two apart with
    ``may_notify``.
    """
    if may_notify(calendar, my_status, now):
        return None
    start = now
    quiet = _quiet_status(my_status, now)
    if quiet is not None:
        if quiet.until is None:
            return None
        start = quiet.until
    return calendar.next_working(start)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Digest:
    """What happened for me while notifications were held."""

    replies: int = 0
    """Messages by others in threads I wrote in or was asked in."""
    asks_of_me: int = 0
    """Asks of me made in the meantime (withdrawn ones left out)."""
    overdue: int = 0
    """My open asks that are overdue now."""
    lead: str = "away"
    """How the quiet time is named: 'off', 'in focus', 'away'."""

    @property
    def empty(self) -> bool:
        return not (self.replies or self.asks_of_me or self.overdue)

    @property
    def text(self) -> str:
        """'While you were off: 5 replies, 2 asks of you, 1 overdue'."""
        if self.empty:
            return f"Nothing new while you were {self.lead}."
        parts = [
            _plural(self.replies, "reply", "replies") if self.replies else "",
            _plural(self.asks_of_me, "ask of you", "asks of you") if self.asks_of_me else "",
            f"{self.overdue} overdue" if self.overdue else "",
        ]
        return f"While you were {self.lead}: " + ", ".join(p for p in parts if p)


def digest_since(
    db: sqlite3.Connection,
    team: Team,
    me: str,
    since: datetime,
    now: datetime,
    lead: str = "away",
) -> Digest:
    """What came for ``me`` in ``(since, now]``, and what I owe that is overdue at ``now``."""
    params = {"me": me, "since": ms(since), "now": ms(now)}
    # Threads active since then first (an index range), then their new messages.
    (replies,) = db.execute(
        "SELECT count(*) FROM threads t JOIN messages m ON m.thread = t.id"
        " WHERE t.last_at > :since AND m.at > :since AND m.at <= :now AND m.author != :me"
        " AND (EXISTS (SELECT 1 FROM messages x WHERE x.thread = t.id AND x.author = :me)"
        " OR EXISTS (SELECT 1 FROM asks a WHERE a.thread = t.id AND a.asked = :me))",
        params,
    ).fetchone()
    (asked,) = db.execute(
        "SELECT count(*) FROM asks a WHERE a.asked = :me AND a.asker != :me"
        # Handed to me since counts as asked since.
        " AND a.start > :since AND a.start <= :now AND a.state != 'withdrawn'",
        params,
    ).fetchone()
    overdue = sum(1 for a in asks(db, team, now, asked=me) if a.urgency == "overdue")
    return Digest(int(replies), int(asked), overdue, lead)


DIGEST_LOOK_BACK = timedelta(hours=24)
"""How far the digest looks back when no quiet time has ended yet."""


@dataclass(frozen=True)
class QuietEnded:
    """A quiet time that has just ended."""

    since: datetime
    """When it began."""
    lead: str
    """How it is named: 'in focus', 'off', 'out of office'."""
    held: int
    """How many new messages were held during it."""
    news: News | None = None
    """What they were (None: nothing was held)."""

    def words(self, tz: str, now: datetime) -> str:
        """'While you were in focus: 3 new messages: @maya mentioned you in Q1 launch,
        and 2 more', or '' when nothing was held."""
        said = self.news.words(tz, now) if self.news is not None else ""
        return f"While you were {self.lead}: {said}" if said else ""

    def digest_due(self, found: grouped.Digest) -> bool:
        """Whether the digest of what came meanwhile is worth interrupting me for:
        something new came, not only what I knew before quiet time began."""
        from asynctui.client.quiet import has_news

        return self.held > 0 or has_news(found)


class QuietTime:
    """Whether news is told now or held, and when quiet time ends with a digest.

    ``look`` is called whenever the client looks at the time (each refresh, each
    sync round); ``arrived`` when new messages come in.
    """

    def __init__(self) -> None:
        self.news: News | None = None
        """What came while quiet time under way held it (None: nothing yet)."""
        self.since: datetime | None = None
        """When the quiet time under way began; None while I may be interrupted."""
        self.last: tuple[datetime, str] | None = None
        """When the last quiet time that ended began, and its name."""

    @property
    def held(self) -> int:
        """How many new messages are held (one per person and thread)."""
        return len(self.news) if self.news is not None else 0

    def arrived(self, news: News, team: Team, me: str, now: datetime) -> bool:
        """``news`` came: True to tell me now, False when it is held."""
        if may_notify(team.calendar(me), team.status(me, now), now):
            return True
        self.news = news if self.news is None else self.news + news
        return False

    def look(self, team: Team, me: str, now: datetime) -> QuietEnded | None:
        """Quiet time begins or goes on (None), or has just ended: what it was."""
        calendar = team.calendar(me)
        if not may_notify(calendar, team.status(me, now), now):
            if self.since is None:
                self.since = now
            return None
        ended = None
        if self.since is not None:
            from asynctui.client.quiet import quiet_lead

            # Named now, not when it began: that may have been at the first frame,
            # which this module's callers keep light.
            since = self.since
            lead = quiet_lead(calendar, team.status_at(me, since), since)
            ended = QuietEnded(since, lead, self.held, self.news)
            self.last = (since, lead)
        self.since, self.news = None, None
        return ended

    def digest_window(self, now: datetime) -> tuple[datetime, str]:
        """Since when the digest key looks, and how that time is named ('' if unnamed):
        the last quiet time, or the last 24 hours."""
        return self.last or (now - DIGEST_LOOK_BACK, "")
