"""The in-memory store behaves like the folder store for append, read and wait."""

from __future__ import annotations

import threading
import time

import pytest
from store_fixtures import make_event

from asynctui.stores.base import Store, StoreError, StoreUnavailable
from asynctui.stores.memory import MemoryStore


def test_a_memory_store_is_a_store() -> None:
    store: Store = MemoryStore()
    assert store.read_after("").events == []


def test_events_appended_are_read_back_in_key_order() -> None:
    store = MemoryStore()
    late, early = make_event("bob", 5), make_event("alice", 2)
    store.append([late, early])
    assert store.read_after("").events == [early, late]


def test_a_second_read_returns_only_the_new_events() -> None:
    store = MemoryStore()
    store.append([make_event(lamport=1)])
    cursor = store.read_after("").cursor
    newer = make_event(lamport=2)
    store.append([newer])
    result = store.read_after(cursor)
    assert result.events == [newer]
    assert store.read_after(result.cursor).events == []


def test_a_limited_read_hands_out_at_most_that_many() -> None:
    store = MemoryStore()
    events = [make_event(lamport=n) for n in range(5)]
    store.append(events)
    first = store.read_after("", limit=3)
    assert first.events == events[:3]
    rest = store.read_after(first.cursor, limit=3)
    assert rest.events == events[3:]
    assert store.read_after(rest.cursor, limit=3).events == []
    with pytest.raises(ValueError):
        store.read_after("", limit=0)


def test_the_same_event_appended_twice_comes_once_per_read() -> None:
    store = MemoryStore()
    event = make_event()
    store.append([event, event])
    assert store.read_after("").events == [event]


def test_a_cursor_that_is_not_ours_is_refused() -> None:
    with pytest.raises(StoreError, match="cursor"):
        MemoryStore().read_after('{"v": 1}')


def test_an_outage_makes_every_call_unavailable() -> None:
    store = MemoryStore()
    store.available = False
    with pytest.raises(StoreUnavailable):
        store.append([make_event()])
    with pytest.raises(StoreUnavailable):
        store.read_after("")
    with pytest.raises(StoreUnavailable):
        store.wait_for_more("", 0)
    store.available = True
    store.append([make_event()])


def test_wait_for_more_returns_false_after_the_timeout_when_nothing_changed() -> None:
    store = MemoryStore([make_event()])
    cursor = store.read_after("").cursor
    started = time.monotonic()
    assert not store.wait_for_more(cursor, 0.1)
    assert time.monotonic() - started >= 0.1


def test_wait_for_more_is_true_at_once_when_something_is_already_new() -> None:
    store = MemoryStore([make_event()])
    assert store.wait_for_more("", 0)


def test_wait_for_more_wakes_when_another_thread_appends() -> None:
    store = MemoryStore()
    timer = threading.Timer(0.05, lambda: store.append([make_event()]))
    timer.start()
    try:
        started = time.monotonic()
        assert store.wait_for_more("", 5)
        assert time.monotonic() - started < 1
    finally:
        timer.join()


def test_many_threads_appending_lose_nothing() -> None:
    store = MemoryStore()

    def write(device: str) -> None:
        for n in range(200):
            store.append([make_event(device, n)])

    threads = [threading.Thread(target=write, args=(f"d{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.read_after("").events) == 800
