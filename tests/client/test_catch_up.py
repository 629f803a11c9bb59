"""A first sync of a long history: loaded bare, finished once, same state as folding it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from replica_history import dump, realistic_history

from asynctui.client import queries
from asynctui.client.replica import Replica
from asynctui.client.workspace import SyncReport, Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import Event, MessagePosted, ThreadOpened, encode
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore

HISTORY = realistic_history()


def shared_folder(tmp_path: Path) -> Path:
    """The realistic history as each of its devices wrote it, one journal each."""
    folder = tmp_path / "shared"
    by_device: dict[str, list[Event]] = {}
    for event in HISTORY:
        by_device.setdefault(event.device, []).append(event)
    for device, events in by_device.items():
        FolderStore.create(folder, device).append(events)
    return folder


def newcomer(tmp_path: Path, folder: Path, name: str = "dee") -> Workspace:
    ws = Workspace(
        Replica(tmp_path / f"{name}.db"),
        FolderStore.create(folder, f"{name}-laptop"),
        FixedClock(HISTORY[-1].at),
        member=f"m-{name}",
        device=f"{name}-laptop",
    )
    # Small numbers, so a history of a few dozen events counts as a long one.
    ws.pull_batch = 7
    ws.catch_up_from = 5
    return ws


def reference_state(tmp_path: Path, *more: Event) -> dict[str, list[Any]]:
    replica = Replica(tmp_path / "reference.db")
    replica.apply([*HISTORY, *more])
    return dump(replica)


def message_indexes(db: sqlite3.Connection) -> list[str]:
    return sorted(
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'messages'"
            " AND name NOT LIKE 'sqlite_%'"
        )
    )


def test_a_newcomers_first_sync_catches_up_and_ends_with_the_same_state(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    dee = newcomer(tmp_path, folder)
    report = dee.sync()
    assert report.received == len(HISTORY)
    assert not dee.replica.catching_up
    assert message_indexes(dee.db) == ["messages_id", "messages_thread"]
    assert dump(dee.replica) == reference_state(tmp_path)


def test_a_conflicted_copy_read_during_the_catch_up_leaves_each_message_once(
    tmp_path: Path,
) -> None:
    folder = shared_folder(tmp_path)
    journals = folder / "journals"
    original = sorted(journals.iterdir())[0]
    (journals / f"{original.stem} (conflicted copy 2026-11-30){original.suffix}").write_bytes(
        original.read_bytes()
    )
    dee = newcomer(tmp_path, folder)
    dee.sync()
    assert dump(dee.replica) == reference_state(tmp_path)


def test_a_folder_gone_part_way_leaves_a_usable_replica_and_the_next_sync_completes_it(
    tmp_path: Path,
) -> None:
    folder = shared_folder(tmp_path)
    dee = newcomer(tmp_path, folder)
    read_after = dee.store.read_after  # type: ignore[union-attr]
    calls = 0

    def vanish_after_two_reads(cursor: str, limit: int | None = None):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 3:
            folder.rename(tmp_path / "away")
        return read_after(cursor, limit)

    dee.store.read_after = vanish_after_two_reads  # type: ignore[union-attr,method-assign]
    report = dee.sync()
    assert report.offline is not None
    assert 0 < report.received < len(HISTORY)
    # What came so far is finished: indexed, searchable, and no catch-up left open.
    assert not dee.replica.catching_up
    assert message_indexes(dee.db) == ["messages_id", "messages_thread"]
    dee.db.execute("INSERT INTO search (search) VALUES ('integrity-check')")

    (tmp_path / "away").rename(folder)
    dee.store.read_after = read_after  # type: ignore[union-attr,method-assign]
    report = dee.sync()
    assert report.offline is None
    assert dump(dee.replica) == reference_state(tmp_path)


def test_a_message_written_while_catching_up_is_kept_and_found(tmp_path: Path) -> None:
    folder = shared_folder(tmp_path)
    dee = newcomer(tmp_path, folder)
    opened = next(i for i, e in enumerate(HISTORY) if isinstance(e.body, ThreadOpened))
    dee.replica.begin_catch_up()
    dee.replica.apply(HISTORY[: opened + 1])
    thread = HISTORY[opened].body.thread  # type: ignore[union-attr]
    mine = dee.emit(MessagePosted(message=new_id(), thread=thread, body="walrus sighting"))
    dee.pull(SyncReport())
    assert not dee.replica.catching_up
    assert [h.message for h in queries.search(dee.db, "walrus")] == [mine.body.message]  # type: ignore[union-attr]
    assert dee.sync().sent == 1


def test_a_replica_of_an_older_version_is_emptied_and_filled_again_keeping_the_outbox(
    tmp_path: Path,
) -> None:
    folder = shared_folder(tmp_path)
    thread = next(e.body.thread for e in HISTORY if isinstance(e.body, ThreadOpened))
    unsent = Event(
        id=new_id(),
        lamport=HISTORY[-1].lamport + 1,
        device="dee-laptop",
        author="m-dee",
        at=HISTORY[-1].at,
        body=MessagePosted(message=new_id(), thread=thread, body="typed on the train"),
    )
    path = tmp_path / "dee.db"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema', '2'), ('cursor', '{"v": 1, "files": {}}'),
            ('member', 'm-dee');
        CREATE TABLE events (id TEXT PRIMARY KEY, lamport INTEGER, device TEXT, line BLOB);
        CREATE TABLE messages (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT);
        INSERT INTO messages (id, body) VALUES ('STALE', 'from an older version');
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, line BLOB NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending', error TEXT NOT NULL DEFAULT '',
            tries INTEGER NOT NULL DEFAULT 0);
        """
    )
    old.execute("INSERT INTO outbox (id, line) VALUES (?, ?)", (unsent.id, encode(unsent)))
    old.commit()
    old.close()
    dee = newcomer(tmp_path, folder)
    assert dee.replica.get_meta("member") == "m-dee"
    assert dee.replica.get_meta("cursor") is None
    assert [o.event.id for o in dee.replica.outbox("pending")] == [unsent.id]
    assert dee.sync().sent == 1
    assert dump(dee.replica) == reference_state(tmp_path, unsent)
