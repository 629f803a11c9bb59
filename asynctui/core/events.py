"""The event log's vocabulary: every thing a person does is one immutable event.

An event carries a client-made id, its author (a member id), the device that
wrote it, a Lamport counter and the wall-clock instant. The log is ordered by
``(lamport, device, id)``, which every reader computes the same way, so every
replica folds the same history into the same state.

Wire format: one JSON object per event; ``body`` holds the kind-specific
payload, tagged by its ``kind`` field.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from asynctui.core.hours import Hours, Window
from asynctui.core.schedule import Schedule

MAX_BODY_CHARS = 40_000
"""Longest message body accepted; longer text is refused at the edge."""

Text = Annotated[str, msgspec.Meta(max_length=MAX_BODY_CHARS)]
"""A message body: longer text is refused wherever an event is read."""

MAX_LINE = 500
"""Longest title, question, agenda item or answer line."""
MAX_LINES = 20
"""Most questions, agenda items or answers in one event."""
MAX_PEOPLE = 200
"""Most members of a check-in, participants of a meeting or deciders."""

Line = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LINE)]
"""One line a person wrote: a question, an agenda item."""

_Lines = Annotated[tuple[Line, ...], msgspec.Meta(min_length=1, max_length=MAX_LINES)]
_Ids = Annotated[tuple[str, ...], msgspec.Meta(max_length=MAX_PEOPLE)]

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
    item: Annotated[int, msgspec.Meta(ge=0, lt=20)] | None = None
    """In an async meeting: the agenda item (0 = the first) this contributes to."""


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


# -- rituals: check-ins, async meetings, decisions, action items ----------------------


class CheckinCreated(_Payload, tag="checkin.created", frozen=True):
    """Recurring questions for some members, asked at ``schedule``'s time in
    each member's own zone; each occurrence's answers make one thread."""

    checkin: str
    channel: str
    title: Line
    questions: _Lines
    schedule: Schedule
    members: _Ids
    within: Window = Window(4, "h")
    """How long each member has to answer, counted on their own calendar from
    the check-in's time in their zone, like an ask."""


class CheckinAnswered(_Payload, tag="checkin.answered", frozen=True):
    """A member's answers to one occurrence: ``day`` is its date in their zone."""

    checkin: str
    day: date
    message: str
    """Id of the message the answers appear as, in the occurrence's thread."""
    answers: _Lines

    @property
    def thread(self) -> str:
        """The occurrence's thread, where everyone's answers sit side by side."""
        return occurrence_thread(self.checkin, self.day)


def occurrence_thread(checkin: str, day: date) -> str:
    """The same id on every device, with no event to create it. Hashed, because
    ids are shown by their last six characters: a date there would be the
    same for every check-in of that day."""
    digest = hashlib.sha256(f"{checkin}/{day.isoformat()}".encode()).hexdigest()
    return "ci-" + digest[:24]


class CheckinStopped(_Payload, tag="checkin.stopped", frozen=True):
    checkin: str


class MeetingOpened(_Payload, tag="meeting.opened", frozen=True):
    """An async meeting: a thread with a goal, an agenda, participants and a
    deadline for contributions (a fixed instant, or working time ``within``
    counted on each participant's calendar from the opening)."""

    thread: str
    channel: str
    title: Line
    message: str
    goal: Text
    agenda: _Lines
    participants: _Ids
    deadline: datetime | None = None
    within: Window | None = None


class MeetingClosed(_Payload, tag="meeting.closed", frozen=True):
    thread: str
    outcome: Text = ""


class DecisionMade(_Payload, tag="decision.made", frozen=True):
    """A decision, recorded in a thread; ``messages`` are the ones it rests on."""

    decision: str
    thread: str
    text: Text
    messages: _Ids = ()
    deciders: _Ids = ()
    """Who decided (member ids); none named means the author."""


class ActionCreated(_Payload, tag="action.created", frozen=True):
    """Something to do, with an owner and perhaps a due time, from a thread or
    one of its messages."""

    action: str
    thread: str
    text: Text
    owner: str
    due: datetime | None = None
    message: str | None = None


class ActionDone(_Payload, tag="action.done", frozen=True):
    action: str
    done: bool = True
    """False opens it again (last writer wins)."""


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
    | CheckinCreated
    | CheckinAnswered
    | CheckinStopped
    | MeetingOpened
    | MeetingClosed
    | DecisionMade
    | ActionCreated
    | ActionDone
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
