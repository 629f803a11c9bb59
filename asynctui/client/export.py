"""The whole log, once each and in log order: what ``asynctui export`` writes.

The log lives in the store, not in the replica, so an export reads the store
from its start and sorts the events by ``(lamport, device, id)``; events of
mine still in the outbox are not in the log yet (the CLI sends them first).
The sort goes through a scratch SQLite file, so a history of millions of
events is sorted on disk, not held in memory.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Generator, Iterable
from pathlib import Path

from asynctui.client.workspace import Workspace
from asynctui.core.events import Event, encode
from asynctui.stores.base import StoreError

__all__ = ["ExportError", "export_lines"]

_BATCH = 20_000


class ExportError(Exception):
    """The log cannot be read from the store."""


def export_lines(workspace: Workspace) -> Generator[bytes, None, None]:
    """Every event of the workspace's log, encoded, in log order."""
    store = workspace.store
    if store is None:
        raise ExportError("this workspace has no store to read the log from")
    with tempfile.TemporaryDirectory(prefix="asynctui-export-") as scratch:
        db = sqlite3.connect(str(Path(scratch) / "log.db"), isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute(
                "CREATE TABLE log (lamport INTEGER, device TEXT, id TEXT PRIMARY KEY, line BLOB)"
            )
            cursor = ""
            while True:
                try:
                    result = store.read_after(cursor, limit=_BATCH)
                except StoreError as exc:
                    raise ExportError(f"cannot read the log: {exc}") from None
                if result.cursor == cursor and not result.events:
                    break
                _keep(db, result.events)
                cursor = result.cursor
            for (line,) in db.execute("SELECT line FROM log ORDER BY lamport, device, id"):
                yield bytes(line)
        finally:
            db.close()


def _keep(db: sqlite3.Connection, events: Iterable[Event]) -> None:
    db.execute("BEGIN")
    db.executemany(
        "INSERT OR IGNORE INTO log VALUES (?, ?, ?, ?)",
        ((e.lamport, e.device, e.id, encode(e)) for e in events),
    )
    db.execute("COMMIT")
