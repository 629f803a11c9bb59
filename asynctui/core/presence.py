"""Whether someone is working now, in words: 'working until 17:00', 'off until 09:00 (in 7h)'."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from asynctui.core.calendar import WorkCalendar
from asynctui.core.timefmt import span, when


@dataclass(frozen=True)
class Presence:
    working: bool
    until: datetime | None
    """When the current working span ends, or when work next starts; None if never."""
    words: str
    """'working until 17:00', 'off until tomorrow 09:00 (in 15h)', 'no working hours set'."""


def presence(
    calendar: WorkCalendar, tz: str, now: datetime, viewer_tz: str | None = None
) -> Presence:
    """Where ``now`` falls in someone's calendar, with times shown in ``viewer_tz``
    (their own zone unless given)."""
    shown = viewer_tz or tz
    if calendar.is_working(now):
        spans = calendar.intervals(now, now + timedelta(days=2))
        end = spans[0][1] if spans else now
        return Presence(True, end, f"working until {when(end, shown, now)}")
    back = calendar.off_until(now)
    if back is None:
        return Presence(False, None, "no working hours set")
    return Presence(False, back, f"off until {when(back, shown, now)} (in {span(back - now)})")
