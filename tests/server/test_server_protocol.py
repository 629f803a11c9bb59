"""The sync server over a real socket: appends, reads, waiting, resets, limits."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import Device, RunningServer, post_events, running_server

from asynctui.core.events import (
    ChannelCreated,
    Event,
    MessagePosted,
    ThreadOpened,
    decode,
    encode,
)
from asynctui.core.ids import new_id


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path)


def post(device: Device, events: list[Event]) -> httpx.Response:
    return post_events(device, events)


def read(device: Device, after: str = "", **params: object) -> httpx.Response:
    return httpx.get(
        f"{device.url}/v1/events",
        params={"after": after, **params},  # type: ignore[dict-item]
        headers=device.headers,
        timeout=70,
    )


def test_what_ana_posts_bob_reads_in_order_with_a_cursor_to_go_on_from(
    server: RunningServer,
) -> None:
    ana, bob = server.join("ana", admin=True), server.join("bob")
    thread = new_id()
    events = [
        ana.event(ChannelCreated(channel="c-general", name="general")),
        ana.event(ThreadOpened(thread=thread, channel="c-general", title="Launch",
                               message=new_id(), body="Go?")),
    ]  # fmt: skip
    answer = post(ana, events)
    assert answer.status_code == 200
    first, second = answer.json()["seqs"]
    assert second == first + 1

    page = read(bob).json()
    assert [decode(json.dumps(e)).id for e in page["events"]] == [e.id for e in events]
    assert page["more"] is False
    assert read(bob, page["cursor"]).json()["events"] == []


def test_the_same_event_sent_three_times_is_stored_once_with_its_first_sequence(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    event = ana.event(ChannelCreated(channel="c-general", name="general"))
    seqs = [post(ana, [event]).json()["seqs"] for _ in range(3)]
    assert seqs[0] == seqs[1] == seqs[2]
    server.stop()
    server.start()  # a month later, after a restart
    assert post(ana, [event]).json()["seqs"] == seqs[0]
    assert len(read(ana).json()["events"]) == 1


def test_a_reader_waiting_for_more_is_woken_by_an_append(server: RunningServer) -> None:
    ana, bob = server.join("ana"), server.join("bob")
    cursor = read(bob).json()["cursor"]
    got: list[httpx.Response] = []
    waiter = threading.Thread(target=lambda: got.append(read(bob, cursor, wait=30)))
    waiter.start()
    time.sleep(0.3)
    post(ana, [ana.event(ChannelCreated(channel="c-x", name="x"))])
    waiter.join(timeout=20)
    assert got and len(got[0].json()["events"]) == 1


def test_a_wait_with_nothing_new_ends_with_no_events_and_the_same_cursor(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    cursor = read(ana).json()["cursor"]
    page = read(ana, cursor, wait=0.2).json()
    assert page["events"] == [] and page["cursor"] == cursor


def test_a_limited_read_says_there_is_more_and_reads_on_without_gap_or_double(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    sent = [ana.event(ChannelCreated(channel=f"c-{i}", name=f"n{i}")) for i in range(25)]
    post(ana, sent)
    seen, cursor = [], ""
    while True:
        page = read(ana, cursor, limit=7).json()
        seen += [e["id"] for e in page["events"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen == [e.id for e in sent]


@pytest.mark.parametrize(
    "cursor",
    [
        "someone-elses-workspace:1:{event}", "{workspace}:999:{event}",
        "{workspace}:1:01NOTTHEEVENTTHERE00000000", "{workspace}:1:",
    ],
)  # fmt: skip
def test_a_cursor_this_log_cannot_honour_gets_an_explicit_reset(
    server: RunningServer, cursor: str
) -> None:
    ana = server.join("ana")
    event = ana.event(ChannelCreated(channel="c-1", name="one"))
    post(ana, [event])
    assert read(ana, f"{read(ana).json()['cursor']}").status_code == 200
    workspace = server.workspace
    cursor = cursor.replace("{event}", event.id)
    answer = read(ana, cursor.format(workspace=workspace))
    assert answer.status_code == 409
    assert answer.json()["error"] == "reset"


def test_a_database_restored_from_an_older_backup_resets_clients_beyond_it(
    server: RunningServer, tmp_path: Path
) -> None:
    ana = server.join("ana")
    post(ana, [ana.event(ChannelCreated(channel="c-1", name="one"))])
    server.stop()
    backup = (tmp_path / "backup.db").write_bytes(server.db.read_bytes())
    assert backup
    server.start()
    post(ana, [ana.event(ChannelCreated(channel="c-2", name="two"))])
    cursor = read(ana).json()["cursor"]
    server.stop()
    server.db.write_bytes((tmp_path / "backup.db").read_bytes())
    for suffix in ("-wal", "-shm"):
        Path(f"{server.db}{suffix}").unlink(missing_ok=True)
    server.start()
    assert read(ana, cursor).json()["error"] == "reset"
    # Even once the restored log has grown past the client's place again.
    post(ana, [ana.event(ChannelCreated(channel=f"c-{i}", name="x")) for i in range(3)])
    assert read(ana, cursor).json()["error"] == "reset"


# -- limits and bad input: clear JSON errors, never a 500 ---------------------------


def test_a_body_over_the_limit_is_413(server: RunningServer) -> None:
    ana = server.join("ana")
    answer = httpx.post(
        f"{server.url}/v1/events",
        content=b'{"events": [' + b" " * (5 << 20) + b"]}",
        headers=ana.headers,
    )
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"


def test_more_than_500_events_at_once_is_413(server: RunningServer) -> None:
    ana = server.join("ana")
    many = [ana.event(ChannelCreated(channel=f"c-{i}", name="x")) for i in range(501)]
    answer = post(ana, many)
    assert answer.status_code == 413


def test_a_message_over_40000_characters_is_refused_naming_the_event(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    ok = ana.event(ChannelCreated(channel="c-1", name="one"))
    long = ana.event(MessagePosted(message=new_id(), thread="T", body="x" * 40_001))
    answer = post(ana, [ok, long])
    assert answer.status_code == 400
    assert answer.json()["error"] == "too_long" and answer.json()["index"] == 1
    assert read(ana).json()["events"] == []  # all or nothing


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"events": "no"}',
        b'{"events": [{"id": "x"}]}',
        b'{"events": [], "extra": 1}',
        '{"events": ["\udcff"]}'.encode("utf-8", "surrogatepass"),
    ],
)
def test_malformed_bodies_get_400_with_a_message(server: RunningServer, body: bytes) -> None:
    ana = server.join("ana")
    answer = httpx.post(f"{server.url}/v1/events", content=body, headers=ana.headers)
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad_request" and answer.json()["message"]


def test_an_unknown_event_kind_is_400_naming_the_event(server: RunningServer) -> None:
    ana = server.join("ana")
    good = json.loads(encode(ana.event(ChannelCreated(channel="c", name="c"))))
    bad = {**good, "id": new_id(), "body": {"kind": "meeting.exploded"}}
    answer = httpx.post(
        f"{server.url}/v1/events", json={"events": [good, bad]}, headers=ana.headers
    )
    assert answer.status_code == 400 and answer.json()["index"] == 1


@pytest.mark.parametrize(
    "params", [{"limit": "0"}, {"limit": "x"}, {"limit": "20001"}, {"wait": "-1"},
               {"wait": "inf"}, {"wait": "nan"}],
)  # fmt: skip
def test_bad_read_parameters_get_400(server: RunningServer, params: dict[str, str]) -> None:
    ana = server.join("ana")
    answer = read(ana, **params)
    assert answer.status_code == 400 and answer.json()["error"] == "bad_request"


def test_an_unknown_path_is_a_json_404(server: RunningServer) -> None:
    answer = httpx.get(f"{server.url}/v1/nothing-here")
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_too_many_requests_get_429_with_retry_after(server: RunningServer) -> None:
    ana = server.join("ana")
    with httpx.Client(headers=ana.headers) as client:
        statuses = [client.get(f"{server.url}/v1/me") for _ in range(150)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, "a burst of 150 requests was never limited"
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].json()["error"] == "rate_limited"


def test_the_openapi_document_lists_every_endpoint(server: RunningServer) -> None:
    doc = httpx.get(f"{server.url}/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {
        "/healthz", "/v1/join", "/v1/me", "/v1/events", "/v1/admin/invites",
        "/v1/admin/revoke", "/v1/admin/devices",
    }  # fmt: skip
    assert "Event" in doc["components"]["schemas"]
