"""Times as people type them, in their own zone (Berlin: UTC+1 in November)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from asynctui.core.calendar import WorkCalendar
from asynctui.core.hours import Hours, WeeklyRule
from asynctui.core.timewords import parse_due, parse_until

WED = datetime(2026, 11, 18, 10, 20, tzinfo=UTC)
"""Wednesday 18 November 2026, 11:20 in Berlin."""
BERLIN = "Europe/Berlin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri 17:00", datetime(2026, 11, 20, 16, 0, tzinfo=UTC)),
        ("Friday 17:00", datetime(2026, 11, 20, 16, 0, tzinfo=UTC)),
        ("fri", datetime(2026, 11, 20, 8, 0, tzinfo=UTC)),
        ("mon 09:30", datetime(2026, 11, 23, 8, 30, tzinfo=UTC)),
        ("wed 17:00", datetime(2026, 11, 18, 16, 0, tzinfo=UTC)),
        ("wed 09:00", datetime(2026, 11, 25, 8, 0, tzinfo=UTC)),
        ("tue.", datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),
    ],
)
def test_a_weekday_is_the_next_one_still_ahead_in_my_zone(text: str, expected: datetime) -> None:
    assert parse_until(text, BERLIN, WED) == expected


def test_a_weekday_crossing_a_dst_change_keeps_the_local_time() -> None:
    # Friday 27 March 2026; Berlin moves to summer time on Sunday 29 March.
    friday = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
    assert parse_until("mon 09:00", BERLIN, friday) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["t 17:00", "fri 25:00", "fri 17:00 extra", "s 09:00"])
def test_what_is_not_a_weekday_and_time_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_until(text, BERLIN, WED)


def test_the_other_forms_still_work() -> None:
    assert parse_until("17:00", BERLIN, WED) == datetime(2026, 11, 18, 16, 0, tzinfo=UTC)
    assert parse_until("tomorrow", BERLIN, WED) == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)
    # A bare day is "until that working day starts": 09:00 on the default hours.
    assert parse_until("2026-12-01", BERLIN, WED) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert parse_until("2h", BERLIN, WED) == datetime(2026, 11, 18, 12, 20, tzinfo=UTC)
    assert parse_until("in 90m", BERLIN, WED) == datetime(2026, 11, 18, 11, 50, tzinfo=UTC)


ANA = WorkCalendar(BERLIN, Hours())
"""Ana in Berlin, Mon-Fri 09:00-17:00."""
BOB = WorkCalendar(
    "America/Los_Angeles", Hours(working=(WeeklyRule(days=(0, 1, 2, 3, 4), start=480, end=960),))
)
"""Bob in Los Angeles, Mon-Fri 08:00-16:00 (UTC-8 in November)."""


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        # The table: a bare day is the end of that person's working day.
        ("fri", datetime(2026, 11, 20, 16, 0, tzinfo=UTC)),
        ("2026-12-04", datetime(2026, 12, 4, 16, 0, tzinfo=UTC)),
        ("fri 12:00", datetime(2026, 11, 20, 11, 0, tzinfo=UTC)),
        ("tomorrow", datetime(2026, 11, 19, 16, 0, tzinfo=UTC)),
        ("today", datetime(2026, 11, 18, 16, 0, tzinfo=UTC)),
        ("in 3h", datetime(2026, 11, 18, 13, 20, tzinfo=UTC)),
        # A bare length is working time: 2 working days from Wednesday 11:20.
        ("2d", datetime(2026, 11, 20, 10, 20, tzinfo=UTC)),
        ("within 8h", datetime(2026, 11, 19, 10, 20, tzinfo=UTC)),
    ],
)
def test_a_due_time_typed_on_wednesday_1120_in_berlin(typed: str, due: datetime) -> None:
    assert parse_due(typed, BERLIN, WED, ANA) == due


def test_due_friday_for_bob_is_the_end_of_his_friday_in_los_angeles() -> None:
    # Typed by Ana in Berlin: Bob's Friday ends at 16:00 his time, 00:00 Saturday UTC.
    assert parse_due("fri", BERLIN, WED, BOB) == datetime(2026, 11, 21, 0, 0, tzinfo=UTC)


def test_a_bare_day_on_which_someone_does_not_work_ends_at_17() -> None:
    assert parse_due("sat", BERLIN, WED, ANA) == datetime(2026, 11, 21, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["2026-11-17", "yesterday", "fri 99:00", "", "in -2h"])
def test_a_due_time_in_the_past_or_not_a_time_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_due(typed, BERLIN, WED, ANA)


@pytest.mark.parametrize("typed", ["99999999999999w", "in 99999999999999w", "9999999d"])
def test_an_absurd_length_is_a_clear_error(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_until(typed, BERLIN, WED)
    with pytest.raises(ValueError):
        parse_due(typed, BERLIN, WED, ANA)
