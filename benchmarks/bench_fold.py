"""Folding a big history into the replica, and syncing a little on top of it.

Usage::

    .venv/bin/python benchmarks/bench_fold.py [--events 1000000] [--rounds 3]

Measures, for issue #2:

1. fold/apply: ``--events`` events of a realistic mix (messages, threads,
   reactions, asks, edits, statuses...) applied to an empty replica in batches
   of 20,000, as a first sync does: ``begin_catch_up``, every batch, then
   ``finish_catch_up`` (indexes, answers, edits, last activity and the search
   index), all inside the timing. Reported as events/s, beside a bare SQLite
   ``executemany`` insert of the same events (id, lamport, device, line) into
   one plain table, measured in the same run. Goal: at least 100,000 events/s.
   For reference, the same history folded batch by batch without catching up
   (the path of every later sync) is timed too (``--batch-fold-rounds``).
2. incremental sync: with the replica caught up on the whole folder, another
   device appends 100 events; ``Workspace.sync()`` (folder read + fold) is
   timed. Goal: under 50 ms.
3. peak memory of a first sync of the whole folder (read + fold), measured in
   a child process (VmHWM). Goal: under 300 MB.

Every figure is the median of ``--rounds`` runs. The last line printed is one
JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asynctui.client.fold import ms  # noqa: E402
from asynctui.client.replica import Replica  # noqa: E402
from asynctui.client.workspace import Workspace  # noqa: E402
from asynctui.core import events as ev  # noqa: E402
from asynctui.core.clock import FixedClock  # noqa: E402
from asynctui.core.hours import Window  # noqa: E402
from asynctui.core.ids import new_id  # noqa: E402
from asynctui.stores.folder import FolderStore  # noqa: E402

DATA = Path(__file__).resolve().parent / ".data"
BATCH = 20_000
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
MEMBERS = [f"m{i:02d}" for i in range(20)]
WORDS = (
    "release plan checklist review design launch customer feedback metrics budget hiring "
    "incident postmortem roadmap onboarding pricing deadline estimate prototype research"
).split()


def history(total: int, seed: int = 7) -> Iterator[ev.Event]:
    """A team's log: mostly replies, with threads, reactions, asks, edits and statuses."""
    rnd = random.Random(seed)
    threads: list[str] = []
    messages: list[tuple[str, str]] = []
    for m in MEMBERS:
        yield _event(m, 0, ev.ProfileSet(name=m.upper(), handle=m, tz="Europe/Berlin"))
    yield _event(MEMBERS[0], 0, ev.ChannelCreated(channel="c-general", name="general"))
    for n in range(total - len(MEMBERS) - 1):
        author = rnd.choice(MEMBERS)
        roll = rnd.random()
        body: ev.Payload
        if roll < 0.06 or not threads:
            tid = new_id()
            threads.append(tid)
            body = ev.ThreadOpened(
                thread=tid,
                channel="c-general",
                title=_words(rnd, 5),
                message=new_id(),
                body=_words(rnd, 20),
            )
        elif roll < 0.84:
            mid = new_id()
            tid = threads[-rnd.randint(1, min(len(threads), 200))]
            messages.append((mid, author))
            body = ev.MessagePosted(message=mid, thread=tid, body=_words(rnd, rnd.randint(5, 40)))
        elif roll < 0.92 and messages:
            body = ev.ReactionAdded(message=rnd.choice(messages)[0], emoji=rnd.choice("👍🎉👀"))
        elif roll < 0.96:
            body = ev.AskCreated(
                ask=new_id(),
                thread=threads[-rnd.randint(1, min(len(threads), 50))],
                asked=rnd.choice(MEMBERS),
                within=Window(8, "h"),
            )
        elif roll < 0.98 and messages:
            mid, author = messages[-rnd.randint(1, min(len(messages), 100))]
            body = ev.MessageEdited(message=mid, body=_words(rnd, 12))
        else:
            body = ev.StatusSet(
                state=rnd.choice(("focus", "away", "available")), text=_words(rnd, 3)
            )
        yield _event(author, n + 1, body)


def _words(rnd: random.Random, count: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(count))


def _event(author: str, n: int, body: ev.Payload) -> ev.Event:
    at = T0 + timedelta(seconds=30 * n)
    return ev.Event(
        id=new_id(ms(at)), lamport=n + 1, device=author + "-laptop", author=author, at=at, body=body
    )


def folder_with(total: int) -> Path:
    """The shared folder holding ``total`` events, built once and cached."""
    folder = DATA / f"fold-{total}"
    if not (folder / "journals").is_dir():
        tmp = DATA / f"fold-{total}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        stores: dict[str, FolderStore] = {}
        pending: dict[str, list[ev.Event]] = {}
        for event in history(total):
            pending.setdefault(event.device, []).append(event)
            if len(pending[event.device]) >= 5_000:
                _store(stores, tmp, event.device).append(pending.pop(event.device))
        for device, rest in pending.items():
            _store(stores, tmp, device).append(rest)
        tmp.rename(folder)
    return folder


def _store(stores: dict[str, FolderStore], folder: Path, device: str) -> FolderStore:
    if device not in stores:
        stores[device] = FolderStore.create(folder, device)
    return stores[device]


def read_all(folder: Path) -> list[list[ev.Event]]:
    store = FolderStore(folder, "bench-reader")
    batches: list[list[ev.Event]] = []
    cursor = ""
    while True:
        result = store.read_after(cursor, limit=BATCH)
        if not result.events and result.cursor == cursor:
            return batches
        batches.append(result.events)
        cursor = result.cursor


def time_fold(batches: list[list[ev.Event]], workdir: Path, catch_up: bool = True) -> float:
    path = workdir / "fold.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    replica = Replica(path)
    replica.db.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    if catch_up:
        replica.begin_catch_up()
    for batch in batches:
        replica.apply(batch)
    if catch_up:
        replica.finish_catch_up()
    elapsed = time.perf_counter() - start
    replica.close()
    return elapsed


def time_bare_insert(batches: list[list[ev.Event]], workdir: Path) -> float:
    """The floor: the same rows into one plain table, nothing else."""
    path = workdir / "bare.db"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE events (id TEXT PRIMARY KEY, lamport INTEGER, device TEXT, line BLOB)")
    start = time.perf_counter()
    for batch in batches:
        rows = [(e.id, e.lamport, e.device, ev.encode(e)) for e in batch]
        db.execute("BEGIN")
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", rows)
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def time_incremental(folder: Path, workdir: Path, rounds: int) -> list[float]:
    """Catch a replica up on the whole folder, then time syncs of 100 new events."""
    live = workdir / "live"
    shutil.copytree(folder, live)
    replica = Replica(workdir / "inc.db")
    clock = FixedClock(T0)
    workspace = Workspace(
        replica, FolderStore(live, "reader-laptop"), clock, "reader", "reader-laptop"
    )
    workspace.sync()
    writer = FolderStore(live, "m03-laptop")
    times = []
    for r in range(rounds):
        base = 10_000_000 + r * 1000
        writer.append(
            [
                _event("m03", base + i, ev.ReactionAdded(message=new_id(), emoji="👍"))
                for i in range(100)
            ]
        )
        start = time.perf_counter()
        report = workspace.sync()
        times.append(time.perf_counter() - start)
        assert report.received == 100, report
    replica.close()
    return times


def peak_memory_child(folder: str, replica: str) -> None:
    """Run in a child: a first sync of the whole folder, then print peak RSS in MB."""
    workspace = Workspace(
        Replica(Path(replica)),
        FolderStore(Path(folder), "mem-laptop"),
        FixedClock(T0),
        "mem",
        "mem-laptop",
    )
    workspace.replica.db.execute("PRAGMA synchronous = NORMAL")
    report = workspace.sync()
    print(json.dumps({"received": report.received, "peak_mb": _high_water_mb()}))


def _high_water_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: on Linux that keeps the
    parent's peak across fork and exec, which would charge the parent's data here."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_memory(folder: Path, workdir: Path) -> tuple[int, float]:
    path = workdir / "mem.db"
    path.unlink(missing_ok=True)
    out = (
        subprocess.run(
            [sys.executable, __file__, "--memory-child", str(folder), str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    data = json.loads(out)
    return int(data["received"]), float(data["peak_mb"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-fold-rounds", type=int, default=1)
    parser.add_argument("--memory-child", nargs=2, metavar=("FOLDER", "REPLICA"))
    args = parser.parse_args()
    if args.memory_child:
        peak_memory_child(*args.memory_child)
        return

    folder = folder_with(args.events)
    batches = read_all(folder)
    total = sum(len(b) for b in batches)
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        workdir = Path(tmp)
        folds, bares = [], []
        for _ in range(args.rounds):  # interleaved, so both see the same machine
            folds.append(time_fold(batches, workdir))
            bares.append(time_bare_insert(batches, workdir))
        batch_folds = [
            time_fold(batches, workdir, catch_up=False) for _ in range(args.batch_fold_rounds)
        ]
        incremental = time_incremental(folder, workdir, 7)
        del batches
        memories = [measure_memory(folder, workdir)[1] for _ in range(args.rounds)]
    fold_rate = total / statistics.median(folds)
    bare_rate = total / statistics.median(bares)
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "events": total,
        "fold_s": [round(x, 2) for x in folds],
        "fold_events_per_s": round(fold_rate),
        "bare_insert_events_per_s": round(bare_rate),
        "fold_to_bare_ratio": round(fold_rate / bare_rate, 3),
        "batch_fold_s": [round(x, 2) for x in batch_folds],
        "batch_fold_events_per_s": round(total / statistics.median(batch_folds))
        if batch_folds
        else None,
        "incremental_100_ms": [round(x * 1000, 1) for x in incremental],
        "incremental_100_median_ms": round(statistics.median(incremental) * 1000, 1),
        "first_sync_peak_mb": [round(x) for x in memories],
        "first_sync_peak_median_mb": round(statistics.median(memories)),
    }
    print(
        f"fold: {fold_rate:,.0f} events/s (goal 100,000); bare insert {bare_rate:,.0f}/s;"
        f" ratio {fold_rate / bare_rate:.2f}"
    )
    if batch_folds:
        print(f"batch-by-batch fold (no catch-up): {result['batch_fold_events_per_s']:,} events/s")
    print(
        f"incremental sync of 100 on {total:,}: median {result['incremental_100_median_ms']} ms"
        " (goal < 50)"
    )
    print(f"first sync peak memory: median {result['first_sync_peak_median_mb']} MB (goal < 300)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
