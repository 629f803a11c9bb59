"""A reader cut off a thousand times resumes from its cursor: nothing missing, nothing twice."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import RunningServer, running_server

from asynctui.core.events import ChannelCreated, encode

DISCONNECTS = 1_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    # A thousand cut requests in a few seconds are far over the default rate limit.
    yield from running_server(tmp_path, "--rate", "100000")


def test_a_reader_disconnected_1000_times_at_random_gets_every_event_once_in_order(
    server: RunningServer,
) -> None:
    writer, reader = server.join("ana"), server.join("bob")
    sent: list[str] = []

    def write() -> None:
        with httpx.Client(headers=writer.headers, timeout=10) as client:
            for _ in range(200):
                batch = [writer.event(ChannelCreated(channel="c", name="x")) for _ in range(5)]
                body = b'{"events":[' + b",".join(encode(e) for e in batch) + b"]}"
                answer = client.post(f"{server.url}/v1/events", content=body)
                assert answer.status_code == 200, answer.text
                sent.extend(e.id for e in batch)

    rnd = random.Random(11)
    thread = threading.Thread(target=write)
    thread.start()
    got: list[str] = []
    cursor, disconnects = "", 0
    # httpx drops a connection whose request timed out, so each cut is a real
    # disconnect; the client is kept only to spare building one per request.
    client = httpx.Client(headers=reader.headers)
    while disconnects < DISCONNECTS or thread.is_alive() or len(got) < len(sent):
        cut = disconnects < DISCONNECTS and rnd.random() < 0.7
        # A cut is a long wait abandoned after a few milliseconds: mid-answer when
        # events are flowing, mid-wait when there are none.
        timeout = httpx.Timeout(rnd.uniform(0.001, 0.02)) if cut else httpx.Timeout(10)
        try:
            answer = client.get(
                f"{server.url}/v1/events",
                params={
                    "after": cursor,
                    "limit": rnd.randint(1, 40),
                    "wait": 5 if cut else 0,
                },
                timeout=timeout,
            )
        except httpx.TimeoutException:
            disconnects += 1
            continue
        assert answer.status_code == 200, answer.text
        page = answer.json()
        got.extend(e["id"] for e in page["events"])
        cursor = page["cursor"]
    thread.join()
    client.close()
    assert disconnects == DISCONNECTS
    assert got == sent  # in order, nothing missing, nothing doubled
