"""When a recurring check-in happens, read in each member's own zone.

A schedule names a local time of day and the days it happens on, the way cron
does: weekdays, days of the month and months. "Weekdays 09:30" starts at 09:30
on each member's own clock, so a team across zones gets one start per zone.

Days follow cron's rule: when both the weekdays and the days of the month are
restricted, a day matches if either does ("the 1st, or any Friday"); otherwise
both must match. The months always must match.

Local wall-clock times become real instants with the same rules as
``asynctui.core.calendar``:

- a time that does not exist (skipped by a spring-forward switch) becomes the
  first real instant after the gap, so "02:30" on that night means 03:00;
- a time that happens twice (fall-back) means its first occurrence.

People type schedules as words ("weekdays 09:30", "every Monday at 10:00",
"days 1,15 of Jan,Jul 09:00") or as cron ("30 9 * * 1-5"); ``format_schedule``
writes the words back, and its output always parses to the same schedule.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

import msgspec

from asynctui.core.hours import format_minutes, parse_clock
from asynctui.core.rules import format_days, parse_days

__all__ = [
    "LOOK_AROUND_DAYS",
    "Schedule",
    "format_schedule",
    "latest",
    "next_after",
    "occurrences",
    "occurs_on",
    "parse_schedule",
    "start_of",
    "wall_instant",
]

LOOK_AROUND_DAYS = 400
"""How far ``latest`` looks back and ``next_after`` looks ahead: over a year, so
a yearly check-in is always found."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# The longest each month can be (February in a leap year): a schedule none of
# whose days fits any of its months would never happen.
_MONTH_LENGTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ALL_WEEKDAYS = frozenset(range(7))
_ALL_MONTHDAYS = frozenset(range(1, 32))
_ALL_MONTHS = frozenset(range(1, 13))

_HINT = "(try 'weekdays 09:30', 'Mondays 10:00' or cron '30 9 * * 1-5')"

_Weekday = Annotated[int, msgspec.Meta(ge=0, le=6)]
_Monthday = Annotated[int, msgspec.Meta(ge=1, le=31)]
_Month = Annotated[int, msgspec.Meta(ge=1, le=12)]


class Schedule(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    """The local time and days of a recurring check-in."""

    # The bounds are in the types too, so a JSON Schema of them says what
    # __post_init__ checks (msgspec checks Meta only when decoding).
    at: Annotated[int, msgspec.Meta(ge=0, lt=1440)]
    """Minutes after local midnight at which it starts."""
    days: tuple[_Weekday, ...] = (0, 1, 2, 3, 4)
    """Weekdays it happens on, 0 = Monday; () or all seven = any weekday."""
    monthdays: tuple[_Monthday, ...] = ()
    """Days of the month, 1..31; () or all 31 = any day of the month."""
    months: tuple[_Month, ...] = ()
    """Months, 1 = January; () = every month."""

    def __post_init__(self) -> None:
        if not 0 <= self.at < 1440:
            raise ValueError("a check-in starts within 00:00-23:59")
        if any(not 0 <= d <= 6 for d in self.days):
            raise ValueError("weekdays must be 0 (Mon) to 6 (Sun)")
        if any(not 1 <= d <= 31 for d in self.monthdays):
            raise ValueError("days of the month must be 1 to 31")
        if any(not 1 <= m <= 12 for m in self.months):
            raise ValueError("months must be 1 (Jan) to 12 (Dec)")
        if _restricted(self.monthdays, _ALL_MONTHDAYS) and not _restricted(
            self.days, _ALL_WEEKDAYS
        ):
            months = self.months or range(1, 13)
            if not any(d <= _MONTH_LENGTH[m - 1] for d in self.monthdays for m in months):
                raise ValueError("that schedule never happens: no month has those days")


def _restricted(values: tuple[int, ...], every: frozenset[int]) -> bool:
    """Whether a field rules some days out: () and the full set both mean any."""
    return bool(values) and not every <= set(values)


# -- Which days ----------------------------------------------------------------------


def occurs_on(s: Schedule, day: date) -> bool:
    """Whether the check-in happens on that local date."""
    if s.months and day.month not in s.months:
        return False
    by_weekday = _restricted(s.days, _ALL_WEEKDAYS)
    by_monthday = _restricted(s.monthdays, _ALL_MONTHDAYS)
    weekday_ok = day.weekday() in s.days if by_weekday else True
    monthday_ok = day.day in s.monthdays if by_monthday else True
    if by_weekday and by_monthday:
        return weekday_ok or monthday_ok
    return weekday_ok and monthday_ok


# -- Real instants -------------------------------------------------------------------


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError, OSError):
        raise ValueError(f"unknown time zone: {tz!r}") from None


def _aware(t: datetime) -> datetime:
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError("a naive datetime is not an instant; give it a time zone")
    return t


def wall_instant(day: date, minutes: int, tz: str) -> datetime:
    """The real instant (in UTC) of a local wall-clock time of a local date.

    A skipped time becomes the first instant after the gap, a repeated time its
    first occurrence (the rules of ``asynctui.core.calendar``).
    """
    if not 0 <= minutes <= 1440:
        raise ValueError("a time of day lies within 00:00-24:00")
    zone = _zone(tz)
    wall = datetime.combine(day, time()) + timedelta(minutes=minutes)
    first = wall.replace(tzinfo=zone).astimezone(UTC)  # fold=0: the first occurrence
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # A skipped wall time: fold=0 read it with the offset from before the gap
    # (an instant after the switch), fold=1 with the one after (an instant
    # before it). The switch itself lies between; find its second.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = int(first.timestamp())
    before = datetime.fromtimestamp(low, zone).utcoffset()
    while low + 1 < high:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def start_of(s: Schedule, day: date, tz: str) -> datetime:
    """When the check-in of that local date starts, in UTC (whether or not it occurs then)."""
    return wall_instant(day, s.at, tz)


def _local_date(t: datetime, tz: str) -> date:
    return _aware(t).astimezone(_zone(tz)).date()


def occurrences(
    s: Schedule, tz: str, start: datetime, end: datetime
) -> list[tuple[date, datetime]]:
    """Each (local date, UTC start) of the check-in starting in [start, end), in order."""
    # One spare day each side: a start skipped past a gap can move off its date.
    day = _local_date(start, tz) - timedelta(days=1)
    last = _local_date(end, tz) + timedelta(days=1)
    found: list[tuple[date, datetime]] = []
    while day <= last:
        if occurs_on(s, day):
            instant = start_of(s, day, tz)
            if start <= instant < end:
                found.append((day, instant))
        day += timedelta(days=1)
    return found


def latest(s: Schedule, tz: str, now: datetime) -> tuple[date, datetime] | None:
    """The most recent check-in that has started at ``now`` (start <= now), or None
    if there was none in the last ``LOOK_AROUND_DAYS`` days."""
    today = _local_date(now, tz)
    for back in range(-1, LOOK_AROUND_DAYS + 1):
        day = today - timedelta(days=back)
        if occurs_on(s, day) and (instant := start_of(s, day, tz)) <= now:
            return day, instant
    return None


def next_after(s: Schedule, tz: str, now: datetime) -> tuple[date, datetime] | None:
    """The first check-in starting strictly after ``now``, or None if there is none
    in the next ``LOOK_AROUND_DAYS`` days."""
    today = _local_date(now, tz)
    for ahead in range(-1, LOOK_AROUND_DAYS + 1):
        day = today + timedelta(days=ahead)
        if occurs_on(s, day) and (instant := start_of(s, day, tz)) > now:
            return day, instant
    return None


# -- Words ---------------------------------------------------------------------------


def _runs(values: tuple[int, ...], names: tuple[str, ...] | None = None) -> str:
    """(1, 2, 3, 15) -> '1-3,15': runs of three or more as ranges."""
    ordered = sorted(set(values))

    def label(value: int) -> str:
        return names[value - 1] if names else str(value)

    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{label(ordered[i])}-{label(ordered[j])}")
        else:
            parts.extend(label(v) for v in ordered[i : j + 1])
        i = j + 1
    return ",".join(parts)


def format_schedule(s: Schedule) -> str:
    """'Mon-Fri 09:30', 'Daily 08:45', 'days 1,15 of Jan,Jul 09:00'."""
    clock = format_minutes(s.at)
    weekdays = (
        format_days(tuple(sorted(set(s.days)))) if _restricted(s.days, _ALL_WEEKDAYS) else "Daily"
    )
    months = _runs(s.months, MONTHS) if _restricted(s.months, _ALL_MONTHS) else ""
    if not _restricted(s.monthdays, _ALL_MONTHDAYS):
        return f"{weekdays} in {months} {clock}" if months else f"{weekdays} {clock}"
    word = "day" if len(set(s.monthdays)) == 1 else "days"
    monthdays = f"{word} {_runs(s.monthdays)} of {months or 'each month'}"
    if _restricted(s.days, _ALL_WEEKDAYS):
        # Cron's either-or: "Fri or day 1 of each month" is any Friday and every 1st.
        return f"{weekdays} or {monthdays} {clock}"
    return f"{monthdays} {clock}"


def _canonical(at: int, days: set[int], monthdays: set[int], months: set[int]) -> Schedule:
    """One spelling per meaning: sorted, and a field that rules nothing out is ()."""

    def tidy(values: set[int], every: frozenset[int]) -> tuple[int, ...]:
        return () if every <= values else tuple(sorted(values))

    return Schedule(
        at=at,
        days=tidy(days, _ALL_WEEKDAYS),
        monthdays=tidy(monthdays, _ALL_MONTHDAYS),
        months=tidy(months, _ALL_MONTHS),
    )


def parse_schedule(text: str) -> Schedule:
    """What people type: 'weekdays 09:30', 'every Monday at 10:00', 'Tue-Thu 16:00',
    'daily 08:45', 'day 1 of each month 09:00', or cron '30 9 * * 1-5'."""
    fields = text.split()
    if len(fields) == 5 and re.fullmatch(r"[0-9*][0-9*,/-]*", fields[0]):
        return _parse_cron(text, fields)
    try:
        at, days, monthdays, months = _parse_words(" ".join(fields).lower())
    except ValueError:
        raise ValueError(f"not a schedule: {text!r} {_HINT}") from None
    try:
        return _canonical(at, days, monthdays, months)
    except ValueError as error:  # it reads, but cannot happen ("day 30 of Feb")
        raise ValueError(f"not a schedule: {text!r}: {error}") from None


# -- Words, read -----------------------------------------------------------------------

# Patterns, not compiled ones: ``re`` compiles them on first use. This module is
# imported at every start of the app (events name a Schedule), parsing is rare.
_WORDS = r"(?:every )?(?P<days>.+?) (?:at )?(?P<clock>\d{1,2}:\d{2})"
_MONTHDAYS = r"(?:days?) (?P<days>[\d,-]+) of (?P<months>.+)"
_DAY_WORDS = {"day": "daily", "weekday": "weekdays", "weekend": "weekends"}


def _parse_words(text: str) -> tuple[int, set[int], set[int], set[int]]:
    """'mon-fri 09:30' -> its time, weekdays, days of the month and months."""
    match = re.fullmatch(_WORDS, text)
    if not match:
        raise ValueError(text)
    at = parse_clock(match["clock"])
    if at >= 1440:
        raise ValueError("a check-in cannot start at 24:00")
    days_text, monthdays_text = match["days"], ""
    if " of " in days_text:
        days_text, _, monthdays_text = days_text.rpartition(" or ")
    weekdays: set[int] = set(range(7))
    months: set[int] = set(range(1, 13))
    monthdays: set[int] = set(range(1, 32))
    if monthdays_text:
        found = re.fullmatch(_MONTHDAYS, monthdays_text)
        if not found:
            raise ValueError(monthdays_text)
        monthdays = _numbers(found["days"], 1, 31)
        if found["months"] not in ("each month", "every month"):
            months = _names(found["months"], _MONTH_NAMES)
    if days_text:
        days_text, _, months_text = days_text.partition(" in ")
        if months_text:
            if monthdays_text:
                raise ValueError("months go after 'of'")
            months = _names(months_text, _MONTH_NAMES)
        weekdays = set(_weekdays(days_text))
    return at, weekdays, monthdays, months


def _weekdays(text: str) -> tuple[int, ...]:
    key = re.sub(r"\s*(,|-|\band\b|&)\s*", lambda m: "-" if m[1] == "-" else ",", text)
    key = re.sub(r"\s+(?:to|through|thru)\s+", "-", key)
    key = _DAY_WORDS.get(key, key)
    # parse_days reads any word by its first three letters, so "monthly" would be
    # Monday: only (plurals of) real day names, or its aliases, get that far.
    if key not in ("daily", "everyday", "weekdays", "weekends"):
        for word in re.split(r"[,-]", key):
            if not _is_name(word, _DAY_NAMES):
                raise ValueError(word)
    return parse_days(key)


def _is_name(word: str, names: tuple[str, ...]) -> bool:
    """'mon', 'tues', 'mondays' and 'monday' are Monday; 'mo' and 'monthly' are not."""
    word = word.removesuffix("s") if len(word) > 3 else word
    return len(word) >= 3 and any(name.startswith(word) for name in names)


def _names(text: str, names: tuple[str, ...]) -> set[int]:
    """'jan,jul' or 'jan-mar' -> month numbers (1 = January)."""
    index = {name[:3]: i + 1 for i, name in enumerate(names)}

    def one(word: str) -> int:
        if not _is_name(word, names):
            raise ValueError(word)
        return index[word[:3]]

    values: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        lo = one(first)
        hi = one(last) if dash else lo
        if hi < lo:
            raise ValueError(part)
        values.update(range(lo, hi + 1))
    return values


def _numbers(text: str, lo: int, hi: int) -> set[int]:
    """'1,15' or '1-7' -> those numbers, each within lo..hi."""
    values: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.partition("-")
        a = int(first)
        b = int(last) if dash else a
        if not lo <= a <= b <= hi:
            raise ValueError(part)
        values.update(range(a, b + 1))
    return values


# -- Cron, read ------------------------------------------------------------------------

_CRON_DAYS = {name: (i + 1) % 7 for i, name in enumerate(("mon", "tue", "wed", "thu", "fri"))}
_CRON_DAYS |= {"sat": 6, "sun": 0}
_CRON_MONTHS = {name[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES)}


def _parse_cron(text: str, fields: list[str]) -> Schedule:
    minute, hour, dom, month, dow = (f.lower() for f in fields)

    def fail(why: str) -> ValueError:
        return ValueError(f"not a cron schedule: {text!r}: {why} {_HINT}")

    # A check-in has one start a day, so minute and hour are single numbers.
    if not re.fullmatch(r"[0-9]{1,2}", minute) or int(minute) > 59:
        raise fail("the minute must be one number 0-59")
    if not re.fullmatch(r"[0-9]{1,2}", hour) or int(hour) > 23:
        raise fail("the hour must be one number 0-23")
    try:
        monthdays = _cron_field(dom, 1, 31, {})
    except ValueError:
        raise fail("the day of the month takes 1-31, lists, ranges and steps") from None
    try:
        months = _cron_field(month, 1, 12, _CRON_MONTHS)
    except ValueError:
        raise fail("the month takes 1-12 or jan-dec, lists, ranges and steps") from None
    try:
        cron_days = _cron_field(dow, 0, 7, _CRON_DAYS)
    except ValueError:
        raise fail("the day of the week takes 0-7 or sun-sat, lists, ranges and steps") from None
    # Cron counts from Sunday (0 or 7); ours from Monday (0).
    weekdays = {(d - 1) % 7 for d in cron_days}
    try:
        return _canonical(int(hour) * 60 + int(minute), weekdays, monthdays, months)
    except ValueError as error:
        raise fail(str(error)) from None


def _cron_field(text: str, lo: int, hi: int, names: dict[str, int]) -> set[int]:
    """One cron field: '*', '5', 'mon', '1-5', '*/2', '1-10/3' and lists of them."""

    def value(word: str) -> int:
        if word in names:
            number = names[word]
        elif re.fullmatch(r"[0-9]{1,2}", word):
            number = int(word)
        else:
            raise ValueError(word)
        if not lo <= number <= hi:
            raise ValueError(word)
        return number

    values: set[int] = set()
    for part in text.split(","):
        span, slash, step_text = part.partition("/")
        step = int(step_text) if slash else 1
        if step < 1:
            raise ValueError(part)
        if span == "*":
            first, last = lo, hi
        else:
            start, dash, end = span.partition("-")
            first = value(start)
            # "5/15" is a common shorthand for "5-max/15".
            last = value(end) if dash else (hi if slash else first)
        if last < first:
            raise ValueError(part)
        values.update(range(first, last + 1, step))
    return values
