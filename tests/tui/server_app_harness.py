"""The app on a real `asynctui serve` (127.0.0.1), through a proxy that counts requests.

``ServerTeam`` joins Ana and Bob to the server, gives them profiles and a #general
thread, and builds ``AsyncTuiApp`` for Ana as ``asynctui/cli/tui_command.py``
does (two workspaces over one replica file, a ``ServerStore`` each, the store
reopened on demand), pointed at the proxy, so a test can count what the app
asked of the server. The clock runs: the server checks the times events carry.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from counting_proxy import CountingProxy
from server_harness import Device, RunningServer, running_server

from asynctui.client.replica import Replica
from asynctui.client.session import Session
from asynctui.client.workspace import Workspace
from asynctui.config import Config
from asynctui.core.clock import SystemClock
from asynctui.core.events import ChannelCreated, HoursSet, ProfileSet, ThreadOpened
from asynctui.core.hours import Hours
from asynctui.core.ids import new_id
from asynctui.stores.base import Store
from asynctui.stores.server import ServerStore
from asynctui.tui.app import AsyncTuiApp

__all__ = ["TITLE", "ServerTeam", "seed", "server_team"]

TITLE = "Launch plan"
"""The one thread in #general, opened by Bob."""


@dataclass
class ServerTeam:
    server: RunningServer
    proxy: CountingProxy
    ana: Device
    bob: Device
    base: Path
    _replicas: list[Replica] = field(default_factory=list)
    _stores: list[ServerStore] = field(default_factory=list)

    @property
    def replica_path(self) -> Path:
        return self.base / "ana-replica.db"

    def workspace(self, device: Device, replica: Path) -> Workspace:
        """A workspace of ``device`` straight on the server (not through the proxy)."""
        store = ServerStore(self.server.url, device.token, device.device)
        self._stores.append(store)
        opened = Replica(replica)
        self._replicas.append(opened)
        return Workspace(opened, store, SystemClock(), device.member, device.device)

    def ana_replica(self) -> Replica:
        replica = Replica(self.replica_path)
        self._replicas.append(replica)
        return replica

    def app(self) -> AsyncTuiApp:
        ana = self.ana
        config = Config(
            server=self.proxy.url,
            token=ana.token,
            member=ana.member,
            device=ana.device,
            handle=ana.handle,
            replica=str(self.replica_path),
        )

        def open_store() -> Store:
            store = ServerStore(self.proxy.url, ana.token, ana.device)
            self._stores.append(store)
            return store

        clock = SystemClock()
        ui_replica, sync_replica = Replica(self.replica_path), Replica(self.replica_path)
        self._replicas += [ui_replica, sync_replica]
        ui = Workspace(ui_replica, None, clock, ana.member, ana.device)
        sync = Workspace(sync_replica, open_store(), clock, ana.member, ana.device)
        return AsyncTuiApp(Session(ui, sync, open_store, config, lambda _: None))

    def close(self) -> None:
        for store in self._stores:
            store.close()
        for replica in self._replicas:
            replica.close()
        self.proxy.close()


def seed(team: ServerTeam) -> None:
    """Profiles for Ana and Bob, and Bob's #general with one thread, sent."""
    for device, name, tz in ((team.ana, "Ana Ruiz", "Europe/Berlin"),
                             (team.bob, "Bob Stone", "America/New_York")):  # fmt: skip
        ws = team.workspace(device, team.base / f"{device.handle}-seed.db")
        ws.emit(ProfileSet(name=name, handle=device.handle, tz=tz))
        ws.emit(HoursSet(hours=Hours()))
        if device is team.bob:
            ws.emit(ChannelCreated(channel="c-general", name="general"))
            ws.emit(
                ThreadOpened(
                    thread=new_id(), channel="c-general", title=TITLE, message=new_id(),
                    body="Draft is in the doc.",
                )
            )  # fmt: skip
        report = ws.sync()
        assert report.offline is None and not report.refused, report


@contextlib.contextmanager
def started_team(base: Path) -> Iterator[ServerTeam]:
    """A real server under ``base``, a counting proxy before it, Ana and Bob
    joined and the team seeded; all stopped at the end."""
    (base / "server").mkdir()
    for server in running_server(base / "server"):
        proxy = CountingProxy(server.url)
        proxy.start()
        team = ServerTeam(server, proxy, server.join("ana"), server.join("bob"), base)
        try:
            seed(team)
            yield team
        finally:
            team.close()


@pytest.fixture
def server_team(tmp_path: Path) -> Iterator[ServerTeam]:
    with started_team(tmp_path) as team:
        yield team
