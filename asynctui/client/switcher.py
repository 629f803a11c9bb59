"""The quick switcher: every place one can jump to, and how a typed name ranks them.

A place is a view (Inbox, Owed by me... by the sidebar's labels), a channel I can
see, a direct conversation (named by its people: "@kenji"), a person of the team,
or a thread. Each carries its last activity, so that among equally good matches
the most recent comes first.

The matching is our own small function, ``fuzzy``, rather than Textual's
``Matcher``: the client never imports Textual, the CLI could use it as it is, and
it says why one match beats another in a few lines (below). The command palette
orders its own commands with Textual's matcher, and places with this one.

How a name scores against what is typed (letters in order, case ignored, spaces
in the query ignored; a letter not found means no match):

- each letter found: 1 point;
- at the start of a word (after a space, ``#``, ``@``, ``-``, ``:``...): 2 more;
- right after the letter before it: 2 more (so "des" in "#design" beats
  "d...e...s" spread over "Onboarding empty states");
- a little less for every letter skipped between two found ones, and for every
  letter before the first one (at most one point each way).

Scores within one whole point of each other are a tie, and ties go to the most
recent place (views first: they are where one goes most).
"""

from __future__ import annotations

import functools
import math
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import msgspec

from asynctui.client.team import Team
from asynctui.client.views import CHANNEL_PREFIX, RITUAL_VIEWS, Views, channel_view
from asynctui.client.words import channel_label
from asynctui.core.names import DIRECT_PREFIX, direct_channel_id
from asynctui.core.text import clean_line

__all__ = [
    "KIND_WORDS",
    "Found",
    "Place",
    "PlaceKind",
    "Places",
    "fuzzy",
    "where_it_goes",
]

PlaceKind = Literal["view", "channel", "dm", "person", "thread"]

KIND_WORDS: dict[PlaceKind, str] = {
    "view": "view",
    "channel": "channel",
    "dm": "DM",
    "person": "person",
    "thread": "thread",
}
"""What each result says it is."""


@dataclass(frozen=True)
class Place:
    """Somewhere the switcher can take me."""

    kind: PlaceKind
    id: str
    """The view id, channel id, member id or thread id."""
    label: str
    """What is shown and matched: 'Inbox', '#design', '@kenji', a thread's title."""
    detail: str = ""
    """Said beside it: a thread's channel ('#design', '@kenji'), a person's name."""
    last_at: int = 0
    """Last activity, epoch ms (0: none, or a view)."""
    view: str = ""
    """The view to show: the view itself, a channel's or DM's, a thread's channel's;
    for a person our DM's view, or '' when we have none (the team panel shows them)."""
    also: tuple[str, ...] = ()
    """Other names that find it: a person's display name, a DM's people's names."""


@dataclass(frozen=True)
class Found:
    """A place that matched, how well, and which letters of its label matched."""

    place: Place
    score: float
    positions: tuple[int, ...] = ()
    """Offsets in ``place.label`` of the letters typed (empty: matched another name)."""


def where_it_goes(place: Place) -> str:
    """What choosing a place does, in a few words, for a person especially."""
    if place.kind == "person":
        return "opens your DM" if place.view else "shows them in the team panel"
    if place.kind == "thread":
        return f"in {place.detail}" if place.detail else ""
    return ""


# -- the score ------------------------------------------------------------------

_WORD_START = 2.0
_RUN = 2.0
_SKIP = 0.1
"""Lost per letter skipped between two found letters (at most 1 in all)."""
_LEAD = 0.05
"""Lost per letter before the first found one (at most 1)."""


@functools.lru_cache(maxsize=8192)
def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # One character for one, so offsets into the lowered text are offsets into the text
    # ('İ'.lower() is two characters).
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


_STARTS = re.compile(r"(?<![^\W_])[^\W_]|(?<=[a-z])[A-Z]")
"""A letter or digit after anything else (or first), and a capital after a small letter."""


@functools.lru_cache(maxsize=8192)
def _word_starts(text: str) -> frozenset[int]:
    # Cached: each key typed scores the same names again.
    return frozenset(match.start() for match in _STARTS.finditer(text))


def fuzzy(query: str, text: str) -> tuple[float, tuple[int, ...]] | None:
    """How well ``text`` matches what was typed, and where; None when it does not.

    An empty query matches everything with score 0.
    """
    wanted = [ch for ch in _lower(query) if not ch.isspace()]
    if not wanted:
        return 0.0, ()
    lowered = _lower(text)
    # Where each letter may go: after the earliest place of the one before it.
    occurrences: list[list[int]] = []
    start = 0
    for ch in wanted:
        found = []
        at = lowered.find(ch, start)
        while at != -1:
            found.append(at)
            at = lowered.find(ch, at + 1)
        if not found:
            return None
        occurrences.append(found)
        start = found[0] + 1
    starts = _word_starts(text)

    def gain(at: int) -> float:
        return 1.0 + (_WORD_START if at in starts else 0.0)

    # best[at] = (score, previous letter's offset) for the letters so far, the last at ``at``.
    # A leading '#' or '@' is how a name reads, not letters skipped.
    sigils = len(text) - len(text.lstrip("#@"))
    best: dict[int, tuple[float, int]] = {
        at: (gain(at) - min(1.0, _LEAD * max(0, at - sigils)), -1) for at in occurrences[0]
    }
    chains = [best]
    for found in occurrences[1:]:
        here: dict[int, tuple[float, int]] = {}
        for at in found:
            options = [
                (
                    score
                    + gain(at)
                    + (_RUN if before == at - 1 else -min(1.0, _SKIP * (at - before - 1))),
                    before,
                )
                for before, (score, _) in best.items()
                if before < at
            ]
            if options:
                here[at] = max(options)
        if not here:
            return None
        best = here
        chains.append(best)
    last, (score, before) = max(best.items(), key=lambda item: item[1][0])
    positions = [last]
    for step in reversed(chains[:-1]):
        positions.append(before)
        before = step[before][1]
    return score, tuple(reversed(positions))


def _like(query: str, *, together: bool = False) -> str | None:
    """A LIKE pattern for titles holding the typed letters in order (``together``:
    side by side), or None when SQLite's LIKE cannot say it (it ignores case for
    ASCII letters only)."""
    wanted = [ch for ch in query if not ch.isspace()]
    if not all(ch.isascii() for ch in wanted):
        return None
    escaped = [ch.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for ch in wanted]
    return "%" + ("" if together else "%").join(escaped) + "%"


# -- the places -----------------------------------------------------------------

_VISIBLE = (
    "t.channel NOT IN (SELECT value FROM json_each(:hidden))"
    # A thread whose channel has not arrived yet: offered unless its id says it is
    # a private channel's or a DM's, whose people are not known yet.
    " AND (t.channel IN (SELECT id FROM channels)"
    f" OR (t.channel NOT LIKE '{DIRECT_PREFIX}%' AND t.channel NOT LIKE 'p-%'))"
)
"""The threads in channels I can read (``:hidden``: the private ones I am not in)."""

RECENT_THREADS = 20
"""Threads listed before anything is typed, latest activity first."""

CANDIDATES = 500
"""Threads scored per query at most: the latest active that hold the letters typed
(and as many again holding them side by side). An older thread is found by search."""


class Places:
    """Everything I can jump to, read from the replica once; ``find`` ranks them.

    The views, channels, DMs and people are few and read here; threads are many
    and looked up per query, the replica narrowing them first.
    """

    def __init__(self, db: sqlite3.Connection, team: Team, me: str, now: datetime) -> None:
        self.db = db
        self.team = team
        self.me = me
        views = [v for v in Views(db, team, me, now).sidebar(counts=False)]
        self.views = [
            Place("view", v.id, v.label, view=v.id)
            for v in views
            if not v.id.startswith(CHANNEL_PREFIX)
        ] + [Place("view", vid, label, view=vid) for vid, label in RITUAL_VIEWS]
        self.hidden: set[str] = set()
        """Private channels (and DMs) I am not in: neither they nor their threads are offered."""
        self.labels: dict[str, str] = {}
        """Channel id -> how it reads: '#design', or a DM's '@kenji'."""
        self.channels = self._channels()
        self.people = self._people()

    def _channels(self) -> list[Place]:
        activity = dict(
            self.db.execute("SELECT channel, max(last_at) FROM threads GROUP BY channel")
        )
        members: dict[str, list[str]] = {}
        for channel, member in self.db.execute("SELECT channel, member FROM channel_members"):
            members.setdefault(str(channel), []).append(str(member))
        places = []
        rows = self.db.execute("SELECT id, name, private, created_at FROM channels")
        for cid, name, private, created in rows:
            cid = str(cid)
            inside = members.get(cid, [])
            if private and self.me not in inside:
                self.hidden.add(cid)
                continue
            last = int(activity.get(cid) or created)
            label = channel_label(cid, str(name), inside, me=self.me, team=self.team)
            if cid.startswith(DIRECT_PREFIX):
                others = sorted((m for m in inside if m != self.me), key=self.team.handle)
                names = tuple(self.team.name(m) for m in others)
                places.append(
                    Place("dm", cid, label, ", ".join(names), last, channel_view(cid), names)
                )
            else:
                places.append(Place("channel", cid, label, last_at=last, view=channel_view(cid)))
            self.labels[cid] = label
        return places

    def _people(self) -> list[Place]:
        # The last message by each person, in the channels I can see.
        sql = "SELECT m.author, max(m.at) FROM messages m"
        if self.hidden:
            sql += (
                " JOIN threads t ON t.id = m.thread"
                " WHERE t.channel NOT IN (SELECT value FROM json_each(:hidden))"
            )
        hidden = msgspec.json.encode(sorted(self.hidden)).decode()
        said = dict(self.db.execute(sql + " GROUP BY m.author", {"hidden": hidden}))
        dms = {place.id: place for place in self.channels if place.kind == "dm"}
        places = []
        for person in self.team.sorted_members():
            if person.id == self.me:
                continue
            ours = dms.get(direct_channel_id({self.me, person.id}))
            last = max(int(said.get(person.id) or 0), ours.last_at if ours else 0)
            view = ours.view if ours else ""
            places.append(
                Place("person", person.id, f"@{person.handle}", person.name, last, view,
                      (person.name,))
            )  # fmt: skip
        return places

    # -- threads ----------------------------------------------------------------

    def _thread(self, tid: str, channel: str, title: str, last: int) -> Place:
        label = clean_line(title) or "(untitled)"
        where = self.labels.get(channel) or channel_label(
            channel, channel, (), me=self.me, team=self.team
        )
        return Place("thread", tid, label, where, last, channel_view(channel))

    def _threads(self, query: str) -> list[Place]:
        """The threads worth scoring for ``query``: most recent first, at most
        ``CANDIDATES`` of each kind."""
        hidden = msgspec.json.encode(sorted(self.hidden)).decode()
        sql = "SELECT t.id, t.channel, t.title, t.last_at FROM threads t WHERE " + _VISIBLE
        pattern, together = _like(query), _like(query, together=True)
        if pattern is None or together is None:
            rows = self.db.execute(sql + " ORDER BY t.last_at DESC", {"hidden": hidden})
            found = [self._thread(*row) for row in rows if fuzzy(query, str(row[2])) is not None]
            return found[:CANDIDATES]
        like = sql + " AND t.title LIKE :like ESCAPE '\\' ORDER BY t.last_at DESC LIMIT :n"
        seen: dict[str, Place] = {}
        for wanted in (pattern, together):
            params = {"hidden": hidden, "like": wanted, "n": CANDIDATES}
            for row in self.db.execute(like, params):
                seen.setdefault(str(row[0]), self._thread(*row))
        return list(seen.values())

    def recent_threads(self, count: int = RECENT_THREADS) -> list[Place]:
        hidden = msgspec.json.encode(sorted(self.hidden)).decode()
        rows = self.db.execute(
            "SELECT t.id, t.channel, t.title, t.last_at FROM threads t"
            f" WHERE {_VISIBLE} ORDER BY t.last_at DESC, t.id LIMIT :n",
            {"hidden": hidden, "n": count},
        )
        return [self._thread(*row) for row in rows]

    # -- ranking ----------------------------------------------------------------

    def find(self, query: str, limit: int = 50) -> list[Found]:
        """The places matching ``query``, best first; nothing typed: the views, then
        the threads active last."""
        if not query.strip():
            return [Found(place, 0.0) for place in self.views + self.recent_threads()][:limit]
        places = self.views + self.channels + self.people + self._threads(query)
        return rank(query, places)[:limit]


def rank(query: str, places: Sequence[Place]) -> list[Found]:
    """The places matching ``query``: by score, a tie (within a point) by last
    activity, most recent first; views before everything else in a tie."""
    found = []
    for place in places:
        match = fuzzy(query, place.label)
        best = (match[0], match[1]) if match else None
        for name in place.also:
            other = fuzzy(query, name)
            if other is not None and (best is None or other[0] > best[0]):
                best = (other[0], ())
        if best is not None:
            found.append(Found(place, best[0], best[1]))
    found.sort(
        key=lambda f: (
            -math.floor(f.score),
            f.place.kind != "view",
            -f.place.last_at,
            -f.score,
            f.place.label.lower(),
        )
    )
    return found
