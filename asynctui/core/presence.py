"""Whether someone is working now, in words: 'working until 17:00', 'in focus until 11:00',
'off until 09:00 (in 7h)'.

The one wording of presence: ``asynctui team``, the team panel and the thread
badges all read it from here, so a focus block can never read "off" in one
place and "in focus" in another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from asynctui.core.calendar import WorkCalendar
from asynctui.core.hours import Hours
from asynctui.core.timefmt import span, when

__all__ = ["Presence", "PresenceKind", "focus_calendar", "presence"]

PresenceKind = Literal["working", "focus", "off"]
"""How the words are coloured, and whether a reply clock runs ('working')."""


@dataclass(frozen=True)
class Presence:
    kind: PresenceKind
    until: datetime | None
    """When the current span (working, focus) ends, or when work next starts; None if never."""
    words: str
    """'working until 17:00', 'in focus until 11:00', 'off until tomorrow 09:00 (in 15h)',
    'no working hours set'."""
    brief: str
    """The words without '(in 15h)': what a badge has room for."""

    @property
    def working(self) -> bool:
        return self.kind == "working"


def focus_calendar(
    tz: str, hours: Hours, pauses: Sequence[tuple[datetime, datetime]] = ()
) -> WorkCalendar | None:
    """A calendar whose working time is the member's focus blocks (minus always-off and
    time off), or None when they keep none."""
    if not hours.focus:
        return None
    blocks = Hours(
        working=hours.focus,
        always_off=hours.always_off,
        time_off=hours.time_off,
        promise=hours.promise,
    )
    return WorkCalendar(tz, blocks, pauses)


def presence(
    calendar: WorkCalendar,
    tz: str,
    now: datetime,
    viewer_tz: str | None = None,
    *,
    focus: WorkCalendar | None = None,
    status: str | None = None,
    status_until: datetime | None = None,
) -> Presence:
    """Where ``now`` falls in someone's calendar, with times shown in ``viewer_tz``
    (their own zone unless given).

    In focus when their status says so (until the status ends) or when ``now`` is in
    one of their focus blocks (``focus``, see :func:`focus_calendar`); then working or
    off by ``calendar``.
    """
    shown = viewer_tz or tz
    if status == "focus":
        return _focus(status_until, shown, now)
    if focus is not None and focus.is_working(now):
        block = focus.intervals(now, now + timedelta(days=1))
        return _focus(block[0][1] if block else None, shown, now)
    if calendar.is_working(now):
        spans = calendar.intervals(now, now + timedelta(days=2))
        end = spans[0][1] if spans else now
        words = f"working until {when(end, shown, now)}"
        return Presence("working", end, words, words)
    back = calendar.off_until(now)
    if back is None:
        return Presence("off", None, "no working hours set", "no working hours set")
    brief = f"off until {when(back, shown, now)}"
    return Presence("off", back, f"{brief} (in {span(back - now)})", brief)


def _focus(until: datetime | None, shown: str, now: datetime) -> Presence:
    words = "in focus" if until is None else f"in focus until {when(until, shown, now)}"
    return Presence("focus", until, words, words)
