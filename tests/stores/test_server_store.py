"""The server store against a real `asynctui serve` on 127.0.0.1 (tests/server_harness.py)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from server_harness import Device, RunningServer, free_port, running_server
from store_fixtures import make_event

from asynctui.core.events import Event, StatusSet
from asynctui.server.log import ServerLog
from asynctui.stores.base import EventRefused, Store, StoreError, StoreReset, StoreUnavailable
from asynctui.stores.server import ServerStore


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One server for the tests that do not stop it; each test joins its own people."""
    yield from running_server(tmp_path_factory.mktemp("server"))


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[RunningServer]:
    """A server of this test alone, to stop, kill or restore."""
    yield from running_server(tmp_path)


def store_of(device: Device) -> ServerStore:
    return ServerStore(device.url, device.token, device.device)


def said(device: Device, text: str) -> Event:
    # A status names no thread or channel, so these tests need none on the server.
    return device.event(StatusSet(state="available", text=text))


def everything(store: ServerStore, cursor: str = "") -> tuple[list[Event], str]:
    result = store.read_after(cursor)
    return result.events, result.cursor


def test_the_server_store_is_a_store(server: RunningServer) -> None:
    store: Store = store_of(server.join("ann"))
    assert store.read_after("").cursor


def as_sent(events: list[Event]) -> list[Event]:
    """The events as their author sent them: without the server's receive time."""
    return [msgspec.structs.replace(e, received=None) for e in events]


def test_what_ana_sends_bob_reads_back_whole_and_once(server: RunningServer) -> None:
    ana, bob = server.join("ana1"), server.join("bob1")
    sent = [said(ana, f"line {i}") for i in range(5)]
    store_of(ana).append(sent)
    events, _ = everything(store_of(bob))
    mine = [e for e in events if e.author == ana.member]
    assert as_sent(mine) == sent
    assert all(e.received is not None for e in mine)


def test_reading_on_from_a_cursor_brings_only_what_is_new(server: RunningServer) -> None:
    ana, bob = server.join("ana2"), server.join("bob2")
    reader = store_of(bob)
    _, cursor = everything(reader)
    later = said(ana, "later")
    store_of(ana).append([later])
    events, cursor = everything(reader, cursor)
    assert [e.id for e in events] == [later.id]
    assert everything(reader, cursor)[0] == []


def test_reading_in_small_batches_gets_everything_in_order(server: RunningServer) -> None:
    ana = server.join("ana3")
    store = store_of(ana)
    _, start = everything(store)
    sent = [said(ana, f"{i}") for i in range(7)]
    store.append(sent)
    got: list[Event] = []
    cursor = start
    while True:
        result = store.read_after(cursor, limit=3)
        if not result.events and result.cursor == cursor:
            break
        assert len(result.events) <= 3
        got += result.events
        cursor = result.cursor
    assert as_sent(got) == sent


def test_sending_the_same_events_again_after_a_timeout_stores_them_once(
    server: RunningServer,
) -> None:
    ana = server.join("ana4")
    store = store_of(ana)
    _, start = everything(store)
    batch = [said(ana, "once"), said(ana, "twice?")]
    store.append(batch)
    store.append(batch)  # as after a timeout: the answer was lost, the events were not
    store.append(batch[1:])
    events, _ = everything(store, start)
    assert [e.id for e in events] == [e.id for e in batch]


def test_more_than_one_request_worth_of_events_goes_through(server: RunningServer) -> None:
    ana = server.join("ana5")
    store = store_of(ana)
    _, start = everything(store)
    sent = [said(ana, f"{i}") for i in range(1_201)]
    store.append(sent)
    events, _ = everything(store, start)
    assert [e.id for e in events] == [e.id for e in sent]


def test_a_wait_ends_when_someone_else_posts(server: RunningServer) -> None:
    ana, bob = server.join("ana6"), server.join("bob6")
    waiter = store_of(bob)
    _, cursor = everything(waiter)
    woke: list[bool] = []
    thread = threading.Thread(target=lambda: woke.append(waiter.wait_for_more(cursor, 50)))
    thread.start()
    store_of(ana).append([said(ana, "wake up")])
    thread.join()
    assert woke == [True]
    assert [e.body for e in everything(waiter, cursor)[0]][0].text == "wake up"  # type: ignore[union-attr]


def test_a_wait_with_nothing_new_says_nothing_is_new(server: RunningServer) -> None:
    bob = server.join("bob7")
    store = store_of(bob)
    _, cursor = everything(store)
    assert store.wait_for_more(cursor, 0.2) is False


def test_an_event_in_someone_elses_name_is_refused_by_its_place_in_the_batch(
    server: RunningServer,
) -> None:
    ana, bob = server.join("ana8"), server.join("bob8")
    store = store_of(ana)
    _, start = everything(store)
    forged = make_event(ana.device, 1, "I am bob", author=bob.member)
    batch = [said(ana, "fine"), forged, said(ana, "also fine")]
    with pytest.raises(EventRefused) as refused:
        store.append(batch)
    assert refused.value.index == 1
    assert "\n" not in refused.value.reason
    # All or nothing: the batch stored nothing; without the refused one it goes.
    assert everything(store, start)[0] == []
    store.append([batch[0], batch[2]])
    assert [e.id for e in everything(store, start)[0]] == [batch[0].id, batch[2].id]


def test_a_message_over_forty_thousand_characters_is_refused_alone(
    server: RunningServer,
) -> None:
    ana = server.join("ana9")
    store = store_of(ana)
    batch = [said(ana, "short"), said(ana, "x" * 40_001)]
    with pytest.raises(EventRefused) as refused:
        store.append(batch)
    assert refused.value.index == 1


def test_a_revoked_token_is_a_one_line_error_saying_what_to_do(server: RunningServer) -> None:
    ana = server.join("ana10")
    store = store_of(ana)
    store.read_after("")
    operator = ServerLog(server.db)
    try:
        operator.revoke(device=ana.device)
    finally:
        operator.close()
    with pytest.raises(StoreError) as error:
        store.read_after("")
    assert not isinstance(error.value, StoreUnavailable)
    message = str(error.value)
    assert "\n" not in message
    assert "revoked" in message and "asynctui init --server" in message
    assert ana.token not in message
    with pytest.raises(StoreError, match="revoked"):
        store.append([said(ana, "still there?")])


def test_a_token_the_server_never_gave_is_refused(server: RunningServer) -> None:
    store = ServerStore(server.url, "not-a-token", "nobody-laptop")
    with pytest.raises(StoreError, match="token") as error:
        store.read_after("")
    assert not isinstance(error.value, StoreUnavailable)


def test_too_many_requests_at_once_are_told_when_to_come_back(server: RunningServer) -> None:
    bob = server.join("bob11")
    store = store_of(bob)
    cursor = store.read_after("").cursor
    with pytest.raises(StoreUnavailable) as busy:
        for _ in range(1_000):
            store.wait_for_more(cursor, 0)
    assert busy.value.retry_after is not None and busy.value.retry_after >= 1
    assert "\n" not in str(busy.value)


def test_a_server_that_is_not_running_is_unavailable_not_an_error() -> None:
    store = ServerStore(f"http://127.0.0.1:{free_port()}", "token", "ana-laptop")
    with pytest.raises(StoreUnavailable) as down:
        store.read_after("")
    assert "\n" not in str(down.value)
    with pytest.raises(StoreUnavailable):
        store.append([make_event()])
    with pytest.raises(StoreUnavailable):
        store.wait_for_more("", 1)


def test_reading_on_after_the_server_was_killed_misses_nothing_and_repeats_nothing(
    own_server: RunningServer,
) -> None:
    ana, bob = own_server.join("ana"), own_server.join("bob")
    sent = [said(ana, f"{i}") for i in range(50)]
    store_of(ana).append(sent)
    reader = store_of(bob)
    got: list[Event] = []
    first = reader.read_after("", limit=20)
    got += first.events
    own_server.kill()
    with pytest.raises(StoreUnavailable):
        reader.read_after(first.cursor, limit=20)
    more = [said(ana, f"after {i}") for i in range(5)]
    own_server.start()
    store_of(ana).append(more)
    cursor = first.cursor
    while True:
        result = reader.read_after(cursor, limit=20)
        if not result.events and result.cursor == cursor:
            break
        got += result.events
        cursor = result.cursor
    ids = [e.id for e in got]
    assert len(ids) == len(set(ids))
    assert set(ids) == {e.id for e in sent + more}


def test_a_server_restored_from_an_older_backup_asks_for_a_fresh_start(
    own_server: RunningServer, tmp_path: Path
) -> None:
    ana = own_server.join("ana")
    store = store_of(ana)
    store.append([said(ana, "before the backup")])
    own_server.stop()
    backup = tmp_path / "backup.db"
    shutil.copy(own_server.db, backup)
    own_server.start()
    store.append([said(ana, f"lost {i}") for i in range(3)])
    _, cursor = everything(store)
    own_server.stop()
    for suffix in ("-wal", "-shm"):
        Path(f"{own_server.db}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, own_server.db)
    own_server.start()
    with pytest.raises(StoreReset) as reset:
        store.read_after(cursor)
    assert "\n" not in str(reset.value)
    # The wait treats it as news, so the sync that follows starts over.
    assert store.wait_for_more(cursor, 5) is True
    assert [e.body.text for e in everything(store)[0]] == ["before the backup"]  # type: ignore[union-attr]
