"""What a front end runs on: the workspaces over one replica, the store, the config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from asynctui.client.workspace import Workspace
from asynctui.config import Config
from asynctui.stores.base import Store

__all__ = ["Session"]


@dataclass
class Session:
    """Two workspaces over one replica file (the UI's connection and the sync
    worker's, so syncing never holds the UI's), a way to reopen the store, and the
    config with the way to save it."""

    ui: Workspace
    """Reads and local writes of the screen, in its own thread."""
    sync: Workspace
    """The sync worker's: its own replica connection and store."""
    reopen_store: Callable[[], Store]
    """Another store like the sync workspace's (for the wait, and to retry one that
    could not be opened)."""
    config: Config
    save_config: Callable[[Config], None]
