"""Workspaces syncing through a real `asynctui serve` on 127.0.0.1.

Run as a script, this file is one client process that the kill -9 tests start::

    python test_workspace_server.py queue|flush URL TOKEN DEVICE MEMBER REPLICA COUNT

``queue`` records COUNT messages one by one with no store (as offline), printing
each id once it is durably in the outbox; ``flush`` records them, prints
``flushing`` and sends them all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from server_harness import Device, RunningServer, running_server

from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import MessagePosted, ProfileSet, StatusSet
from asynctui.core.ids import new_id
from asynctui.stores.server import ServerStore

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path)


def workspace_of(device: Device, replica: Path, *, online: bool = True) -> Workspace:
    store = ServerStore(device.url, device.token, device.device) if online else None
    return Workspace(Replica(replica), store, FixedClock(NOW), device.member, device.device)


def post(workspace: Workspace, text: str) -> str:
    # A status names no thread or channel, so these tests need none on the server.
    return workspace.emit(StatusSet(state="available", text=text)).id


def ids_on_server(device: Device) -> list[str]:
    """Every event id of ``device`` in the server's log, in log order, repeats kept."""
    with ServerStore(device.url, device.token, device.device) as store:
        return [e.id for e in store.read_after("").events if e.device == device.device]


def test_what_ana_writes_bob_sees_after_his_next_sync(
    server: RunningServer, tmp_path: Path
) -> None:
    ana = workspace_of(server.join("ana"), tmp_path / "ana.db")
    bob = workspace_of(server.join("bob"), tmp_path / "bob.db")
    ana.emit(ProfileSet(name="Ana Ruiz", handle="ana", tz="Europe/Berlin"))
    assert ana.sync().sent == 1
    report = bob.sync()
    assert report.received == 1 and report.offline is None
    assert bob.team().by_handle("ana") is not None


def test_a_refused_message_is_set_aside_as_failed_and_the_others_are_sent(
    server: RunningServer, tmp_path: Path
) -> None:
    device = server.join("ana")
    ana = workspace_of(device, tmp_path / "ana.db")
    first = post(ana, "first")
    # A reply into a thread the server does not know: refused (404), for good.
    too_long = ana.emit(MessagePosted(message=new_id(), thread=new_id(), body="hello?")).id
    last = post(ana, "last")
    report = ana.sync()
    assert (report.sent, report.failed, report.queued, report.offline) == (2, 1, 0, None)
    [failed] = ana.replica.outbox()
    assert failed.event.id == too_long and failed.state == "failed"
    assert failed.error and "\n" not in failed.error
    assert ids_on_server(device) == [first, last]
    # It stays set aside: the next sync sends nothing again.
    assert ana.sync().sent == 0


def test_a_revoked_device_keeps_its_queued_messages(server: RunningServer, tmp_path: Path) -> None:
    from asynctui.server.log import ServerLog
    from asynctui.stores.base import StoreError

    device = server.join("ana")
    ana = workspace_of(device, tmp_path / "ana.db")
    ana.sync()
    operator = ServerLog(server.db)
    try:
        operator.revoke(device=device.device)
    finally:
        operator.close()
    post(ana, "not sent")
    with pytest.raises(StoreError, match="revoked"):
        ana.sync()
    assert [o.state for o in ana.replica.outbox()] == ["pending"]


def test_a_server_restored_from_a_backup_rebuilds_the_replica_once_and_says_so(
    server: RunningServer, tmp_path: Path
) -> None:
    ana_device, bob_device = server.join("ana"), server.join("bob")
    ana = workspace_of(ana_device, tmp_path / "ana.db")
    bob = workspace_of(bob_device, tmp_path / "bob.db")
    ana.emit(ProfileSet(name="Ana Ruiz", handle="ana", tz="Europe/Berlin"))
    ana.sync()
    server.stop()
    backup = tmp_path / "backup.db"
    shutil.copy(server.db, backup)
    server.start()
    bob.emit(ProfileSet(name="Bob Stone", handle="bob", tz="America/New_York"))
    bob.sync()
    assert ana.sync().received == 1
    assert ana.team().by_handle("bob") is not None
    server.stop()
    for suffix in ("-wal", "-shm"):
        Path(f"{server.db}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, server.db)
    server.start()

    report = ana.sync()
    assert report.offline is None
    assert any("rebuilt" in w for w in report.warnings)
    # What the server holds now, and nothing it lost.
    assert report.received == 1 and report.news == 0
    assert ana.team().by_handle("bob") is None
    assert ana.team().by_handle("ana") is not None
    assert ana.sync().warnings == []


def test_a_server_that_is_down_leaves_everything_queued(
    server: RunningServer, tmp_path: Path
) -> None:
    device = server.join("ana")
    ana = workspace_of(device, tmp_path / "ana.db")
    server.stop()
    queued = post(ana, "while down")
    report = ana.sync()
    assert report.offline is not None and "\n" not in report.offline
    assert report.queued == 1
    server.start()
    assert ana.sync().sent == 1
    assert ids_on_server(device) == [queued]


# -- the client process killed with kill -9 --------------------------------------------


def start_client(mode: str, device: Device, replica: Path, count: int) -> subprocess.Popen[str]:
    argv = [sys.executable, __file__, mode, device.url, device.token, device.device]
    argv += [device.member, str(replica), str(count)]
    tests = str(Path(__file__).parent.parent)  # for server_harness, imported above
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env)


def kill_9(process: subprocess.Popen[str]) -> list[str]:
    """Kill the client at once and return what it printed."""
    process.kill()
    out, _ = process.communicate()
    return out.split()


def server_seq(server: RunningServer) -> int:
    return server.last_seq()


def recover_and_check(device: Device, replica: Path, recorded: list[str]) -> None:
    """A new process on the same replica sends what is left; each event is on the
    server exactly once."""
    ws = workspace_of(device, replica)
    in_outbox = {o.event.id for o in ws.replica.outbox()}
    report = ws.sync()
    assert report.offline is None and report.failed == 0
    assert ws.replica.outbox() == []
    on_server = ids_on_server(device)
    assert len(on_server) == len(set(on_server))
    assert set(on_server) == set(recorded) | in_outbox
    assert set(recorded) <= set(on_server)


def test_messages_queued_when_the_client_is_killed_reach_the_server_once(
    server: RunningServer, tmp_path: Path
) -> None:
    device = server.join("ana")
    replica = tmp_path / "ana.db"
    client = start_client("queue", device, replica, 10_000)
    assert client.stdout is not None
    recorded = [client.stdout.readline().strip() for _ in range(50)]
    assert all(recorded), "the client ended early"
    recorded += kill_9(client)
    assert ids_on_server(device) == []
    recover_and_check(device, replica, recorded)


@pytest.mark.parametrize("when", ["as it starts sending", "once the server has stored some"])
def test_messages_being_sent_when_the_client_is_killed_reach_the_server_once(
    server: RunningServer, tmp_path: Path, when: str
) -> None:
    device = server.join("ana")
    replica = tmp_path / "ana.db"
    before = server_seq(server)
    client = start_client("flush", device, replica, 3_000)
    assert client.stdout is not None
    recorded: list[str] = []
    while (line := client.stdout.readline().strip()) != "flushing":
        assert line, "the client ended before sending"
        recorded.append(line)
    if when != "as it starts sending":
        while server_seq(server) == before and client.poll() is None:
            pass
    kill_9(client)
    recover_and_check(device, replica, recorded)


def _client(mode: str, url: str, token: str, device: str, member: str, path: str, n: int) -> None:
    replica = Replica(Path(path))
    queued = Workspace(replica, None, FixedClock(NOW), member, device)
    for i in range(n):
        print(post(queued, f"message {i}"), flush=True)
    if mode == "flush":
        print("flushing", flush=True)
        Workspace(replica, ServerStore(url, token, device), FixedClock(NOW), member, device).sync()
        print("done", flush=True)


if __name__ == "__main__":
    mode, url, token, device_name, member, path, count = sys.argv[1:8]
    _client(mode, url, token, device_name, member, path, int(count))


def test_a_reply_to_a_thread_the_server_does_not_have_is_set_aside_and_the_rest_is_sent(
    server: RunningServer, tmp_path: Path
) -> None:
    device = server.join("ana")
    ana = workspace_of(device, tmp_path / "ana.db")
    stray = ana.emit(MessagePosted(message=new_id(), thread="a-thread-from-elsewhere", body="?"))
    fine = post(ana, "still here")
    report = ana.sync()
    assert (report.sent, report.failed, report.queued) == (1, 1, 0)
    [failed] = ana.replica.outbox()
    assert failed.event.id == stray.id and "that you can see" in failed.error
    assert ids_on_server(device) == [fine]
