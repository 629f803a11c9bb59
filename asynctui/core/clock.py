"""Clocks: the only way the core learns what time it is."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock stopped at one instant, for demos and tests (`--now`, ASYNCTUI_NOW)."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware instant")
        self._instant = instant.astimezone(UTC)

    def now(self) -> datetime:
        return self._instant


class RunningClock:
    """A clock that starts at a chosen instant and then runs at normal speed.

    The demo uses it so its badges look the same every time it is opened.
    """

    def __init__(self, start: datetime) -> None:
        self._start = start.astimezone(UTC)
        self._began = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


def parse_instant(text: str) -> datetime:
    """Parse an ISO-8601 instant; a naive one is taken as UTC.

    Raises ValueError with a message fit for the user.
    """
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not an ISO time: {text!r} (try 2026-11-20T16:00+01:00)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
