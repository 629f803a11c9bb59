"""What an ask will mean for the person asked, said before it is sent.

"Bob is off until 09:00 Berlin (in 7h); an 8h ask is due Tue 11:00 your time" —
shown by the CLI after `ask` and by the TUI's ask box before sending, as an
auto-reply would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from asynctui.client.queries import AskRow
from asynctui.client.team import Team
from asynctui.core.expectations import describe_remaining, due_time
from asynctui.core.hours import Window
from asynctui.core.presence import presence
from asynctui.core.timefmt import span, when

AWAY_STATES = {"off": "off", "ooo": "out of office", "away": "away", "focus": "in focus"}


def ask_state(ask: AskRow, tz: str, now: datetime) -> str:
    """Where an ask stands, in the viewer's zone: 'due Tue 11:45 · overdue 23h',
    'answered 11:20 (late)', 'no working time ahead', 'withdrawn'."""
    if ask.cancelled:
        return "withdrawn"
    if ask.answered_at is not None:
        late = " (late)" if ask.due is not None and ask.answered_at > ask.due else ""
        return f"answered {when(ask.answered_at, tz, now)}{late}"
    if ask.due is None:
        return "no working time ahead"
    return f"due {when(ask.due, tz, now)} · {describe_remaining(ask.due, now)}"


def _article(within: Window) -> str:
    """'an 8h ask', 'an 11h ask', 'a 2d ask' — as the number is spoken."""
    spoken = str(within.amount)
    return "an" if spoken.startswith("8") or spoken in ("11", "18") else "a"


def city(tz: str) -> str:
    """'America/Los_Angeles' -> 'Los Angeles'."""
    return tz.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class AskPreview:
    due: datetime | None
    text: str


def preview(team: Team, asked: str, within: Window, viewer_tz: str, now: datetime) -> AskPreview:
    member = team.members.get(asked)
    tz = team.tz(asked)
    calendar = team.calendar(asked)
    due = due_time(calendar, now, within)
    name = member.name.split()[0] if member and member.name else team.handle(asked)
    here = presence(calendar, tz, now)
    if here.working:
        where = f"{name} is working now"
    elif here.until is None:
        where = f"{name} has no working hours set"
    else:
        where = (
            f"{name} is off until {when(here.until, tz, now)} {city(tz)}"
            f" (in {span(here.until - now)})"
        )
    status = team.status(asked, now)
    if status is not None and status.state in AWAY_STATES:
        where += f"; {AWAY_STATES[status.state]}"
        if status.text:
            where += f": {status.text}"
        if status.until is not None:
            where += f" until {when(status.until, viewer_tz, now)}"
    if due is None:
        return AskPreview(None, f"{where}; no working time ahead, so no reply can be expected")
    return AskPreview(
        due,
        f"{where}; {_article(within)} {within} ask is due {when(due, viewer_tz, now)} your time"
        f" ({when(due, tz, now)} {city(tz)})",
    )
