"""The server's SQLite file: the event log with its sequence, members, devices, join codes.

The log is append-only. ``seq`` is the one increasing sequence clients read
after; the event id is ``UNIQUE``, so a retried append finds the row it made
the first time and returns that row's sequence (idempotency lives in the
database, not in memory). Appends of many requests share one transaction
(:meth:`ServerLog.append_many`), committed with ``synchronous=FULL`` before
any of them is acknowledged.

Members, devices and join codes are :mod:`asynctui.server.members`; where
each event belongs, and whether its author may write there,
:mod:`asynctui.server.scopes` and :mod:`asynctui.server.scope_rules`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import msgspec

from asynctui.core.claims import Counters
from asynctui.core.events import Event, InvalidEvent, decode, encode
from asynctui.core.ids import new_id
from asynctui.server.members import DeviceTaken, Identity, JoinError, Members, hash_secret
from asynctui.server.schema import DDL as _DDL
from asynctui.server.scope_rules import plan as plan_events
from asynctui.server.scopes import Plan, Refused, Scopes, db_counts

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


def _content(event: Event) -> bytes:
    """What a replay of ``event`` must repeat: all of it but the receive time."""
    return encode(msgspec.structs.replace(event, received=None))


def _stored_content(line: bytes) -> bytes | None:
    try:
        return _content(decode(line))
    except InvalidEvent:
        return None


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
        self.max_lamport = self._load_lamport(db, info.get("lamport"))
        """The highest Lamport counter stored (the writer keeps it)."""

    def _load_lamport(self, db: sqlite3.Connection, known: str | None) -> int:
        """``workspace.lamport``; a file made before it was kept is read once."""
        if known is not None and known.isascii() and known.isdigit():
            return int(known)
        (top,) = db.execute(
            "SELECT coalesce(max(CAST(json_extract(CAST(line AS TEXT), '$.lamport')"
            " AS INTEGER)), 0) FROM events"
        ).fetchone()
        with db:
            db.execute(
                "INSERT OR REPLACE INTO workspace (key, value) VALUES ('lamport', ?)", (str(top),)
            )
        return int(top)

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
        """:func:`asynctui.server.scope_rules.plan` on this log."""
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
                added = db.execute(
                    "INSERT OR IGNORE INTO channels (id, private, creator) VALUES (?, ?, ?)",
                    (cid, private, creator),
                ).rowcount
                if not added:
                    # The first to create a channel names its members; a second
                    # creation at the same moment adds nobody to it.
                    continue
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
            done = self._insert(db, batches, plans, None)
            assert not isinstance(done, Refused)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        out, stored = done
        self._learn(stored)
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
                done = self._insert(db, [batches[n] for n in keep], [plans[n] for n in keep], keep)
                if isinstance(done, Refused):
                    db.execute("ROLLBACK")
                    refused[done.batch] = done
                    continue
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            out, stored_plans = done
            self._learn(stored_plans)
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
            (lamport,) = db.execute(
                "SELECT value FROM workspace WHERE key = 'lamport'"
            ).fetchone() or ("0",)
            if str(lamport).isdigit():
                self.max_lamport = max(self.max_lamport, int(lamport))

    def _learn(self, plans: Sequence[Plan]) -> None:
        if self._scopes is not None:
            for plan in plans:
                self._scopes.learn(plan)

    def _insert(
        self,
        db: sqlite3.Connection,
        batches: Sequence[Sequence[Event]],
        plans: Sequence[Plan],
        check: list[int] | None,
    ) -> tuple[list[list[int]], list[Plan]] | Refused:
        """The inserts of one transaction: each event's sequence, and the plans as
        stored. With ``check`` (each batch's number), an id stored before with
        other content stops here: a :class:`Refused` naming it. An id stored
        before with the same content is a replay: its original sequence, and
        nothing of its plan is stored again (a replay changes nothing).

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
        if len(new) == len(rows):
            at_once = [[new[event.id] for event in batch] for batch in batches]
            self._store_plans(db, plans)
            self._raise_lamport(db, batches)
            return at_once, list(plans)
        # Ids stored before (a retry), or twice in this group: each is compared
        # with the first of its id, whose row stands.
        first: dict[str, tuple[int, bytes | None]] = {}
        seen = list({row[0]: None for row in rows if row[0] not in new})
        for start in range(0, len(seen), 500):
            part = seen[start : start + 500]
            for eid, seq, line in db.execute(
                f"SELECT id, seq, line FROM events WHERE id IN ({','.join('?' * len(part))})",
                part,
            ):
                if eid not in new:
                    first[eid] = (int(seq), _stored_content(bytes(line)))
        out: list[list[int]] = []
        stored_plans: list[Plan] = []
        for n, (batch, plan) in enumerate(zip(batches, plans, strict=True)):
            seqs: list[int] = []
            replays: set[int] = set()
            for i, event in enumerate(batch):
                found = first.get(event.id)
                if found is None:
                    seq = new[event.id]
                    first[event.id] = (seq, _content(event))
                    seqs.append(seq)
                    continue
                seq, content = found
                if check is not None and content != _content(event):
                    refused = Refused(
                        i, 409, "this event id is already used, by an event with other content"
                    )
                    refused.batch = check[n]
                    return refused
                seqs.append(seq)
                replays.add(i)
            out.append(seqs)
            stored_plans.append(plan.without(replays))
        self._store_plans(db, stored_plans)
        self._raise_lamport(db, batches)
        return out, stored_plans

    def _raise_lamport(self, db: sqlite3.Connection, batches: Sequence[Sequence[Event]]) -> None:
        """Inside the transaction: the highest Lamport counter stored, kept in the
        file (``workspace.lamport``) and in memory, for :meth:`lamport_ceiling`."""
        top = max((event.lamport for batch in batches for event in batch), default=0)
        if top > self.max_lamport:
            db.execute("UPDATE workspace SET value = ? WHERE key = 'lamport'", (str(top),))
            self.max_lamport = top

    def lamport_ceiling(self) -> int:
        """The highest Lamport counter a new event may carry (docs/protocol.md)."""
        return Counters(self.max_lamport).ceiling()

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
