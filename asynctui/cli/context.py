"""What every command needs: the clock, the config, the opened workspace, and output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from asynctui import paths
from asynctui.cli.output import write_json
from asynctui.client.outbox import short
from asynctui.client.replica import Replica
from asynctui.client.team import Member, Team
from asynctui.client.workspace import SyncReport, Workspace
from asynctui.config import Config, load
from asynctui.core.clock import Clock, FixedClock, RunningClock, SystemClock, parse_instant
from asynctui.demo.clock import demo_start
from asynctui.stores.base import Store, StoreError, StoreUnavailable
from asynctui.stores.folder import FolderStore
from asynctui.stores.offline import OfflineStore


class CliError(Exception):
    """A problem the user can fix; shown as one line, exit status 1."""


@dataclass
class Context:
    args: argparse.Namespace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    clock: Clock = field(default_factory=SystemClock)
    config_path: Path = field(default_factory=paths.config_file)
    _workspace: Workspace | None = None
    _report: SyncReport | None = None
    _where: str = "folder"
    _earlier: set[str] = field(default_factory=set)
    """The outbox's events from before this command: the others are its own."""

    def now(self) -> datetime:
        return self.clock.now()

    def warn(self, message: str) -> None:
        self.err.write(f"asynctui: warning: {message}\n")

    def config(self) -> Config:
        return load(self.config_path)

    def replica_path(self, config: Config) -> Path:
        """This config's own replica (see ``paths.replica_file``)."""
        return paths.replica_file(self.config_path, config.replica)

    def write_json(self, value: Any, handles: Mapping[str, str] | None = None) -> None:
        """``--json`` output, every member id with its handle beside it: from
        ``handles``, or the team of the workspace this command opened."""
        if handles is None and self._workspace is not None:
            handles = {m.id: m.handle for m in self._workspace.team().members.values()}
        write_json(value, self.out, handles or {})

    def close(self) -> None:
        """Let go of the replica: a command's file is closed when it ends, not when
        the garbage collector comes by (a script may replace the file next)."""
        if self._workspace is not None:
            self._workspace.replica.close()
            self._workspace = None

    def workspace(self, strict: bool = False, sync: bool = True) -> Workspace:
        """The configured workspace, synced with its folder or server before first use
        (unless not ``sync``: a command that must act before anything is sent).

        An unreachable store is a warning (work goes on from the replica) or,
        when ``strict``, the error.
        """
        if self._workspace is None:
            config = self.config()
            if config.demo and not isinstance(self.clock, FixedClock):
                self.clock = RunningClock(demo_start(Path(config.replica).parent))
            if paths.shares_default_replica(self.config_path, config.replica):
                self.warn(
                    f"{self.config_path} uses the default config's replica; to give it its"
                    " own, once `asynctui outbox` is empty, delete its `replica = ...` line"
                )
            replica = Replica(self.replica_path(config))
            store = open_store(config)
            self._where = "server" if config.server else "folder"
            self._workspace = Workspace(replica, store, self.clock, config.member, config.device)
            if not sync:
                return self._workspace
            self._report = self._refused_as_offline(self._workspace.sync, strict)
            if strict and self._report.offline:
                raise CliError(self._report.offline)
            # Whatever this command records is its own from here on.
            self._earlier = {o.event.id for o in replica.outbox()}
            self.show(self._report)
        return self._workspace

    def sync_out(self) -> SyncReport:
        """Send what this command recorded; say so if it stays queued.

        A store that refuses an event this command made is this command's
        failure: CliError with the store's reason, before the command says it
        succeeded. The event stays in the outbox, on this device only, until
        discarded (a refusal is for good: sending it again cannot help)."""
        workspace = self.workspace()
        offline = self._report.offline if self._report is not None else None
        if offline:
            # Unreachable a moment ago: trying again would only make the user wait
            # as long once more.
            report = SyncReport(offline=offline)
            report.queued = len(workspace.replica.outbox("pending"))
        else:
            report = self._refused_as_offline(lambda: _pushed(workspace), strict=False)
        mine = [r for r in report.refused if r.event.id not in self._earlier]
        report.refused = [r for r in report.refused if r.event.id in self._earlier]
        self.show(report, again=bool(offline))
        if mine:
            for other in mine[1:]:
                self.warn(f"the {self._where} also refused {other}")
            first = mine[0]
            raise CliError(
                f"the {self._where} refused {first}; it stays in the outbox, on this device"
                f" only: `asynctui outbox --discard {short(first.event.id)}` drops it"
            )
        return report

    def _refused_as_offline(self, sync: Callable[[], SyncReport], strict: bool) -> SyncReport:
        """A store that refuses this device (a revoked token) stops a strict command;
        any other goes on from the replica, queueing, and says why and what to do."""
        try:
            return sync()
        except StoreUnavailable:
            raise
        except StoreError as exc:
            if strict:
                raise CliError(str(exc)) from None
            assert self._workspace is not None
            queued = len(self._workspace.replica.outbox("pending"))
            return SyncReport(offline=str(exc), queued=queued)

    def show(self, report: SyncReport, again: bool = False) -> None:
        """Warnings, the store's refusals of earlier events (each once: a refused
        event is not sent again), and why nothing could be sent. Events refused
        before are not named on every command: `asynctui outbox` lists them."""
        for warning in report.warnings:
            self.warn(warning)
        for refusal in report.refused:
            self.warn(
                f"the {self._where} refused {refusal}; it stays in the outbox, on this"
                f" device only: `asynctui outbox --discard {short(refusal.event.id)}` drops it"
            )
        if not report.offline:
            return
        later = f"sent on the next command that can reach the {self._where}"
        if again:
            if report.queued:
                self.warn(f"{report.queued} event(s) queued, {later}")
        elif report.queued:
            self.warn(f"offline: {report.offline}; {report.queued} event(s) queued, {later}")
        else:
            self.warn(f"offline: {report.offline}; working from this device's copy")

    def team(self) -> Team:
        return self.workspace().team()

    def me(self) -> Member:
        workspace = self.workspace()
        member = workspace.team().members.get(workspace.member)
        if member is None:
            raise CliError("your profile is not in the workspace yet; run `asynctui init` again")
        return member

    def member(self, handle: str, team: Team | None = None) -> Member:
        team = team or self.team()
        member = team.by_handle(handle)
        if member is None:
            known = ", ".join("@" + m.handle for m in team.sorted_members()) or "nobody yet"
            raise CliError(f"no member @{handle.lstrip('@')} (team: {known})")
        return member


def _pushed(workspace: Workspace) -> SyncReport:
    report = SyncReport()
    workspace.push(report)
    return report


def open_store(config: Config) -> Store:
    """The store ``config`` names: its server, or its shared folder.

    One that cannot be reached now is an ``OfflineStore`` (work goes on from the
    replica; what is recorded waits in the outbox). A server is not contacted
    here: whether it answers shows at the first sync.
    """
    if config.server:
        # httpx is imported only by those who use a server: it costs start-up time.
        from asynctui.stores.server import ServerStore

        return ServerStore(config.server, config.token, config.device)
    try:
        return FolderStore(Path(config.folder), config.device)
    except StoreUnavailable as exc:
        return OfflineStore(str(exc))


def clock_from(now_option: str | None) -> Clock:
    """--now wins over ASYNCTUI_NOW; either fixes the clock."""
    text = now_option or os.environ.get("ASYNCTUI_NOW")
    if not text:
        return SystemClock()
    try:
        return FixedClock(parse_instant(text))
    except ValueError as exc:
        raise CliError(f"--now: {exc}") from None
