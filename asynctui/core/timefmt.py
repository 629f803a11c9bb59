"""Instants and lengths of time as people read them: 'Mon 15:00', '3h 20m', '2h ago'."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(ZoneInfo(tz))


def when(instant: datetime, tz: str, now: datetime) -> str:
    """An instant as a person in ``tz`` would say it, relative to today there."""
    there = local(instant, tz)
    today = local(now, tz).date()
    days = (there.date() - today).days
    if days == 0:
        return there.strftime("%H:%M")
    if days == 1:
        return there.strftime("tomorrow %H:%M")
    if -6 <= days < 7:
        return there.strftime("%a %H:%M")
    if there.year == today.year:
        return there.strftime("%a %d %b %H:%M")
    return there.strftime("%a %d %b %Y %H:%M")


def span(delta: timedelta) -> str:
    """A wall-clock length, short: '45 min', '7h', '3h 20m', '2d 4h'."""
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
