"""What the TUI's ritual dialogs read from what was typed: agenda lines, a meeting's
deadline, the action items of a closing meeting.

Plain functions over text, the team and the clock, with the CLI's limits; each
raises ValueError (or returns the errors) with a one-line message fit for the user.
The dialogs only ask and show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from asynctui.client.ritual_views import due_from_words
from asynctui.client.team import Team
from asynctui.core import events
from asynctui.core.events import MAX_BODY_CHARS
from asynctui.core.hours import Window
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when
from asynctui.core.windows import format_window, parse_window

__all__ = [
    "MAX_ITEMS",
    "channel_named",
    "check_private",
    "members_of",
    "MAX_LINE",
    "MAX_PARTICIPANTS",
    "PlannedAction",
    "action_lines",
    "deadline_words",
    "form_lines",
    "meeting_deadline",
    "one_line",
]

MAX_LINE = events.MAX_LINE
"""A title, question, agenda item or decision line (the events' ``Line``)."""
MAX_ITEMS = events.MAX_LINES
"""Agenda items (and check-in questions) at most, as the CLI allows."""
MAX_PARTICIPANTS = events.MAX_PEOPLE


def one_line(text: str, what: str) -> str:
    """A title or agenda item: cleaned, on one line, 1-500 characters."""
    value = clean_line(text)
    if not value:
        raise ValueError(f"The {what} is empty.")
    if len(value) > MAX_LINE:
        raise ValueError(f"The {what} is too long ({len(value)} characters; at most {MAX_LINE}).")
    return value


def form_lines(text: str, what: str, most: int = MAX_ITEMS) -> tuple[str, ...]:
    """The non-empty lines of a box, each one cleaned: agenda items, decisions."""
    found = tuple(one_line(line, what) for line in text.splitlines() if line.strip())
    if len(found) > most:
        raise ValueError(f"Too many lines of {what}s ({len(found)}; at most {most}).")
    return found


def meeting_deadline(
    text: str, team: Team, me: str, tz: str, now: datetime
) -> tuple[datetime | None, Window | None]:
    """(deadline, within) from '2d' or 'within 8h' (working time counted on each
    participant's calendar) or a time in my zone: 'fri 17:00', 'tomorrow', '2026-12-01'."""
    words = text.strip()
    if not words:
        raise ValueError("Say when contributions are due: 2d, 'within 8h' or 'fri 17:00'.")
    window = re.sub(r"^within\s+", "", words, flags=re.IGNORECASE)
    try:
        return None, parse_window(window)
    except ValueError:
        pass
    try:
        return due_from_words(words, team, me, tz, now), None
    except ValueError:
        raise ValueError(
            f"Not a deadline: {words!r} (try 2d, 'within 8h', 'fri 17:00' or 2026-12-01)."
        ) from None


def deadline_words(deadline: datetime | None, within: Window | None, tz: str, now: datetime) -> str:
    """How a meeting's deadline reads in the dialog."""
    if within is not None:
        return f"Due within {format_window(within)}, counted on each participant's calendar."
    if deadline is not None:
        return f"Due {when(deadline, tz, now)} your time."
    return ""


@dataclass(frozen=True)
class PlannedAction:
    """One action item typed as 'Write the plan @bob fri 17:00'."""

    text: str
    owner: str
    """Member id."""
    due: datetime | None


def action_lines(
    text: str, handles: Mapping[str, str], team: Team, tz: str, now: datetime
) -> tuple[list[PlannedAction], list[str]]:
    """Action items, one a line: what, then ``@owner``, then an optional due time
    (working time of the owner like '2d', or a time in my zone like 'fri 17:00').

    Returns the items read and the errors, one per faulty line ("Line 2: ...").
    """
    planned: list[PlannedAction] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        head, at, rest = line.partition("@")
        what = clean_line(head)
        handle, _, due_text = rest.strip().partition(" ")
        if not at or not handle:
            errors.append(f"Line {number}: name its owner, like 'Write the plan @bob fri 17:00'.")
            continue
        if not what:
            errors.append(f"Line {number}: say what is to be done before @{handle}.")
            continue
        if len(what) > MAX_BODY_CHARS:
            errors.append(f"Line {number}: too long.")
            continue
        owner = handles.get(handle.lower())
        if owner is None:
            errors.append(f"Line {number}: not on the team: @{handle}")
            continue
        try:
            due = due_from_words(due_text, team, owner, tz, now)
        except ValueError as exc:
            errors.append(f"Line {number}: {exc}")
            continue
        planned.append(PlannedAction(what, owner, due))
    return planned, errors


def members_of(text: str, handles: Mapping[str, str]) -> tuple[tuple[str, ...], list[str]]:
    """Handles typed as '@bob, ana chen' -> (member ids, the handles not known).

    ``handles``: lower-case handle -> member id.
    """
    found: list[str] = []
    unknown: list[str] = []
    for word in re.split(r"[\s,]+", text.strip()):
        handle = word.removeprefix("@").lower()
        if not handle:
            continue
        member = handles.get(handle)
        if member is None:
            unknown.append(f"@{handle}")
        elif member not in found:
            found.append(member)
    return tuple(found), unknown


def channel_named(channels: Sequence[tuple[str, str]], typed: str) -> str:
    """The id of the channel typed ('#design', 'Design'), among (id, name) pairs."""
    name = typed.strip().lstrip("#").lower()
    found = next((cid for cid, known in channels if known.lower() == name), None)
    if found is None:
        raise ValueError(f"No channel #{name}.")
    return found


def check_private(
    channel: str,
    people: Sequence[str],
    private: Mapping[str, frozenset[str]],
    handles: Mapping[str, str],
    typed: str,
) -> None:
    """ValueError naming who is not a member, if ``channel`` is private.
    ``private``: each private channel's members; ``typed``: its name as typed."""
    inside = private.get(channel)
    outside = [] if inside is None else [m for m in people if m not in inside]
    if outside:
        names = {m: h for h, m in handles.items()}
        who = ", ".join(f"@{names.get(m, m)}" for m in outside)
        raise ValueError(f"Not members of the private #{typed.strip().lstrip('#').lower()}: {who}")

