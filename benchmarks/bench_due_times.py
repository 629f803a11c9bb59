"""Due times for 100,000 open asks: the goal is under 0.5 s in total.

Twenty members in varied zones, hours, focus blocks, time off and status
pauses; asks spread over a year, in random order, with windows in all three
units. Each repetition builds fresh calendars, so the timing includes growing
their timelines, not only the look-ups.

Run: .venv/bin/python benchmarks/bench_due_times.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# Runnable from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asynctui.core.calendar import WorkCalendar  # noqa: E402
from asynctui.core.expectations import due_time  # noqa: E402
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, Window  # noqa: E402

ASKS = 100_000
MEMBERS = 20
REPETITIONS = 5
GOAL_SECONDS = 0.5

ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Kiritimati",
)
WEEKDAYS = (0, 1, 2, 3, 4)
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)


def _hours(rng: random.Random) -> Hours:
    start = rng.choice((7, 8, 9, 10, 22)) * 60
    length = rng.choice((6, 8, 9)) * 60
    working = (WeeklyRule(days=WEEKDAYS, start=start, end=(start + length) % 1440),)
    focus = (WeeklyRule(days=(rng.randrange(5),), start=start, end=(start + 120) % 1440),)
    lunch = (WeeklyRule(days=WEEKDAYS, start=(start + 240) % 1440, end=(start + 270) % 1440),)
    time_off = tuple(
        TimeOff(first=first, last=first + timedelta(days=rng.randrange(1, 10)))
        for first in (date(2026, 1, 1) + timedelta(days=rng.randrange(365)) for _ in range(3))
    )
    return Hours(working=working, focus=focus, always_off=lunch, time_off=time_off)


def _pauses(rng: random.Random) -> list[tuple[datetime, datetime]]:
    starts = sorted(YEAR_START + timedelta(hours=rng.randrange(365 * 24)) for _ in range(5))
    return [(s, s + timedelta(hours=rng.randrange(2, 72))) for s in starts]


def _workload(
    seed: int = 7,
) -> tuple[
    list[tuple[str, Hours, list[tuple[datetime, datetime]]]], list[tuple[int, datetime, Window]]
]:
    rng = random.Random(seed)
    members = [(ZONES[i % len(ZONES)], _hours(rng), _pauses(rng)) for i in range(MEMBERS)]
    windows = [Window(8, "h"), Window(4, "h"), Window(90, "m"), Window(1, "d"), Window(2, "d")]
    asks = [
        (
            rng.randrange(MEMBERS),
            YEAR_START + timedelta(seconds=rng.randrange(365 * 86400)),
            rng.choice(windows),
        )
        for _ in range(ASKS)
    ]
    return members, asks


def run_once(
    members: list[tuple[str, Hours, list[tuple[datetime, datetime]]]],
    asks: list[tuple[int, datetime, Window]],
) -> tuple[float, int]:
    """Seconds to compute every due time from fresh calendars, and how many were reachable."""
    began = time.perf_counter()
    calendars = [WorkCalendar(tz, hours, pauses) for tz, hours, pauses in members]
    reachable = 0
    for member, asked_at, within in asks:
        if due_time(calendars[member], asked_at, within) is not None:
            reachable += 1
    return time.perf_counter() - began, reachable


def main() -> int:
    members, asks = _workload()
    timings = []
    reachable = 0
    for _ in range(REPETITIONS):
        seconds, reachable = run_once(members, asks)
        timings.append(seconds)
    median = statistics.median(timings)
    met = median < GOAL_SECONDS
    print(f"due times for {ASKS:,} asks over {MEMBERS} members, {REPETITIONS} runs")
    print("runs (s): " + ", ".join(f"{t:.3f}" for t in timings))
    print(
        f"median: {median:.3f} s ({median / ASKS * 1e6:.2f} µs per ask); reachable: {reachable:,}"
    )
    print(f"goal < {GOAL_SECONDS} s: {'met' if met else 'NOT met'}")
    print(
        json.dumps(
            {
                "benchmark": "due_times",
                "asks": ASKS,
                "members": MEMBERS,
                "repetitions": REPETITIONS,
                "median_s": round(median, 4),
                "runs_s": [round(t, 4) for t in timings],
                "goal_s": GOAL_SECONDS,
                "goal_met": met,
                "python": sys.version.split()[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
