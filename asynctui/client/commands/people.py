"""Me and my calendar: my status, a focus block, my hours and my time off.

Every end a person types for their own status ("until fri", "for 90m", the
status box's "Until" field, a preset) is read by :class:`Ends`, on top of
``core.timewords.parse_until``: a bare day is the start of *my* working day
that day, a bare length is wall-clock time. So ``asynctui status away --until
fri`` and the status box's "fri" end at the same instant.

Hours are typed as rules, one per line ("Mon-Fri 09:00-12:30,13:30-17:00"),
the same in ``asynctui hours --work`` and the hours editor; :func:`read_hours`
reads them for both, field by field, so the editor can show each field's error
where it was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import msgspec

from asynctui.client.commands._base import Done, Refused, one_of, record
from asynctui.client.commands.find import me
from asynctui.client.words import STATE_WORDS, status_words
from asynctui.client.workspace import Workspace
from asynctui.core.calendar import WorkCalendar
from asynctui.core.events import HoursSet, StatusSet, StatusState
from asynctui.core.hours import Hours, TimeOff, WeeklyRule
from asynctui.core.rules import format_rule, parse_rules, parse_time_off
from asynctui.core.text import clean_line
from asynctui.core.timefmt import local
from asynctui.core.timewords import parse_until
from asynctui.core.windows import format_window, parse_window

__all__ = [
    "HOURS_FIELDS",
    "MAX_EMOJI",
    "NEXT_WORKING_DAY",
    "FOCUS_OFF",
    "Ends",
    "end_focus",
    "focus",
    "in_focus",
    "read_hours",
    "set_hours",
    "set_status",
    "week_preview",
]

NEXT_WORKING_DAY = "next working day"
"""An end no clock time names: when my next working day starts (after today's,
however early it is now). What "off" means when no end is given in the TUI."""

MAX_EMOJI = 16
"""An emoji, or a short word in its place."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Ends:
    """How the ends I type read at one instant, on my own calendar."""

    tz: str
    """My zone: clock times are read in it."""
    now: datetime
    calendar: WorkCalendar
    """My hours alone: a status being replaced must not move the start of my day."""

    @classmethod
    def mine(cls, workspace: Workspace) -> Ends:
        profile = me(workspace)
        hours = workspace.team().hours(profile.id)
        return cls(profile.tz, workspace.now(), WorkCalendar(profile.tz, hours))

    def read(self, words: str) -> datetime | None:
        """When a status typed as ``words`` ends (UTC); None for no end ('')."""
        text = words.strip().lower()
        if not text:
            return None
        if text == NEXT_WORKING_DAY:
            return self.next_working_start()
        try:
            return parse_until(words, self.tz, self.now, self.calendar.hours, self.tz)
        except OverflowError:
            raise Refused(f"{clean_line(words)!r} is further ahead than any calendar") from None
        except ValueError as exc:
            raise Refused(clean_line(str(exc))) from None

    def next_working_start(self) -> datetime:
        """When my next working day starts, after today's working time.

        A focus block is being at work, so it counts here: off ends when that
        day starts, not after its morning focus block.
        """
        hours = msgspec.structs.replace(self.calendar.hours, focus=())
        calendar = WorkCalendar(self.tz, hours)
        zone = ZoneInfo(self.tz)
        midnight = datetime.combine(local(self.now, self.tz).date() + timedelta(1), time(0), zone)
        today = calendar.intervals(self.now, midnight)
        back = calendar.off_until(today[-1][1] if today else self.now)
        return back if back is not None else parse_until("tomorrow", self.tz, self.now, hours)


def _state(word: str) -> StatusState:
    state = STATE_WORDS.get(word.strip().lower())
    if state is None:
        choices = ", ".join(sorted(STATE_WORDS))
        raise Refused(f"unknown status {clean_line(word)!r} (choose from {choices})")
    return state  # type: ignore[return-value]


def set_status(
    workspace: Workspace,
    state: str,
    *,
    text: str = "",
    emoji: str = "",
    until: str = "",
    length: str = "",
) -> Done:
    """Set my status: a state ('away', 'ooo', ...), what it says, and when it
    ends: ``until`` words ('fri', '17:00', '2h', :data:`NEXT_WORKING_DAY`) or a
    ``length`` ('90m'); neither for no end. 'available' clears it."""
    chosen = _state(state)
    if until.strip() and length.strip():
        raise Refused("give the end as a time or as a length, not both")
    ends = Ends.mine(workspace)
    end = ends.read(f"in {length}" if length.strip() else until)
    said_text, said_emoji = clean_line(text), clean_line(emoji)
    if len(said_emoji) > MAX_EMOJI:
        raise Refused(f"an emoji is one emoji or a short word (at most {MAX_EMOJI} characters)")
    body = StatusSet(state=chosen, text=said_text, emoji=said_emoji, until=end)
    event = one_of(record(workspace, body))
    said = status_words(chosen, said_text, said_emoji, end, tz=ends.tz, now=ends.now)
    return Done(
        events=(event,),
        said=f"Status set: {said}",
        kind="status",
        id=event.id,
        fields={"state": chosen, "text": said_text, "emoji": said_emoji, "until": end},
    )


FOCUS_OFF = ("off", "end", "stop")
"""What ends focus where its length would go: ``asynctui focus off``."""


def focus(workspace: Workspace, until: str, *, text: str = "") -> Done:
    """Start a focus block now, for a length ('90m') or until a time ('11:30');
    notifications wait until it ends. A focus block always has an end.
    ``until`` 'off' (or 'end', 'stop') ends the one under way instead."""
    if until.strip().lower() in FOCUS_OFF:
        return end_focus(workspace)
    if not until.strip():
        raise Refused("say how long the focus block lasts: 25m, 90m, or until 11:30")
    return set_status(workspace, "focus", text=text, until=until)


def in_focus(workspace: Workspace) -> bool:
    """Whether my status says focus now (a focus block of my hours is not a status:
    only changing my hours ends it)."""
    status = workspace.team().status(workspace.member, workspace.now())
    return status is not None and status.state == "focus" and status.active(workspace.now())


def end_focus(workspace: Workspace) -> Done:
    """End my focus now: available again, and what was held is told."""
    if not in_focus(workspace):
        raise Refused("you are not in focus: start it with a length, e.g. focus 25m")
    done = set_status(workspace, "available")
    return replace(done, said="Focus ended: you are available.")


# -- hours ----------------------------------------------------------------------

HOURS_FIELDS = {
    "working": "working hours",
    "focus": "focus blocks",
    "always_off": "always off",
    "time_off": "time off",
    "promise": "reply promise",
}
"""The parts of my hours, as ``Hours`` names them and as an error names them."""


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _each_line(text: str, read: Callable[[str], list[_T]]) -> list[_T]:
    """``read`` of every line; an error names its line when there are several."""
    lines = _lines(text)
    found: list[_T] = []
    for n, line in lines:
        try:
            found.extend(read(line))
        except ValueError as exc:
            where = f"line {n}: " if len(lines) > 1 else ""
            raise ValueError(f"{where}{exc}") from None
    return found


def _time_off_line(line: str) -> list[TimeOff]:
    days, _, note = line.partition(" ")
    return [parse_time_off(clean_line(days), note=clean_line(note))]


def _read_field(field: str, text: str) -> object:
    if field == "promise":
        return parse_window(text)
    if field == "time_off":
        return tuple(sorted(_each_line(text, _time_off_line), key=lambda t: t.first))
    rules: list[WeeklyRule] = _each_line(text, parse_rules)
    return tuple(rules)


def read_hours(current: Hours, typed: Mapping[str, str]) -> tuple[Hours | None, dict[str, str]]:
    """``current`` with the fields ``typed`` (one rule per line) put in, or None
    and each field's error (one line, naming the line when there are several)."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field, text in typed.items():
        if field not in HOURS_FIELDS:
            raise KeyError(field)
        try:
            values[field] = _read_field(field, text)
        except ValueError as exc:
            errors[field] = clean_line(str(exc))
    if errors:
        return None, errors
    return msgspec.structs.replace(current, **values), {}


def _refused(errors: Mapping[str, str]) -> Refused:
    field, error = next(iter(errors.items()))
    return Refused(f"{HOURS_FIELDS[field]}: {error}")


def set_hours(
    workspace: Workspace,
    *,
    working: str | None = None,
    focus: str | None = None,
    always_off: str | None = None,
    time_off: str | None = None,
    promise: str | None = None,
    add_time_off: Sequence[str] = (),
    remove_time_off: Sequence[str] = (),
    note: str = "",
) -> Done:
    """Change my hours: each part given replaces that part ('' clears it), one
    rule per line; time off can also be added ('2026-12-24..2027-01-02', with
    ``note``) or removed by its first day. Nothing given changes nothing."""
    profile = me(workspace)
    old = workspace.team().hours(profile.id)
    typed = {
        name: value
        for name, value in (("working", working), ("focus", focus), ("always_off", always_off),
                            ("time_off", time_off), ("promise", promise))
        if value is not None
    }  # fmt: skip
    hours, errors = read_hours(old, typed)
    if hours is None:
        raise _refused(errors)
    days = list(hours.time_off)
    for text in add_time_off:
        try:
            days.append(parse_time_off(text, clean_line(note)))
        except ValueError as exc:
            raise Refused(f"time off: {exc}") from None
    for text in remove_time_off:
        first = _first_day(text)
        kept = [t for t in days if t.first != first]
        if len(kept) == len(days):
            raise Refused(f"no time off starts on {first}")
        days = kept
    hours = msgspec.structs.replace(hours, time_off=tuple(sorted(days, key=lambda t: t.first)))
    event = one_of(record(workspace, HoursSet(hours=hours)))
    return Done(
        events=(event,),
        said="Hours saved.",
        kind="hours",
        id=profile.id,
        fields={
            "member": profile.id,
            "tz": profile.tz,
            "week": week_preview(hours, profile.tz),
        },
    )


def _first_day(text: str) -> date:
    try:
        return parse_time_off(text).first
    except ValueError as exc:
        raise Refused(f"time off: {exc}") from None


_REFERENCE_WEEK = date(2026, 1, 5)
"""A Monday far from any zone's clock change, to count a plain week's working time."""


def _weekly_total(hours: Hours, tz: str) -> str:
    """'37.5h a week' for a plain week (no time off), counted by my calendar."""
    start = datetime.combine(_REFERENCE_WEEK, time(0), tzinfo=ZoneInfo(tz))
    plain = msgspec.structs.replace(hours, time_off=())
    total = WorkCalendar(tz, plain).working_between(start, start + timedelta(days=7))
    return f"{total.total_seconds() / 3600:g}h a week"


def week_preview(hours: Hours, tz: str) -> str:
    """One line about the week: 'Mon-Fri 09:00-17:00, focus Tue 09:00-11:00 · 38h a week · ...'."""
    if not hours.working:
        week = "no working hours: no reply can be expected from you"
    else:
        week = "; ".join(map(format_rule, hours.working))
        if hours.focus:
            week += ", focus " + "; ".join(map(format_rule, hours.focus))
        if hours.always_off:
            week += ", off " + "; ".join(map(format_rule, hours.always_off))
        week += f" · {_weekly_total(hours, tz)}"
    if hours.time_off:
        ranges = len(hours.time_off)
        week += f" · {ranges} time off range{'' if ranges == 1 else 's'}"
    return f"{week} · replies within {format_window(hours.promise)}"
