"""Check-in schedules: as people type them, and when they start in each member's zone.

The golden instants below were worked out by hand from the zones' rules:
Berlin is UTC+1 (CET) and UTC+2 (CEST) from the last Sunday of March to the last
Sunday of October; New York UTC-5 (EST) and UTC-4 (EDT) from the second Sunday of
March to the first Sunday of November; Sydney UTC+11 (AEDT) until the first
Sunday of April and UTC+10 (AEST) after; Tokyo always UTC+9; Kolkata UTC+5:30.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import msgspec
import pytest

from asynctui.core.schedule import (
    Schedule,
    format_schedule,
    latest,
    next_after,
    occurrences,
    occurs_on,
    parse_schedule,
    start_of,
    wall_instant,
)

WEEKDAYS_0930 = Schedule(at=9 * 60 + 30)
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
TOKYO = "Asia/Tokyo"
SYDNEY = "Australia/Sydney"
KOLKATA = "Asia/Kolkata"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


# -- Reading what people type --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "schedule"),
    [
        ("weekdays 09:30", Schedule(at=570)),
        ("every weekday at 09:30", Schedule(at=570)),
        ("Weekdays 9:30", Schedule(at=570)),
        ("mondays 10:00", Schedule(at=600, days=(0,))),
        ("Mon 10:00", Schedule(at=600, days=(0,))),
        ("every Monday at 10:00", Schedule(at=600, days=(0,))),
        ("Mon,Wed,Fri 09:00", Schedule(at=540, days=(0, 2, 4))),
        ("Mon, Wed and Fri 09:00", Schedule(at=540, days=(0, 2, 4))),
        ("Tue-Thu 16:00", Schedule(at=960, days=(1, 2, 3))),
        ("tues to thurs 16:00", Schedule(at=960, days=(1, 2, 3))),
        ("Fri-Mon 12:00", Schedule(at=720, days=(0, 4, 5, 6))),
        ("weekends 11:00", Schedule(at=660, days=(5, 6))),
        ("daily 08:45", Schedule(at=525, days=())),
        ("every day at 8:45", Schedule(at=525, days=())),
        ("day 1 of each month 09:00", Schedule(at=540, days=(), monthdays=(1,))),
        ("days 1,15 of Jan,Jul 09:00", Schedule(at=540, days=(), monthdays=(1, 15), months=(1, 7))),
        ("Mon-Fri in Jan-Mar 09:00", Schedule(at=540, months=(1, 2, 3))),
        ("Fri or day 1 of each month 09:00", Schedule(at=540, days=(4,), monthdays=(1,))),
    ],
)
def test_a_schedule_reads_the_way_people_write_it(text: str, schedule: Schedule) -> None:
    assert parse_schedule(text) == schedule


@pytest.mark.parametrize(
    ("cron", "schedule"),
    [
        ("30 9 * * 1-5", Schedule(at=570)),
        ("30 9 * * mon-fri", Schedule(at=570)),
        ("0 10 * * MON", Schedule(at=600, days=(0,))),
        ("45 8 * * *", Schedule(at=525, days=())),
        ("0 9 * * 0", Schedule(at=540, days=(6,))),
        ("0 9 * * 7", Schedule(at=540, days=(6,))),
        ("0 9 * * sun", Schedule(at=540, days=(6,))),
        ("0 9 * * 5-7", Schedule(at=540, days=(4, 5, 6))),
        ("0 9 * * 0-6", Schedule(at=540, days=())),
        ("0 9 * * */2", Schedule(at=540, days=(1, 3, 5, 6))),  # Sun, Tue, Thu, Sat
        ("0 9 * * 1,3,5", Schedule(at=540, days=(0, 2, 4))),
        ("0 9 1 * *", Schedule(at=540, days=(), monthdays=(1,))),
        ("0 9 */10 * *", Schedule(at=540, days=(), monthdays=(1, 11, 21, 31))),
        ("0 9 1-10/3 * *", Schedule(at=540, days=(), monthdays=(1, 4, 7, 10))),
        ("0 9 20/5 * *", Schedule(at=540, days=(), monthdays=(20, 25, 30))),
        ("0 9 1 jan,jul *", Schedule(at=540, days=(), monthdays=(1,), months=(1, 7))),
        ("0 9 1 */3 *", Schedule(at=540, days=(), monthdays=(1,), months=(1, 4, 7, 10))),
        ("0 9 15 * fri", Schedule(at=540, days=(4,), monthdays=(15,))),
        ("0 9 * * 1-5 ", Schedule(at=540)),
    ],
)
def test_a_cron_expression_reads_as_cron_means_it(cron: str, schedule: Schedule) -> None:
    assert parse_schedule(cron) == schedule


def test_in_cron_seven_and_zero_are_both_sunday() -> None:
    assert parse_schedule("0 9 * * 0") == parse_schedule("0 9 * * 7")


def test_cron_and_words_for_the_same_check_in_are_the_same_schedule() -> None:
    assert parse_schedule("30 9 * * 1-5") == parse_schedule("every weekday at 09:30")
    assert parse_schedule("45 8 * * *") == parse_schedule("daily 08:45")


@pytest.mark.parametrize(
    "text",
    ["", "sometimes", "monthly 09:00", "Mon", "09:30", "Mon 25:00", "Mon 24:00",
     "Mon 9:5", "Moon 10:00", "mo 10:00", "day 32 of each month 09:00",
     "days 1 of Smarch 09:00", "30 9 * *", "Mon-Fri in Jan or day 1 of each month 09:00"],
)  # fmt: skip
def test_something_that_is_not_a_schedule_is_refused_with_examples(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a schedule: .* \(try 'weekdays 09:30'") as error:
        parse_schedule(text)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("cron", "why"),
    [
        ("* 9 * * *", "minute must be one number"),
        ("0-30 9 * * *", "minute must be one number"),
        ("60 9 * * *", "minute must be one number"),
        ("0 9,17 * * *", "hour must be one number"),
        ("0 24 * * *", "hour must be one number"),
        ("0 */2 * * *", "hour must be one number"),
        ("0 9 32 * *", "day of the month"),
        ("0 9 0 * *", "day of the month"),
        ("0 9 */0 * *", "day of the month"),
        ("0 9 * 13 *", "month"),
        ("0 9 * smarch *", "month"),
        ("0 9 * * 8", "day of the week"),
        ("0 9 * * fri-mon", "day of the week"),
        ("0 9 * * funday", "day of the week"),
        ("0 9 31 feb *", "never happens"),
    ],
)
def test_a_bad_cron_field_is_named_in_one_line(cron: str, why: str) -> None:
    with pytest.raises(ValueError, match=f"not a cron schedule: .*{why}") as error:
        parse_schedule(cron)
    assert "\n" not in str(error.value)


def test_a_schedule_of_days_no_month_has_is_refused() -> None:
    with pytest.raises(ValueError, match="never happens"):
        parse_schedule("days 30,31 of Feb 09:00")
    with pytest.raises(ValueError, match="never happens"):
        Schedule(at=540, days=(), monthdays=(31,), months=(4, 6, 9, 11))


def test_out_of_range_fields_are_refused_when_built_or_decoded() -> None:
    with pytest.raises(ValueError):
        Schedule(at=1440)
    with pytest.raises(ValueError):
        Schedule(at=540, days=(7,))
    with pytest.raises(ValueError):
        Schedule(at=540, monthdays=(0,))
    with pytest.raises(ValueError):
        Schedule(at=540, months=(13,))
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"at": 540, "days": [9]}', type=Schedule)


def test_a_schedule_survives_json_and_ignores_fields_it_does_not_know() -> None:
    schedule = parse_schedule("days 1,15 of Jan,Jul 09:00")
    assert msgspec.json.decode(msgspec.json.encode(schedule), type=Schedule) == schedule
    assert msgspec.json.decode(b'{"at": 570, "later": 1}', type=Schedule) == WEEKDAYS_0930


# -- Writing it back ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (Schedule(at=570), "Mon-Fri 09:30"),
        (Schedule(at=600, days=(0,)), "Mon 10:00"),
        (Schedule(at=525, days=()), "Daily 08:45"),
        (Schedule(at=525, days=(0, 1, 2, 3, 4, 5, 6)), "Daily 08:45"),
        (Schedule(at=660, days=(5, 6)), "Sat-Sun 11:00"),
        (Schedule(at=540, days=(4, 0, 2)), "Mon,Wed,Fri 09:00"),
        (Schedule(at=540, days=(), monthdays=(1,)), "day 1 of each month 09:00"),
        (Schedule(at=540, days=(), monthdays=(1, 15), months=(1, 7)), "days 1,15 of Jan,Jul 09:00"),
        (
            Schedule(at=540, days=(), monthdays=(1, 2, 3, 4, 5, 6, 7)),
            "days 1-7 of each month 09:00",
        ),
        (Schedule(at=540, months=(1, 2, 3)), "Mon-Fri in Jan-Mar 09:00"),
        (Schedule(at=540, days=(4,), monthdays=(1,)), "Fri or day 1 of each month 09:00"),
        (Schedule(at=0, days=()), "Daily 00:00"),
        (Schedule(at=1439, days=()), "Daily 23:59"),
    ],
)
def test_a_schedule_is_written_in_short_words_that_read_back(schedule: Schedule, text: str) -> None:
    assert format_schedule(schedule) == text
    assert format_schedule(parse_schedule(text)) == text


@pytest.mark.parametrize(
    "text",
    ["weekdays 09:30", "Tue-Thu 16:00", "every day at 8:45", "30 9 * * 1-5", "0 9 1-10/3 * *",
     "0 9 1 jan,jul *", "0 9 15 * fri", "0 9 * 1-3 *", "0 9 * * */2", "days 1,15 of Jan,Jul 09:00"],
)  # fmt: skip
def test_what_is_written_back_reads_as_the_same_schedule(text: str) -> None:
    schedule = parse_schedule(text)
    assert parse_schedule(format_schedule(schedule)) == schedule


# -- Which days -----------------------------------------------------------------------


def test_a_weekday_check_in_skips_the_weekend() -> None:
    # 2027-03-26 is a Friday.
    days = [d("2027-03-26") + timedelta(days=i) for i in range(4)]
    assert [occurs_on(WEEKDAYS_0930, day) for day in days] == [True, False, False, True]


def test_a_day_of_the_month_or_a_weekday_follows_cron_either_or() -> None:
    # "0 9 1,15 * fri": every 1st and 15th, and every Friday. 2027-03-01 is a Monday.
    schedule = parse_schedule("0 9 1,15 * fri")
    assert occurs_on(schedule, d("2027-03-01"))  # the 1st, a Monday
    assert occurs_on(schedule, d("2027-03-05"))  # a Friday
    assert occurs_on(schedule, d("2027-03-15"))  # the 15th, a Monday
    assert not occurs_on(schedule, d("2027-03-02"))


def test_a_day_of_the_month_alone_ignores_the_weekday() -> None:
    schedule = parse_schedule("0 9 1 * *")
    assert occurs_on(schedule, d("2027-05-01"))  # a Saturday
    assert not occurs_on(schedule, d("2027-05-07"))  # a Friday


def test_the_months_always_must_match() -> None:
    schedule = parse_schedule("0 9 1 jan,jul fri")
    assert occurs_on(schedule, d("2027-01-01"))
    assert occurs_on(schedule, d("2027-07-02"))  # a Friday in July
    assert not occurs_on(schedule, d("2027-03-05"))  # a Friday in March
    assert not occurs_on(schedule, d("2027-03-01"))  # the 1st of March


# -- Real instants: golden cases across zones and switches ---------------------------


@pytest.mark.parametrize(
    ("tz", "day", "starts"),
    [
        (BERLIN, "2027-03-26", "2027-03-26 08:30"),  # CET, the Friday before the switch
        (BERLIN, "2027-03-29", "2027-03-29 07:30"),  # CEST, the Monday after
        (NEW_YORK, "2027-03-12", "2027-03-12 14:30"),  # EST
        (NEW_YORK, "2027-03-15", "2027-03-15 13:30"),  # EDT
        (TOKYO, "2027-03-15", "2027-03-15 00:30"),
        (TOKYO, "2027-07-15", "2027-07-15 00:30"),  # no switch in Tokyo
        (SYDNEY, "2027-03-29", "2027-03-28 22:30"),  # AEDT: Sunday evening in UTC
        (SYDNEY, "2027-04-05", "2027-04-04 23:30"),  # AEST, after the southern autumn switch
        (KOLKATA, "2027-03-15", "2027-03-15 04:00"),
        (BERLIN, "2026-10-23", "2026-10-23 07:30"),  # CEST, before the EU fall-back
        (BERLIN, "2026-10-26", "2026-10-26 08:30"),  # CET, after
        (NEW_YORK, "2026-10-30", "2026-10-30 13:30"),  # still EDT
        (NEW_YORK, "2026-11-02", "2026-11-02 14:30"),  # EST after the US fall-back
    ],
)
def test_a_weekday_0930_check_in_starts_at_the_members_own_0930(
    tz: str, day: str, starts: str
) -> None:
    assert start_of(WEEKDAYS_0930, d(day), tz) == utc(starts)


def test_a_weekday_0930_check_in_starts_at_0730_utc_in_berlin_after_the_spring_switch() -> None:
    assert start_of(WEEKDAYS_0930, d("2027-03-29"), BERLIN) == utc("2027-03-29 07:30")


def test_berlin_starts_five_hours_before_new_york_between_the_us_and_eu_switches() -> None:
    def gap(day: str) -> timedelta:
        return start_of(WEEKDAYS_0930, d(day), NEW_YORK) - start_of(WEEKDAYS_0930, d(day), BERLIN)

    assert gap("2027-03-12") == timedelta(hours=6)  # neither has switched
    assert gap("2027-03-15") == timedelta(hours=5)  # New York has, Berlin not yet
    assert gap("2027-03-26") == timedelta(hours=5)
    assert gap("2027-03-29") == timedelta(hours=6)  # both have
    assert gap("2026-10-26") == timedelta(hours=5)  # Berlin fell back a week earlier
    assert gap("2026-11-02") == timedelta(hours=6)


def test_a_monday_0800_check_in_in_tokyo_starts_on_sunday_in_utc() -> None:
    monday_0800 = parse_schedule("Mon 08:00")
    assert start_of(monday_0800, d("2027-03-29"), TOKYO) == utc("2027-03-28 23:00")


def test_a_0230_check_in_on_the_spring_forward_night_starts_at_0300_local() -> None:
    # New York skips 02:00-03:00 on 2027-03-14: 02:30 means 03:00 EDT = 07:00 UTC.
    assert wall_instant(d("2027-03-14"), 150, NEW_YORK) == utc("2027-03-14 07:00")
    daily_0230 = parse_schedule("daily 02:30")
    assert start_of(daily_0230, d("2027-03-13"), NEW_YORK) == utc("2027-03-13 07:30")  # EST
    assert start_of(daily_0230, d("2027-03-14"), NEW_YORK) == utc("2027-03-14 07:00")
    assert start_of(daily_0230, d("2027-03-15"), NEW_YORK) == utc("2027-03-15 06:30")  # EDT


def test_a_0230_check_in_on_berlins_spring_forward_night_starts_at_0300_local() -> None:
    # Berlin skips 02:00-03:00 on 2027-03-28: 03:00 CEST = 01:00 UTC.
    assert wall_instant(d("2027-03-28"), 150, BERLIN) == utc("2027-03-28 01:00")


def test_a_0130_check_in_on_the_us_fall_back_day_means_the_first_0130() -> None:
    # 01:00-02:00 happens twice in New York on 2026-11-01; the first is EDT.
    assert wall_instant(d("2026-11-01"), 90, NEW_YORK) == utc("2026-11-01 05:30")


def test_a_0230_check_in_on_the_eu_fall_back_day_means_the_first_0230() -> None:
    # 02:00-03:00 happens twice in Berlin on 2026-10-25; the first is CEST.
    assert wall_instant(d("2026-10-25"), 150, BERLIN) == utc("2026-10-25 00:30")


def test_kolkatas_half_hour_offset_is_kept() -> None:
    assert wall_instant(d("2026-10-25"), 0, KOLKATA) == utc("2026-10-24 18:30")


def test_an_unknown_zone_or_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        wall_instant(d("2027-03-15"), 570, "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="naive"):
        latest(WEEKDAYS_0930, BERLIN, datetime(2027, 3, 15, 12))


# -- Occurrences, the latest and the next --------------------------------------------


def test_occurrences_over_a_weekend_and_the_berlin_switch_are_in_order() -> None:
    found = occurrences(WEEKDAYS_0930, BERLIN, utc("2027-03-26 00:00"), utc("2027-03-30 00:00"))
    assert found == [
        (d("2027-03-26"), utc("2027-03-26 08:30")),
        (d("2027-03-29"), utc("2027-03-29 07:30")),
    ]


def test_occurrences_include_the_start_and_exclude_the_end() -> None:
    start, end = utc("2027-03-26 08:30"), utc("2027-03-29 07:30")
    assert occurrences(WEEKDAYS_0930, BERLIN, start, end) == [(d("2027-03-26"), start)]


def test_occurrences_carry_the_members_local_date_not_the_utc_one() -> None:
    found = occurrences(WEEKDAYS_0930, SYDNEY, utc("2027-03-28 00:00"), utc("2027-03-29 00:00"))
    assert found == [(d("2027-03-29"), utc("2027-03-28 22:30"))]  # Monday in Sydney


def test_occurrences_in_an_empty_span_are_none() -> None:
    now = utc("2027-03-26 12:00")
    assert occurrences(WEEKDAYS_0930, BERLIN, now, now) == []


def test_over_the_weekend_the_latest_check_in_was_fridays_and_the_next_is_mondays() -> None:
    saturday = utc("2027-03-27 12:00")
    assert latest(WEEKDAYS_0930, BERLIN, saturday) == (d("2027-03-26"), utc("2027-03-26 08:30"))
    assert next_after(WEEKDAYS_0930, BERLIN, saturday) == (
        d("2027-03-29"),
        utc("2027-03-29 07:30"),
    )


def test_a_check_in_that_starts_right_now_is_the_latest_not_the_next() -> None:
    now = utc("2027-03-29 07:30")
    assert latest(WEEKDAYS_0930, BERLIN, now) == (d("2027-03-29"), now)
    assert next_after(WEEKDAYS_0930, BERLIN, now) == (d("2027-03-30"), utc("2027-03-30 07:30"))


def test_the_same_instant_is_a_different_check_in_in_each_zone() -> None:
    now = utc("2027-03-28 23:15")  # Sunday evening in New York, Monday morning in Sydney and Tokyo
    assert latest(WEEKDAYS_0930, BERLIN, now) == (d("2027-03-26"), utc("2027-03-26 08:30"))
    assert latest(WEEKDAYS_0930, NEW_YORK, now) == (d("2027-03-26"), utc("2027-03-26 13:30"))
    assert latest(WEEKDAYS_0930, SYDNEY, now) == (d("2027-03-29"), utc("2027-03-28 22:30"))
    assert next_after(WEEKDAYS_0930, TOKYO, now) == (d("2027-03-29"), utc("2027-03-29 00:30"))


def test_a_leap_day_check_in_is_found_ahead_but_not_when_it_is_too_far() -> None:
    leap_day = parse_schedule("day 29 of Feb 09:00")
    assert latest(leap_day, TOKYO, utc("2027-06-01 00:00")) is None  # 2024 is over 400 days ago
    assert next_after(leap_day, TOKYO, utc("2027-06-01 00:00")) == (
        d("2028-02-29"),
        utc("2028-02-29 00:00"),
    )
    assert next_after(leap_day, TOKYO, utc("2028-03-01 00:00")) is None  # 2032 is too far


def test_a_monthly_check_in_is_found_a_month_back() -> None:
    monthly = parse_schedule("day 1 of each month 09:00")
    assert latest(monthly, KOLKATA, utc("2027-03-31 12:00")) == (
        d("2027-03-01"),
        utc("2027-03-01 03:30"),
    )
