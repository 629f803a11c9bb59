"""kill -9 while five clients post 10,000 events each: nothing acknowledged is lost,
nothing is doubled, and the database is intact."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx
from server_harness import Device, RunningServer

from asynctui.core.events import ChannelCreated, encode

CLIENTS = 5
EVENTS_EACH = 10_000
BATCH = 10


def _post_until_acknowledged(device: Device, url: str, acknowledged: dict[str, int]) -> None:
    """A client that retries the same batch (same ids) until the server answers."""
    with httpx.Client(headers=device.headers, timeout=5) as client:
        for start in range(0, EVENTS_EACH, BATCH):
            batch = [
                device.event(ChannelCreated(channel=f"c-{device.device}-{start + i}", name="x"))
                for i in range(BATCH)
            ]
            body = b'{"events":[' + b",".join(encode(e) for e in batch) + b"]}"
            while True:
                try:
                    answer = client.post(f"{url}/v1/events", content=body)
                except httpx.TransportError:
                    time.sleep(0.05)
                    continue
                if answer.status_code == 200:
                    for event, seq in zip(batch, answer.json()["seqs"], strict=True):
                        acknowledged[event.id] = seq
                    break
                assert answer.status_code in (429, 503), answer.text
                time.sleep(float(answer.headers.get("Retry-After", "0.1")))


def test_a_server_killed_every_two_seconds_loses_no_acknowledged_event_and_doubles_none(
    tmp_path: Path,
) -> None:
    server = RunningServer(tmp_path / "team.db")
    server.start()
    devices = [server.join(f"p{i}") for i in range(CLIENTS)]
    acks: list[dict[str, int]] = [{} for _ in devices]
    clients = [
        threading.Thread(target=_post_until_acknowledged, args=(d, server.url, a))
        for d, a in zip(devices, acks, strict=True)
    ]
    for c in clients:
        c.start()
    kills = 0
    try:
        while any(c.is_alive() for c in clients):
            time.sleep(2)
            if any(c.is_alive() for c in clients):
                server.kill()
                kills += 1
                server.start()
        for c in clients:
            c.join()
    finally:
        server.stop()

    assert kills >= 1, "the clients finished before the first kill: make the test longer"
    acknowledged = {i: s for a in acks for i, s in a.items()}
    assert len(acknowledged) == CLIENTS * EVENTS_EACH
    db = sqlite3.connect(server.db)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = dict(db.execute("SELECT id, seq FROM events").fetchall())
    (total,) = db.execute("SELECT count(*) FROM events").fetchone()
    assert total == len(rows) == len(acknowledged)  # nothing doubled
    # Every acknowledged event is there, under the sequence it was acknowledged with.
    assert all(rows[i] == s for i, s in acknowledged.items())
