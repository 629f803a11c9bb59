"""WorkCalendar: when a member works, in real instants, and arithmetic on it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asynctui.core.calendar import WorkCalendar
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, Window

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
MON_TO_FRI = (0, 1, 2, 3, 4)


def at(text: str, tz: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def hm(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def every_day(start: str, end: str) -> Hours:
    return Hours(working=(WeeklyRule(days=EVERY_DAY, start=hm(start), end=hm(end)),))


def real_hours(calendar: WorkCalendar, day: str) -> float:
    start = at(day, calendar.tz)
    spans = calendar.intervals(start, start + timedelta(days=1))
    return sum((b - a).total_seconds() for a, b in spans) / 3600


# -- is_working / next_working / off_until -----------------------------------------


def test_bob_is_working_on_a_weekday_afternoon_and_not_at_night() -> None:
    bob = WorkCalendar("Europe/Berlin", Hours())

    assert bob.is_working(at("2026-11-23 09:00", "Europe/Berlin"))
    assert bob.is_working(at("2026-11-23 16:59", "Europe/Berlin"))
    assert not bob.is_working(at("2026-11-23 17:00", "Europe/Berlin"))
    assert not bob.is_working(at("2026-11-21 12:00", "Europe/Berlin"))


def test_next_working_is_now_when_working_and_monday_morning_at_the_weekend() -> None:
    bob = WorkCalendar("Europe/Berlin", Hours())
    now = at("2026-11-23 10:00", "Europe/Berlin")

    assert bob.next_working(now) == now
    assert bob.next_working(now).tzinfo is UTC  # type: ignore[union-attr]
    assert bob.next_working(at("2026-11-21 12:00", "Europe/Berlin")) == at(
        "2026-11-23 09:00", "Europe/Berlin"
    )


def test_off_until_says_when_work_resumes_and_nothing_while_working() -> None:
    bob = WorkCalendar("Europe/Berlin", Hours())

    assert bob.off_until(at("2026-11-23 10:00", "Europe/Berlin")) is None
    assert bob.off_until(at("2026-11-23 18:00", "Europe/Berlin")) == at(
        "2026-11-24 09:00", "Europe/Berlin"
    )


def test_someone_who_never_works_is_never_working() -> None:
    nobody = WorkCalendar("UTC", Hours(working=()))
    now = at("2026-11-23 10:00", "UTC")

    assert not nobody.is_working(now)
    assert nobody.next_working(now) is None
    assert nobody.off_until(now) is None
    assert nobody.intervals(now, now + timedelta(days=7)) == []
    assert nobody.working_between(now, now + timedelta(days=7)) == timedelta(0)


def test_an_off_status_is_not_working_time() -> None:
    pause = (at("2026-11-24 10:00", "Europe/Berlin"), at("2026-11-25 12:00", "Europe/Berlin"))
    bob = WorkCalendar("Europe/Berlin", Hours(), [pause])

    assert not bob.is_working(at("2026-11-24 11:00", "Europe/Berlin"))
    assert bob.off_until(at("2026-11-24 11:00", "Europe/Berlin")) == pause[1]


def test_time_off_includes_both_of_its_days() -> None:
    away = Hours(time_off=(TimeOff(date(2026, 8, 3), date(2026, 8, 7)),))
    bob = WorkCalendar("Europe/Berlin", away)

    assert not bob.is_working(at("2026-08-03 10:00", "Europe/Berlin"))
    assert not bob.is_working(at("2026-08-07 16:00", "Europe/Berlin"))
    assert bob.is_working(at("2026-08-10 09:00", "Europe/Berlin"))


def test_naive_times_are_refused() -> None:
    bob = WorkCalendar("Europe/Berlin", Hours())

    with pytest.raises(ValueError, match="naive"):
        bob.is_working(datetime(2026, 11, 23, 10, 0))


# -- the shape of a day ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        ("Europe/Berlin", "2026-03-29", 8.0),
        ("Europe/Berlin", "2026-10-25", 8.0),
        ("America/New_York", "2026-03-08", 8.0),
        ("America/New_York", "2026-11-01", 8.0),
    ],
)
def test_an_office_day_is_eight_real_hours_even_on_switch_days(
    tz: str, day: str, hours: float
) -> None:
    calendar = WorkCalendar(tz, every_day("09:00", "17:00"))

    assert real_hours(calendar, day) == hours


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        ("Europe/Berlin", "2026-03-29", 3.0),
        ("Europe/Berlin", "2026-10-25", 5.0),
        ("Europe/Berlin", "2026-06-14", 4.0),
        ("America/New_York", "2026-03-08", 3.0),
        ("America/New_York", "2026-11-01", 5.0),
        ("Australia/Lord_Howe", "2026-04-05", 4.5),
        ("Australia/Lord_Howe", "2026-10-04", 3.5),
    ],
    ids=[
        "berlin spring forward",
        "berlin fall back",
        "berlin summer",
        "new york spring forward",
        "new york fall back",
        "lord howe half hour back",
        "lord howe half hour forward",
    ],
)
def test_a_night_span_across_the_switch_is_shorter_or_longer(
    tz: str, day: str, hours: float
) -> None:
    calendar = WorkCalendar(tz, every_day("00:00", "04:00"))

    assert real_hours(calendar, day) == hours


def test_a_span_starting_in_the_skipped_hour_starts_when_clocks_resume() -> None:
    sundays = Hours(working=(WeeklyRule(days=(6,), start=hm("02:30"), end=hm("06:00")),))
    ana = WorkCalendar("America/New_York", sundays)
    day = at("2026-03-08 00:00", "America/New_York")

    assert ana.intervals(day, day + timedelta(days=1)) == [
        (at("2026-03-08 03:00", "America/New_York"), at("2026-03-08 06:00", "America/New_York"))
    ]


def test_a_repeated_wall_time_means_its_first_occurrence() -> None:
    sundays = Hours(working=(WeeklyRule(days=(6,), start=hm("01:30"), end=hm("03:00")),))
    ana = WorkCalendar("America/New_York", sundays)
    day = at("2026-11-01 00:00", "America/New_York")

    [(start, end)] = ana.intervals(day, day + timedelta(days=1))

    assert start == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert end - start == timedelta(hours=2, minutes=30)


def test_a_night_shift_draws_as_one_span_across_midnight() -> None:
    noor = WorkCalendar(
        "Europe/London",
        Hours(working=(WeeklyRule(days=MON_TO_FRI, start=hm("22:00"), end=hm("06:00")),)),
    )
    monday_noon = at("2026-11-23 12:00", "Europe/London")

    spans = noor.intervals(monday_noon, monday_noon + timedelta(days=1))

    assert spans == [(at("2026-11-23 22:00", "Europe/London"), at("2026-11-24 06:00", "UTC"))]


def test_intervals_are_clipped_to_the_asked_range() -> None:
    bob = WorkCalendar("Europe/Berlin", Hours())

    spans = bob.intervals(at("2026-11-23 12:00", "Europe/Berlin"), at("2026-11-24 10:00", "UTC"))

    assert spans == [
        (at("2026-11-23 12:00", "Europe/Berlin"), at("2026-11-23 17:00", "Europe/Berlin")),
        (at("2026-11-24 09:00", "Europe/Berlin"), at("2026-11-24 10:00", "UTC")),
    ]


def test_working_between_counts_only_working_time() -> None:
    bob = WorkCalendar("Europe/Berlin", Hours())

    friday = at("2026-11-20 16:00", "Europe/Berlin")
    monday = at("2026-11-23 10:00", "Europe/Berlin")

    assert bob.working_between(friday, monday) == timedelta(hours=2)
    assert bob.working_between(monday, friday) == timedelta(0)


def test_answers_do_not_depend_on_what_was_asked_before() -> None:
    hours = Hours(focus=(WeeklyRule(days=(1,), start=hm("09:00"), end=hm("12:00")),))
    start = at("2026-11-20 16:00", "Europe/Berlin")
    fresh = WorkCalendar("Europe/Berlin", hours).add(start, Window(3, "d"))
    used = WorkCalendar("Europe/Berlin", hours)
    used.add(at("2029-01-01 10:00", "UTC"), Window(8, "h"))
    used.add(at("2021-01-01 10:00", "UTC"), Window(8, "h"))
    used.add(at("2026-11-25 10:00", "UTC"), Window(8, "h"))

    assert used.add(start, Window(3, "d")) == fresh


# -- properties -------------------------------------------------------------------------

ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "Pacific/Kiritimati",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
)

quarter_hours = st.integers(0, 95).map(lambda q: q * 15)


@st.composite
def rules(draw: st.DrawFn) -> WeeklyRule:
    days = draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
    return WeeklyRule(days=tuple(sorted(days)), start=draw(quarter_hours), end=draw(quarter_hours))


@st.composite
def members(draw: st.DrawFn) -> WorkCalendar:
    working = tuple(draw(st.lists(rules(), min_size=1, max_size=3)))
    focus = tuple(draw(st.lists(rules(), max_size=1)))
    first = draw(st.dates(date(2025, 6, 1), date(2027, 6, 1)))
    time_off = (TimeOff(first, first + timedelta(days=draw(st.integers(0, 20)))),)
    pause_start = draw(instants)
    pauses = [(pause_start, pause_start + timedelta(minutes=draw(st.integers(1, 5000))))]
    hours = Hours(working=working, focus=focus, time_off=time_off)
    return WorkCalendar(draw(st.sampled_from(ZONES)), hours, pauses)


instants = st.datetimes(
    min_value=datetime(2025, 6, 1), max_value=datetime(2027, 6, 1), timezones=st.just(UTC)
)
minute_windows = st.builds(Window, st.integers(1, 6000), st.just("m"))
hour_windows = st.builds(Window, st.integers(1, 100), st.just("h"))
day_windows = st.builds(Window, st.integers(1, 30), st.just("d"))
any_window = st.one_of(minute_windows, hour_windows, day_windows)
calendar_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
MICROSECOND = timedelta(microseconds=1)


def seconds(window: Window) -> timedelta:
    return timedelta(minutes=window.amount * (60 if window.unit == "h" else 1))


@calendar_settings
@given(members(), instants, st.one_of(minute_windows, hour_windows))
def test_a_due_time_uses_exactly_the_window_of_working_time(
    calendar: WorkCalendar, start: datetime, window: Window
) -> None:
    due = calendar.add(start, window)

    if due is not None:
        assert calendar.working_between(start, due) == seconds(window)
        assert calendar.is_working(due - MICROSECOND)


@calendar_settings
@given(members(), instants, day_windows)
def test_a_working_day_window_ends_in_working_time(
    calendar: WorkCalendar, start: datetime, window: Window
) -> None:
    due = calendar.add(start, window)

    if due is not None:
        assert due > start
        assert calendar.is_working(due - MICROSECOND)


@calendar_settings
@given(members(), instants, any_window, st.integers(1, 50))
def test_a_bigger_window_is_never_due_earlier(
    calendar: WorkCalendar, start: datetime, window: Window, more: int
) -> None:
    small = calendar.add(start, window)
    big = calendar.add(start, Window(window.amount + more, window.unit))

    if big is not None:
        assert small is not None and small <= big


@calendar_settings
@given(members(), instants, any_window, st.integers(1, 10 * 24 * 3600))
def test_a_later_ask_is_never_due_earlier(
    calendar: WorkCalendar, start: datetime, window: Window, later_by: int
) -> None:
    early = calendar.add(start, window)
    late = calendar.add(start + timedelta(seconds=later_by), window)

    if early is not None and late is not None:
        assert early <= late


@calendar_settings
@given(members(), instants, st.one_of(minute_windows, hour_windows), minute_windows)
def test_two_windows_in_a_row_end_where_their_sum_ends(
    calendar: WorkCalendar, start: datetime, first: Window, second: Window
) -> None:
    total = Window((seconds(first) + seconds(second)) // timedelta(minutes=1), "m")
    halfway = calendar.add(start, first)
    whole = calendar.add(start, total)

    if halfway is not None and whole is not None:
        assert calendar.add(halfway, second) == whole


@calendar_settings
@given(members(), instants, st.integers(1, 14 * 24 * 60))
def test_intervals_add_up_to_working_between(
    calendar: WorkCalendar, start: datetime, minutes: int
) -> None:
    end = start + timedelta(minutes=minutes)
    spans = calendar.intervals(start, end)

    assert sum((b - a for a, b in spans), timedelta(0)) == calendar.working_between(start, end)
    for a, b in spans:
        assert calendar.is_working(a)
        assert calendar.is_working(b - MICROSECOND)


def test_working_between_spans_many_years() -> None:
    office = WorkCalendar("UTC", Hours())
    start, end = at("2026-01-01 00:00", "UTC"), at("2036-01-01 00:00", "UTC")
    weekdays = sum(1 for d in range((end - start).days) if (start + timedelta(d)).weekday() < 5)

    assert office.working_between(start, end) == timedelta(hours=8 * weekdays)
