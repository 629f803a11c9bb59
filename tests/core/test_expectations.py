"""Due times and urgency, checked against the worked examples in docs/expectations.md.

Each row below is a row of a table in that document, in the same order; when
one changes, so must the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from asynctui.core.calendar import WorkCalendar
from asynctui.core.expectations import (
    Ask,
    answered_late,
    describe_remaining,
    due_time,
    urgency,
)
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, Window
from asynctui.core.windows import parse_window

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
MON_TO_FRI = (0, 1, 2, 3, 4)


def at(text: str, tz: str) -> datetime:
    """A wall-clock time in a zone, as people write it: '2026-11-20 16:00'."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def rule(days: tuple[int, ...], start: str, end: str) -> WeeklyRule:
    def minutes(clock: str) -> int:
        hours, minutes = clock.split(":")
        return int(hours) * 60 + int(minutes)

    return WeeklyRule(days=days, start=minutes(start), end=minutes(end))


@dataclass(frozen=True)
class Member:
    tz: str
    hours: Hours = Hours()
    pauses: tuple[tuple[datetime, datetime], ...] = ()

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.tz, self.hours, self.pauses)


BOB = Member("Europe/Berlin")
BOB_WITH_FOCUS = Member("Europe/Berlin", Hours(focus=(rule((1, 3), "09:00", "12:00"),)))
BOB_ON_HOLIDAY = Member(
    "Europe/Berlin", Hours(time_off=(TimeOff(date(2026, 8, 3), date(2026, 8, 7)),))
)
BOB_OFF_FOR_A_DAY = Member(
    "Europe/Berlin",
    pauses=((at("2026-11-24 10:00", "Europe/Berlin"), at("2026-11-25 12:00", "Europe/Berlin")),),
)
NIGHT_OWL_BERLIN = Member("Europe/Berlin", Hours(working=(rule(EVERY_DAY, "00:00", "04:00"),)))
ANA = Member("America/New_York")
NIGHT_OWL_NEW_YORK = Member("America/New_York", Hours(working=(rule(EVERY_DAY, "00:00", "04:00"),)))
EARLY_BIRD_NEW_YORK = Member("America/New_York", Hours(working=(rule((6,), "02:30", "06:00"),)))
AROHA = Member("Pacific/Auckland")
TEUEA = Member("Pacific/Kiritimati")
LEE = Member("America/Los_Angeles")
NOOR = Member("Europe/London", Hours(working=(rule(MON_TO_FRI, "22:00", "06:00"),)))


@dataclass(frozen=True)
class Example:
    member: Member
    asked: datetime
    within: str
    due: str
    """Expected due time, wall clock in the asked member's zone."""


def example(member: Member, asked: str, within: str, due: str, asked_in: str = "") -> Example:
    return Example(member, at(asked, asked_in or member.tz), within, due)


EXAMPLES = {
    # Plain weeks: Bob, Europe/Berlin, Mon-Fri 09:00-17:00.
    "mid-morning ask is due the same day": example(
        BOB, "2026-11-23 10:00", "2h", "2026-11-23 12:00"
    ),
    "friday afternoon 8h is due monday afternoon": example(
        BOB, "2026-11-20 16:00", "8h", "2026-11-23 16:00"
    ),
    "saturday ask starts counting on monday": example(
        BOB, "2026-11-21 11:00", "4h", "2026-11-23 13:00"
    ),
    "a whole day's window ends at the close, not next morning": example(
        BOB, "2026-11-23 09:00", "8h", "2026-11-23 17:00"
    ),
    "evening ask counts from the next morning": example(
        BOB, "2026-11-23 18:30", "90m", "2026-11-24 10:30"
    ),
    # Focus: Bob keeps Tuesday and Thursday 09:00-12:00 for focus.
    "ask before a focus block waits for it to end": example(
        BOB_WITH_FOCUS, "2026-11-24 08:30", "2h", "2026-11-24 14:00"
    ),
    "ask the evening before a focus morning": example(
        BOB_WITH_FOCUS, "2026-11-23 16:00", "2h", "2026-11-24 13:00"
    ),
    "ask during focus counts from its end": example(
        BOB_WITH_FOCUS, "2026-11-24 10:00", "30m", "2026-11-24 12:30"
    ),
    # Time off: Bob is away Monday 3 to Friday 7 August 2026.
    "friday ask before a week off": example(
        BOB_ON_HOLIDAY, "2026-07-31 15:00", "8h", "2026-08-10 15:00"
    ),
    "ask during time off waits for the return": example(
        BOB_ON_HOLIDAY, "2026-08-05 10:00", "1h", "2026-08-10 10:00"
    ),
    # Status: Bob sets "off" on Tuesday 10:00 until Wednesday 12:00.
    "ask during an off status counts from its end": example(
        BOB_OFF_FOR_A_DAY, "2026-11-24 11:00", "4h", "2026-11-25 16:00"
    ),
    "ask just before an off status": example(
        BOB_OFF_FOR_A_DAY, "2026-11-24 09:00", "4h", "2026-11-25 15:00"
    ),
    # DST in Europe: clocks go forward on 29 March 2026 and back on 25 October 2026.
    "europe spring forward keeps office hours whole": example(
        BOB, "2026-03-27 16:00", "8h", "2026-03-30 16:00"
    ),
    "europe fall back keeps office hours whole": example(
        BOB, "2026-10-23 16:00", "8h", "2026-10-26 16:00"
    ),
    "europe spring forward night is an hour short": example(
        NIGHT_OWL_BERLIN, "2026-03-28 23:00", "4h", "2026-03-30 01:00"
    ),
    "europe fall back night is an hour long": example(
        NIGHT_OWL_BERLIN, "2026-10-24 23:00", "4h", "2026-10-25 03:00"
    ),
    "europe fall back night holds five hours": example(
        NIGHT_OWL_BERLIN, "2026-10-24 23:00", "5h", "2026-10-25 04:00"
    ),
    # DST in America: forward on 8 March 2026, back on 1 November 2026.
    "america spring forward keeps office hours whole": example(
        ANA, "2026-03-06 16:00", "8h", "2026-03-09 16:00"
    ),
    "america fall back keeps office hours whole": example(
        ANA, "2026-10-30 16:00", "8h", "2026-11-02 16:00"
    ),
    "america spring forward night is an hour short": example(
        NIGHT_OWL_NEW_YORK, "2026-03-07 23:00", "4h", "2026-03-09 01:00"
    ),
    "america fall back night is an hour long": example(
        NIGHT_OWL_NEW_YORK, "2026-10-31 23:00", "4h", "2026-11-01 03:00"
    ),
    "a start time skipped by the switch begins when the clocks resume": example(
        EARLY_BIRD_NEW_YORK, "2026-03-07 12:00", "1h", "2026-03-08 04:00"
    ),
    # Across the date line, asked from Los Angeles.
    "friday afternoon in los angeles is saturday in auckland": example(
        AROHA, "2026-01-09 16:00", "4h", "2026-01-12 13:00", asked_in="America/Los_Angeles"
    ),
    "thursday in los angeles is friday on kiritimati": example(
        TEUEA, "2026-01-08 13:00", "8h", "2026-01-12 11:00", asked_in="America/Los_Angeles"
    ),
    "monday on kiritimati is still sunday in los angeles": example(
        LEE, "2026-01-12 09:00", "2h", "2026-01-12 11:00", asked_in="Pacific/Kiritimati"
    ),
    # Across midnight: Noor, Europe/London, works nights Mon-Fri 22:00-06:00.
    "early morning ask finishes the next night": example(
        NOOR, "2026-11-24 05:00", "2h", "2026-11-24 23:00"
    ),
    "saturday morning is the tail of friday night": example(
        NOOR, "2026-11-28 05:00", "2h", "2026-11-30 23:00"
    ),
    "sunday ask takes a whole monday night": example(
        NOOR, "2026-11-29 12:00", "8h", "2026-12-01 06:00"
    ),
    # Working days.
    "one day from mid-morning is the next mid-morning": example(
        BOB, "2026-11-23 10:00", "1d", "2026-11-24 10:00"
    ),
    "one day from friday afternoon is monday afternoon": example(
        BOB, "2026-11-20 16:00", "1d", "2026-11-23 16:00"
    ),
    "one day from saturday is the end of monday": example(
        BOB, "2026-11-21 11:00", "1d", "2026-11-23 17:00"
    ),
    "one day from the opening bell is that evening": example(
        BOB, "2026-11-23 09:00", "1d", "2026-11-23 17:00"
    ),
    "one day from the evening is the end of tomorrow": example(
        BOB, "2026-11-23 17:30", "1d", "2026-11-24 17:00"
    ),
    "two days from friday afternoon": example(BOB, "2026-11-20 16:00", "2d", "2026-11-24 16:00"),
    "five days is a week": example(BOB, "2026-11-23 10:00", "5d", "2026-11-30 10:00"),
    "a shorter next day counts its own working time": example(
        BOB_WITH_FOCUS, "2026-11-23 10:00", "1d", "2026-11-24 13:00"
    ),
    "a shorter next day ends the window at its close": example(
        BOB_WITH_FOCUS, "2026-11-23 16:00", "1d", "2026-11-24 17:00"
    ),
    "days off are not working days": example(
        BOB_ON_HOLIDAY, "2026-07-31 10:00", "1d", "2026-08-10 10:00"
    ),
    "a day on the short dst night counts its real hours": example(
        NIGHT_OWL_BERLIN, "2026-03-28 01:00", "1d", "2026-03-29 01:00"
    ),
    "a late start on the eve of the short night ends with it": example(
        NIGHT_OWL_BERLIN, "2026-03-28 03:30", "1d", "2026-03-29 04:00"
    ),
}


@pytest.mark.parametrize("case", EXAMPLES.values(), ids=list(EXAMPLES))
def test_due_time_matches_the_documented_example(case: Example) -> None:
    due = due_time(case.member.calendar(), case.asked, parse_window(case.within))

    assert due is not None
    assert due.tzinfo is UTC
    assert due == at(case.due, case.member.tz)


@pytest.mark.parametrize(
    ("member", "asked", "within", "due"),
    [
        (AROHA, "2026-01-09 16:00", "4h", "2026-01-11 16:00"),
        (TEUEA, "2026-01-08 13:00", "8h", "2026-01-11 13:00"),
    ],
    ids=["auckland", "kiritimati"],
)
def test_across_the_date_line_los_angeles_sees_a_sunday_due_time(
    member: Member, asked: str, within: str, due: str
) -> None:
    la = "America/Los_Angeles"

    assert due_time(member.calendar(), at(asked, la), parse_window(within)) == at(due, la)


def test_los_angeles_asked_from_kiritimati_is_due_on_kiritimati_tuesday() -> None:
    asked = at("2026-01-12 09:00", "Pacific/Kiritimati")

    due = due_time(LEE.calendar(), asked, Window(2, "h"))

    assert due == at("2026-01-13 09:00", "Pacific/Kiritimati")


@pytest.mark.parametrize(
    "hours",
    [
        Hours(working=()),
        Hours(always_off=(rule(EVERY_DAY, "00:00", "00:00"),)),
        Hours(focus=(rule(MON_TO_FRI, "08:00", "18:00"),)),
    ],
    ids=["no working hours", "always off", "all focus"],
)
def test_someone_who_never_works_is_never_due(hours: Hours) -> None:
    calendar = WorkCalendar("Europe/Berlin", hours)

    assert due_time(calendar, at("2026-11-23 10:00", "UTC"), Window(1, "m")) is None
    assert due_time(calendar, at("2026-11-23 10:00", "UTC"), Window(1, "d")) is None


def test_a_window_beyond_three_years_is_never_due() -> None:
    away = Hours(time_off=(TimeOff(date(2026, 1, 1), date(2030, 12, 31)),))

    calendar = WorkCalendar("UTC", away)

    assert due_time(calendar, at("2026-01-02 10:00", "UTC"), Window(1, "h")) is None


def test_an_unknown_time_zone_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown time zone: 'Mars/Olympus'"):
        WorkCalendar("Mars/Olympus", Hours())


def test_an_ask_knows_its_due_time_on_the_asked_persons_calendar() -> None:
    ask = Ask("a1", "t1", "ana", "bob", at("2026-11-20 16:00", "Europe/Berlin"), Window(8, "h"))

    assert ask.due(BOB.calendar()) == at("2026-11-23 16:00", "Europe/Berlin")


NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("due", "answered_at", "expected"),
    [
        (NOW + timedelta(hours=5), None, "open"),
        (NOW + timedelta(hours=2), None, "due_soon"),
        (NOW + timedelta(minutes=1), None, "due_soon"),
        (NOW, None, "overdue"),
        (NOW - timedelta(days=3), None, "overdue"),
        (NOW - timedelta(days=3), NOW - timedelta(hours=1), "answered"),
        (NOW + timedelta(hours=5), NOW + timedelta(hours=1), "open"),
        (None, None, "never"),
        (None, NOW, "answered"),
    ],
    ids=[
        "plenty of time",
        "two hours left is due soon",
        "a minute left",
        "due this instant is overdue",
        "days late",
        "answered late is still answered",
        "a reply stamped after now has not happened yet",
        "never working",
        "answered although never due",
    ],
)
def test_urgency_reads_like_the_badge(
    due: datetime | None, answered_at: datetime | None, expected: str
) -> None:
    assert urgency(due, answered_at, NOW) == expected


def test_a_reply_after_the_due_time_is_late() -> None:
    assert answered_late(NOW, NOW + timedelta(seconds=1))
    assert not answered_late(NOW, NOW)
    assert not answered_late(NOW, None)
    assert not answered_late(None, NOW)


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(hours=3, minutes=59), "3h 59m left"),
        (timedelta(minutes=45), "45 min left"),
        (timedelta(seconds=30), "due now"),
        (timedelta(seconds=-30), "due now"),
        (-timedelta(hours=5), "overdue 5h"),
        (-timedelta(days=2, hours=3, minutes=10), "overdue 2d 3h"),
        (timedelta(days=3), "3d left"),
    ],
)
def test_time_left_is_said_in_few_words(left: timedelta, words: str) -> None:
    assert describe_remaining(NOW + left, NOW) == words
