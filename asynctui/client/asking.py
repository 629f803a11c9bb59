"""What an ask will mean for the person asked, said before it is sent.

"Bob is off until 15:00 (Wed 09:00 New York time, in 3h 40m); an 8h ask is due
Thu 11:00" — shown by the CLI after `ask` and by the TUI's ask box before
sending, as an auto-reply would. Every time is the asker's; the asked person's
own clock is named once, on the first time shown: when they are back (it is
night there), or else when the reply is due ("Bob is working now; an 8h ask is
due Mon 16:00 (Mon 10:00 New York time)").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from asynctui.client.team import Team
from asynctui.client.words import ask_state, city, presence_of, state_label
from asynctui.core.expectations import due_time
from asynctui.core.hours import Window
from asynctui.core.text import clean_line
from asynctui.core.timefmt import clocks, elsewhere, span, when

__all__ = ["AWAY_STATES", "AskPreview", "ask_state", "city", "preview"]

AWAY_STATES = frozenset({"off", "ooo", "away", "focus"})
"""The statuses an ask's preview names: the asked person may answer later than usual."""


def _article(within: Window) -> str:
    """'an 8h ask', 'an 11h ask', 'a 2d ask' — as the number is spoken."""
    spoken = str(within.amount)
    return "an" if spoken.startswith("8") or spoken in ("11", "18") else "a"


@dataclass(frozen=True)
class AskPreview:
    due: datetime | None
    text: str


def preview(team: Team, asked: str, within: Window, viewer_tz: str, now: datetime) -> AskPreview:
    member = team.members.get(asked)
    tz = team.tz(asked)
    calendar = team.calendar(asked)
    due = due_time(calendar, now, within)
    name = clean_line(
        member.name.split()[0] if member and member.name.split() else team.handle(asked)
    )
    here = presence_of(team, asked, now, viewer_tz, with_status=False)
    named = False  # whether their clock has been named yet
    if here.working:
        where = f"{name} is working now"
    elif here.until is None:
        where = f"{name} has no working hours set"
    else:
        there = elsewhere(here.until, tz, now, reader_tz=viewer_tz)
        where = f"{name} is {here.brief} ({there + ', ' if there else ''}"
        where += f"in {span(here.until - now)})"
        named = True
    status = team.status(asked, now)
    if status is not None and status.state in AWAY_STATES:
        where += f"; {state_label(status.state)}"
        if status.text:
            where += f": {clean_line(status.text)}"
        if status.until is not None:
            where += f" until {when(status.until, viewer_tz, now)}"
    if due is None:
        return AskPreview(None, f"{where}; no working time ahead, so no reply can be expected")
    at = when(due, viewer_tz, now) if named else clocks(due, tz, now, reader_tz=viewer_tz)
    return AskPreview(due, f"{where}; {_article(within)} {within} ask is due {at}")
