"""What an event claims that a reader can check without trusting its author.

An event is made by someone else's device, and a log cannot be edited: one
forged event, once folded, stays for everyone. The server refuses these
claims before storing them (docs/protocol.md, "What the server checks"); a
client skips them from any store (a shared folder has no server), with a
warning that names the event, so a hostile journal line costs one event, never
the workspace.

- :func:`forged`: a claim no honest client makes, whatever else is in the log
  (a direct conversation's id that is not its people's, a window or an instant
  no reader can count with).
- :class:`Counters`: a Lamport counter far beyond the highest seen before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from asynctui.core import events as ev
from asynctui.core.calendar import HORIZON
from asynctui.core.events import LAMPORT_LEAP, MAX_LAMPORT, ChannelCreated, Event
from asynctui.core.hours import Window
from asynctui.core.names import DIRECT_PREFIX, direct_channel_id
from asynctui.core.text import clean_line

__all__ = ["Counters", "forged", "plausible"]


_LONGEST_WINDOW = {"m": HORIZON.days * 1440, "h": HORIZON.days * 24, "d": HORIZON.days}
"""A window longer than the calendar looks ahead is never due; the types bound it
only below, and an amount past 2**63 cannot be stored by any reader's SQLite:
its fold would fail on it at every sync."""
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)
"""An instant every reader can turn into UTC and into any zone: 9999-12-31 at
-12:00 is already the year 10000 there, and no reader could show it."""


def _windows(body: Any) -> list[tuple[str, Window]]:
    if isinstance(body, ev.HoursSet):
        return [("hours.promise", body.hours.promise)]
    within = getattr(body, "within", None)
    return [("within", within)] if isinstance(within, Window) else []


def _beyond_bounds(body: Any) -> str | None:
    """Why a number or an instant of ``body`` is one no reader can use, or None."""
    for name, window in _windows(body):
        if window.amount > _LONGEST_WINDOW[window.unit]:
            return (
                f"{name} of {window} is longer than any calendar looks ahead ({HORIZON.days} days)"
            )
    for name in body.__struct_fields__:
        value = getattr(body, name)
        if not isinstance(value, datetime):
            continue
        if value.tzinfo is None:
            return f"{name} must have a time zone"
        if not _EARLIEST <= value <= _LATEST:
            return f"{name} must lie between the years 1 and 9999"
    return None


def forged(event: Event) -> str | None:
    """Why ``event`` cannot be what it says, or None.

    A direct conversation's id is the hash of its people: one of that form is
    only ever a private channel of exactly them, so nobody else can register
    it first and read what the two of them write."""
    body = event.body
    if isinstance(body, ChannelCreated) and body.channel.startswith(DIRECT_PREFIX):
        people = {event.author, *body.members}
        if not body.private or len(people) < 2 or body.channel != direct_channel_id(people):
            return (
                f"the channel id {body.channel!r} is a direct conversation's, and not the one"
                " of its members"
            )
    return _beyond_bounds(body)


class Counters:
    """The highest Lamport counter seen so far, and whether the next is plausible.

    Counters are checked in the order the log is read; each may be at most
    :data:`~asynctui.core.events.LAMPORT_LEAP` above the highest before it."""

    def __init__(self, highest: int = 0) -> None:
        self.highest = highest

    def ceiling(self) -> int:
        """The highest counter an event may carry now."""
        return min(MAX_LAMPORT, self.highest + LAMPORT_LEAP)

    def admit(self, event: Event) -> str | None:
        """None, and the counter is taken as seen; or why it is implausible."""
        if event.lamport > self.ceiling():
            return f"its Lamport counter {event.lamport} is far beyond the log's ({self.highest})"
        if event.lamport > self.highest:
            self.highest = event.lamport
        return None


def plausible(events: Iterable[Event], counters: Counters) -> tuple[list[Event], list[str]]:
    """The events a reader may fold, in their order, and a warning for each one
    skipped (naming it, its author and device, and why)."""
    kept: list[Event] = []
    warnings: list[str] = []
    for event in events:
        reason = forged(event) or counters.admit(event)
        if reason is None:
            kept.append(event)
        else:
            warnings.append(
                clean_line(
                    f"event {event.id} ({event.kind} by {event.author} from device"
                    f" {event.device}) skipped: {reason}"
                )
            )
    return kept, warnings
