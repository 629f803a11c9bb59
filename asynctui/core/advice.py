"""Should this be async? The questions async teams ask before calling a meeting.

A few answers about the situation lead to one of three ways to handle it: a
written update (nothing is needed from anyone), a short call, or an async
meeting in writing with an agenda and a deadline. The rules are an ordered
list, most decisive first; the first that fits gives the advice and says which
answers decided it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["QUESTIONS", "Advice", "Recommendation", "Situation", "advise"]

Recommendation = Literal["async", "call", "update"]


@dataclass(frozen=True)
class Situation:
    """The answers to ``QUESTIONS``; the defaults are the usual case (input wanted, no rush)."""

    needs_input: bool = True
    """Do others need to give input or decide (or is it news to share)?"""
    urgent: bool = False
    """Is an answer needed within hours?"""
    live_talk: bool = False
    """Does it need real-time back-and-forth (a brainstorm, untangling a conflict)?"""
    time_zones: bool = False
    """Do the people span time zones with little shared working time?"""
    sensitive: bool = False
    """Is it sensitive or emotional (feedback, bad news, conflict)?"""


@dataclass(frozen=True)
class Advice:
    """What to do, in a few words, and why."""

    kind: Recommendation
    headline: str
    """A few words to act on: "Run it async", "Have a short call", "Write an update"."""
    reason: str
    """One or two sentences naming the answers that decided it."""


QUESTIONS: tuple[tuple[str, str], ...] = (
    ("needs_input", "Do others need to give input or make a decision (not only hear news)?"),
    ("urgent", "Is an answer needed within hours?"),
    ("live_talk", "Does it need real-time back-and-forth, like a brainstorm or a conflict?"),
    ("time_zones", "Do the people span time zones with little shared working time?"),
    ("sensitive", "Is it sensitive or emotional, like feedback, bad news or a conflict?"),
)
"""(Situation field, the question as asked), in the order a person is asked them."""


_UPDATE = Advice(
    "update",
    "Write an update",
    "Nothing is needed from anyone: it is news to share, so write it down and let "
    "people read it in their own hours instead of gathering them to listen.",
)
_SENSITIVE = Advice(
    "call",
    "Have a short call",
    "It is sensitive, and tone is easily misread in writing: talk it through, "
    "then write the outcome down afterwards.",
)
_SENSITIVE_ACROSS_ZONES = Advice(
    "call",
    "Have a short call",
    "It is sensitive, and tone is easily misread in writing: talk it through at a "
    "time inside everyone's working hours, even across the time zones, then write "
    "the outcome down afterwards.",
)
_URGENT = Advice(
    "call",
    "Have a short call",
    "An answer is needed within hours and everyone shares working time: a short "
    "call settles it faster than a thread.",
)
_URGENT_ACROSS_ZONES = Advice(
    "call",
    "Call whoever is working now",
    "An answer is needed within hours, but the people span time zones with little "
    "shared working time: decide with whoever is working now, then write a summary "
    "for the rest to read in their own hours.",
)
_LIVE = Advice(
    "call",
    "Have a short call",
    "It needs real-time back-and-forth and everyone shares working time: a short "
    "call does that better than a long thread.",
)
_LIVE_ACROSS_ZONES = Advice(
    "async",
    "Run it async, written input first",
    "It needs back-and-forth, but the time zones leave no shared hours to meet in: "
    "collect everyone's written input first, then discuss the open points in writing.",
)
_ASYNC = Advice(
    "async",
    "Run it async",
    "Input is needed, but nothing is urgent and no live talk is needed: write an "
    "agenda, set a deadline, and let people answer in their own working hours.",
)

_ASYNC_ACROSS_ZONES = Advice(
    "async",
    "Run it async",
    "Input is needed, but nothing is urgent and no live talk is needed, and the people "
    "are spread across time zones: any meeting time would be someone's evening. Write an "
    "agenda, set a deadline counted in working days, and let each answer in their own hours.",
)

_RULES: tuple[tuple[Callable[[Situation], bool], Advice], ...] = (
    # Sensitive news comes first even when nobody has to answer: bad news read
    # alone in an update lands harder than the same news said in a call.
    (lambda s: s.sensitive and s.time_zones, _SENSITIVE_ACROSS_ZONES),
    (lambda s: s.sensitive, _SENSITIVE),
    (lambda s: not s.needs_input, _UPDATE),
    (lambda s: s.urgent and s.time_zones, _URGENT_ACROSS_ZONES),
    (lambda s: s.urgent, _URGENT),
    (lambda s: s.live_talk and s.time_zones, _LIVE_ACROSS_ZONES),
    (lambda s: s.live_talk, _LIVE),
    (lambda s: s.time_zones, _ASYNC_ACROSS_ZONES),
)
"""(Does it apply?, the advice), most decisive first; none applying means ``_ASYNC``."""


def advise(situation: Situation) -> Advice:
    """The advice of the first rule that applies to the situation."""
    return next((advice for applies, advice in _RULES if applies(situation)), _ASYNC)
