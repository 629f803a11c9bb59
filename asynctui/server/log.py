"""The server's SQLite file: the event log with its sequence, members, devices, join codes.

The log is append-only. ``seq`` is the one increasing sequence clients read
after; the event id is ``UNIQUE``, so a retried append finds the row it made
the first time and returns that row's sequence (idempotency lives in the
database, not in memory). Appends of many requests share one transaction
(:meth:`ServerLog.append_many`), committed with ``synchronous=FULL`` before
any of them is acknowledged.

Members, devices and join codes are :mod:`asynctui.server.members`; where
each event belongs, and whether its author may write there,
:mod:`asynctui.server.scopes`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from asynctui.core.events import Event, encode
from asynctui.core.ids import new_id
from asynctui.server.members import DeviceTaken, Identity, JoinError, Members, hash_secret
from asynctui.server.scopes import Plan, Refused, Scopes, db_counts
from asynctui.server.scopes import plan as plan_events

__all__ = [
    "DeviceTaken",
    "Identity",
    "JoinError",
    "LogError",
    "Plan",
    "Refused",
    "ServerLog",
    "hash_secret",
]

FORMAT = "asynctui-server"
VERSION = "1"
_ROWS_PER_INSERT = 1_000
"""Rows of one multi-row ``INSERT`` (5 values each: below SQLite's 32,766 variables)."""

_DDL = """
CREATE TABLE IF NOT EXISTS workspace (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    author TEXT NOT NULL,
    device TEXT NOT NULL,
    line BLOB NOT NULL,
    scope TEXT
);
-- Which channel each thread, message and ask lives in, and who may see the
-- private ones: every object id an event names is checked against these.
CREATE TABLE IF NOT EXISTS channels (
    id TEXT PRIMARY KEY, private INTEGER NOT NULL, creator TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS channel_members (
    channel TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (channel, member)
) WITHOUT ROWID;
-- parent: a thread's channel, a message's or an ask's thread.
CREATE TABLE IF NOT EXISTS objects (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, parent TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS members (
    id TEXT PRIMARY KEY, handle TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')), added_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    token_hash TEXT PRIMARY KEY, member TEXT NOT NULL REFERENCES members(id),
    device TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen INTEGER,
    revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS devices_device ON devices(device);
-- One counter, moved by every change of who a token is (not by last_seen):
-- a process that keeps identities in memory (the server) reads it when
-- another connection has written the file, and forgets them when it moved.
CREATE TABLE IF NOT EXISTS auth_version (
    id INTEGER PRIMARY KEY CHECK (id = 0), n INTEGER NOT NULL
);
INSERT OR IGNORE INTO auth_version (id, n) VALUES (0, 0);
CREATE TRIGGER IF NOT EXISTS auth_device_added AFTER INSERT ON devices
BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS auth_device_changed
AFTER UPDATE OF token_hash, member, device, revoked_at ON devices
BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS auth_device_removed AFTER DELETE ON devices
BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS auth_member_changed AFTER UPDATE OF id, handle, role ON members
BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS auth_member_removed AFTER DELETE ON members
BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TABLE IF NOT EXISTS join_codes (
    code_hash TEXT PRIMARY KEY, member TEXT NOT NULL REFERENCES members(id),
    expires_at INTEGER NOT NULL, used_at INTEGER
);
"""


class LogError(Exception):
    """The file cannot be used as a workspace; the message says why, in one line."""


class ServerLog(Members):
    """One workspace's SQLite file. Safe to use from several threads: each
    thread gets its own connection; writes are serialised by SQLite."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise LogError(f"{self.path} does not exist")
        self._local = threading.local()
        self._scopes: Scopes | None = None
        self._identities: dict[str, Identity] | None = None
        self._auth_version = -1
        self._writer_auth: tuple[int, int] = (-1, -1)
        """The writer's ``(data_version, auth_version)`` when it last checked the
        tokens of a group (:meth:`append_checked`)."""
        try:
            db = self._db()
            tables = {
                name
                for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
            }
        except sqlite3.DatabaseError as exc:
            raise LogError(f"{self.path} is not an asynctui workspace ({exc})") from None
        if tables and "workspace" not in tables:
            raise LogError(f"{self.path} is an SQLite file but not an asynctui workspace")
        try:
            db.executescript(_DDL)
            with db:
                db.execute(
                    "INSERT OR IGNORE INTO workspace VALUES ('format', ?), ('version', ?),"
                    " ('id', ?)",
                    (FORMAT, VERSION, new_id()),
                )
        except sqlite3.DatabaseError as exc:
            raise LogError(f"{self.path} cannot be opened as a workspace ({exc})") from None
        info = dict(db.execute("SELECT key, value FROM workspace").fetchall())
        if info.get("format") != FORMAT:
            raise LogError(f"{self.path} is not an asynctui workspace")
        if info.get("version") != VERSION:
            raise LogError(
                f"{self.path} is a workspace of format {info.get('version')}, this server reads"
                f" {VERSION}"
            )
        self.workspace = str(info["id"])

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            self._local.db = db
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- the log --------------------------------------------------------------

    def cache_scopes(self) -> None:
        """Keep the channels and objects in memory (see :class:`Scopes`). Only for
        the process that writes the events (the server); it loads them now."""
        self._scopes = Scopes.load(self._db())

    def plan(self, events: Sequence[Event], member: str | None) -> Plan:
        """:func:`asynctui.server.scopes.plan` on this log."""
        return plan_events(self._db(), self._scopes, events, member)

    def register(self, events: Sequence[Event]) -> None:
        """Learn the channels and objects of ``events`` without storing them: the
        first pass of an import, whose journals come in no particular order."""
        plan = self.plan(events, None)
        db = self._db()
        with db:
            self._store_plans(db, [plan])
        self._learn([plan])

    @staticmethod
    def _store_plans(db: sqlite3.Connection, plans: Sequence[Plan]) -> None:
        """The channels, members and objects the plans add (the first of each wins)."""
        for plan in plans:
            for cid, private, creator, people in plan.channels:
                db.execute(
                    "INSERT OR IGNORE INTO channels (id, private, creator) VALUES (?, ?, ?)",
                    (cid, private, creator),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO channel_members (channel, member) VALUES (?, ?)",
                    [(cid, m) for m in people],
                )
        objects = [obj for plan in plans for obj in plan.objects]
        for start in range(0, len(objects), _ROWS_PER_INSERT):
            objs = objects[start : start + _ROWS_PER_INSERT]
            db.execute(
                "INSERT OR IGNORE INTO objects (id, kind, parent) VALUES "
                + ",".join(["(?, ?, ?)"] * len(objs)),
                [value for row in objs for value in row],
            )

    def append_many(
        self, batches: Sequence[Sequence[Event]], plans: Sequence[Plan] | None = None
    ) -> list[list[int]]:
        """Store every batch in one transaction; each event's sequence number,
        the original one for an id already stored. Without ``plans``, each batch
        is planned here as a trusted import. Ids are not checked against their
        authors (an import); the server uses :meth:`append_checked`."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            self._check_scopes(db)
            if plans is None:
                plans = [self.plan(batch, None) for batch in batches]
            out = self._insert(db, batches, plans, None)
            assert not isinstance(out, Refused)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        self._learn(plans)
        return out

    def append_checked(
        self,
        batches: Sequence[Sequence[Event]],
        plans: Sequence[Plan],
        tokens: Sequence[str] | None = None,
    ) -> list[list[int] | Refused]:
        """The server's group commit: like :meth:`append_many`, but an event whose
        id is already stored under another author refuses its batch (409, its
        index) and stores nothing of it; the other batches are stored, all in one
        transaction. (A refusal is rare: the transaction is then rolled back and
        done again without that batch.)

        ``tokens`` (each batch's token hash) were looked up in memory
        (:meth:`identify_cached`); if any device or member changed since the
        writer last looked, each is checked again here, inside the transaction,
        and a batch whose token is no longer valid is refused (401). So an
        append is acknowledged only if its token was valid when it committed."""
        db = self._db()
        refused: dict[int, Refused] = {}
        while True:
            db.execute("BEGIN IMMEDIATE")
            try:
                (version,) = db.execute("PRAGMA data_version").fetchone()
                self._check_scopes(db, int(version))
                if tokens is not None:
                    self._check_tokens(db, int(version), tokens, refused)
                keep = [n for n in range(len(batches)) if n not in refused]
                out = self._insert(db, [batches[n] for n in keep], [plans[n] for n in keep], keep)
                if isinstance(out, Refused):
                    db.execute("ROLLBACK")
                    refused[out.batch] = out
                    continue
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            self._learn([plans[n] for n in keep])
            stored = iter(out)
            return [refused[n] if n in refused else next(stored) for n in range(len(batches))]

    def _check_tokens(
        self,
        db: sqlite3.Connection,
        version: int,
        tokens: Sequence[str],
        refused: dict[int, Refused],
    ) -> None:
        if version == self._writer_auth[0]:
            return
        (auth,) = db.execute("SELECT n FROM auth_version").fetchone()
        if auth != self._writer_auth[1]:
            self._forget_identities()
            for n, token_hash in enumerate(tokens):
                if n not in refused and self._identify(token_hash) is None:
                    refused[n] = Refused(0, 401, "this token is not valid (unknown or revoked)")
                    refused[n].batch = n
        self._writer_auth = (version, int(auth))

    def _check_scopes(self, db: sqlite3.Connection, version: int | None = None) -> None:
        """Inside the write transaction: load the in-memory scopes again if another
        connection (another process: an import) added channels or objects."""
        scopes = self._scopes
        if scopes is None:
            return
        if version is None:
            (version,) = db.execute("PRAGMA data_version").fetchone()
        if version != scopes.version:
            if db_counts(db) != scopes.counts():
                scopes = self._scopes = Scopes.load(db)
            scopes.version = int(version)

    def _learn(self, plans: Sequence[Plan]) -> None:
        if self._scopes is not None:
            for plan in plans:
                self._scopes.learn(plan)

    @staticmethod
    def _insert(
        db: sqlite3.Connection,
        batches: Sequence[Sequence[Event]],
        plans: Sequence[Plan],
        check: list[int] | None,
    ) -> list[list[int]] | Refused:
        """The inserts of one transaction. With ``check`` (each batch's number), an id
        stored under another author stops here: a :class:`Refused` naming it.

        The rows go in as few statements as possible (many rows each): every
        statement is a round of the writer thread through the GIL, and the event
        loop holds it most of the time under load."""
        rows = [
            (event.id, event.author, event.device, encode(event), scope)
            for batch, plan in zip(batches, plans, strict=True)
            for event, scope in zip(batch, plan.scopes, strict=True)
        ]
        new: dict[str, int] = {}
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start : start + _ROWS_PER_INSERT]
            new.update(
                db.execute(
                    "INSERT INTO events (id, author, device, line, scope) VALUES "
                    + ",".join(["(?, ?, ?, ?, ?)"] * len(chunk))
                    + " ON CONFLICT(id) DO NOTHING RETURNING id, seq",
                    [value for row in chunk for value in row],
                ).fetchall()
            )
        # Ids stored before (a retry): their row.
        stored: dict[str, tuple[int, str]] = {}
        if len(new) < len(rows):
            seen = list({row[0]: None for row in rows if row[0] not in new})
            for start in range(0, len(seen), 500):
                part = seen[start : start + 500]
                stored.update(
                    (eid, (seq, author))
                    for eid, seq, author in db.execute(
                        "SELECT id, seq, author FROM events WHERE id IN"
                        f" ({','.join('?' * len(part))})",
                        part,
                    )
                )
        out: list[list[int]] = []
        for n, batch in enumerate(batches):
            seqs = []
            for i, event in enumerate(batch):
                found = stored.get(event.id)
                if found is None:
                    # The first row of this id in the group is the one inserted;
                    # a later one (the same id twice) is compared with it.
                    found = stored[event.id] = (new[event.id], event.author)
                seq, author = found
                if check is not None and author != event.author:
                    refused = Refused(i, 409, "this event id belongs to another event")
                    refused.batch = check[n]
                    return refused
                seqs.append(int(seq))
            out.append(seqs)
        ServerLog._store_plans(db, plans)
        return out

    def read(
        self, after: int, limit: int, member: str | None = None
    ) -> tuple[list[tuple[int, str, bytes]], int]:
        """Up to ``limit`` (sequence, id, line) triples after ``after`` that
        ``member`` may see (all, for None), in order; and the sequence the read
        looked up to, past events of private channels it skipped."""
        db = self._db()
        upto = self.last_seq()
        if member is None:
            rows = db.execute(
                "SELECT seq, id, line FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                (after, upto, limit),
            )
        else:
            rows = db.execute(
                "SELECT seq, id, line FROM events WHERE seq > ? AND seq <= ?"
                " AND (scope IS NULL OR scope IN"
                "      (SELECT channel FROM channel_members WHERE member = ?))"
                " ORDER BY seq LIMIT ?",
                (after, upto, member, limit),
            )
        found = [(int(seq), str(eid), bytes(line)) for seq, eid, line in rows]
        return found, (found[-1][0] if len(found) == limit else upto)

    def id_at(self, seq: int) -> str | None:
        row = self._db().execute("SELECT id FROM events WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else str(row[0])

    def last_seq(self) -> int:
        (seq,) = self._db().execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
        return int(seq)

