"""A member's declared hours: the data their working calendar is built from.

Times of day are minutes after local midnight (0..1440) in the member's own
zone; weekdays are 0 (Monday) to 6 (Sunday). A rule whose end is not after its
start runs across midnight into the next day ("22:00-02:00").
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


_Weekday = Annotated[int, msgspec.Meta(ge=0, le=6)]


class WeeklyRule(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    """The same span of local time on each of some weekdays."""

    # The bounds are in the types too, so a JSON Schema of them (the server's
    # OpenAPI document) says what __post_init__ checks.
    days: Annotated[tuple[_Weekday, ...], msgspec.Meta(min_length=1)]
    """Weekdays the rule applies to, 0 = Monday."""
    start: Annotated[int, msgspec.Meta(ge=0, lt=1440)]
    """Minutes after local midnight at which the span begins."""
    end: Annotated[int, msgspec.Meta(ge=0, le=1440)]
    """Minutes after local midnight at which it ends; 1440 is midnight, and an
    end not after the start means the span runs into the next day."""

    def __post_init__(self) -> None:
        if not self.days or any(d < 0 or d > 6 for d in self.days):
            raise ValueError("weekdays must be 0 (Mon) to 6 (Sun)")
        if not (0 <= self.start < 1440 and 0 <= self.end <= 1440):
            raise ValueError("times of day must lie within 00:00-24:00")


class Window(msgspec.Struct, frozen=True):
    """How long a reply may take, in working time of the asked person."""

    amount: Annotated[int, msgspec.Meta(gt=0)]
    unit: Literal["m", "h", "d"]
    """m = working minutes, h = working hours, d = working days."""

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError("a reply window must be positive")

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


class TimeOff(msgspec.Struct, frozen=True):
    """Whole local days away, both ends included."""

    first: date
    last: date
    note: str = ""

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("time off must end on or after its first day")


def _weekdays() -> tuple[WeeklyRule, ...]:
    return (WeeklyRule(days=(0, 1, 2, 3, 4), start=9 * 60, end=17 * 60),)


class Hours(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    """Everything a member says about when they can be expected to answer."""

    working: tuple[WeeklyRule, ...] = msgspec.field(default_factory=_weekdays)
    """Weekly working spans; Mon-Fri 09:00-17:00 unless set."""
    focus: tuple[WeeklyRule, ...] = ()
    """Recurring focus blocks: inside working hours but not counted."""
    always_off: tuple[WeeklyRule, ...] = ()
    """Spans never counted, whatever the working rules say (lunch, school run)."""
    time_off: tuple[TimeOff, ...] = ()
    """Holidays and leave, as local dates."""
    promise: Window = Window(8, "h")
    """The default reply promise ("I reply within 8 working hours")."""


def format_minutes(minutes: int) -> str:
    """580 -> '09:40'; 1440 -> '24:00'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_clock(text: str) -> int:
    """'09:40' -> 580. Accepts 24:00 as the end of the day."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"not a time of day: {text!r} (use HH:MM)")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > 1440:
        raise ValueError(f"not a time of day: {text!r}")
    return value
