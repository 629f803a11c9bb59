"""Who is on the team, their hours, statuses and working calendars, read from the replica."""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from asynctui.core.calendar import WorkCalendar
from asynctui.core.hours import Hours
from asynctui.core.text import clean_line

_hours_decoder = msgspec.json.Decoder(Hours)

PAUSING_STATES = ("off", "ooo")
"""Statuses that stop a member's reply clock while they last (when they have an end)."""


@functools.cache
def _known_zone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return tz


def instant(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC)


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    handle: str
    tz: str
    joined_at: datetime


@dataclass(frozen=True)
class Status:
    state: str
    text: str
    emoji: str
    until: datetime | None
    set_at: datetime

    def active(self, now: datetime) -> bool:
        return self.until is None or self.until > now


class Team:
    """A snapshot of the team: cheap to build, calendars made on demand and cached."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.members: dict[str, Member] = {}
        # Two people may claim one handle concurrently; the one who joined first keeps it.
        # Profiles come from other people's journals: names are cleaned once here
        # for every screen, and a zone this machine does not know falls back to UTC.
        for mid, name, handle, tz, joined in db.execute(
            "SELECT id, name, handle, tz, joined_at FROM members ORDER BY joined_at DESC, id DESC"
        ):
            self.members[mid] = Member(
                mid, clean_line(name), clean_line(handle), _known_zone(tz), instant(joined)
            )
        self._by_handle = {m.handle.lower(): m for m in self.members.values()}
        self._hours = {
            member: _hours_decoder.decode(doc)
            for member, doc in db.execute("SELECT member, doc FROM hours")
        }
        self._statuses: dict[str, list[Status]] = {}
        for member, state, text, emoji, until, at in db.execute(
            "SELECT member, state, text, emoji, until, at FROM statuses"
            " ORDER BY member, lamport, device, id"
        ):
            ends = None if until is None else instant(until)
            status = Status(state, clean_line(text), clean_line(emoji), ends, instant(at))
            self._statuses.setdefault(member, []).append(status)
        self._calendars: dict[str, WorkCalendar] = {}

    def sorted_members(self) -> list[Member]:
        return sorted(self.members.values(), key=lambda m: m.handle.lower())

    def by_handle(self, handle: str) -> Member | None:
        return self._by_handle.get(handle.lstrip("@").lower())

    def handle(self, member_id: str) -> str:
        member = self.members.get(member_id)
        return member.handle if member else member_id[:8]

    def name(self, member_id: str) -> str:
        member = self.members.get(member_id)
        return member.name if member else member_id[:8]

    def tz(self, member_id: str) -> str:
        member = self.members.get(member_id)
        return member.tz if member else "UTC"

    def hours(self, member_id: str) -> Hours:
        return self._hours.get(member_id) or Hours()

    def status(self, member_id: str, now: datetime) -> Status | None:
        """The member's current status, or None if it expired or was never set."""
        history = self._statuses.get(member_id)
        if not history or not history[-1].active(now):
            return None
        return history[-1]

    def status_at(self, member_id: str, t: datetime) -> Status | None:
        """The status the member had at the instant ``t`` (set before it, not ended)."""
        current = None
        for status in self._statuses.get(member_id, []):
            if status.set_at <= t:
                current = status
        return current if current is not None and current.active(t) else None

    def pauses(self, member_id: str) -> list[tuple[datetime, datetime]]:
        """Spans in which an off/ooo status with an end stopped the member's clock.

        A pause ends at its ``until`` or when the member set another status,
        whichever comes first (coming back early restarts the clock).
        """
        history = self._statuses.get(member_id, [])
        spans = []
        for i, status in enumerate(history):
            if status.state not in PAUSING_STATES or status.until is None:
                continue
            end = status.until
            if i + 1 < len(history):
                end = min(end, history[i + 1].set_at)
            if end > status.set_at:
                spans.append((status.set_at, end))
        return spans

    def calendar(self, member_id: str) -> WorkCalendar:
        calendar = self._calendars.get(member_id)
        if calendar is None:
            calendar = WorkCalendar(
                self.tz(member_id), self.hours(member_id), self.pauses(member_id)
            )
            self._calendars[member_id] = calendar
        return calendar
