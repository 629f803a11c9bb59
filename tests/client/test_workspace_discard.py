"""Refused events in the sync report, and discarding one from the outbox: its
effect leaves the replica, everything the store has stays (a real server, a real
folder)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from server_harness import Device, RunningServer, running_server

from asynctui.client import queries
from asynctui.client.outbox import OutboxError
from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.core.clock import SystemClock
from asynctui.core.events import ChannelCreated, MessagePosted, StatusSet, ThreadOpened
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore
from asynctui.stores.server import ServerStore


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path)


def on(device: Device, replica: Path) -> Workspace:
    store = ServerStore(device.url, device.token, device.device)
    return Workspace(Replica(replica), store, SystemClock(), device.member, device.device)


def thread(ws: Workspace, channel: str, title: str) -> str:
    tid = new_id()
    ws.emit(ThreadOpened(thread=tid, channel=channel, title=title, message=new_id(), body="?"))
    return tid


@pytest.fixture
def ana(server: RunningServer, tmp_path: Path) -> Workspace:
    """Ana on the server with #general and a thread in it, all sent."""
    ws = on(server.join("ana"), tmp_path / "ana.db")
    ws.emit(ChannelCreated(channel="c-general", name="general"))
    thread(ws, "c-general", "Kept")
    assert ws.sync().sent == 2
    return ws


def test_a_refused_event_comes_in_the_report_with_the_servers_reason(ana: Workspace) -> None:
    stray = ana.emit(MessagePosted(message=new_id(), thread="T-FROM-ELSEWHERE", body="?"))
    report = ana.sync()
    (refusal,) = report.refused
    assert refusal.event.id == stray.id
    assert "that you can see" in refusal.reason
    assert str(refusal).startswith("the message '?' (")
    assert report.failed == 1
    # A refusal is for good: it is not sent, nor reported, again.
    assert ana.sync().refused == []


def test_discarding_a_refused_thread_takes_it_off_the_replica_and_keeps_the_rest(
    ana: Workspace,
) -> None:
    gone = thread(ana, "c-nowhere", "Refused")
    (refusal,) = ana.sync().refused
    assert {t.title for t in queries.threads(ana.db)} == {"Kept", "Refused"}
    report = ana.discard(refusal.event.id[-5:])
    assert [e.id for e in report.discarded] == [refusal.event.id]
    assert report.news == 0  # everything came again: none of it is new
    assert [t.title for t in queries.threads(ana.db)] == ["Kept"]
    assert queries.thread(ana.db, gone) is None
    assert ana.replica.outbox() == []


def test_a_pending_event_is_discarded_only_when_forced(ana: Workspace) -> None:
    offline = Workspace(ana.replica, None, ana.clock, ana.member, ana.device)
    status = offline.emit(StatusSet(state="away", text="Lunch"))
    with pytest.raises(OutboxError, match="still waiting to be sent"):
        ana.discard(status.id)
    ana.discard(status.id, force=True)
    assert ana.replica.outbox() == []
    assert ana.team().status(ana.member, datetime.now(UTC)) is None


def test_nothing_is_discarded_while_the_server_is_down(
    ana: Workspace, server: RunningServer
) -> None:
    thread(ana, "c-nowhere", "Refused")
    (refusal,) = ana.sync().refused
    server.stop()
    with pytest.raises(OutboxError, match="cannot discard while offline"):
        ana.discard(refusal.event.id)
    # The replica is as it was: not emptied with no way to fill it again.
    assert {t.title for t in queries.threads(ana.db)} == {"Kept", "Refused"}
    assert [o.event.id for o in ana.replica.outbox()] == [refusal.event.id]


def test_an_id_that_names_nothing_is_refused_in_words(ana: Workspace) -> None:
    with pytest.raises(OutboxError, match="the outbox is empty"):
        ana.discard("abcd")
    offline = Workspace(ana.replica, None, ana.clock, ana.member, ana.device)
    first = offline.emit(StatusSet(state="away"))
    with pytest.raises(OutboxError, match="no event 'zzzz' in the outbox"):
        ana.discard("zzzz")
    with pytest.raises(OutboxError, match="no event"):
        ana.discard(first.id[:10], force=True)  # a start is not an ending


def test_a_pending_event_discarded_on_a_folder_never_reaches_its_journal(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shared"
    store = FolderStore.create(folder, "ana-laptop")
    ws = Workspace(Replica(tmp_path / "ana.db"), store, SystemClock(), "m-ana", "ana-laptop")
    ws.emit(ChannelCreated(channel="c-general", name="general"))
    ws.sync()
    unsent = Workspace(ws.replica, None, ws.clock, ws.member, ws.device)
    regret = thread(unsent, "c-general", "Never mind")
    (pending,) = ws.replica.outbox()
    ws.discard(pending.event.id, force=True)
    assert queries.thread(ws.db, regret) is None
    assert [c.name for c in queries.channels(ws.db)] == ["general"]
    assert regret not in (folder / "journals" / "ana-laptop.jsonl").read_text()
