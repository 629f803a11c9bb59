"""What the rituals read from typed text, once for the CLI and the TUI.

A title or agenda item on one line, the lines of a box (agenda items,
questions, decisions), handles typed as '@bob, chen', an answer window, a due
time for someone, and the action items of a closing meeting typed one a line
('Write the plan @bob fri'). Each reading refuses what it cannot read with
:class:`Unreadable`, a :class:`Refused` that knows which option it was, so the
CLI can name its flag ("--due: ...") while the TUI shows the line alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from asynctui.client.commands._base import Refused
from asynctui.core import events
from asynctui.core.calendar import WorkCalendar
from asynctui.core.events import MAX_BODY_CHARS
from asynctui.core.hours import Window
from asynctui.core.text import clean_line
from asynctui.core.timewords import parse_due, parse_window_words
from asynctui.core.windows import format_window, parse_window

__all__ = [
    "MAX_ITEMS",
    "MAX_LINE",
    "MAX_PEOPLE",
    "ActionLine",
    "Unreadable",
    "action_lines",
    "body",
    "due_for",
    "form_lines",
    "handles_in",
    "one_line",
    "window",
]

MAX_LINE = events.MAX_LINE
"""A title, question, agenda item or answer (the events' ``Line``)."""
MAX_ITEMS = events.MAX_LINES
"""Agenda items, questions or answers at most."""
MAX_PEOPLE = events.MAX_PEOPLE
"""Members of a check-in, participants of a meeting, deciders at most."""


class Unreadable(Refused):
    """A time, a window or a schedule that could not be read; ``option`` is what
    it was typed as ('due', 'within', 'schedule', 'deadline')."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(problem)
        self.option = option


def one_line(text: str, what: str) -> str:
    """A title, question or agenda item: cleaned, on one line, 1-500 characters."""
    value = clean_line(text)
    if not value:
        raise Refused(f"the {what} is empty")
    if len(value) > MAX_LINE:
        raise Refused(f"the {what} is too long ({len(value)} characters; at most {MAX_LINE})")
    return value


def body(text: str, what: str) -> str:
    """A goal, an outcome, a decision, an action item: trimmed, not empty, not too long."""
    value = text.strip()
    if not value:
        raise Refused(f"the {what} is empty")
    if len(value) > MAX_BODY_CHARS:
        raise Refused(f"the {what} is too long ({len(value)} characters; at most {MAX_BODY_CHARS})")
    return value


def form_lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of a box: one agenda item, question or decision each."""
    return tuple(line for line in text.splitlines() if line.strip())


def handles_in(text: str) -> tuple[str, ...]:
    """Handles typed as '@bob, chen @dana' -> ('bob', 'chen', 'dana'), each once."""
    found = (word.removeprefix("@") for word in re.split(r"[\s,]+", text.strip()))
    return tuple(dict.fromkeys(h for h in found if h))


def window(text: str, option: str = "within") -> Window:
    """'4h', '2d' or 'within 8h': working time on someone's calendar."""
    try:
        return parse_window(re.sub(r"^\s*within\s+", "", text, flags=re.IGNORECASE))
    except ValueError as exc:
        raise Unreadable(option, str(exc)) from None


def due_for(
    text: str, handle: str, tz: str, now: datetime, calendar: WorkCalendar, option: str = "due"
) -> datetime | None:
    """When something is due for the person of ``calendar`` (@``handle``): a bare
    day is the end of THEIR working day, '2d' or 'within 8h' their working time,
    'fri 17:00' a time in ``tz`` (the one typing); empty: no due time."""
    words = text.strip()
    if not words:
        return None
    within = re.match(r"within\s", words, flags=re.IGNORECASE)
    length = window(words, option) if within else parse_window_words(words)
    if length is not None:
        try:
            found = calendar.add(now, length)
        except OverflowError:
            raise Unreadable(option, f"{words!r} is further ahead than any calendar") from None
        if found is None:
            raise Unreadable(
                option, f"@{handle} has no working time ahead to count {format_window(length)} on"
            )
        return found
    try:
        return parse_due(words, tz, now, calendar)
    except (ValueError, OverflowError) as exc:
        raise Unreadable(option, str(exc)) from None


@dataclass(frozen=True)
class ActionLine:
    """One action item as typed: 'Write the plan @bob fri 17:00'."""

    text: str
    owner: str
    """The handle typed, without its @."""
    due: str = ""
    """The due words typed after the handle; empty: no due time."""


def action_lines(text: str) -> list[ActionLine]:
    """Action items, one a line: what, then ``@owner``, then perhaps a due time."""
    found: list[ActionLine] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        head, at, rest = line.partition("@")
        handle, _, due = rest.strip().partition(" ")
        if not at or not handle:
            raise Refused(f"line {number}: name its owner, like 'Write the plan @bob fri 17:00'")
        if not head.strip():
            raise Refused(f"line {number}: say what is to be done before @{handle}")
        found.append(ActionLine(head.strip(), handle, due.strip()))
    return found


def items_words(numbers: Sequence[int]) -> str:
    """[0, 2] -> 'items 1, 3'; [1] -> 'item 2' (people count agenda items from 1)."""
    word = "item" if len(numbers) == 1 else "items"
    return f"{word} {', '.join(str(n + 1) for n in numbers)}"
