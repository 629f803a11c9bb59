"""Where every event belongs, and whether its author may write there.

The server keeps, for every channel, who may see it, and for every thread,
message, ask, check-in, decision and action item, the channel it lives in
(docs/protocol.md, "Private channels"). :func:`plan` checks each event of a
request against them and says what storing it adds; :class:`Scopes` keeps
them in memory for the process that writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence, Set
from dataclasses import dataclass, field

from asynctui.core import events as ev
from asynctui.core.events import Event

__all__ = ["Plan", "Refused", "Scopes", "db_counts", "plan", "plan_reply"]


class Refused(Exception):
    """An event of a request that may not be stored; ``index`` is its place."""

    def __init__(self, index: int, status: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.status = status
        self.batch = 0
        """Which batch of a group commit (:meth:`ServerLog.append_checked`)."""


@dataclass
class Plan:
    """What storing a batch adds besides the events: scopes and new objects."""

    scopes: list[str | None]
    """Per event: the private channel it belongs to, or None (everyone sees it)."""
    channels: list[tuple[str, int, str, tuple[str, ...]]]
    objects: list[tuple[str, str, str]]
    channel_events: list[int] = field(default_factory=list)
    """Per entry of ``channels``: the event (its place in the batch) that adds it."""
    object_events: list[int] = field(default_factory=list)
    """Per entry of ``objects``: the event that adds it."""

    def without(self, replays: Set[int]) -> Plan:
        """The plan less what the events at ``replays`` add: an id stored before
        is a replay, and a replay has no effect of its own."""
        if not replays:
            return self
        channels = [
            (c, n) for c, n in zip(self.channels, self.channel_events, strict=True)
            if n not in replays
        ]
        objects = [
            (o, n) for o, n in zip(self.objects, self.object_events, strict=True)
            if n not in replays
        ]
        return Plan(
            self.scopes,
            [c for c, _ in channels],
            [o for o, _ in objects],
            [n for _, n in channels],
            [n for _, n in objects],
        )


@dataclass
class Scopes:
    """The ``channels``, ``channel_members`` and ``objects`` tables, in memory.

    Loaded by :meth:`ServerLog.cache_scopes` (the server, at start) and kept
    equal to the tables by the writer: after each commit it adds what it
    stored; before each transaction it checks whether another connection
    changed the file (``PRAGMA data_version``) and, if the row counts moved
    (the tables only grow), loads them again. :meth:`ServerLog.plan` then needs
    no query for an object it knows; it asks SQLite only on a miss."""

    channels: dict[str, tuple[bool, frozenset[str]]] = field(default_factory=dict)
    objects: dict[str, tuple[str, str]] = field(default_factory=dict)
    members: int = 0
    """Rows of ``channel_members``."""
    version: int | None = None
    """``PRAGMA data_version`` of the writer's connection when last checked."""

    def counts(self) -> tuple[int, int, int]:
        return len(self.channels), self.members, len(self.objects)

    @classmethod
    def load(cls, db: sqlite3.Connection) -> Scopes:
        people: dict[str, set[str]] = {}
        count = 0
        for cid, member in db.execute("SELECT channel, member FROM channel_members"):
            people.setdefault(str(cid), set()).add(str(member))
            count += 1
        channels = {
            str(cid): (bool(private), frozenset(people.get(str(cid), ())))
            for cid, private in db.execute("SELECT id, private FROM channels")
        }
        objects = {
            str(oid): (str(kind), str(parent))
            for oid, kind, parent in db.execute("SELECT id, kind, parent FROM objects")
        }
        return cls(channels, objects, count)

    def learn(self, plan: Plan) -> None:
        """Add what storing ``plan`` inserted (``INSERT OR IGNORE``: the first wins)."""
        for cid, private, _, people in plan.channels:
            # The first to create a channel names its members, as in the tables.
            if cid not in self.channels:
                self.channels[cid] = (bool(private), frozenset(people))
                self.members += len(set(people))
        for oid, kind, parent in plan.objects:
            self.objects.setdefault(oid, (kind, parent))


def plan_reply(event: Event, member: str, scopes: Scopes) -> Plan | None:
    """:meth:`ServerLog.plan` of the commonest request, one reply into a thread
    the memory copy knows and the author may see; None for anything else (the
    full check then decides, and refuses)."""
    body = event.body
    if not isinstance(body, ev.MessagePosted):
        return None
    thread = scopes.objects.get(body.thread)
    if thread is None or thread[0] != "thread":
        return None
    channel = scopes.channels.get(thread[1])
    if channel is None or (channel[0] and member not in channel[1]):
        return None
    found = scopes.objects.get(body.message)
    if found is not None and found != ("message", body.thread):
        return None
    new = [] if found is not None else [(body.message, "message", body.thread)]
    return Plan([thread[1] if channel[0] else None], [], new, [], [0] * len(new))


def db_counts(db: sqlite3.Connection) -> tuple[int, int, int]:
    row = db.execute(
        "SELECT (SELECT count(*) FROM channels), (SELECT count(*) FROM channel_members),"
        " (SELECT count(*) FROM objects)"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def plan(
    db: sqlite3.Connection, scopes: Scopes | None, events: Sequence[Event], member: str | None
) -> Plan:
    """Check that ``member`` may write each event where it goes, and find each
    event's scope. ``member=None`` trusts the events (an import): nothing is
    refused, and a reference to something unknown is left unscoped.

    Raises :class:`Refused` for the first event that may not be stored: an
    object it names is unknown or private to others (404, so that a private
    id is not confirmed to exist), or it would move an object elsewhere (409).
    """
    if scopes is not None and member is not None and len(events) == 1:
        quick = plan_reply(events[0], member, scopes)
        if quick is not None:
            return quick
    trusted = member is None
    channels: dict[str, tuple[bool, Set[str]]] = {}
    parents: dict[str, tuple[str, str]] = {}
    plan = Plan([], [], [])

    def channel(cid: str) -> tuple[bool, Set[str]] | None:
        if cid not in channels:
            cached = None if scopes is None else scopes.channels.get(cid)
            if cached is not None:
                channels[cid] = cached
                return cached
            row = db.execute("SELECT private FROM channels WHERE id = ?", (cid,)).fetchone()
            if row is None:
                return None
            people = {m for (m,) in db.execute(
                "SELECT member FROM channel_members WHERE channel = ?", (cid,))}  # fmt: skip
            channels[cid] = (bool(row[0]), people)
        return channels[cid]

    def parent(oid: str, ask: bool = True) -> tuple[str, str] | None:
        """``ask=False``: a miss of the in-memory copy is final (a new id)."""
        if oid not in parents:
            cached = None if scopes is None else scopes.objects.get(oid)
            if cached is not None:
                parents[oid] = cached
                return cached
            if scopes is not None and not ask:
                return None
            row = db.execute("SELECT kind, parent FROM objects WHERE id = ?", (oid,))
            found = row.fetchone()
            if found is None:
                return None
            parents[oid] = (str(found[0]), str(found[1]))
        return parents[oid]

    def enter(i: int, cid: str | None, what: str, ref: str) -> str | None:
        known = None if cid is None else channel(cid)
        if known is None or (not trusted and known[0] and member not in known[1]):
            if trusted:
                return None
            raise Refused(i, 404, f"no {what} {ref!r} that you can see")
        return cid if known[0] else None

    def channel_of(oid: str, kind: str) -> str | None:
        """The channel a thread, message, ask, check-in, decision or action item
        lives in, following its parents."""
        for _ in range(3):
            found = parent(oid)
            if found is None or (kind and found[0] != kind):
                return None
            if found[0] in ("thread", "checkin"):
                return found[1]
            oid, kind = found[1], ""
        return None

    def new(i: int, oid: str, kind: str, under: str) -> None:
        found = parent(oid, ask=False)
        if found is not None and found != (kind, under):
            if trusted:
                return
            raise Refused(i, 409, f"the {kind} id {oid!r} is already used elsewhere")
        if found is None:
            parents[oid] = (kind, under)
            plan.objects.append((oid, kind, under))
            plan.object_events.append(i)

    for i, event in enumerate(events):
        body = event.body
        scope: str | None = None
        if isinstance(body, ev.ChannelCreated):
            known = channel(body.channel)
            people = {event.author, *body.members} if body.private else set()
            if known is None:
                channels[body.channel] = (body.private, people)
                plan.channels.append(
                    (body.channel, int(body.private), event.author, tuple(sorted(people)))
                )
                plan.channel_events.append(i)
            elif trusted:
                pass
            elif known[0] and member not in known[1]:
                # The same answer as for an id nobody has: who talks privately
                # with whom is not told to anyone else.
                raise Refused(i, 404, f"no channel {body.channel!r} that you can see")
            elif known[0] != body.private or (known[0] and people != set(known[1])):
                raise Refused(
                    i, 409, f"the channel {body.channel!r} exists already, with other members"
                )
            now = channel(body.channel)
            scope = body.channel if now is not None and now[0] else None
        elif isinstance(body, ev.ThreadOpened):
            scope = enter(i, body.channel, "channel", body.channel)
            new(i, body.thread, "thread", body.channel)
            new(i, body.message, "message", body.thread)
        elif isinstance(body, ev.MessagePosted):
            scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
            new(i, body.message, "message", body.thread)
        elif isinstance(body, ev.AskCreated):
            scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
            new(i, body.ask, "ask", body.thread)
        elif isinstance(body, ev.ThreadResolved | ev.ReadMarked):
            scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
        elif isinstance(body, ev.MessageEdited | ev.ReactionAdded | ev.ReactionRemoved):
            scope = enter(i, channel_of(body.message, "message"), "message", body.message)
        elif isinstance(body, ev.AskCancelled):
            scope = enter(i, channel_of(body.ask, "ask"), "ask", body.ask)
        elif isinstance(body, ev.CheckinCreated):
            scope = enter(i, body.channel, "channel", body.channel)
            new(i, body.checkin, "checkin", body.channel)
        elif isinstance(body, ev.CheckinAnswered):
            cid = channel_of(body.checkin, "checkin")
            scope = enter(i, cid, "check-in", body.checkin)
            if cid is not None:
                thread = body.thread
                new(i, thread, "thread", cid)
                new(i, body.message, "message", thread)
        elif isinstance(body, ev.CheckinStopped):
            scope = enter(i, channel_of(body.checkin, "checkin"), "check-in", body.checkin)
        elif isinstance(body, ev.MeetingOpened):
            scope = enter(i, body.channel, "channel", body.channel)
            new(i, body.thread, "thread", body.channel)
            new(i, body.message, "message", body.thread)
        elif isinstance(body, ev.MeetingClosed):
            scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
        elif isinstance(body, ev.DecisionMade | ev.ActionCreated):
            cid = channel_of(body.thread, "thread")
            scope = enter(i, cid, "thread", body.thread)
            quoted = (
                body.messages
                if isinstance(body, ev.DecisionMade)
                else (() if body.message is None else (body.message,))
            )
            for message in quoted:
                if channel_of(message, "message") != cid and not trusted:
                    raise Refused(i, 404, f"no message {message!r} in that thread's channel")
            if isinstance(body, ev.DecisionMade):
                new(i, body.decision, "decision", body.thread)
            else:
                new(i, body.action, "action", body.thread)
        elif isinstance(body, ev.ActionDone):
            scope = enter(i, channel_of(body.action, "action"), "action item", body.action)
        plan.scopes.append(scope)
    return plan
