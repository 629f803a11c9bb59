"""Events for store tests, and the writer process the concurrency test starts.

Run as a script it is one device appending to a shared folder::

    python store_fixtures.py FOLDER DEVICE COUNT SEED IDS_FILE

It appends COUNT events in small batches, keeping a Lamport counter that it
bumps past whatever it reads from other devices, as a real client would, then
writes the ids it appended to IDS_FILE (outside the shared folder).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asynctui.core.events import Event, MessagePosted
from asynctui.core.ids import new_id

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def make_event(
    device: str = "alice-laptop",
    lamport: int = 1,
    body: str = "hello",
    *,
    author: str = "alice",
    thread: str = "thread-1",
    event_id: str | None = None,
) -> Event:
    return Event(
        id=event_id or new_id(),
        lamport=lamport,
        device=device,
        author=author,
        at=T0 + timedelta(seconds=lamport),
        body=MessagePosted(message=new_id(), thread=thread, body=body),
    )


def write_as_device(folder: Path, device: str, count: int, seed: int, ids_file: Path) -> None:
    # Imported here so the module stays importable for plain event building.
    from asynctui.stores.folder import FolderStore

    rng = random.Random(seed)
    store = FolderStore(folder, device)
    cursor = ""
    lamport = 0
    ids: list[str] = []
    while len(ids) < count:
        if rng.random() < 0.2:
            result = store.read_after(cursor)
            cursor = result.cursor
            if result.events:
                lamport = max(lamport, max(e.lamport for e in result.events))
        batch = []
        for _ in range(min(rng.randint(1, 20), count - len(ids))):
            lamport += 1
            event = make_event(device, lamport, f"{device} says {len(ids)}", author=device)
            batch.append(event)
            ids.append(event.id)
        store.append(batch)
        # People type slower than a loop: spread the writes out so readers and
        # the sync-tool mischief in the test overlap with them.
        time.sleep(rng.uniform(0, 0.01))
    ids_file.write_text("\n".join(ids) + "\n")


if __name__ == "__main__":
    folder, device, count, seed, ids_file = sys.argv[1:6]
    write_as_device(Path(folder), device, int(count), int(seed), Path(ids_file))
