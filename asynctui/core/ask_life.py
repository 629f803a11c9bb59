"""An ask's life: what the events about one ask come to.

An ask starts open, owed by the person asked. Its own events (answer marked,
re-opened, acknowledged with a new time, declined, handed to someone else,
withdrawn), the thread's resolutions and the replies in the thread move it
between states; :func:`life` walks them in the log's order, so every replica
that holds the same events comes to the same state, whatever order they
arrived in. The rules, with examples, are in ``docs/expectations.md``.

Who may do what is checked here, where the events are read, as a shared folder
has nobody else to check it: a step by anyone else is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from asynctui.core.hours import Window

__all__ = [
    "AskState",
    "FirstReply",
    "Key",
    "Life",
    "Reply",
    "Step",
    "StepKind",
    "life",
    "substantial",
]

AskState = Literal["open", "answered", "declined", "withdrawn", "settled"]
"""``settled``: its thread was resolved while it was open."""

StepKind = Literal["answer", "reopen", "ack", "decline", "hand", "withdraw", "resolve"]

Key = tuple[int, str, str]
"""An event's place in the log: ``(lamport, device, id)``."""


@dataclass(frozen=True)
class Step:
    """One event about the ask (``resolve``: its thread was resolved)."""

    key: Key
    kind: StepKind
    author: str
    at: datetime
    message: str | None = None
    """``answer``: the message marked as the answer."""
    message_at: datetime | None = None
    """When that message was written, if it is known yet."""
    until: datetime | None = None
    """``ack``: the time the asked person now promises."""
    person: str | None = None
    """``hand``: who it is handed to."""
    within: Window | None = None
    """``hand``: a new window (none: the same one, started again)."""
    note: str = ""
    """``decline``: why; ``ack``: what they said with it."""


@dataclass(frozen=True)
class Reply:
    """A message in the ask's thread that answers it unless someone says otherwise."""

    key: Key
    id: str
    at: datetime


@dataclass(frozen=True)
class Life:
    """Where an ask stands after every event known about it."""

    state: AskState
    owes: str
    """Who owes the reply now: the person asked, or whoever it was handed to."""
    start: datetime
    """When the window began: the ask, or its latest hand-off."""
    within: Window
    promised: datetime | None = None
    """A time the person who owes it gave when acknowledging it: it is due then."""
    answer: str | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    """When it stopped being open (answered, declined, withdrawn, settled)."""
    note: str = ""
    handed_by: str | None = None
    """Who handed it on last, if anyone did."""
    marked: bool = False
    """Its answer was chosen by someone, not taken from the first substantial reply."""


FirstReply = Callable[[str, Key], Reply | None]
"""The first substantial reply by a person after a place in the log, or None."""


def life(
    asker: str,
    asked: str,
    key: Key,
    at: datetime,
    within: Window,
    steps: Sequence[Step],
    first_reply: FirstReply,
) -> Life:
    """Walk ``steps`` (any order: they are sorted by key) from the ask's creation.

    While the ask is open, the first substantial reply by whoever owes it, after
    the window began, answers it: unless a step comes first."""
    now = Life("open", asked, at, within)
    floor = key  # replies after this answer by default
    for step in sorted(steps, key=lambda s: s.key):
        if step.key <= key:
            continue  # a step cannot come before the ask it is about
        now = _by_reply(now, floor, step.key, first_reply)
        now, floor = _apply(now, floor, step, asker)
    return _by_reply(now, floor, None, first_reply)


def _by_reply(now: Life, floor: Key, before: Key | None, first_reply: FirstReply) -> Life:
    if now.state != "open":
        return now
    reply = first_reply(now.owes, floor)
    if reply is None or (before is not None and reply.key >= before):
        return now
    return replace(now, state="answered", answer=reply.id, answered_at=reply.at, ended_at=reply.at)


def _apply(now: Life, floor: Key, step: Step, asker: str) -> tuple[Life, Key]:
    """One step, if its author may take it in the ask's state; else nothing changes."""
    by_asker, by_owner = step.author == asker, step.author == now.owes
    kind = step.kind
    if kind == "answer" and (by_asker or by_owner) and now.state in ("open", "answered"):
        when = step.message_at or step.at
        return replace(
            now, state="answered", answer=step.message, answered_at=when, ended_at=when,
            marked=True,
        ), floor  # fmt: skip
    if kind == "reopen" and (by_asker or (by_owner and now.state == "answered")):
        if now.state == "open":
            return now, floor
        # Only replies after this answer it now.
        opened = replace(now, state="open", answer=None, answered_at=None, ended_at=None)
        return replace(opened, marked=False, note=""), step.key
    if now.state != "open":
        return now, floor
    if kind == "ack" and by_owner and step.until is not None:
        return replace(now, promised=step.until, note=step.note), floor
    if kind == "decline" and by_owner:
        return replace(now, state="declined", ended_at=step.at, note=step.note), floor
    if kind == "hand" and (by_owner or by_asker) and step.person not in (None, now.owes, asker):
        assert step.person is not None
        handed = replace(
            now, owes=step.person, start=step.at, within=step.within or now.within,
            promised=None, note="", handed_by=step.author,
        )  # fmt: skip
        return handed, step.key
    if kind == "withdraw" and by_asker:
        return replace(now, state="withdrawn", ended_at=step.at), floor
    if kind == "resolve":
        return replace(now, state="settled", ended_at=step.at), floor
    return now, floor


# -- which reply answers an ask by default -------------------------------------

_LATER = re.compile(
    r"\b(on it|will do|i'?ll|i will|let me|looking|checking|writing|working on|"
    r"give me|getting to|get back|later|tomorrow|soon|shortly|in a bit|noted|ack|"
    r"will look|will check|one sec|a sec|brb)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
SHORT_REPLY_WORDS = 8
"""A reply of this many words or fewer that promises an answer is not yet one."""


def substantial(body: str) -> bool:
    """Whether a reply answers an ask by default: it says something, not only
    that something will be said. "Sure, writing it now", "on it 👍", "👍" do not
    answer; "Yes." and "Ship it on Friday, the tests pass" do."""
    lines = [line for line in body.splitlines() if not line.lstrip().startswith(">")]
    text = " ".join(lines)
    words = _WORD.findall(text)
    if not words:
        return False  # only emoji or punctuation: a reaction in words
    return len(words) > SHORT_REPLY_WORDS or _LATER.search(text) is None
