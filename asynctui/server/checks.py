"""What the server checks in every event and cursor a client sends, before
anything is stored (docs/protocol.md, "What the server checks").

The checks here need no database: who may write an event (one rule per kind
of event, :data:`WHO_MAY_WRITE`), what it claims
(:mod:`asynctui.core.claims`), how big it is, and whether a cursor is one at
all. Where each event belongs and whether its author may write there is
:mod:`asynctui.server.scope_rules`; a replayed id, the writer
(:meth:`asynctui.server.log.ServerLog.append_checked`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import msgspec

from asynctui.core import events as ev
from asynctui.core.claims import forged
from asynctui.core.events import MAX_BODY_CHARS, Event
from asynctui.server.http import ApiError, Limits
from asynctui.server.members import Identity

__all__ = [
    "CURSOR_PATTERN",
    "MAX_WAIT_ASKED",
    "WHO_MAY_WRITE",
    "Cursor",
    "check_events",
    "cursor_tag",
    "parse_cursor",
]

MAX_WAIT_ASKED = 3600.0
"""The longest ``wait`` a read may ask for; it is held at most ``Limits.max_wait_s``."""
CURSOR_PATTERN = r"^([0-9A-Za-z_-]{1,64}:[0-9]{1,18}:[0-9A-Za-z_-]{0,64})?$"
"""A cursor, as the OpenAPI document states it (the server also takes 19 digits
below 2**63)."""

_CURSOR = re.compile(r"([0-9A-Za-z_-]{1,64}):([0-9]{1,19}):([0-9A-Za-z_-]{0,64})")
"""``workspace:sequence:event id``: ASCII digits only, and short enough for an
SQLite INTEGER (``"²".isdigit()`` is true, and ``int()`` of 2**63 overflows it)."""


_WriterRule = Callable[[Any, Identity], str | None]
"""Why the token's member may not write this payload, or None."""


def _any_member(body: Any, who: Identity) -> str | None:
    """Any member, as its author from their own device (checked for every kind);
    where it may go is its scope rule (:data:`asynctui.server.scope_rules.SCOPE_RULES`)."""
    return None


def _own_profile(body: ev.ProfileSet, who: Identity) -> str | None:
    """Only with the handle the admin gave: others @-mention and find people by it."""
    if body.handle != who.handle:
        return f"your handle is @{who.handle}: handles are given by the workspace's admin"
    return None


WHO_MAY_WRITE: dict[type[ev.Payload], _WriterRule] = {
    ev.ProfileSet: _own_profile,
    ev.HoursSet: _any_member,
    ev.StatusSet: _any_member,
    ev.ChannelCreated: _any_member,
    ev.ThreadOpened: _any_member,
    ev.MessagePosted: _any_member,
    ev.MessageEdited: _any_member,
    ev.ReactionAdded: _any_member,
    ev.ReactionRemoved: _any_member,
    ev.ThreadResolved: _any_member,
    ev.AskCreated: _any_member,
    ev.AskCancelled: _any_member,
    ev.AskAnswered: _any_member,
    ev.AskReopened: _any_member,
    ev.AskAcknowledged: _any_member,
    ev.AskDeclined: _any_member,
    ev.AskHandedOff: _any_member,
    ev.AttentionSet: _any_member,
    ev.SnoozeSet: _any_member,
    ev.ReadMarked: _any_member,
    ev.CheckinCreated: _any_member,
    ev.CheckinAnswered: _any_member,
    ev.CheckinStopped: _any_member,
    ev.MeetingOpened: _any_member,
    ev.MeetingClosed: _any_member,
    ev.DecisionMade: _any_member,
    ev.ActionCreated: _any_member,
    ev.ActionDone: _any_member,
}
"""The server's one authorization rule for each kind of event: who may write it."""


def check_events(
    events: list[Event], who: Identity, limits: Limits, ceiling: int, now: datetime
) -> list[Event]:
    """The events as the server stores them, stamped with its receive time
    ``now``; or an :class:`ApiError` naming the first that may not be stored.

    ``ceiling`` is the highest Lamport counter an event may carry
    (:meth:`asynctui.server.log.ServerLog.lamport_ceiling`)."""
    if len(events) > limits.max_events:
        raise ApiError(413, "too_large", f"at most {limits.max_events} events per request")
    stamped = []
    for i, event in enumerate(events):
        if event.author != who.member or event.device != who.device:
            raise ApiError(
                403,
                "forbidden",
                "an event may only be written by its own author from its own device",
                index=i,
            )
        if event.at.tzinfo is None:
            raise ApiError(400, "bad_request", "an event time must have a time zone", index=i)
        body = event.body
        for name in body.__struct_fields__:
            value = getattr(body, name)
            if isinstance(value, str) and len(value) > MAX_BODY_CHARS:
                raise ApiError(
                    400, "too_long", f"{name} is over {MAX_BODY_CHARS} characters", index=i
                )
        if event.lamport > ceiling:
            raise ApiError(
                400,
                "bad_request",
                f"the event's Lamport counter {event.lamport} is far beyond the log's"
                f" (at most {ceiling} now)",
                index=i,
            )
        reason = forged(event)
        if reason is not None:
            raise ApiError(400, "bad_request", reason, index=i)
        refusal = WHO_MAY_WRITE[type(body)](body, who)
        if refusal is not None:
            raise ApiError(403, "forbidden", refusal, index=i)
        stamped.append(msgspec.structs.replace(event, received=now))
    return stamped


def cursor_tag(event_id: str) -> str:
    """What a cursor holds of the event at its place: a hash, so that an id of
    any characters (a ``:`` in it) still makes a cursor that reads back."""
    return hashlib.sha256(event_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Cursor(msgspec.Struct, frozen=True):
    """A cursor as a client sent it: ``""`` is the start (sequence 0)."""

    workspace: str
    seq: int
    event: str


def parse_cursor(text: str) -> Cursor | None:
    """The parts of a cursor, None for the start; a 400 if it is not a cursor at all."""
    if not text:
        return None
    found = _CURSOR.fullmatch(text)
    if found is None or int(found[2]) >= 2**63:
        raise ApiError(
            400,
            "bad_request",
            "after must be a cursor this server gave (workspace:sequence:event), or empty",
        )
    return Cursor(found[1], int(found[2]), found[3])
