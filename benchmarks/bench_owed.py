"""The owed queue over 100,000 open obligations of all kinds (issue #13).

Goal: ``obligations.owed_by`` under 0.5 s, and within 1.5x of the asks-only
queue as it was before (``queries.asks(asked=me)``) over 100,000 open asks, both
timed in the same run.

Two replicas are built once (cached under ``benchmarks/.data/``), through the
real fold, for one person (m00) among twenty in ten zones:

- ``asks``: 100,000 open asks of m00 spread over 2,000 threads;
- ``mixed``: 100,000 open obligations of m00 of every kind: 60,000 asks,
  30,000 action items, 9,950 async meetings waiting for m00's part and 50
  daily check-ins whose question waits for m00's answer.

Every figure is the median of ``--rounds`` runs; the last line printed is one
JSON object with the raw runs.

Run: .venv/bin/python benchmarks/bench_owed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cached_replica import cached_replica  # noqa: E402

from asynctui.client import obligations, queries  # noqa: E402
from asynctui.client.fold import ms  # noqa: E402
from asynctui.client.replica import Replica  # noqa: E402
from asynctui.client.team import Team  # noqa: E402
from asynctui.core import events as ev  # noqa: E402
from asynctui.core.hours import Hours, Window  # noqa: E402
from asynctui.core.ids import new_id  # noqa: E402
from asynctui.core.schedule import parse_schedule  # noqa: E402

DATA = Path(__file__).resolve().parent / ".data"
GOAL_SECONDS = 0.5
GOAL_RATIO = 1.5
TOTAL = 100_000
MEMBERS = [f"m{i:02d}" for i in range(20)]
ME = MEMBERS[0]
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "America/Los_Angeles",
         "Asia/Kolkata", "Europe/London", "Australia/Sydney", "America/Sao_Paulo",
         "Pacific/Auckland", "Africa/Lagos")  # fmt: skip
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 2, 10, 20, tzinfo=UTC)
"""A month of history before it: every check-in's question of the day has reached m00."""
THREADS = 2_000


class _Log:
    """Events in log order, each a few seconds after the last."""

    def __init__(self) -> None:
        self.n = 0

    def event(self, author: str, body: ev.Payload) -> ev.Event:
        self.n += 1
        at = T0 + timedelta(seconds=(self.n * 20) % (28 * 86400))
        return ev.Event(id=new_id(ms(at)), lamport=self.n, device=author + "-laptop",
                        author=author, at=at, body=body)  # fmt: skip


def _team(log: _Log) -> Iterator[ev.Event]:
    for i, member in enumerate(MEMBERS):
        zone = ZONES[i % len(ZONES)]
        yield log.event(member, ev.ProfileSet(name=member, handle=member, tz=zone))
        yield log.event(member, ev.HoursSet(hours=Hours()))
    yield log.event(MEMBERS[1], ev.ChannelCreated(channel="c-general", name="general"))
    for t in range(THREADS):
        yield log.event(MEMBERS[1 + t % 19], ev.ThreadOpened(
            thread=f"t{t:05d}", channel="c-general", title=f"Thread {t}",
            message=new_id(), body="What do you think?",
        ))  # fmt: skip


def _asks(log: _Log, count: int) -> Iterator[ev.Event]:
    windows = (Window(8, "h"), Window(4, "h"), Window(90, "m"), Window(1, "d"), Window(2, "d"))
    for n in range(count):
        yield log.event(MEMBERS[1 + n % 19], ev.AskCreated(
            ask=new_id(), thread=f"t{n % THREADS:05d}", asked=ME, within=windows[n % 5],
        ))  # fmt: skip


def _mixed_rest(log: _Log) -> Iterator[ev.Event]:
    for n in range(30_000):
        due = None if n % 4 == 0 else T0 + timedelta(days=20 + n % 40)
        yield log.event(MEMBERS[1 + n % 19], ev.ActionCreated(
            action=new_id(), thread=f"t{n % THREADS:05d}", text=f"Do thing {n}", owner=ME,
            due=due,
        ))  # fmt: skip
    for n in range(9_950):
        owner = MEMBERS[1 + n % 19]
        yield log.event(owner, ev.MeetingOpened(
            thread=f"meet{n:05d}", channel="c-general", title=f"Meeting {n}", message=new_id(),
            goal="Agree", agenda=("Themes", "Hiring"), participants=(owner, ME),
            within=Window(2, "d"),
        ))  # fmt: skip
    daily = parse_schedule("daily 09:00")
    for n in range(50):
        yield log.event(MEMBERS[1 + n % 19], ev.CheckinCreated(
            checkin=f"ci{n:03d}", channel="c-general", title=f"Check-in {n}",
            questions=("How is it going?",), schedule=daily, members=tuple(MEMBERS),
        ))  # fmt: skip


def _timed(replica: Replica, fn: str, rounds: int) -> tuple[list[float], int]:
    runs, count = [], 0
    for _ in range(rounds):
        team = Team(replica.db)
        started = time.perf_counter()
        if fn == "asks":
            count = len(queries.asks(replica.db, team, NOW, asked=ME))
        else:
            count = len(obligations.owed_by(replica.db, team, ME, NOW))
        runs.append(time.perf_counter() - started)
    return runs, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    log = _Log()
    asks_path = cached_replica("owed-asks", _chain(_team(log), _asks(log, TOTAL)))
    log = _Log()
    mixed_path = cached_replica(
        "owed-mixed", _chain(_team(log), _asks(log, 60_000), _mixed_rest(log))
    )
    asks_replica, mixed_replica = Replica(asks_path), Replica(mixed_path)
    # Interleaved, so a busy moment of this shared machine falls on both.
    asks_runs: list[float] = []
    owed_runs: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(args.rounds):
        runs, counts["asks"] = _timed(asks_replica, "asks", 1)
        asks_runs += runs
        runs, counts["owed"] = _timed(mixed_replica, "owed", 1)
        owed_runs += runs
    kinds: dict[str, int] = {}
    for o in obligations.owed_by(mixed_replica.db, Team(mixed_replica.db), ME, NOW):
        kinds[o.kind] = kinds.get(o.kind, 0) + 1
    asks_median, owed_median = statistics.median(asks_runs), statistics.median(owed_runs)
    print(f"asks only, {counts['asks']:,} open asks: median {asks_median * 1000:.0f} ms")
    print(f"owed queue, {counts['owed']:,} obligations {kinds}: median"
          f" {owed_median * 1000:.0f} ms (goal < {GOAL_SECONDS * 1000:.0f} ms)")  # fmt: skip
    print(f"ratio owed / asks only: {owed_median / asks_median:.2f} (goal <= {GOAL_RATIO})")
    print(json.dumps({
        "machine": platform.platform(), "python": platform.python_version(),
        "asks_only_s": asks_runs, "owed_s": owed_runs, "counts": counts, "kinds": kinds,
        "asks_median_s": asks_median, "owed_median_s": owed_median,
        "ratio": owed_median / asks_median,
    }))  # fmt: skip


def _chain(*parts: Iterator[ev.Event]) -> Iterator[ev.Event]:
    for part in parts:
        yield from part


if __name__ == "__main__":
    main()
