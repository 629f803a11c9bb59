"""Instants and lengths of time as people read them: 'Mon 15:00', 'Fri 09:30 Tokyo time',
'3h 20m', '2h ago'.

One wording of a clock: a time without a name is the reader's own, and reads
relative to the reader's today ('15:00', 'tomorrow 15:00', 'Fri 15:00'); a time
on anyone else's clock says whose it is and never uses the relative words of
that other zone ('Fri 09:30 Tokyo time': "tomorrow" in Tokyo is not the
reader's tomorrow).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["ago", "city", "clock", "clocks", "day", "elsewhere", "local", "span", "when"]


def local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(ZoneInfo(tz))


def city(tz: str) -> str:
    """'America/Los_Angeles' -> 'Los Angeles'; 'UTC' -> 'UTC'."""
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def when(instant: datetime, tz: str, now: datetime) -> str:
    """An instant on the reader's own clock (``tz`` is the reader's zone), relative to
    the reader's today: '15:00', 'tomorrow 15:00', 'Fri 15:00', 'Fri 4 Dec 15:00'."""
    there = local(instant, tz)
    today = local(now, tz).date()
    days = (there.date() - today).days
    if days == 0:
        return there.strftime("%H:%M")
    if days == 1:
        return there.strftime("tomorrow %H:%M")
    return _dated(there, days, this_year=there.year == today.year)


def day(d: date, *, year: bool = False) -> str:
    """A day as every list and heading names it: 'Wed 2 Dec', 'Wed 2 Dec 2026'."""
    return f"{d:%a} {d.day} {d:%b}" + (f" {d.year}" if year else "")


def _dated(there: datetime, days: int, *, this_year: bool) -> str:
    if -6 <= days < 7:
        return there.strftime("%a %H:%M")
    return f"{day(there.date(), year=not this_year)} {there:%H:%M}"


def clock(instant: datetime, tz: str, now: datetime, *, reader_tz: str) -> str:
    """An instant on the clock of ``tz``, as the reader (in ``reader_tz``) reads it.

    The reader's own zone reads as :func:`when` does; another zone names itself and
    gives the day by name, never "tomorrow": 'Fri 09:30 Tokyo time'. The date is
    added when the day is a week or more from the reader's today.
    """
    if tz == reader_tz:
        return when(instant, tz, now)
    there = local(instant, tz)
    today = local(now, reader_tz).date()
    days = (there.date() - today).days
    return f"{_dated(there, days, this_year=there.year == today.year)} {city(tz)} time"


def elsewhere(instant: datetime, tz: str, now: datetime, *, reader_tz: str) -> str:
    """The instant on the clock of ``tz`` ('Wed 17:00 Tokyo time'), or '' when that clock
    reads as the reader's does (the same zone, or the same offset at that instant)."""
    if local(instant, tz).utcoffset() == local(instant, reader_tz).utcoffset():
        return ""
    return clock(instant, tz, now, reader_tz=reader_tz)


def clocks(instant: datetime, tz: str, now: datetime, *, reader_tz: str) -> str:
    """An instant on the reader's clock, and on the clock of ``tz`` too when that reads
    otherwise: 'Wed 09:00 (Wed 17:00 Tokyo time)', or 'Wed 09:00' alone."""
    mine = when(instant, reader_tz, now)
    there = elsewhere(instant, tz, now, reader_tz=reader_tz)
    return f"{mine} ({there})" if there else mine


def span(delta: timedelta) -> str:
    """A wall-clock length, short, rounded down to the minute (never more than it is):
    '45 min', '7h', '1h 59m', '23h 12m', '2d', '2d 4h' (minutes are left out from a day)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h" if minutes == 0 else f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d" if hours == 0 else f"{days}d {hours}h"


def ago(instant: datetime, now: datetime) -> str:
    if now - instant < timedelta(minutes=1):
        return "just now"
    return f"{span(now - instant)} ago"
