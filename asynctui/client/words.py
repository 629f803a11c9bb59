"""What people read, once: the words the CLI prints and the TUI draws for the same state.

Status and presence labels, due times ("due Fri 17:00 · 3h left"), the words
for no due time, and city names. A front end that needs another phrase adds it
here, so ``asynctui team`` and the team panel can never word one state two ways.
"""

from __future__ import annotations

from datetime import datetime

from asynctui.core.expectations import describe_remaining
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when

__all__ = [
    "NO_DUE_TIME",
    "STATE_LABELS",
    "STATE_WORDS",
    "city",
    "due_words",
    "state_label",
]

NO_DUE_TIME = "no due time"
"""An action item, a meeting or an ask with nothing to count down to."""

STATE_WORDS = {
    "available": "available",
    "focus": "focus",
    "away": "away",
    "off": "off",
    "ooo": "ooo",
    "out-of-office": "ooo",
}
"""What a person may type for each status state."""

STATE_LABELS = {
    "available": "available",
    "focus": "in focus",
    "away": "away",
    "off": "off",
    "ooo": "out of office",
}
"""How each status state reads, wherever it is shown."""


def state_label(state: str) -> str:
    """'ooo' -> 'out of office'; an unknown state (from a newer client) as it is, cleaned."""
    return STATE_LABELS.get(state, clean_line(state))


def city(tz: str) -> str:
    """'America/Los_Angeles' -> 'Los Angeles'; 'UTC' -> 'UTC'."""
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def due_words(due: datetime | None, tz: str, now: datetime) -> str:
    """'due Fri 17:00 · 2d 1h left', 'due Thu 17:00 · overdue 3h', or 'no due time';
    the time in the reader's zone ``tz``."""
    if due is None:
        return NO_DUE_TIME
    return f"due {when(due, tz, now)} · {describe_remaining(due, now)}"
