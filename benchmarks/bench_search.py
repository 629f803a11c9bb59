"""A search with two operators over 1,000,000 messages (issue #13).

Goal: ``client.search.find`` with two operators and a word, median under 100 ms.

One replica is built once (cached under ``benchmarks/.data/``) through the real
fold, as a first sync does: twenty members, twenty channels, 20,000 threads of
50 messages, the words of each message drawn from a 5,000-word vocabulary with a
Zipf-like skew (so some words are in a tenth of the messages, most in a few
hundred), plus the threads' titles and some decisions. Three queries are timed,
each ``--rounds`` times, interleaved:

- ``from:@m03 in:#c07 <common word>``: a word found in ~10% of all messages;
- ``in:#c07 after:2026-03-01 <middling word>``;
- ``from:@m03 is:open <rare word>``.

Every figure is the median of its runs; the last line printed is one JSON object.

Run: .venv/bin/python benchmarks/bench_search.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cached_replica import cached_replica  # noqa: E402

from asynctui.client import search  # noqa: E402
from asynctui.client.replica import Replica  # noqa: E402
from asynctui.client.team import Team  # noqa: E402
from asynctui.core import events as ev  # noqa: E402
from asynctui.core.ids import new_id  # noqa: E402

DATA = Path(__file__).resolve().parent / ".data"
GOAL_MS = 100.0
MESSAGES = 1_000_000
PER_THREAD = 50
MEMBERS = [f"m{i:02d}" for i in range(20)]
CHANNELS = [f"c{i:02d}" for i in range(20)]
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
VOCABULARY = [f"w{i:04d}" for i in range(5_000)]
_rng = random.Random(13)
_WEIGHTS = [1 / (i + 1) ** 0.9 for i in range(len(VOCABULARY))]


def _history() -> Iterator[ev.Event]:
    lamport = 0

    def event(author: str, at: datetime, body: ev.Payload) -> ev.Event:
        nonlocal lamport
        lamport += 1
        return ev.Event(id=new_id(int(at.timestamp() * 1000)), lamport=lamport,
                        device=f"{author}-dev", author=author, at=at, body=body)  # fmt: skip

    for m in MEMBERS:
        yield event(m, T0, ev.ProfileSet(name=m.upper(), handle=m, tz="Europe/Berlin"))
    for c in CHANNELS:
        yield event(MEMBERS[0], T0, ev.ChannelCreated(channel=f"c-{c}", name=c))
    at = T0
    for t in range(MESSAGES // PER_THREAD):
        tid = new_id()
        author = MEMBERS[t % len(MEMBERS)]
        title = " ".join(_rng.choices(VOCABULARY, _WEIGHTS, k=4))
        at += timedelta(minutes=7)
        body = " ".join(_rng.choices(VOCABULARY, _WEIGHTS, k=12))
        channel = f"c-{CHANNELS[t % 20]}"
        opened = ev.ThreadOpened(thread=tid, channel=channel, title=title, message=new_id(),
                                 body=body)  # fmt: skip
        yield event(author, at, opened)
        for i in range(PER_THREAD - 1):
            who = MEMBERS[(t + i * 7) % len(MEMBERS)]
            words = " ".join(_rng.choices(VOCABULARY, _WEIGHTS, k=12))
            yield event(who, at + timedelta(seconds=i),
                        ev.MessagePosted(message=new_id(), thread=tid, body=words))  # fmt: skip
        if t % 10 == 0:
            text = " ".join(_rng.choices(VOCABULARY, k=6))
            yield event(author, at, ev.DecisionMade(decision=new_id(), thread=tid, text=text))


QUERIES = {
    "two operators, common word": f"from:@m03 in:#c07 {VOCABULARY[3]}",
    "two operators, middling word": f"in:#c07 after:2026-03-01 {VOCABULARY[60]}",
    "two operators, rare word": f"from:@m03 is:open {VOCABULARY[2_000]}",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    began = time.perf_counter()
    path = cached_replica(f"search-{MESSAGES}", _history())
    print(f"replica ready in {time.perf_counter() - began:.0f} s ({path.name})")
    replica = Replica(path)
    db = replica.db
    (count,) = db.execute("SELECT count(*) FROM messages").fetchone()
    team, now = Team(db), datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    runs: dict[str, list[float]] = {name: [] for name in QUERIES}
    hits: dict[str, int] = {}
    for _ in range(rounds):
        for name, text in QUERIES.items():
            start = time.perf_counter()
            found = search.find(db, team, "m00", now, text, limit=50)
            runs[name].append(time.perf_counter() - start)
            hits[name] = len(found)
    medians = {name: statistics.median(r) * 1000 for name, r in runs.items()}
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()},"
          f" {count:,} messages")  # fmt: skip
    for name, median in medians.items():
        print(f"{name} ({QUERIES[name]!r}, {hits[name]} hits): median {median:.1f} ms"
              f" (goal < {GOAL_MS:.0f} ms)")  # fmt: skip
    print(json.dumps({"messages": count, "runs_s": runs, "median_ms": medians, "hits": hits}))


if __name__ == "__main__":
    main()
