"""How long the folder store takes to hand over new events in a big shared folder.

Usage::

    .venv/bin/python benchmarks/bench_folder_read.py [--events 1000000] [--devices 10]

Builds (once, cached under ``benchmarks/.data/``) a shared folder holding
``--events`` events across ``--devices`` journals, copies it to a temporary
folder, reads everything once to get a cursor (also in batches of 20,000, as
the sync worker does), then 7 times appends 100 new
events spread over the devices and times ``read_after(cursor)`` for them.
Goal: median under 50 ms for the store's part of a sync (the replica's apply is
measured elsewhere). The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asynctui.core.events import Event, MessagePosted, encode  # noqa: E402
from asynctui.core.ids import new_id  # noqa: E402
from asynctui.stores.folder import JOURNALS, FolderStore  # noqa: E402

DATA = Path(__file__).resolve().parent / ".data"
ROUNDS = 7
NEW_EVENTS = 100
BATCH = 20_000
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def event(device: str, lamport: int, n: int) -> Event:
    return Event(
        id=new_id(int(T0.timestamp() * 1000) + lamport),
        lamport=lamport,
        device=device,
        author=device.split("-")[0],
        at=T0 + timedelta(seconds=lamport),
        body=MessagePosted(
            message=new_id(),
            thread=f"thread-{n % 5000}",
            body=f"Message {n}: a typical short reply about the release plan and its checklist.",
        ),
    )


def build(folder: Path, total: int, devices: int) -> None:
    """Write ``total`` events round-robin over ``devices`` journals, as a team would."""
    journals = folder / JOURNALS
    journals.mkdir(parents=True)
    names = [f"member{d}-laptop" for d in range(devices)]
    files = [open(journals / f"{name}.jsonl", "wb") for name in names]
    try:
        for n in range(total):
            d = n % devices
            files[d].write(encode(event(names[d], n + 1, n)) + b"\n")
    finally:
        for f in files:
            f.close()


def cached_folder(total: int, devices: int) -> Path:
    folder = DATA / f"folder-{total}-{devices}"
    if (folder / "complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    started = time.perf_counter()
    build(building, total, devices)
    (building / "complete").write_text("")
    building.rename(folder)
    print(f"built {total:,} events in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--devices", type=int, default=10)
    args = parser.parse_args()

    source = cached_folder(args.events, args.devices)
    with tempfile.TemporaryDirectory(prefix="asynctui-bench-") as tmp:
        folder = Path(tmp) / "shared"
        shutil.copytree(source / JOURNALS, folder / JOURNALS)
        names = sorted(p.stem for p in (folder / JOURNALS).iterdir())
        writers = [FolderStore(folder, name) for name in names]
        reader = FolderStore(folder, "bench-reader")

        started = time.perf_counter()
        first = reader.read_after("")
        full_read_s = time.perf_counter() - started
        assert len(first.events) == args.events, len(first.events)
        cursor = first.cursor
        del first

        # The sync worker pulls a first sync in bounded batches (limit=20,000),
        # which also keeps memory flat.
        started = time.perf_counter()
        batched_cursor, batches, seen = "", 0, 0
        while True:
            batch = reader.read_after(batched_cursor, limit=BATCH)
            if batch.cursor == batched_cursor and not batch.events:
                break
            batches += 1
            seen += len(batch.events)
            batched_cursor = batch.cursor
        batched_read_s = time.perf_counter() - started
        assert seen == args.events, seen
        assert batched_cursor == cursor

        lamport = args.events
        timings_ms: list[float] = []
        for _ in range(ROUNDS):
            for i in range(NEW_EVENTS):
                lamport += 1
                writer = writers[i % len(writers)]
                writer.append([event(writer.device, lamport, lamport)])
            started = time.perf_counter()
            result = reader.read_after(cursor)
            timings_ms.append((time.perf_counter() - started) * 1000)
            assert len(result.events) == NEW_EVENTS, len(result.events)
            cursor = result.cursor

    median_ms = statistics.median(timings_ms)
    print(
        json.dumps(
            {
                "benchmark": "folder_read",
                "events": args.events,
                "journals": len(names),
                "full_read_s": round(full_read_s, 2),
                "full_read_in_batches_s": round(batched_read_s, 2),
                "batches": batches,
                "incremental_100_median_ms": round(median_ms, 2),
                "incremental_100_ms": [round(t, 2) for t in timings_ms],
                "goal_ms": 50,
                "ok": median_ms < 50,
            }
        )
    )


if __name__ == "__main__":
    main()
