"""The sync worker's loop on a real shared folder, run in a thread as the TUI runs it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from asynctui.client import queries
from asynctui.client.replica import Replica
from asynctui.client.sync import SyncLoop
from asynctui.client.workspace import SyncReport, Workspace
from asynctui.core.clock import SystemClock
from asynctui.core.events import ChannelCreated, StatusSet, decode
from asynctui.stores.base import Store, StoreUnavailable
from asynctui.stores.folder import FolderStore
from asynctui.stores.offline import OfflineStore


@dataclass
class Running:
    loop: SyncLoop
    ui: Workspace
    """The UI's own connection to the replica, with no store: it only records."""
    folder: Path
    reports: list[SyncReport] = field(default_factory=list)

    def until(self, condition: Callable[[], bool], seconds: float = 20.0) -> bool:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.05)
        return condition()

    def journal(self, device: str) -> list[str]:
        path = self.folder / "journals" / f"{device}.jsonl"
        if not path.exists():
            return []
        return [decode(line).id for line in path.read_bytes().splitlines() if line.strip()]


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    folder = tmp_path / "shared"
    FolderStore.create(folder, "ana-laptop")

    def open_store() -> Store:
        try:
            return FolderStore(folder, "ana-laptop")
        except StoreUnavailable as exc:
            return OfflineStore(str(exc))

    clock = SystemClock()
    worker = Workspace(Replica(tmp_path / "ana.db"), open_store(), clock, "m-ana", "ana-laptop")
    ui = Workspace(Replica(tmp_path / "ana.db"), None, clock, "m-ana", "ana-laptop")
    loop = SyncLoop(worker, open_store)
    state = Running(loop, ui, folder)
    stop = threading.Event()
    thread = threading.Thread(target=loop.run, args=(stop.is_set, state.reports.append))
    thread.start()
    try:
        assert state.until(lambda: bool(state.reports))
        yield state
    finally:
        stop.set()
        thread.join()
        worker.replica.close()
        ui.replica.close()


def test_a_nudged_event_of_mine_reaches_the_folder(running: Running) -> None:
    event = running.ui.emit(StatusSet(state="away", text="Lunch"))
    running.loop.nudge()
    assert running.until(lambda: event.id in running.journal("ana-laptop"))
    assert running.until(lambda: running.ui.replica.outbox() == [])


def test_what_another_device_writes_is_brought_in_while_waiting(running: Running) -> None:
    bob = Workspace(
        Replica(running.folder.parent / "bob.db"),
        FolderStore(running.folder, "bob-laptop"),
        SystemClock(),
        "m-bob",
        "bob-laptop",
    )
    bob.emit(ChannelCreated(channel="c-design", name="design"))
    bob.sync()
    assert running.until(lambda: [c.name for c in queries.channels(running.ui.db)] == ["design"])
    assert any(r.received for r in running.reports)
    bob.replica.close()


def test_a_refused_event_can_be_discarded_through_the_worker(running: Running) -> None:
    # A folder refuses nothing: an event set aside as refused stands for one.
    event = running.ui.emit(ChannelCreated(channel="c-oops", name="oops"))
    running.ui.replica.mark_failed(event.id, "refused for the test")
    running.loop.discard(event.id)
    assert running.until(lambda: any(r.discarded for r in running.reports))
    assert queries.channels(running.ui.db) == []
    assert event.id not in running.journal("ana-laptop")
