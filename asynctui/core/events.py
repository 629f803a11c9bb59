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
from datetime import date, datetime, timedelta
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

MAX_ID = 64
"""Longest id of an event or of anything an event names."""
MAX_CHANNEL_MEMBERS = 1_000
"""Most members of a private channel."""
MAX_LAMPORT = 2**53 - 1
"""Highest Lamport counter anyone accepts: every JSON reader holds it exactly,
and an SQLite INTEGER holds it with room for the counters after it."""
LAMPORT_LEAP = 1_000_000
"""How far above the highest counter already seen an event's counter may be.
A device counts one up from the highest it has seen, so honest counters climb
by the events one device makes offline; one far beyond is a forged claim, and
taken as true it would push every later event's counter past any bound."""
CLOCK_AHEAD = timedelta(minutes=5)
"""How far ahead of the server's receive time an event's own time may claim to be."""
CLOCK_BEHIND = timedelta(days=14)
"""How far before the server's receive time: a device offline for a fortnight."""

MAX_DEVICE = 200
"""Longest device name an event may carry (a host name and a suffix fit)."""

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_ID)]
"""An id: of an event, a member, a channel, a thread, a message..."""
Short = Annotated[str, msgspec.Meta(max_length=MAX_LINE)]
"""A name, a topic, a status line, an emoji: one short line."""

_Lines = Annotated[tuple[Line, ...], msgspec.Meta(min_length=1, max_length=MAX_LINES)]
_Ids = Annotated[tuple[Id, ...], msgspec.Meta(max_length=MAX_PEOPLE)]

StatusState = Literal["available", "focus", "away", "off", "ooo"]
"""``ooo`` is out of office. ``off`` and ``ooo`` with an end pause reply clocks."""


class _Payload(msgspec.Struct, frozen=True, tag_field="kind", forbid_unknown_fields=False):
    pass


class ProfileSet(_Payload, tag="profile.set", frozen=True):
    """The author's name, handle and time zone (last writer wins)."""

    name: Short
    handle: Short
    tz: Short


class HoursSet(_Payload, tag="hours.set", frozen=True):
    """The author's whole hours document (last writer wins)."""

    hours: Hours


class StatusSet(_Payload, tag="status.set", frozen=True):
    state: StatusState
    text: Short = ""
    emoji: Short = ""
    until: datetime | None = None


class ChannelCreated(_Payload, tag="channel.created", frozen=True):
    channel: Id
    name: Short
    topic: Short = ""
    private: bool = False
    """Only ``members`` read and write it (a direct conversation is a private
    channel of its people). A server enforces this; a shared folder cannot:
    anyone who can open the folder can read its journals."""
    members: Annotated[tuple[Id, ...], msgspec.Meta(max_length=MAX_CHANNEL_MEMBERS)] = ()
    """Member ids of a private channel, its creator among them; fixed at creation."""


class ThreadOpened(_Payload, tag="thread.opened", frozen=True):
    """A new thread and its first message (``message`` is that message's id)."""

    thread: Id
    channel: Id
    title: Short
    message: Id
    body: Text


class MessagePosted(_Payload, tag="message.posted", frozen=True):
    message: Id
    thread: Id
    body: Text
    quote: Id | None = None
    """Id of a message this one quotes."""
    item: Annotated[int, msgspec.Meta(ge=0, lt=20)] | None = None
    """In an async meeting: the agenda item (0 = the first) this contributes to."""


class MessageEdited(_Payload, tag="message.edited", frozen=True):
    message: Id
    body: Text


class ReactionAdded(_Payload, tag="reaction.added", frozen=True):
    message: Id
    emoji: Short


class ReactionRemoved(_Payload, tag="reaction.removed", frozen=True):
    message: Id
    emoji: Short


class ThreadResolved(_Payload, tag="thread.resolved", frozen=True):
    thread: Id
    resolved: bool = True
    """False reopens the thread."""


class AskCreated(_Payload, tag="ask.created", frozen=True):
    """Ask a member for a reply in a thread within a window of their working time."""

    ask: Id
    thread: Id
    asked: Id
    """Member id of the person asked."""
    within: Window


class AskCancelled(_Payload, tag="ask.cancelled", frozen=True):
    """The asker withdraws the ask."""

    ask: Id


class AskAnswered(_Payload, tag="ask.answered", frozen=True):
    """This message is the ask's answer (the asker or the person who owes it
    says so; by default the first substantial reply is)."""

    ask: Id
    message: Id


class AskReopened(_Payload, tag="ask.reopened", frozen=True):
    """Not answered yet: the asker opens an answered, declined, withdrawn or
    settled ask again (the person who owes it: an answered one)."""

    ask: Id


class AskAcknowledged(_Payload, tag="ask.acknowledged", frozen=True):
    """The person who owes the reply has seen the ask and gives a time for it."""

    ask: Id
    by: datetime
    note: Short = ""


class AskDeclined(_Payload, tag="ask.declined", frozen=True):
    ask: Id
    reason: Short = ""


class AskHandedOff(_Payload, tag="ask.handed", frozen=True):
    """Someone else owes the reply now; the window starts again on their calendar."""

    ask: Id
    to: Id
    within: Window | None = None
    """A new window; none keeps the ask's."""


AttentionMode = Literal["follow", "mute", "default"]
"""Follow: tell me of everything in it; mute: only of asks of me; default: as my
notification level says."""


class AttentionSet(_Payload, tag="attention.set", frozen=True):
    """How much the author wants to hear of a thread or a channel (last writer wins,
    per author and target; it syncs across the author's devices)."""

    target: Id
    scope: Literal["thread", "channel"]
    mode: AttentionMode


class SnoozeSet(_Payload, tag="snooze.set", frozen=True):
    """The author puts a thread, or one thing owed (an ask, an action item), out of
    their queues until ``until`` (none: back now). Last writer wins, per author and
    target; it syncs across the author's devices."""

    target: Id
    until: datetime | None = None


class ReadMarked(_Payload, tag="read.marked", frozen=True):
    """The author has read a thread up to an instant (syncs across their devices)."""

    thread: Id
    upto: datetime


# -- rituals: check-ins, async meetings, decisions, action items ----------------------


class CheckinCreated(_Payload, tag="checkin.created", frozen=True):
    """Recurring questions for some members, asked at ``schedule``'s time in
    each member's own zone; each occurrence's answers make one thread."""

    checkin: Id
    channel: Id
    title: Line
    questions: _Lines
    schedule: Schedule
    members: _Ids
    within: Window = Window(4, "h")
    """How long each member has to answer, counted on their own calendar from
    the check-in's time in their zone, like an ask."""


class CheckinAnswered(_Payload, tag="checkin.answered", frozen=True):
    """A member's answers to one occurrence: ``day`` is its date in their zone."""

    checkin: Id
    day: date
    message: Id
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
    checkin: Id


class MeetingOpened(_Payload, tag="meeting.opened", frozen=True):
    """An async meeting: a thread with a goal, an agenda, participants and a
    deadline for contributions (a fixed instant, or working time ``within``
    counted on each participant's calendar from the opening)."""

    thread: Id
    channel: Id
    title: Line
    message: Id
    goal: Text
    agenda: _Lines
    participants: _Ids
    deadline: datetime | None = None
    within: Window | None = None


class MeetingClosed(_Payload, tag="meeting.closed", frozen=True):
    thread: Id
    outcome: Text = ""


class DecisionMade(_Payload, tag="decision.made", frozen=True):
    """A decision, recorded in a thread; ``messages`` are the ones it rests on."""

    decision: Id
    thread: Id
    text: Text
    messages: _Ids = ()
    deciders: _Ids = ()
    """Who decided (member ids); none named means the author."""


class ActionCreated(_Payload, tag="action.created", frozen=True):
    """Something to do, with an owner and perhaps a due time, from a thread or
    one of its messages."""

    action: Id
    thread: Id
    text: Text
    owner: Id
    due: datetime | None = None
    message: Id | None = None


class ActionDone(_Payload, tag="action.done", frozen=True):
    action: Id
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
    | AskAnswered
    | AskReopened
    | AskAcknowledged
    | AskDeclined
    | AskHandedOff
    | AttentionSet
    | SnoozeSet
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


class Event(msgspec.Struct, frozen=True, forbid_unknown_fields=False, omit_defaults=True):
    id: Id
    lamport: Annotated[int, msgspec.Meta(ge=0, le=MAX_LAMPORT)]
    device: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_DEVICE)]
    author: Id
    at: datetime
    """When its author says it happened (their device's clock)."""
    body: Payload
    received: datetime | None = None
    """When the sync server received it, stamped by the server (never by a
    client); none in a shared folder, which has no clock of its own."""

    @property
    def kind(self) -> str:
        return self.body.__struct_config__.tag  # type: ignore[return-value]

    @property
    def key(self) -> tuple[int, str, str]:
        """The total order every reader agrees on."""
        return (self.lamport, self.device, self.id)

    @property
    def when(self) -> datetime:
        """The time to show and count from: the author's own, unless a server
        received it at a time that makes the claim implausible (a thread dated
        2100, an ask dated 1990); then the server's."""
        received = self.received
        if received is None:
            return self.at
        if self.at > received + CLOCK_AHEAD or self.at < received - CLOCK_BEHIND:
            return received
        return self.at


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
    except RecursionError:
        raise InvalidEvent("nested too deeply") from None
    if event.at.tzinfo is None:
        raise InvalidEvent("event time has no timezone")
    return event
