"""What the TUI shows, computed from the replica for one viewer at one instant.

Everything here is plain data (no Textual): the sidebar's views and counts,
the ordered thread ids of a view, and each thread's summary row with its
badges. Lists are computed as ids first and rows on demand, so a view of
100,000 threads costs one query, and only the visible rows are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from asynctui.core.expectations import Urgency

BadgeTone = Literal["overdue", "due_soon", "open", "off", "answered"]
"""How a badge is coloured: by urgency, and 'off' when the owing person is off now."""

SortOrder = Literal["urgency", "activity"]


@dataclass(frozen=True)
class ViewInfo:
    """One entry of the sidebar."""

    id: str
    """'inbox', 'owed-by-me', 'owed-to-me', 'mentions', or 'channel:<channel id>'."""
    label: str
    """'Inbox', 'Owed by me', '#design'..."""
    count: int
    """Inbox: threads with something new; owed: open asks; mentions: unread mentions;
    channels: unread threads."""


@dataclass(frozen=True)
class Badge:
    """Who owes a reply in a thread and by when, in the viewer's time."""

    who: str
    """The owing person's handle, or 'you'."""
    text: str
    """'Bob · due Mon 15:00', 'you · 3h left', 'Chen · overdue 5h',
    'Dana · off until 09:00, due Tue 11:00'."""
    tone: BadgeTone
    urgency: Urgency
    due: datetime | None


@dataclass(frozen=True)
class ThreadSummary:
    """One row of the thread list."""

    id: str
    title: str
    channel_name: str
    last_at: datetime
    last_activity: str
    """'2h ago'."""
    unread: int
    """Messages by others after the viewer's read mark."""
    participants: tuple[str, ...]
    """Handles of everyone who wrote in the thread, first writer first."""
    badges: tuple[Badge, ...]
    """Open asks in the thread, most urgent first."""
    resolved: bool
