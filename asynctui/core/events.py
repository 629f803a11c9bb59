"""The event log's vocabulary: every thing a person does is one immutable event.

An event carries a client-made id, its author (a member id), the device that
wrote it, a Lamport counter and the wall-clock instant. The log is ordered by
``(lamport, device, id)``, which every reader computes the same way, so every
replica folds the same history into the same state.

Wire format: one JSON object per event; ``body`` holds the kind-specific
payload, tagged by its ``kind`` field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from asynctui.core.hours import Hours, Window

MAX_BODY_CHARS = 40_000
"""Longest message body accepted; longer text is refused at the edge."""

Text = Annotated[str, msgspec.Meta(max_length=MAX_BODY_CHARS)]
"""A message body: longer text is refused wherever an event is read."""

StatusState = Literal["available", "focus", "away", "off", "ooo"]
"""``ooo`` is out of office. ``off`` and ``ooo`` with an end pause reply clocks."""


class _Payload(msgspec.Struct, frozen=True, tag_field="kind", forbid_unknown_fields=False):
    pass


class ProfileSet(_Payload, tag="profile.set", frozen=True):
    """The author's name, handle and time zone (last writer wins)."""

    name: str
    handle: str
    tz: str


class HoursSet(_Payload, tag="hours.set", frozen=True):
    """The author's whole hours document (last writer wins)."""

    hours: Hours


class StatusSet(_Payload, tag="status.set", frozen=True):
    state: StatusState
    text: str = ""
    emoji: str = ""
    until: datetime | None = None


class ChannelCreated(_Payload, tag="channel.created", frozen=True):
    channel: str
    name: str
    topic: str = ""
    private: bool = False
    """Only ``members`` read and write it (a direct conversation is a private
    channel of its people). A server enforces this; a shared folder cannot:
    anyone who can open the folder can read its journals."""
    members: tuple[str, ...] = ()
    """Member ids of a private channel, its creator among them; fixed at creation."""


class ThreadOpened(_Payload, tag="thread.opened", frozen=True):
    """A new thread and its first message (``message`` is that message's id)."""

    thread: str
    channel: str
    title: str
    message: str
    body: Text


class MessagePosted(_Payload, tag="message.posted", frozen=True):
    message: str
    thread: str
    body: Text
    quote: str | None = None
    """Id of a message this one quotes."""


class MessageEdited(_Payload, tag="message.edited", frozen=True):
    message: str
    body: Text


class ReactionAdded(_Payload, tag="reaction.added", frozen=True):
    message: str
    emoji: str


class ReactionRemoved(_Payload, tag="reaction.removed", frozen=True):
    message: str
    emoji: str


class ThreadResolved(_Payload, tag="thread.resolved", frozen=True):
    thread: str
    resolved: bool = True
    """False reopens the thread."""


class AskCreated(_Payload, tag="ask.created", frozen=True):
    """Ask a member for a reply in a thread within a window of their working time."""

    ask: str
    thread: str
    asked: str
    """Member id of the person asked."""
    within: Window


class AskCancelled(_Payload, tag="ask.cancelled", frozen=True):
    ask: str


class ReadMarked(_Payload, tag="read.marked", frozen=True):
    """The author has read a thread up to an instant (syncs across their devices)."""

    thread: str
    upto: datetime


Payload = (
    ProfileSet
    | HoursSet
    | StatusSet
    | ChannelCreated
    | ThreadOpened
    | MessagePosted
    | MessageEdited
    | ReactionAdded
    | ReactionRemoved
    | ThreadResolved
    | AskCreated
    | AskCancelled
    | ReadMarked
)

KINDS: tuple[str, ...] = tuple(cls.__struct_config__.tag for cls in Payload.__args__)


class Event(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    lamport: Annotated[int, msgspec.Meta(ge=0)]
    device: Annotated[str, msgspec.Meta(min_length=1)]
    author: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    at: datetime
    body: Payload

    @property
    def kind(self) -> str:
        return self.body.__struct_config__.tag  # type: ignore[return-value]

    @property
    def key(self) -> tuple[int, str, str]:
        """The total order every reader agrees on."""
        return (self.lamport, self.device, self.id)


class InvalidEvent(ValueError):
    """A line that is not a well-formed event."""


_decoder = msgspec.json.Decoder(Event)
_encoder = msgspec.json.Encoder()


def encode(event: Event) -> bytes:
    """One event as a compact JSON line, without the newline."""
    return _encoder.encode(event)


def decode(data: bytes | str) -> Event:
    """Parse and validate one event; raises InvalidEvent with a short reason."""
    try:
        event = _decoder.decode(data)
    except (msgspec.DecodeError, ValueError) as exc:
        raise InvalidEvent(str(exc).splitlines()[0][:200]) from None
    if event.at.tzinfo is None:
        raise InvalidEvent("event time has no timezone")
    return event
