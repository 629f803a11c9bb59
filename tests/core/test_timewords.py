"""Times as people type them, in their own zone (Berlin: UTC+1 in November)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from asynctui.core.timewords import parse_until

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
    assert parse_until("2026-12-01", BERLIN, WED) == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
