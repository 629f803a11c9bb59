"""What is owed, by when: due times and urgency of asks.

A window is counted on the asked person's calendar (``WorkCalendar``); urgency
and "time left" are plain wall-clock time, because that is what the asker waits.
The rules, with worked examples, are in ``docs/expectations.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from asynctui.core.calendar import WorkCalendar
from asynctui.core.hours import Window
from asynctui.core.timefmt import span

__all__ = [
    "DUE_SOON",
    "Ask",
    "Urgency",
    "answered_late",
    "describe_remaining",
    "due_time",
    "urgency",
]

DUE_SOON = timedelta(hours=2)
"""An open ask with this much wall-clock time left, or less, is due soon."""

Urgency = Literal["answered", "overdue", "due_soon", "open", "never"]
"""``never``: the asked person has no working time within the calendar's horizon."""


@dataclass(frozen=True)
class Ask:
    """One request for a reply, as the fold of the log sees it."""

    id: str
    thread: str
    asker: str
    """Member id of the person who asked."""
    asked: str
    """Member id of the person who owes the reply."""
    asked_at: datetime
    within: Window
    answered_at: datetime | None = None
    """When the asked person first replied in the thread after the ask."""

    def due(self, calendar: WorkCalendar) -> datetime | None:
        """When the reply is due; ``calendar`` must be the asked person's."""
        return calendar.add(self.asked_at, self.within)


def due_time(calendar: WorkCalendar, asked_at: datetime, within: Window) -> datetime | None:
    """When a reply asked at ``asked_at`` within ``within`` is due, in UTC; None if never."""
    return calendar.add(asked_at, within)


URGENCY_RANK: dict[Urgency, int] = {
    "overdue": 0, "due_soon": 1, "open": 2, "never": 3, "answered": 4,
}  # fmt: skip
"""The order every queue and badge list follows: most pressing first."""


def urgency(due: datetime | None, answered_at: datetime | None, now: datetime) -> Urgency:
    """How pressing an ask is at ``now``.

    A reply stamped after ``now`` has not happened yet from ``now``'s point of
    view, which keeps a fixed clock (demos, history) telling a consistent story.
    """
    if answered_at is not None and answered_at <= now:
        return "answered"
    if due is None:
        return "never"
    if now >= due:
        return "overdue"
    if due - now <= DUE_SOON:
        return "due_soon"
    return "open"


def answered_late(due: datetime | None, answered_at: datetime | None) -> bool:
    """Whether a reply came after its due time (an unanswered ask is not late yet)."""
    return due is not None and answered_at is not None and answered_at > due


def describe_remaining(due: datetime, now: datetime) -> str:
    """Wall-clock time to a due time: "1h 59m left", "45 min left", "overdue 23h 12m",
    "2d 4h left", "due now".

    Rounded down to the minute (see ``timefmt.span``), so the words never promise more
    time than is left: "2h left" only once two whole hours are left, and 1h 59m 30s
    left reads "1h 59m left", not "2h left" (nor "1h left", which would read as an hour
    less than there is).
    """
    seconds = (due - now).total_seconds()
    if abs(seconds) < 60:
        return "due now"
    length = span(timedelta(seconds=abs(seconds)))
    return f"{length} left" if seconds > 0 else f"overdue {length}"
