"""Where each kind of event belongs, and whether its author may write there:
one rule per payload type in :data:`SCOPE_RULES`, the same shape as the
replica's fold (:data:`asynctui.client.fold.HANDLERS`).

A rule answers the event's scope (the private channel whose members alone
read it, or None: everyone does), records the objects the event creates, and
raises :class:`~asynctui.server.scopes.Refused` if the author names something
they cannot see (404, so that a private id is not confirmed to exist) or
would move an object elsewhere (409). :func:`plan` runs the rules over a
request, with :class:`~asynctui.server.scopes.Scopes` as its memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence, Set
from typing import Any

from asynctui.core import events as ev
from asynctui.core.events import Event
from asynctui.server.scopes import Plan, Refused, Scopes, plan_reply

__all__ = ["SCOPE_RULES", "plan"]


class _Planner:
    """What the rules of one request share: the channels and objects it has
    looked up or created so far, and the plan being made."""

    def __init__(self, db: sqlite3.Connection, scopes: Scopes | None, member: str | None) -> None:
        self.db = db
        self.scopes = scopes
        self.member = member
        self.trusted = member is None
        """An import: nothing is refused, a reference to something unknown is unscoped."""
        self.channels: dict[str, tuple[bool, Set[str]]] = {}
        self.parents: dict[str, tuple[str, str]] = {}
        self.plan = Plan([], [], [])

    def channel(self, cid: str) -> tuple[bool, Set[str]] | None:
        """Whether a channel is private, and its members; None if unknown."""
        channels = self.channels
        if cid not in channels:
            cached = None if self.scopes is None else self.scopes.channels.get(cid)
            if cached is not None:
                channels[cid] = cached
                return cached
            row = self.db.execute("SELECT private FROM channels WHERE id = ?", (cid,)).fetchone()
            if row is None:
                return None
            people = {m for (m,) in self.db.execute(
                "SELECT member FROM channel_members WHERE channel = ?", (cid,))}  # fmt: skip
            channels[cid] = (bool(row[0]), people)
        return channels[cid]

    def parent(self, oid: str, ask: bool = True) -> tuple[str, str] | None:
        """An object's kind and parent. ``ask=False``: a miss of the in-memory
        copy is final (a new id)."""
        parents = self.parents
        if oid not in parents:
            cached = None if self.scopes is None else self.scopes.objects.get(oid)
            if cached is not None:
                parents[oid] = cached
                return cached
            if self.scopes is not None and not ask:
                return None
            row = self.db.execute("SELECT kind, parent FROM objects WHERE id = ?", (oid,))
            found = row.fetchone()
            if found is None:
                return None
            parents[oid] = (str(found[0]), str(found[1]))
        return parents[oid]

    def enter(self, i: int, cid: str | None, what: str, ref: str) -> str | None:
        """The scope of writing into channel ``cid``, which ``ref`` (a ``what``)
        led to; refused if the author cannot see it."""
        known = None if cid is None else self.channel(cid)
        if known is None or (not self.trusted and known[0] and self.member not in known[1]):
            if self.trusted:
                return None
            raise Refused(i, 404, f"no {what} {ref!r} that you can see")
        return cid if known[0] else None

    def among(self, i: int, cid: str | None, people: Iterable[str], what: str) -> None:
        """Refused if a private channel's event waits on someone who cannot read
        it: they would owe an answer, a contribution or a task for ever."""
        known = None if cid is None else self.channel(cid)
        if self.trusted or known is None or not known[0]:
            return
        outside = sorted(set(people) - set(known[1]))
        if outside:
            raise Refused(i, 409, f"{what} {outside[0]!r} is not a member of that private channel")

    def stored(self, event_id: str) -> bool:
        """Whether an event of this id is in the log already (a retry)."""
        found = self.db.execute("SELECT 1 FROM events WHERE id = ?", (event_id,))
        return found.fetchone() is not None

    def channel_of(self, oid: str, kind: str) -> str | None:
        """The channel a thread, message, ask, check-in, decision or action item
        lives in, following its parents."""
        for _ in range(3):
            found = self.parent(oid)
            if found is None or (kind and found[0] != kind):
                return None
            if found[0] in ("thread", "checkin"):
                return found[1]
            oid, kind = found[1], ""
        return None

    def new(self, i: int, oid: str, kind: str, under: str) -> None:
        """An object the event creates, unless it exists already where it says."""
        found = self.parent(oid, ask=False)
        if found is not None and found != (kind, under):
            if self.trusted:
                return
            raise Refused(i, 409, f"the {kind} id {oid!r} is already used elsewhere")
        if found is None:
            self.parents[oid] = (kind, under)
            self.plan.objects.append((oid, kind, under))
            self.plan.object_events.append(i)


_ScopeRule = Callable[[_Planner, int, Event, Any], str | None]


def _everyone(p: _Planner, i: int, e: Event, b: Any) -> str | None:
    """About the author themself (profile, hours, status): everyone reads it."""
    return None


def _channel(p: _Planner, i: int, e: Event, b: ev.ChannelCreated) -> str | None:
    known = p.channel(b.channel)
    people = {e.author, *b.members} if b.private else set()
    if known is None and not p.trusted:
        # A public channel's id is its name: a second "general" under another id
        # would be picked instead of the first by whoever names #general.
        named = p.channel("c-" + b.name.strip().lstrip("#").lower())
        if named is not None and not named[0]:
            raise Refused(i, 409, f"#{b.name} exists already")
    if known is None:
        p.channels[b.channel] = (b.private, people)
        p.plan.channels.append((b.channel, int(b.private), e.author, tuple(sorted(people))))
        p.plan.channel_events.append(i)
    elif p.trusted:
        pass
    elif known[0] and p.member not in known[1]:
        # The same answer as for an id nobody has: who talks privately
        # with whom is not told to anyone else.
        raise Refused(i, 404, f"no channel {b.channel!r} that you can see")
    elif known[0] != b.private or (known[0] and people != set(known[1])):
        raise Refused(i, 409, f"the channel {b.channel!r} exists already, with other members")
    now = p.channel(b.channel)
    return b.channel if now is not None and now[0] else None


def _opens_thread(
    p: _Planner, i: int, e: Event, b: ev.ThreadOpened | ev.MeetingOpened
) -> str | None:
    scope = p.enter(i, b.channel, "channel", b.channel)
    if isinstance(b, ev.MeetingOpened):
        p.among(i, b.channel, b.participants, "participant")
        # Every reader folds the first meeting of a thread: one sent on someone
        # else's thread would make it the sender's meeting. Its own retry passes.
        if not p.trusted and p.parent(b.thread, ask=False) is not None and not p.stored(e.id):
            raise Refused(
                i, 409, f"the thread {b.thread!r} exists already: a meeting opens a new one"
            )
    p.new(i, b.thread, "thread", b.channel)
    p.new(i, b.message, "message", b.thread)
    return scope


def _in_thread(p: _Planner, i: int, e: Event, b: Any) -> str | None:
    """Anything that names a thread and creates nothing."""
    return p.enter(i, p.channel_of(b.thread, "thread"), "thread", b.thread)


def _message(p: _Planner, i: int, e: Event, b: ev.MessagePosted) -> str | None:
    scope = _in_thread(p, i, e, b)
    p.new(i, b.message, "message", b.thread)
    return scope


def _ask(p: _Planner, i: int, e: Event, b: ev.AskCreated) -> str | None:
    scope = _in_thread(p, i, e, b)
    p.among(i, scope, (b.asked,), "asked member")
    p.new(i, b.ask, "ask", b.thread)
    return scope


def _on_message(p: _Planner, i: int, e: Event, b: Any) -> str | None:
    """An edit or a reaction: the message's own scope."""
    return p.enter(i, p.channel_of(b.message, "message"), "message", b.message)


def _on_ask(p: _Planner, i: int, e: Event, b: Any) -> str | None:
    """A step in an ask's life: the ask's own scope."""
    return p.enter(i, p.channel_of(b.ask, "ask"), "ask", b.ask)


def _ask_answer(p: _Planner, i: int, e: Event, b: ev.AskAnswered) -> str | None:
    cid = p.channel_of(b.ask, "ask")
    scope = p.enter(i, cid, "ask", b.ask)
    if p.channel_of(b.message, "message") != cid and not p.trusted:
        raise Refused(i, 404, f"no message {b.message!r} in that ask's channel")
    return scope


def _ask_hand(p: _Planner, i: int, e: Event, b: ev.AskHandedOff) -> str | None:
    scope = _on_ask(p, i, e, b)
    p.among(i, scope, (b.to,), "member handed to")
    return scope


def _attention(p: _Planner, i: int, e: Event, b: ev.AttentionSet) -> str | None:
    """Following or muting lives where its target does: nobody else learns of a private one."""
    if b.scope == "channel":
        return p.enter(i, b.target, "channel", b.target)
    return p.enter(i, p.channel_of(b.target, "thread"), "thread", b.target)


def _snooze(p: _Planner, i: int, e: Event, b: ev.SnoozeSet) -> str | None:
    """Where the thread or the thing owed lives; an id the server does not know (a
    check-in's day nobody answered yet) says nothing but itself, to everyone."""
    cid = p.channel_of(b.target, "")
    return None if cid is None else p.enter(i, cid, "thread or item", b.target)


def _checkin(p: _Planner, i: int, e: Event, b: ev.CheckinCreated) -> str | None:
    scope = p.enter(i, b.channel, "channel", b.channel)
    p.among(i, b.channel, b.members, "check-in member")
    p.new(i, b.checkin, "checkin", b.channel)
    return scope


def _checkin_answer(p: _Planner, i: int, e: Event, b: ev.CheckinAnswered) -> str | None:
    cid = p.channel_of(b.checkin, "checkin")
    scope = p.enter(i, cid, "check-in", b.checkin)
    if cid is not None:
        # The occurrence's thread has no event of its own: its first answer makes it.
        thread = b.thread
        p.new(i, thread, "thread", cid)
        p.new(i, b.message, "message", thread)
    return scope


def _checkin_stop(p: _Planner, i: int, e: Event, b: ev.CheckinStopped) -> str | None:
    return p.enter(i, p.channel_of(b.checkin, "checkin"), "check-in", b.checkin)


def _quoting(p: _Planner, i: int, b: Any, messages: Sequence[str]) -> str | None:
    """The scope of a thread, whose decision or action item may rest only on
    messages of the thread's own channel."""
    cid = p.channel_of(b.thread, "thread")
    scope = p.enter(i, cid, "thread", b.thread)
    for message in messages:
        if p.channel_of(message, "message") != cid and not p.trusted:
            raise Refused(i, 404, f"no message {message!r} in that thread's channel")
    return scope


def _decision(p: _Planner, i: int, e: Event, b: ev.DecisionMade) -> str | None:
    scope = _quoting(p, i, b, b.messages)
    p.new(i, b.decision, "decision", b.thread)
    return scope


def _action(p: _Planner, i: int, e: Event, b: ev.ActionCreated) -> str | None:
    scope = _quoting(p, i, b, () if b.message is None else (b.message,))
    p.among(i, scope, (b.owner,), "owner")
    p.new(i, b.action, "action", b.thread)
    return scope


def _action_done(p: _Planner, i: int, e: Event, b: ev.ActionDone) -> str | None:
    return p.enter(i, p.channel_of(b.action, "action"), "action item", b.action)


SCOPE_RULES: dict[type[ev.Payload], _ScopeRule] = {
    ev.ProfileSet: _everyone,
    ev.HoursSet: _everyone,
    ev.StatusSet: _everyone,
    ev.ChannelCreated: _channel,
    ev.ThreadOpened: _opens_thread,
    ev.MessagePosted: _message,
    ev.MessageEdited: _on_message,
    ev.ReactionAdded: _on_message,
    ev.ReactionRemoved: _on_message,
    ev.ThreadResolved: _in_thread,
    ev.AskCreated: _ask,
    ev.AskCancelled: _on_ask,
    ev.AskAnswered: _ask_answer,
    ev.AskReopened: _on_ask,
    ev.AskAcknowledged: _on_ask,
    ev.AskDeclined: _on_ask,
    ev.AskHandedOff: _ask_hand,
    ev.AttentionSet: _attention,
    ev.SnoozeSet: _snooze,
    ev.ReadMarked: _in_thread,
    ev.CheckinCreated: _checkin,
    ev.CheckinAnswered: _checkin_answer,
    ev.CheckinStopped: _checkin_stop,
    ev.MeetingOpened: _opens_thread,
    ev.MeetingClosed: _in_thread,
    ev.DecisionMade: _decision,
    ev.ActionCreated: _action,
    ev.ActionDone: _action_done,
}
"""The server's one scope rule for each kind of event."""


def plan(
    db: sqlite3.Connection, scopes: Scopes | None, events: Sequence[Event], member: str | None
) -> Plan:
    """Check that ``member`` may write each event where it goes, and find each
    event's scope. ``member=None`` trusts the events (an import): nothing is
    refused, and a reference to something unknown is left unscoped.

    Raises :class:`Refused` for the first event that may not be stored.
    """
    if scopes is not None and member is not None and len(events) == 1:
        quick = plan_reply(events[0], member, scopes)
        if quick is not None:
            return quick
    planner = _Planner(db, scopes, member)
    scoped = planner.plan.scopes
    for i, event in enumerate(events):
        body = event.body
        scoped.append(SCOPE_RULES[type(body)](planner, i, event, body))
    return planner.plan
