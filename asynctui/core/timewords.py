"""Times as people type them: '17:00', 'tomorrow 09:00', 'fri 17:00', '2026-12-01', '90m'."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from asynctui.core.clock import parse_instant
from asynctui.core.hours import parse_clock

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)\s*$")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(word: str) -> int | None:
    """0 (Monday) to 6 for 'fri', 'friday', 'Fri.'; None for anything else."""
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    found = [n for n, name in enumerate(_WEEKDAYS) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def parse_duration(text: str) -> timedelta:
    """A wall-clock length: '90m', '2h', '3d', '1w'."""
    match = _DURATION.match(text.lower())
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 25m, 2h or 3d)")
    amount, unit = float(match.group(1)), match.group(2)[0]
    return timedelta(minutes=amount * _UNIT_MINUTES[unit])


def parse_until(text: str, tz: str, now: datetime) -> datetime:
    """An end time in the user's own zone.

    '17:00' is the next 17:00 from now; 'tomorrow' is tomorrow 09:00; 'fri 17:00'
    is the next Friday's 17:00 still ahead ('fri' alone: 09:00), today's if it is
    Friday and 17:00 is yet to come; a date is the start of that day; anything
    else must be an ISO instant.
    """
    zone = ZoneInfo(tz)
    here = now.astimezone(zone)
    words = text.strip().lower().split()
    if not words:
        raise ValueError("an empty time")
    if words[0] == "tomorrow":
        at = parse_clock(words[1]) if len(words) > 1 else 9 * 60
        return _at(here.date() + timedelta(days=1), at, zone)
    weekday = _weekday(words[0]) if len(words) <= 2 else None
    if weekday is not None:
        at = parse_clock(words[1]) if len(words) > 1 else 9 * 60
        day = here.date() + timedelta(days=(weekday - here.weekday()) % 7)
        candidate = _at(day, at, zone)
        return candidate if candidate > now else _at(day + timedelta(days=7), at, zone)
    if len(words) == 1 and ":" in words[0] and "-" not in words[0]:
        at = parse_clock(words[0])
        candidate = _at(here.date(), at, zone)
        return candidate if candidate > now else _at(here.date() + timedelta(days=1), at, zone)
    if len(words) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", words[0]):
        return _at(date.fromisoformat(words[0]), 0, zone)
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"not a time: {text!r} (try 17:00, 'tomorrow 09:00', 2026-12-01 or an ISO time)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return parse_instant(value.isoformat())


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    base = datetime.combine(day, time(0), tzinfo=zone)
    return (base + timedelta(minutes=minutes)).astimezone(ZoneInfo("UTC"))
