"""What people read, once: the words the CLI prints and the TUI draws for the same state.

Status and presence labels, due times ("due Fri 17:00 · 3h left"), who owes a
reply by when (the thread badges: "bob · off until 09:00, due Tue 11:00"),
where an ask stands, the words for no due time, and city names. A front end
that needs another phrase adds it here, so ``asynctui team`` and the team panel
can never word one state two ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from asynctui.client.attention import may_notify, quiet_until
from asynctui.client.obligations import Obligation
from asynctui.client.queries import AskRow
from asynctui.client.quiet import quiet_lead
from asynctui.client.team import Team
from asynctui.core.expectations import Urgency, describe_remaining
from asynctui.core.hours import Window
from asynctui.core.names import DIRECT_PREFIX
from asynctui.core.presence import Presence, focus_calendar, presence
from asynctui.core.text import clean_line
from asynctui.core.timefmt import city, clocks, when
from asynctui.core.windows import format_window

__all__ = [
    "DIRECT_UNKNOWN",
    "NO_DUE_TIME",
    "NO_WORKING_TIME",
    "STATE_LABELS",
    "STATE_WORDS",
    "ask_line",
    "QUIET_TIME",
    "MyState",
    "ask_state",
    "channel_label",
    "city",
    "done_words",
    "my_state",
    "my_status_words",
    "due_words",
    "owed_when",
    "owed_words",
    "presence_of",
    "promise_words",
    "quiet_time_words",
    "state_label",
    "status_parts",
    "status_words",
    "thread_state",
]

NO_DUE_TIME = "no due time"
"""An action item, a meeting or a check-in with nothing to count down to."""

NO_WORKING_TIME = "no working time ahead"
"""An ask of someone with no working hours left to count its window on."""

STATE_WORDS = {
    "available": "available",
    "focus": "focus",
    "away": "away",
    "off": "off",
    "ooo": "ooo",
    "out-of-office": "ooo",
}
"""What a person may type for each status state."""

STATE_LABELS = {
    "available": "available",
    "focus": "in focus",
    "away": "away",
    "off": "off",
    "ooo": "out of office",
}
"""How each status state reads, wherever it is shown (the status bar, the team panel,
``asynctui status`` and ``team``)."""


def state_label(state: str) -> str:
    """'ooo' -> 'out of office'; an unknown state (from a newer client) as it is, cleaned."""
    return STATE_LABELS.get(state, clean_line(state))


def status_parts(
    state: str,
    text: str = "",
    emoji: str = "",
    until: datetime | None = None,
    *,
    tz: str,
    now: datetime,
) -> list[str]:
    """A status as its parts: ['in focus', '✍️ Writing the plan', 'until 12:50'] (the
    end in the reader's zone ``tz``). Joined with ' · ' by ``status_words``; the TUI
    draws the first as a coloured dot and label."""
    parts = [state_label(state)]
    if said := " ".join(x for x in (clean_line(emoji), clean_line(text)) if x):
        parts.append(said)
    if until is not None:
        parts.append(f"until {when(until, tz, now)}")
    return parts


def status_words(
    state: str,
    text: str = "",
    emoji: str = "",
    until: datetime | None = None,
    *,
    tz: str,
    now: datetime,
) -> str:
    """'in focus · ✍️ Writing the plan · until 12:50', 'available'."""
    return " · ".join(status_parts(state, text, emoji, until, tz=tz, now=now))


QUIET_TIME = "quiet time"
"""Outside my working hours, with no status saying otherwise: the client holds what
comes, and I am not "available"."""


def quiet_time_words(until: datetime | None, *, tz: str, now: datetime) -> str:
    """'quiet time until 09:00' (my next working start, in my zone ``tz``), or 'quiet time'
    when no working time is ahead."""
    return QUIET_TIME if until is None else f"{QUIET_TIME} until {when(until, tz, now)}"


@dataclass(frozen=True)
class MyState:
    """How my own state reads where I look at it: the status bar, and my line of
    ``asynctui status``."""

    state: str
    """What colours the dot: 'available', 'focus', 'away', 'off', 'ooo'."""
    label: str
    """'available', 'in focus', 'out of office', 'quiet time until 09:00'."""
    text: str
    """My status text (not yet cleaned)."""
    left: timedelta | None
    """Until my focus or off time ends (a status or a focus block of my hours)."""
    quiet: str = ""
    """'quiet time until 09:00' beside a status that does not say it (away)."""


def my_state(team: Team, me: str, now: datetime) -> MyState:
    """My state at ``now``: my status when I set one, else what my hours make of it: in
    focus in a focus block, 'quiet time until 09:00' outside my working hours."""
    status = team.status(me, now)
    calendar, tz = team.calendar(me), team.tz(me)
    quiet = quiet_until(calendar, status, now)
    left = None if quiet is None else quiet - now
    text = status.text if status else ""
    if status is not None and status.state != "available":
        if status.state in ("focus", "off", "ooo"):
            return MyState(status.state, state_label(status.state), text, left)
        # Away is not quiet time: the countdown would be to my working start, not its end.
        away_quiet = "" if quiet is None else quiet_time_words(quiet, tz=tz, now=now)
        return MyState(status.state, state_label(status.state), text, None, away_quiet)
    if may_notify(calendar, status, now):
        return MyState("available", state_label("available"), text, None)
    if quiet_lead(calendar, status, now) == "in focus":
        return MyState("focus", state_label("focus"), text, left)
    return MyState("off", quiet_time_words(quiet, tz=tz, now=now), text, None)


def my_status_words(team: Team, me: str, now: datetime) -> str:
    """My line of ``asynctui status``: 'quiet time until 09:00 · 🎨 Reviewing designs',
    'in focus · ✍️ Writing the plan · until 12:50'."""
    status, tz, mine = team.status(me, now), team.tz(me), my_state(team, me, now)
    parts = status_parts(
        status.state if status else "available",
        status.text if status else "",
        status.emoji if status else "",
        status.until if status else None,
        tz=tz,
        now=now,
    )
    parts[0] = mine.label
    return " · ".join([*parts, mine.quiet] if mine.quiet else parts)


def presence_of(
    team: Team, member: str, now: datetime, viewer_tz: str, *, with_status: bool = True
) -> Presence:
    """Whether ``member`` works now, in focus (their status, or a focus block) or is off,
    with times in the viewer's zone: the one presence every front end shows.
    ``with_status=False``: by their hours alone (for words that name the status apart)."""
    status = team.status(member, now) if with_status else None
    tz = team.tz(member)
    return presence(
        team.calendar(member),
        tz,
        now,
        viewer_tz,
        focus=focus_calendar(tz, team.hours(member), team.pauses(member)),
        status=None if status is None else status.state,
        status_until=None if status is None else status.until,
    )


def promise_words(promise: Window) -> str:
    """'replies within 8 working hours': someone's promise, as the team is told it."""
    return f"replies within {format_window(promise)}"


def due_words(due: datetime | None, tz: str, now: datetime, theirs: str | None = None) -> str:
    """'due Fri 17:00 · 2d 1h left', 'due Thu 17:00 · overdue 3h', or 'no due time';
    the time in the reader's zone ``tz``, and on the clock of ``theirs`` (the zone of
    whoever owes it) too when that reads otherwise: 'due Wed 09:00 (Wed 17:00 Tokyo
    time) · 2d left'."""
    if due is None:
        return NO_DUE_TIME
    at = when(due, tz, now) if theirs is None else clocks(due, theirs, now, reader_tz=tz)
    return f"due {at} · {describe_remaining(due, now)}"


def done_words(done_at: datetime | None, tz: str, now: datetime) -> str:
    """'done 10:05', or 'done' when the time is not known."""
    return "done" if done_at is None else f"done {when(done_at, tz, now)}"


def owed_when(due: datetime, urgency: Urgency, *, mine: bool, tz: str, now: datetime) -> str:
    """By when something is owed: '3h left' (mine, or overdue: what I act on counts
    down), else 'due Mon 15:00' in the reader's zone ``tz``."""
    if mine or urgency == "overdue":
        return describe_remaining(due, now)
    return f"due {when(due, tz, now)}"


def owed_words(
    who: str,
    due: datetime | None,
    urgency: Urgency,
    *,
    mine: bool,
    tz: str,
    now: datetime,
    away: Presence | None = None,
    undated: str = NO_DUE_TIME,
) -> str:
    """Who owes something by when, as a badge: 'you · 3h left', 'bob · due Mon 15:00',
    'chen · overdue 5h', 'dana · off until 09:00, due Tue 11:00', 'bob · no due time'.

    Mine and overdue ones count down (what I act on); others' give the time in my
    zone ``tz``. ``away``: the owing person's presence, named when they are not
    working (never for mine: I know where I am). ``undated``: the words when there
    is no due time.
    """
    if due is None:
        return f"{who} · {undated}"
    words = owed_when(due, urgency, mine=mine, tz=tz, now=now)
    if not mine and away is not None and not away.working and away.until is not None:
        words = f"{away.brief}, {words}"
    return f"{who} · {words}"


def ask_state(ask: AskRow, tz: str, now: datetime) -> str:
    """Where an ask stands, in the viewer's zone: 'due Tue 11:45 · overdue 23h',
    'promised Thu 12:00 · 3h left', 'answered 11:20 (late)', 'declined: no time
    this week', 'settled: thread resolved', 'withdrawn', 'no working time ahead'."""
    if ask.state == "withdrawn":
        return "withdrawn"
    if ask.state == "settled":
        return "settled: thread resolved"
    if ask.state == "declined":
        return "declined" + (f": {clean_line(ask.note)}" if ask.note else "")
    if ask.state == "answered" and ask.answered_at is not None:
        late = " (late)" if ask.due is not None and ask.answered_at > ask.due else ""
        return f"answered {when(ask.answered_at, tz, now)}{late}"
    if ask.due is None:
        return NO_WORKING_TIME
    words = due_words(ask.due, tz, now)
    if ask.promised is not None:
        words = "promised " + words.removeprefix("due ")
        if ask.note:
            words += f" ({clean_line(ask.note)})"
    return words


def ask_line(team: Team, ask: AskRow, tz: str, now: datetime) -> str:
    """'Asked @bob · due Mon 15:00 · 3h left', 'Asked @bob, handed to @cy · ...':
    an ask, as a thread shows it."""
    who = f"@{team.handle(ask.origin or ask.asked)}"
    if ask.asked != (ask.origin or ask.asked):
        who += f", handed to @{team.handle(ask.asked)}"
    return f"Asked {who} · {ask_state(ask, tz, now)}"


DIRECT_UNKNOWN = "direct message"
"""A direct conversation whose people are not known yet (its creation not synced)."""


def channel_label(channel: str, name: str, members: Iterable[str], *, me: str, team: Team) -> str:
    """Where a thread lives, as people read it: '#design' for a channel; for a direct
    conversation the other people, '@kenji' (a group: '@kenji, @sam').

    ``channel`` is the channel id, ``name`` its name, ``members`` the member ids of a
    private channel. A direct conversation is known by its id and named from its
    members: handles may hold '-', so its name ('dm-ana-kenji') cannot be split.
    """
    if not channel.startswith(DIRECT_PREFIX):
        return f"#{clean_line(name or channel)}"
    people = set(members)
    # Someone reading a conversation they are not in (an admin's export) sees everyone.
    others = people - {me} or people
    if not others:
        return DIRECT_UNKNOWN
    return ", ".join(sorted("@" + clean_line(team.handle(m)) for m in others))


def thread_state(resolved: bool) -> str:
    """'resolved' or 'open': where a thread stands (its header, ``asynctui show``)."""
    return "resolved" if resolved else "open"


OBLIGATION_KINDS = {
    "ask": "reply",
    "meeting": "meeting",
    "checkin": "check-in",
    "action": "action item",
}
"""What each kind of obligation is called in a queue ('reply' for an ask)."""

NOTHING_OWED_BY_ME = "You owe nothing: no replies, meeting parts, check-in answers or action items."
NOTHING_OWED_TO_ME = "Nobody owes you anything."


def obligation_what(o: Obligation) -> str:
    """What is owed and where, in a line: 'Launch plan (within 8h)', 'Design review:
    Scope; Risks', 'Daily standup, Fri 4 Dec', 'Send the figures (in Launch plan)'."""
    if o.kind == "ask" and o.ask is not None:
        if o.ask.promised is not None:
            return f"{clean_line(o.thread_title)} (promised)"
        return f"{clean_line(o.thread_title)} (within {format_window(o.ask.within)})"
    if o.kind == "meeting":
        return f"{clean_line(o.thread_title)}: {clean_line(o.what)}"
    if o.kind == "action":
        return f"{clean_line(o.what)} (in {clean_line(o.thread_title)})"
    return clean_line(o.what)


def owed_state(due: datetime | None, urgency: Urgency, ended: str | None, now: datetime) -> str:
    """'3h left', 'overdue 2h', 'answered', 'declined' or 'no working time ahead':
    where one item of a queue stands (``ended``: how an ask's life ended, if it did)."""
    if ended is not None:
        return ended
    if urgency == "answered":
        return "answered"
    if due is None:
        return NO_WORKING_TIME
    return describe_remaining(due, now)
