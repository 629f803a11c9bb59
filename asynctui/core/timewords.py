"""Times as people type them, with one meaning wherever they are typed.

Two questions are asked in words: *when is it due* (an action item, an ask, a
meeting's deadline) and *until when* (a status, a focus block). Both read the
same forms; only a bare day and a bare length differ, as a person means them:

=====================  ================================  ================================
typed                  a due time ("due fri")            an end ("away until fri")
=====================  ================================  ================================
``17:00``              the next 17:00, in the typer's    the same
                       zone
``fri 17:00``          the next Friday 17:00 still       the same
``today 17:00``        ahead; ``tomorrow 09:00`` and
``2026-12-04 17:00``   a date with a time alike
``fri``, ``today``,    the **end** of that person's      the **start** of that person's
``tomorrow``,          working day that day (17:00 if    working day that day (09:00 if
``2026-12-04``         they do not work then)            they do not work then)
``in 3h``, ``in 2d``   wall-clock time from now          the same
``3h``, ``2d``,        working time, counted on that     wall-clock time from now
``within 8h``          person's calendar (as an ask)
an ISO time            that instant                      the same
=====================  ================================  ================================

"That person" is whoever the time is for: the owner of an action item, the one
asked, or the typer themselves for their own status. A weekday is the next one
whose time is still ahead (today's, if it is still to come). Every result is
after ``now``; anything else is a ``ValueError`` with a line fit for the user.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from asynctui.core.calendar import WorkCalendar
from asynctui.core.clock import parse_instant
from asynctui.core.hours import Hours, Window, parse_clock
from asynctui.core.schedule import wall_instant
from asynctui.core.timefmt import when
from asynctui.core.windows import format_window, parse_window

__all__ = [
    "DAY_END",
    "DAY_START",
    "parse_due",
    "parse_duration",
    "parse_until",
    "parse_window_words",
]

DAY_START = 9 * 60
"""Where a bare day starts for someone who does not work that day."""
DAY_END = 17 * 60
"""Where a bare day ends for someone who does not work that day."""

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)\s*$")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HINT = "try 17:00, fri, 'fri 17:00', tomorrow, 2026-12-04, 'in 3h' or 2d"

Edge = Literal["start", "end"]

_LONGEST_MINUTES = 100 * 525_600
"""A hundred years: beyond any length a person means, and far from a date's overflow."""


def _weekday(word: str) -> int | None:
    """0 (Monday) to 6 for 'fri', 'friday', 'Fri.'; None for anything else."""
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    found = [n for n, name in enumerate(_WEEKDAYS) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def parse_duration(text: str) -> timedelta:
    """A wall-clock length: '90m', '2h', '3d', '1w' ('in 2h' too)."""
    match = _DURATION.match(re.sub(r"^\s*in\s+", "", text.lower()))
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 25m, 2h or 3d)")
    amount, unit = float(match.group(1)), match.group(2)[0]
    if amount <= 0:
        raise ValueError(f"a length must be more than zero: {text!r}")
    minutes = amount * _UNIT_MINUTES[unit]
    if minutes > _LONGEST_MINUTES:
        raise ValueError(
            f"{text.strip()!r} is further ahead than any calendar"
            f" (at most {_LONGEST_MINUTES // 525_600} years)"
        )
    return timedelta(minutes=minutes)


def parse_window_words(text: str) -> Window | None:
    """'8h', '2d', 'within 8h' as a window of working time; None if it is not one."""
    words = re.sub(r"^\s*within\s+", "", text.strip(), flags=re.IGNORECASE)
    try:
        return parse_window(words)
    except ValueError:
        return None


def _day_edge(hours: Hours | None, day: date, edge: Edge) -> int:
    """Minutes after midnight where ``day`` starts or ends for someone's hours."""
    rules = [] if hours is None else [r for r in hours.working if day.weekday() in r.days]
    if not rules:
        return DAY_START if edge == "start" else DAY_END
    return min(r.start for r in rules) if edge == "start" else max(r.end for r in rules)


def _moment(
    text: str, tz: str, now: datetime, hours: Hours | None, person_tz: str, edge: Edge
) -> datetime:
    """A point in time from a day and/or a clock time; see the module's table."""
    words = text.strip().lower().split()
    if not words:
        raise ValueError("an empty time")
    if words[0] == "in" and len(words) > 1:
        return now + parse_duration(" ".join(words[1:]))
    here = now.astimezone(ZoneInfo(tz)).date()
    day: date | None = None
    weekday = _weekday(words[0])
    if weekday is not None:
        day = here + timedelta(days=(weekday - here.weekday()) % 7)
    elif words[0] == "today":
        day = here
    elif words[0] == "tomorrow":
        day = here + timedelta(days=1)
    elif _DATE.fullmatch(words[0]):
        try:
            day = date.fromisoformat(words[0])
        except ValueError:
            raise ValueError(f"not a date: {words[0]!r}") from None
    if day is not None and len(words) <= 2:
        if len(words) == 2:
            found = wall_instant(day, parse_clock(words[1]), tz)
        else:
            # The person's own day, in their own zone: "due fri" is by the end
            # of Bob's Friday, wherever the one typing it lives.
            found = wall_instant(day, _day_edge(hours, day, edge), person_tz)
        if weekday is not None and found <= now:
            return _moment(f"{day + timedelta(days=7)} {' '.join(words[1:])}", tz, now,
                           hours, person_tz, edge)  # fmt: skip
        return found
    if len(words) == 1 and ":" in words[0] and "-" not in words[0]:
        at = parse_clock(words[0])
        found = wall_instant(here, at, tz)
        return found if found > now else wall_instant(here + timedelta(days=1), at, tz)
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a time: {text!r} ({_HINT})") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    return parse_instant(value.isoformat())


def _ahead(found: datetime, text: str, tz: str, now: datetime) -> datetime:
    if found <= now:
        raise ValueError(f"{text.strip()!r} has already passed ({when(found, tz, now)})")
    return found


def parse_until(
    text: str, tz: str, now: datetime, hours: Hours | None = None, person_tz: str | None = None
) -> datetime:
    """Until when: a bare length is wall-clock time, a bare day the start of the
    working day (``hours`` in ``person_tz``; default the typer's own zone)."""
    if _DURATION.match(text.lower()):
        return _ahead(now + parse_duration(text), text, tz, now)
    found = _moment(text, tz, now, hours, person_tz or tz, "start")
    return _ahead(found, text, tz, now)


def parse_due(text: str, tz: str, now: datetime, calendar: WorkCalendar) -> datetime:
    """When something is due for the person of ``calendar``: a bare length is
    working time on their calendar, a bare day the end of their working day."""
    window = parse_window_words(text)
    if window is not None:
        found = calendar.add(now, window)
        if found is None:
            raise ValueError(f"no working time ahead to count {format_window(window)} on")
        return found
    found = _moment(text, tz, now, calendar.hours, calendar.tz, "end")
    return _ahead(found, text, tz, now)


_MORNING = re.compile(r"^(?:until\s+)?(?:my\s+)?(?:next\s+)?(?:working\s+)?morning$")
_WORKING_SPAN = re.compile(r"^(?:in\s+)?(\d+)\s*(m|h|d|minutes?|hours?|days?)\s+of\s+work$|"
                           r"^(?:in\s+)?(\d+)\s+working\s+(minutes?|hours?|days?)$")  # fmt: skip


def next_working_morning(calendar: WorkCalendar, now: datetime) -> datetime | None:
    """When my next working day starts: today's start if it is still to come,
    else the first working instant of a later day (a weekend is skipped)."""
    zone = ZoneInfo(calendar.tz)
    today = now.astimezone(zone).date()
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=zone)
    first_today = calendar.next_working(midnight)
    if (
        first_today is not None
        and first_today > now
        and first_today.astimezone(zone).date() == today
    ):
        return first_today
    tomorrow = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return calendar.next_working(tomorrow)


def parse_later(text: str, tz: str, now: datetime, calendar: WorkCalendar) -> datetime:
    """Until when something is put off, on my own calendar: 'morning' (my next
    working morning), '2 working hours' (working time), or an end as
    :func:`parse_until` reads it ('mon 09:00', 'in 3h', 'tomorrow')."""
    words = " ".join(text.strip().lower().split())
    if not words or _MORNING.match(words):
        found = next_working_morning(calendar, now)
        if found is None:
            raise ValueError("you have no working morning ahead: name a time ('mon 09:00')")
        return found
    span = _WORKING_SPAN.match(words)
    if span:
        amount = int(span.group(1) or span.group(3))
        unit = (span.group(2) or span.group(4))[0]
        found = calendar.add(now, Window(amount, unit))  # type: ignore[arg-type]
        if found is None:
            raise ValueError(f"no working time ahead to count {words!r} on")
        return found
    return parse_until(text, tz, now, calendar.hours, calendar.tz)
