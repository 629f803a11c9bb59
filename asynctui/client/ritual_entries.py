"""The entries the ritual views list: worded parts with a tone, and the words they use.

Plain data (no Textual): an entry is a few lines, each line parts of text with a
tone (a badge tone, or how loud the words are); ``Words`` says names and times
as the viewer reads them, in the viewer's zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from asynctui.client.team import Team
from asynctui.client.thread_rows import badge_tone
from asynctui.client.words import owed_when, owed_words
from asynctui.core import timefmt
from asynctui.core.expectations import Urgency, urgency
from asynctui.core.timefmt import when

__all__ = [
    "Entry",
    "EntryKind",
    "EntryLine",
    "Part",
    "Tone",
    "Words",
    "badge_tone",
    "heading_entry",
    "note_entry",
    "short_day",
]

Tone = Literal[
    "plain", "title", "muted", "strong", "overdue", "due_soon", "open", "off", "answered"
]
"""How a part is drawn: the five badge tones (as ``views.BadgeTone``), or plain,
title (bold), muted and strong (bold in the accent colour)."""


@dataclass(frozen=True)
class Part:
    text: str
    tone: Tone = "plain"
    chip: bool = False
    """Drawn as a badge: the tone's colour as the background."""


@dataclass(frozen=True)
class EntryLine:
    left: tuple[Part, ...]
    right: tuple[Part, ...] = ()
    """Flush against the right edge (times, badges); kept whole when space is short."""
    wrap: bool = False
    """The last part of ``left`` wraps onto more lines when it is too long (a
    decision, a goal); otherwise the line is cut."""


EntryKind = Literal["heading", "note", "answer", "occurrence", "meeting", "decision", "action"]


@dataclass(frozen=True)
class Entry:
    """One item of a ritual view: a few lines, and what enter does with it."""

    key: str
    """Unique within the view: the cursor stays on it across refreshes."""
    kind: EntryKind
    lines: tuple[EntryLine, ...]
    thread: str | None = None
    """The thread enter opens (a check-in's occurrence thread, a meeting's, ...)."""
    done: bool = False
    """Drawn dimmed and struck through (a done action item)."""
    checkin: str = ""
    """``answer`` entries: the check-in to answer..."""
    day: date | None = None
    """...for this occurrence (its date in the viewer's zone)..."""
    title: str = ""
    questions: tuple[str, ...] = ()
    """...and its questions, one answer box each."""
    action: str = ""
    """``action`` entries: the action item's id."""

    @property
    def selectable(self) -> bool:
        """Headings and notes are not: the cursor steps over them."""
        return self.kind not in ("heading", "note")


def short_day(day: date) -> str:
    return timefmt.day(day)


class Words:
    """Names and times as the viewer reads them."""

    def __init__(self, team: Team, me: str, now: datetime) -> None:
        self.team, self.me, self.now = team, me, now
        self.tz = team.tz(me)

    def who(self, member: str) -> str:
        return "you" if member == self.me else f"@{self.team.handle(member)}"

    def at(self, t: datetime) -> str:
        return when(t, self.tz, self.now)

    def due(self, due: datetime, mine: bool) -> str:
        """'3h left' for my own and anything overdue, else 'due Fri 17:00' (as ask badges)."""
        return owed_when(due, urgency(due, None, self.now), mine=mine, tz=self.tz, now=self.now)

    def owed(self, who: str, due: datetime | None, level: Urgency, mine: bool) -> str:
        """'you · 3h left', 'bob · due Fri 17:00', 'bob · no due time' (as ask badges)."""
        return owed_words(who, due, level, mine=mine, tz=self.tz, now=self.now)

    def people(self, members: Sequence[str]) -> str:
        return ", ".join(self.who(m) for m in members)


def heading_entry(key: str, text: str, hint: str = "") -> Entry:
    right = (Part(hint, "muted"),) if hint else ()
    return Entry(f"heading:{key}", "heading", (EntryLine((Part(text, "strong"),), right),))


def note_entry(key: str, text: str) -> Entry:
    return Entry(f"note:{key}", "note", (EntryLine((Part(text, "muted"),)),))
