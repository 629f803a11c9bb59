"""How the CLI shows times, durations and JSON."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import msgspec

from asynctui.core.text import clean_line


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


def short(ident: str) -> str:
    """The part of an id people type: its last six characters (the random part)."""
    return ident[-6:].lower()


def write_json(value: Any, out: TextIO = sys.stdout) -> None:
    out.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode())
    out.write("\n")


def table(rows: list[list[str]], out: TextIO = sys.stdout) -> None:
    """Left-aligned columns; every cell is cleaned of control characters first."""
    if not rows:
        return
    cells = [[clean_line(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(len(cells[0]))]
    for row in cells:
        parts = [c.ljust(widths[i]) for i, c in enumerate(row[:-1])] + row[-1:]
        out.write("  ".join(parts).rstrip() + "\n")
