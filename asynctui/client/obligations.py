"""One queue of what a person owes, and of what is owed to them, of every kind.

An obligation is something one member (the debtor) owes another (the creditor) by
a due time counted on the debtor's calendar: a reply asked of them, their part of
an async meeting, their answer to a check-in's question, an action item they own.
``owed_by`` and ``owed_to`` gather them from the read models that already state
each rule (``queries.asks``, ``rituals``), so a queue never restates when an ask is
answered or a meeting contribution is still expected; they only put them in one
order: most urgent first, then soonest due, then longest waiting.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Literal

import msgspec

from asynctui.client import later, rituals
from asynctui.client.queries import AskRow, asks
from asynctui.client.team import Team
from asynctui.core.events import occurrence_thread
from asynctui.core.expectations import URGENCY_RANK, Urgency, urgency
from asynctui.core.hours import Window
from asynctui.core.timefmt import day
from asynctui.core.windows import format_window

__all__ = ["KINDS", "Kind", "Obligation", "from_ask", "owed_by", "owed_to", "sort_by_urgency"]

Kind = Literal["ask", "meeting", "checkin", "action"]
KINDS: tuple[Kind, ...] = ("ask", "meeting", "checkin", "action")


@dataclass(frozen=True)
class Obligation:
    """One thing owed: who owes whom what, where, since when and by when."""

    kind: Kind
    id: str
    """What it is known by: the ask's id, the meeting's thread, the action item's id,
    the thread of the check-in's day; its last characters are what ``asynctui owed``
    prints to name it."""
    thread: str
    """The thread it lives in (a check-in's day has its own thread)."""
    thread_title: str
    what: str
    """What is owed, in a few words: 'a reply (within 4h)'; the agenda items still
    missing ('Scope; Risks'); 'Daily standup, Fri 4 Dec'; the action item's text."""
    debtor: str
    creditor: str
    since: datetime
    due: datetime | None
    urgency: Urgency
    ask: AskRow | None = None
    """The ask itself, when it is one: its window, its answer, whether withdrawn."""

    def json(self) -> dict[str, object]:
        """As scripts read it (``owed --json``): an ask keeps every field of the ask
        (``asker``, ``asked``, ``within``, ``answered_by``...) beside the queue's own."""
        out: dict[str, object] = {} if self.ask is None else msgspec.to_builtins(self.ask)
        for name, value in msgspec.to_builtins(replace(self, ask=None)).items():
            if name != "ask":
                out.setdefault(name, value)
        return out


def sort_by_urgency(items: Iterable[Obligation]) -> list[Obligation]:
    """Most urgent first (overdue, due soon, open, never, answered), then soonest due,
    then the one waiting longest; the kind and id settle ties, so every device lists
    one queue in one order."""
    # Aware instants compare as they are: no conversion per item, which a queue of
    # 100,000 would feel.
    return sorted(
        items, key=lambda o: (URGENCY_RANK[o.urgency], o.due or _FAR, o.since, o.kind, o.id)
    )


_FAR = datetime.max.replace(tzinfo=UTC)


def owed_by(
    db: sqlite3.Connection,
    team: Team,
    me: str,
    now: datetime,
    *,
    answered: bool = False,
    kinds: Iterable[Kind] = KINDS,
) -> list[Obligation]:
    """Everything ``me`` owes at ``now``, most urgent first. ``answered``: the asks
    already answered or withdrawn too (the rest of the kinds only while owed).
    ``kinds``: only these kinds."""
    wanted = set(kinds)
    found: list[Obligation] = []
    if "ask" in wanted:
        mine = asks(db, team, now, asked=me, open_only=not answered, ordered=False)
        found += [from_ask(a) for a in mine if a.asker != me]
    if "meeting" in wanted:
        found += [_from_meeting(m, p) for m, p in rituals.waiting_meetings(db, team, me, now)]
    if "checkin" in wanted:
        for ci, expected, when in rituals.pending_checkins(db, team, me, now):
            found.append(_from_checkin(ci, expected, when, now))
    if "action" in wanted:
        found += [_from_action(i) for i in rituals.action_items(db, now, owner=me, show="open")]
    return _later_first(db, me, now, sort_by_urgency(found))


def _later_first(
    db: sqlite3.Connection, me: str, now: datetime, found: list[Obligation]
) -> list[Obligation]:
    """Without what I snoozed (the item, or its thread), and what just came back
    from later at the top (``client.later``)."""
    put_off = later.snoozed(db, me, now)
    if put_off:
        found = [o for o in found if o.id not in put_off and o.thread not in put_off]
    back = later.woken(db, me, now)
    if not back:
        return found
    return [o for o in found if o.id in back or o.thread in back] + [
        o for o in found if o.id not in back and o.thread not in back
    ]


def owed_to(
    db: sqlite3.Connection,
    team: Team,
    me: str,
    now: datetime,
    *,
    answered: bool = False,
    kinds: Iterable[Kind] = KINDS,
) -> list[Obligation]:
    """Everything others owe ``me`` at ``now``: replies to my asks, contributions to
    the meetings I opened, answers to the check-ins I run, the action items I gave."""
    wanted = set(kinds)
    found: list[Obligation] = []
    if "ask" in wanted:
        theirs = asks(db, team, now, asker=me, open_only=not answered, ordered=False)
        found += [from_ask(a) for a in theirs if a.asked != me]
    if "meeting" in wanted:
        for m in rituals.meetings(db, open_only=True):
            if m.owner == me:
                parts = rituals.participation(db, team, m, now)
                found += [_from_meeting(m, p) for p in parts if p.member != me and p.missing]
    mine = {ci.id for ci in rituals.checkins(db, running_only=True) if ci.author == me}
    if mine and "checkin" in wanted:
        for member in team.members:
            if member == me:
                continue
            for ci, expected, when in rituals.pending_checkins(db, team, member, now):
                if ci.id in mine:
                    found.append(_from_checkin(ci, expected, when, now))
    if "action" in wanted:
        for item in rituals.action_items(db, now, show="open"):
            if item.author == me and item.owner != me:
                found.append(_from_action(item))
    return sort_by_urgency(found)


@functools.lru_cache(maxsize=64)
def _a_reply_within(window: Window) -> str:
    # A few windows recur across thousands of asks: worded once each.
    return f"a reply (within {format_window(window)})"


def from_ask(a: AskRow) -> Obligation:
    """An ask as one item of a queue."""
    return Obligation(
        "ask", a.id, a.thread, a.thread_title, _a_reply_within(a.within),
        a.asked, a.asker, a.asked_at, a.due, a.urgency, a,
    )  # fmt: skip


def _from_meeting(m: rituals.Meeting, part: rituals.Participation) -> Obligation:
    missing = "; ".join(m.agenda[n] for n in part.missing)
    return Obligation(
        "meeting", m.thread, m.thread, m.title, missing or m.goal,
        part.member, m.owner, m.opened_at, part.due, part.urgency,
    )  # fmt: skip


def _from_checkin(
    ci: rituals.Checkin, person: rituals.Expected, when: date, now: datetime
) -> Obligation:
    # Overdue is the check-in's own verdict; a pending answer is due soon or open by
    # the rule every ask's badge follows.
    level: Urgency = "overdue" if person.state == "overdue" else urgency(person.due, None, now)
    title = f"{ci.title}, {day(when)}"
    thread = occurrence_thread(ci.id, when)
    return Obligation(
        "checkin", thread, thread, title, title,
        person.member, ci.author, person.starts, person.due, level,
    )  # fmt: skip


def _from_action(item: rituals.ActionItem) -> Obligation:
    return Obligation(
        "action", item.id, item.thread, item.thread_title, item.text,
        item.owner, item.author, item.created_at, item.due, item.urgency,
    )  # fmt: skip
