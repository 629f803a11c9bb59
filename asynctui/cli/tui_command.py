"""Opening the terminal client from the command line (`asynctui`, `asynctui demo`)."""

from __future__ import annotations

from pathlib import Path

from asynctui.cli.context import Context, open_store
from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.config import Config, save
from asynctui.core.clock import FixedClock, RunningClock
from asynctui.demo.clock import demo_start
from asynctui.stores.base import Store


def run_tui(ctx: Context) -> int:
    """Open the TUI on the context's config; Textual is imported only now."""
    from asynctui.client.session import Session
    from asynctui.tui.app import AsyncTuiApp

    config = ctx.config()
    clock = ctx.clock
    if config.demo and not isinstance(clock, FixedClock):
        clock = RunningClock(demo_start(Path(config.replica).parent))
    replica_path = ctx.replica_path(config)

    def reopen_store() -> Store:
        return open_store(config)

    # Two connections to one replica: the UI's (reads and local writes) and the
    # sync worker's, so syncing never holds the UI's connection.
    ui = Workspace(Replica(replica_path), None, clock, config.member, config.device)
    sync = Workspace(Replica(replica_path), open_store(config), clock, config.member, config.device)
    config_path = ctx.config_path

    def save_config(updated: Config) -> None:
        save(updated, config_path)

    AsyncTuiApp(Session(ui, sync, reopen_store, config, save_config)).run()
    return 0
