"""The local replica: one SQLite file holding the folded state, the search
index and the outbox of events not yet acknowledged by the store.

The UI and CLI read only from here, so they work offline and open instantly.
The log itself stays in the store: the replica keeps what the log folds to,
not the events' lines, so it can always be thrown away and made again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from asynctui.client import ask_fold
from asynctui.client.fold import CatchUp, FoldResult, finish_catch_up, fold
from asynctui.client.schema import DDL, MESSAGE_INDEXES, SCHEMA_VERSION, STATE_TABLES
from asynctui.core.events import Event, decode, encode

if TYPE_CHECKING:
    from asynctui.client.search import Found

PAGE_SIZE = 8192


class ReplicaError(Exception):
    """The replica file cannot be opened or is not ours."""


DatabaseError = sqlite3.Error
"""What the replica's database raises when it fails (a full disk, a corrupt page):
front ends catch it by this name, without knowing the database is SQLite."""


@dataclass(frozen=True)
class Outgoing:
    """An event waiting in the outbox."""

    seq: int
    event: Event
    state: str
    """'pending' (will be sent) or 'failed' (the store refused it for good)."""
    error: str


class Replica:
    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._catch_up: CatchUp | None = None
        try:
            if isinstance(path, Path):
                path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            ask_fold.register(self.db)
            # Bigger pages: fewer B-tree splits when a first sync folds a long history.
            self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            # The version first: another version's tables may not take this one's indexes.
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            version = self.get_meta("schema")
            if version is not None and version != str(SCHEMA_VERSION):
                # Made by another version of asynctui: the state is only a cache
                # of the log, so it is dropped and the next sync reads it again.
                self._recreate()
            else:
                self.db.executescript(DDL)
                if version is None:
                    self.set_meta("schema", str(SCHEMA_VERSION))
            if not self.catching_up:
                self.db.executescript(MESSAGE_INDEXES)
        except (sqlite3.Error, OSError) as exc:
            raise ReplicaError(f"cannot open the replica {path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- meta ---------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @property
    def lamport(self) -> int:
        return int(self.get_meta("lamport") or 0)

    # -- applying events ----------------------------------------------------

    def apply(self, events: Sequence[Event], cursor: str | None = None) -> FoldResult:
        """Fold events (in any order, repeats allowed) and move the store cursor, atomically."""
        with self.transaction():
            result = fold(self.db, events, self._catch_up_state())
            if result.max_lamport > self.lamport:
                self.set_meta("lamport", str(result.max_lamport))
            if cursor is not None:
                self.set_meta("cursor", cursor)
        return result

    def record(self, event: Event) -> None:
        """Keep a locally made event in the outbox and fold it, in one durable commit."""
        line = encode(event)
        with self.transaction():
            self.db.execute("INSERT INTO outbox (id, line) VALUES (?, ?)", (event.id, line))
            fold(self.db, [event])
            if event.lamport > self.lamport:
                self.set_meta("lamport", str(event.lamport))

    # -- catching up on a long history -------------------------------------
    #
    # A first sync (or one after a rebuild) folds the whole history. Keeping
    # the messages' indexes and the search index up to date batch by batch
    # costs most of that time, so the messages are loaded bare and everything
    # that depends on them is built once at the end. The mark lives in the
    # replica, so a catch-up cut short (a crash, the store gone) goes on, or is
    # finished, next time.

    @property
    def catching_up(self) -> bool:
        return self.get_meta("catching_up") is not None

    def begin_catch_up(self) -> None:
        with self.transaction():
            self.db.execute("DROP INDEX IF EXISTS messages_id")
            self.db.execute("DROP INDEX IF EXISTS messages_thread")
            self.set_meta("catching_up", "1")
        self._catch_up = CatchUp()

    def finish_catch_up(self) -> None:
        state = self._catch_up_state() or CatchUp(last_activity=None)
        with self.transaction():
            finish_catch_up(self.db, state)
            self.db.execute("DELETE FROM meta WHERE key = 'catching_up'")
        self._catch_up = None

    def _catch_up_state(self) -> CatchUp | None:
        if not self.catching_up:
            self._catch_up = None
        elif self._catch_up is None:
            # Begun by an earlier process: what it kept in memory is gone.
            self._catch_up = CatchUp(last_activity=None)
        return self._catch_up

    def rebuild(self) -> None:
        """Forget all folded state and the store cursor; the next sync reads everything."""
        with self.transaction():
            self._forget_state()
        # A rebuild ends any catch-up: the messages are indexed as usual again.
        self.db.executescript(MESSAGE_INDEXES)

    def _forget_state(self) -> None:
        for table in STATE_TABLES:
            self.db.execute(f"DELETE FROM {table}")
        # The search index holds no text, only entries for it: empty it whole.
        self.db.execute("INSERT INTO search (search) VALUES ('delete-all')")
        self._forget_log_position()

    def _recreate(self) -> None:
        """Drop every state table (their shape may have changed) and make them anew."""
        tables = [
            name
            for (name,) in self.db.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                " AND name NOT IN ('meta', 'outbox', 'drafts', 'reminders')"
                " AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'search_%' AND name NOT LIKE 'docs_search_%'"
            )
        ]
        with self.transaction():
            for name in tables:
                self.db.execute(f'DROP TABLE IF EXISTS "{name}"')
        self.db.executescript(DDL)
        with self.transaction():
            self.set_meta("schema", str(SCHEMA_VERSION))
            self._forget_log_position()

    def _forget_log_position(self) -> None:
        self.db.execute("DELETE FROM meta WHERE key IN ('cursor', 'lamport', 'catching_up')")
        # Our own unacknowledged events are still truth: fold them again.
        pending = [decode(line) for (line,) in self.db.execute("SELECT line FROM outbox")]
        if pending:
            pending.sort(key=lambda e: e.key)
            fold(self.db, pending)
            self.set_meta("lamport", str(max(e.lamport for e in pending)))

    # -- outbox -------------------------------------------------------------

    def outbox(self, state: str | None = None) -> list[Outgoing]:
        sql = "SELECT seq, line, state, error FROM outbox"
        params: tuple[str, ...] = ()
        if state is not None:
            sql += " WHERE state = ?"
            params = (state,)
        return [
            Outgoing(seq, decode(line), st, error)
            for seq, line, st, error in self.db.execute(sql + " ORDER BY seq", params)
        ]

    def acknowledge(self, ids: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])

    def discard(self, event_id: str) -> None:
        """Drop an event from the outbox and, in the same commit, the state it was
        folded into: the fold keeps no history to take one event back out of, so
        everything is forgotten (as by ``rebuild``) but the rest of the outbox,
        and the next sync reads the log again. One commit, so a crash can never
        leave the event's effect behind without the event."""
        with self.transaction():
            self.db.execute("DELETE FROM outbox WHERE id = ?", (event_id,))
            self._forget_state()
        self.db.executescript(MESSAGE_INDEXES)

    def mark_failed(self, event_id: str, error: str) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE outbox SET state = 'failed', error = ?, tries = tries + 1 WHERE id = ?",
                (error, event_id),
            )

    # -- queries that run in a thread of their own ------------------------------

    def search(self, text: str, me: str, now: datetime, limit: int = 200) -> list[Found]:
        """What a search finds (``client.search``), on a connection of its own: it
        is asked from a worker thread, while the UI's connection stays the UI's."""
        from asynctui.client.search import find
        from asynctui.client.team import Team

        db = sqlite3.connect(str(self.path))
        try:
            return find(db, Team(db), me, now, text, limit=limit)
        finally:
            db.close()


def latest_activity(path: Path) -> datetime | None:
    """The time of the last message or status in the replica at ``path``; None when
    there is none, or no readable replica there (nothing is created)."""
    from asynctui.client.team import instant

    if not path.exists():
        return None
    try:
        db = sqlite3.connect(str(path))
        try:
            (last,) = db.execute(
                "SELECT max(m) FROM (SELECT max(at) AS m FROM messages"
                " UNION ALL SELECT max(at) FROM statuses)"
            ).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return instant(last) if last else None
