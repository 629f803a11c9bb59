"""The words that say whose time they mean, at fixed clocks in several zones (issue #12).

One table, read by the core's tests (``tests/core/test_timefmt.py``), by the CLI's
(``tests/cli/test_cli_wording.py``) and by the TUI's (``tests/tui/test_tui_wording.py``):
the same expected words in each, so `asynctui team` and the team panel cannot come
to word one state two ways again.

The reader is in Berlin; Bob is in New York, Kenji in Tokyo. A time without a name
is the reader's, and reads relative to the reader's today; any other clock names
itself and gives its day by name ("Fri 09:30 Tokyo time"), never "tomorrow".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

BERLIN, NEW_YORK, TOKYO, PARIS = "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/Paris"


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


WEDNESDAY = utc(2026, 11, 18, 10, 20)
"""Wednesday 18 November 2026, 11:20 in Berlin, 19:20 in Tokyo, 05:20 in New York
(the demo's clock)."""

MONDAY_EVENING = utc(2026, 11, 16, 19, 0)
"""Monday 20:00 in Berlin, while it is already Tuesday 04:00 in Tokyo."""

DST_GAP_WEEK = utc(2026, 10, 27, 9, 0)
"""Tuesday 27 October 2026, 10:00 in Berlin: Europe is back on winter time, New York
not yet (1 November), so New York is 5 hours behind, not 6."""


@dataclass(frozen=True)
class ClockCase:
    """An instant on someone's clock, as the reader reads it."""

    what: str
    instant: datetime
    zone: str
    """Whose clock."""
    now: datetime
    reader: str
    """The reader's zone."""
    clock: str
    """``timefmt.clock``: the instant on that clock."""
    clocks: str
    """``timefmt.clocks``: on the reader's clock, and that one beside it if it differs."""


CLOCKS = [
    ClockCase("Kenji is back at 09:30 on Friday, his time", utc(2026, 11, 20, 0, 30), TOKYO,
              WEDNESDAY, BERLIN, "Fri 09:30 Tokyo time", "Fri 01:30 (Fri 09:30 Tokyo time)"),
    ClockCase("Bob starts at 09:00 today, his time", utc(2026, 11, 18, 14), NEW_YORK,
              WEDNESDAY, BERLIN, "Wed 09:00 New York time", "15:00 (Wed 09:00 New York time)"),
    ClockCase("the reader's own clock reads relative to the reader's today",
              utc(2026, 11, 19, 8), BERLIN, WEDNESDAY, BERLIN, "tomorrow 09:00", "tomorrow 09:00"),
    # The "Wed 09:00 your time (tomorrow 17:00 Tokyo)": Tokyo's tomorrow, not mine.
    ClockCase("on Monday for the reader, Wednesday is Wednesday in Tokyo too",
              utc(2026, 11, 18, 8), TOKYO, MONDAY_EVENING, BERLIN,
              "Wed 17:00 Tokyo time", "Wed 09:00 (Wed 17:00 Tokyo time)"),
    ClockCase("Tokyo's today is the reader's tomorrow", utc(2026, 11, 17, 1), TOKYO,
              MONDAY_EVENING, BERLIN, "Tue 10:00 Tokyo time",
              "tomorrow 02:00 (Tue 10:00 Tokyo time)"),
    ClockCase("a reader in Tokyo reads Berlin's evening as the next night", utc(2026, 11, 18, 16),
              BERLIN, WEDNESDAY, TOKYO, "Wed 17:00 Berlin time",
              "tomorrow 01:00 (Wed 17:00 Berlin time)"),
    ClockCase("in the week between the two changes, New York is 5 hours behind",
              utc(2026, 10, 27, 13), NEW_YORK, DST_GAP_WEEK, BERLIN,
              "Tue 09:00 New York time", "14:00 (Tue 09:00 New York time)"),
    ClockCase("a week later it is 6 hours again", utc(2026, 11, 3, 14), NEW_YORK,
              DST_GAP_WEEK, BERLIN, "Tue 3 Nov 09:00 New York time",
              "Tue 3 Nov 15:00 (Tue 3 Nov 09:00 New York time)"),
    ClockCase("two weeks ahead the date is given", utc(2026, 12, 4, 16), NEW_YORK, WEDNESDAY,
              BERLIN, "Fri 4 Dec 11:00 New York time",
              "Fri 4 Dec 17:00 (Fri 4 Dec 11:00 New York time)"),
    ClockCase("a clock that reads as the reader's is not repeated", utc(2026, 11, 18, 14), PARIS,
              WEDNESDAY, BERLIN, "Wed 15:00 Paris time", "15:00"),
]  # fmt: skip


@dataclass(frozen=True)
class CountdownCase:
    left: timedelta
    """Until the due time (negative: past it)."""
    words: str


COUNTDOWNS = [
    CountdownCase(timedelta(hours=1, minutes=59, seconds=59), "1h 59m left"),
    CountdownCase(timedelta(hours=1, minutes=56), "1h 56m left"),
    CountdownCase(timedelta(hours=2), "2h left"),
    CountdownCase(timedelta(hours=2, seconds=50), "2h left"),
    CountdownCase(timedelta(hours=14, minutes=44), "14h 44m left"),
    CountdownCase(timedelta(minutes=59, seconds=59), "59 min left"),
    CountdownCase(timedelta(seconds=30), "due now"),
    CountdownCase(-timedelta(hours=23, minutes=12, seconds=40), "overdue 23h 12m"),
    CountdownCase(timedelta(days=1, hours=4, minutes=30), "1d 4h left"),
    CountdownCase(timedelta(days=2), "2d left"),
]
"""Rounded down, never more than is left: "2h left" only once two hours are left."""


# -- the demo team at fixed clocks: what both front ends say --------------------------------


@dataclass(frozen=True)
class Scene:
    """The demo team (Ana, the reader, in Berlin; Kenji in Tokyo, Sam in New York, Priya in
    Kolkata) at one instant, and what `asynctui` and the TUI both say then."""

    what: str
    now: str
    """The clock, as ``--now`` takes it."""
    presence: dict[str, str]
    """handle -> presence words, on the person's line of `asynctui team` and their card
    in the team panel."""
    mine: str
    """My state: my line of `asynctui status` and the status bar's left part."""
    badges: dict[str, str] = field(default_factory=dict)
    """thread title -> a badge it shows in `asynctui threads` and the thread list."""
    asks: dict[str, str] = field(default_factory=dict)
    """handle -> what an ask of them within their promise would mean: `asynctui ask`'s
    answer and the ask dialog's preview."""


CRASH = "Crash on Android 15 when resuming"
LAUNCH = "Q1 launch: which markets first?"
PAYMENT = "Payment screen copy, final check"

SCENES = [
    Scene(
        "Wednesday 11:20 in Berlin, the demo's clock",
        "2026-11-18T10:20:00Z",
        presence={"kenji": "off until Fri 01:30 (in 1d 14h)", "sam": "off until 15:00 (in 3h 40m)"},
        mine="available",
        badges={CRASH: "kenji · off until Fri 01:30, due Fri 10:00",
                LAUNCH: "you · overdue 23h 35m", PAYMENT: "you · 40 min left"},
        asks={"kenji": "Kenji is off until Fri 01:30 (Fri 09:30 Tokyo time, in 1d 14h)",
              "sam": "Sam is off until 15:00 (Wed 09:00 New York time, in 3h 40m)"},
    ),
    Scene(
        "Ana's lunch break, 12:45 in Berlin: quiet time, not 'available'",
        "2026-11-18T11:45:00Z",
        presence={"ana": "off until 13:15 (in 30 min)", "sam": "off until 15:00 (in 2h 15m)"},
        mine="quiet time until 13:15",
        badges={LAUNCH: "you · overdue 1d 1h", PAYMENT: "you · overdue 45 min"},
        asks={"sam": "Sam is off until 15:00 (Wed 09:00 New York time, in 2h 15m)"},
    ),
    Scene(
        "Wednesday evening in Berlin: quiet until her Thursday focus block ends",
        "2026-11-18T18:00:00Z",
        presence={"priya": "off until tomorrow 05:30 (in 10h 30m)",
                  "kenji": "off until Fri 01:30 (in 1d 6h)"},
        mine="quiet time until tomorrow 11:00",
        asks={"priya": "Priya is off until tomorrow 05:30 (Thu 10:00 Kolkata time, in 10h 30m)"},
    ),
]  # fmt: skip
