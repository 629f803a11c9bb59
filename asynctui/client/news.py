"""What others did that a sync round brought, said the way a notification says it.

"@maya mentioned you in Q1 launch", "@sam asked you in Budget, due 15:00",
"@kenji wrote to you: Lunch on Friday?", "@priya replied in Onboarding", and
several at once as "3 new messages: @sam asked you in Budget, due 15:00, and 2
more" (the most pressing named). The TUI shows these words in a toast and a
desktop notification; they are built here, from the events themselves and the
replica they were folded into, so no front end words them its own way.

Each thing is kept as what happened (:class:`Item`), not as words: news held
through quiet time is worded when it is told, so a due time says "15:00" or
"tomorrow 15:00" as it is then, in my zone then.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from asynctui.client import queries
from asynctui.client.following import Level, mode_of
from asynctui.client.team import Team
from asynctui.client.views import mention_pattern
from asynctui.client.words import NO_WORKING_TIME
from asynctui.core.events import (
    AskAcknowledged,
    AskCreated,
    AskDeclined,
    AskHandedOff,
    Event,
    MessagePosted,
    ThreadOpened,
)
from asynctui.core.names import DIRECT_PREFIX
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when

__all__ = ["Item", "News", "what_came"]

Kind = Literal[
    "asked", "handed", "direct", "mentioned", "declined", "promised", "handed-on", "replied",
    "asked-other", "opened", "wrote",
]  # fmt: skip

_RANK: dict[Kind, int] = {
    "asked": 0,
    "handed": 0,
    "direct": 1,
    "mentioned": 2,
    "declined": 2,
    "promised": 3,
    "handed-on": 3,
    "replied": 3,
    "asked-other": 4,
    "opened": 5,
    "wrote": 6,
}
"""Most pressing first: what is named when several things came at once."""

TITLE_WIDTH = 40
"""The most of a thread's title a notification shows: a toast is narrow."""


def _short(title: str) -> str:
    line = clean_line(title) or "a thread"
    return line if len(line) <= TITLE_WIDTH else line[: TITLE_WIDTH - 1].rstrip() + "…"


@dataclass(frozen=True)
class Item:
    """One thing someone else did, for me to hear of."""

    kind: Kind
    who: str
    """Their handle (a person's own words: cleaned when worded)."""
    thread: str
    """The thread's id: two things by one person in one thread are one item."""
    title: str
    channel: str = ""
    """The channel's name, for a thread opened in it."""
    due: datetime | None = None
    """When the reply asked of me falls due (``asked``, ``handed``), or the time
    promised me (``promised``)."""
    asked: str = ""
    """Whom they asked (``asked-other``), or handed my ask to (``handed-on``)."""

    @property
    def rank(self) -> int:
        return _RANK[self.kind]

    def words(self, tz: str, now: datetime) -> str:
        """'@maya mentioned you in Q1 launch', with any time in my zone ``tz``."""
        who, title = f"@{clean_line(self.who)}", _short(self.title)
        if self.kind == "asked":
            by = NO_WORKING_TIME if self.due is None else f"due {when(self.due, tz, now)}"
            return f"{who} asked you in {title}, {by}"
        if self.kind == "handed":
            by = NO_WORKING_TIME if self.due is None else f"due {when(self.due, tz, now)}"
            return f"{who} handed you an ask in {title}, {by}"
        if self.kind == "handed-on":
            return f"{who} handed your ask in {title} to @{clean_line(self.asked)}"
        if self.kind == "declined":
            return f"{who} declined your ask in {title}"
        if self.kind == "promised" and self.due is not None:
            return f"{who} will reply in {title} by {when(self.due, tz, now)}"
        if self.kind == "direct":
            return f"{who} wrote to you: {title}"
        if self.kind == "mentioned":
            return f"{who} mentioned you in {title}"
        if self.kind == "replied":
            return f"{who} replied in {title}"
        if self.kind == "asked-other":
            return f"{who} asked @{clean_line(self.asked)} in {title}"
        if self.kind == "opened":
            return f"{who} started {title} in #{clean_line(self.channel)}"
        return f"{who} wrote in {title}"


@dataclass(frozen=True)
class News:
    """What came, one item per person and thread, the most pressing first."""

    items: tuple[Item, ...] = ()

    def __len__(self) -> int:
        return len(self.items)

    def __add__(self, other: News) -> News:
        """This and what came after, each person's things in one thread as one item
        (the most pressing of them: an ask of me posted with its message is the ask)."""
        kept: dict[tuple[str, str], Item] = {}
        for item in (*self.items, *other.items):
            key = (item.who, item.thread)
            if key not in kept or item.rank < kept[key].rank:
                kept[key] = item
        # A stable sort: of two as pressing, the one that came first leads.
        return News(tuple(sorted(kept.values(), key=lambda i: i.rank)))

    def words(self, tz: str, now: datetime) -> str:
        """'@maya mentioned you in Q1 launch', or '3 new messages: <the most pressing>,
        and 2 more'; '' when nothing came."""
        if not self.items:
            return ""
        lead = self.items[0].words(tz, now)
        if len(self.items) == 1:
            return lead
        return f"{len(self.items)} new messages: {lead}, and {len(self.items) - 1} more"


def what_came(
    db: sqlite3.Connection, team: Team, me: str, events: Iterable[Event], level: Level = "all"
) -> News:
    """The news among ``events`` (just folded into ``db``) for ``me``: what others
    wrote or asked, as much of it as my ``level`` and what I follow or muted let
    through (``client.following``); my own events, from any device, are not news."""
    handle = team.members[me].handle if me in team.members else ""
    mentions = mention_pattern(handle) if handle else None
    news = News()
    for event in events:
        if event.author == me:
            continue
        item = _item(db, team, me, event, mentions)
        if item is not None and _wanted(db, me, item, level):
            news += News((item,))
    return news


_ALWAYS: frozenset[Kind] = frozenset({"asked", "handed"})
"""What reaches me whatever I muted: someone waits on me."""
_RELEVANT: frozenset[Kind] = frozenset({"direct", "mentioned", "declined", "promised", "handed-on"})
"""What the ``relevant`` level lets through anywhere (and all of a thread I started)."""


def _wanted(db: sqlite3.Connection, me: str, item: Item, level: Level) -> bool:
    if item.kind in _ALWAYS:
        return True
    thread = queries.thread(db, item.thread)
    if thread is None:
        return False
    mode = mode_of(db, me, thread.id, thread.channel)
    if mode != "default":
        return mode == "follow"
    if level == "all":
        return True
    if level == "asks":
        return item.kind == "direct"
    return item.kind in _RELEVANT or thread.author == me


def _item(
    db: sqlite3.Connection, team: Team, me: str, event: Event, mentions: re.Pattern[str] | None
) -> Item | None:
    body = event.body
    if isinstance(body, AskHandedOff | AskDeclined | AskAcknowledged):
        return _ask_step(db, team, me, event)
    if not isinstance(body, ThreadOpened | MessagePosted | AskCreated):
        return None
    thread = queries.thread(db, body.thread)
    if thread is None:
        return None  # not folded (a thread of a channel I cannot read)
    who, tid, title = team.handle(event.author), thread.id, thread.title
    if isinstance(body, AskCreated):
        if body.asked != me:
            return Item("asked-other", who, tid, title, asked=team.handle(body.asked))
        ask = queries.ask(db, team, event.at, body.ask)
        if ask is None or ask.state != "open" or ask.asked != me:
            return None  # withdrawn, answered or handed on in the same round: nothing to do
        return Item("asked", who, tid, title, due=ask.due)
    if thread.channel.startswith(DIRECT_PREFIX):
        return Item("direct", who, tid, title)
    if mentions is not None and mentions.search(body.body):
        return Item("mentioned", who, tid, title)
    if isinstance(body, ThreadOpened):
        return Item("opened", who, tid, title, channel=thread.channel_name)
    if _took_part(db, me, tid, thread.author):
        return Item("replied", who, tid, title)
    return Item("wrote", who, tid, title)


def _ask_step(db: sqlite3.Connection, team: Team, me: str, event: Event) -> Item | None:
    """An ask handed to me, or one of mine handed on, declined or given a time, as
    it stands now (a step the ask's rule ignored leaves no trace in its state)."""
    body = event.body
    assert isinstance(body, AskHandedOff | AskDeclined | AskAcknowledged)
    ask = queries.ask(db, team, event.at, body.ask)
    if ask is None or (thread := queries.thread(db, ask.thread)) is None:
        return None
    who, tid, title = team.handle(event.author), thread.id, thread.title
    if isinstance(body, AskHandedOff):
        if ask.state != "open" or ask.asked != body.to:
            return None
        if body.to == me:
            return Item("handed", who, tid, title, due=ask.due)
        if ask.asker == me:
            return Item("handed-on", who, tid, title, asked=team.handle(body.to))
        return None
    if ask.asker != me:
        return None
    if isinstance(body, AskDeclined) and ask.state == "declined":
        return Item("declined", who, tid, title)
    if isinstance(body, AskAcknowledged) and ask.state == "open" and ask.promised is not None:
        return Item("promised", who, tid, title, due=ask.promised)
    return None


def _took_part(db: sqlite3.Connection, me: str, thread: str, opened_by: str) -> bool:
    """Whether I started ``thread``, wrote in it or was asked in it."""
    if opened_by == me:
        return True
    row = db.execute(
        "SELECT EXISTS (SELECT 1 FROM messages WHERE thread = ?1 AND author = ?2)"
        " OR EXISTS (SELECT 1 FROM asks WHERE thread = ?1 AND asked = ?2)",
        (thread, me),
    ).fetchone()
    return bool(row[0])
