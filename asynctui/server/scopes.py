"""Where every event belongs, and whether its author may write there.

The server keeps, for every channel, who may see it, and for every thread,
message, ask, check-in, decision and action item, the channel it lives in
(docs/protocol.md, "Private channels"). :class:`Plan` is what storing a
request adds to them, made by the rules of :mod:`asynctui.server.scope_rules`;
:class:`Scopes` keeps them in memory for the process that writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Set
from dataclasses import dataclass, field

from asynctui.core import events as ev
from asynctui.core.events import Event

__all__ = ["Plan", "Refused", "Scopes", "db_counts", "plan_reply"]


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
            (c, n)
            for c, n in zip(self.channels, self.channel_events, strict=True)
            if n not in replays
        ]
        objects = [
            (o, n)
            for o, n in zip(self.objects, self.object_events, strict=True)
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
