"""The server's SQLite file: the event log with its sequence, members, devices, join codes.

The log is append-only. ``seq`` is the one increasing sequence clients read
after; the event id is ``UNIQUE``, so a retried append finds the row it made
the first time and returns that row's sequence (idempotency lives in the
database, not in memory). Appends of many requests share one transaction
(:meth:`ServerLog.append_many`), committed with ``synchronous=FULL`` before
any of them is acknowledged.

Only hashes of tokens and join codes are stored: a stolen copy of the file
gives no way in.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

from asynctui.core import events as ev
from asynctui.core.events import Event, encode
from asynctui.core.ids import new_id

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
JOIN_CODE_DAYS = 7
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


class Refused(Exception):
    """An event of a request that may not be stored; ``index`` is its place."""

    def __init__(self, index: int, status: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.status = status
        self.batch = 0
        """Which batch of a group commit (:meth:`ServerLog.append_checked`)."""


@dataclass
class Plan:
    """What storing a batch adds besides the events: scopes and new objects."""

    scopes: list[str | None]
    """Per event: the private channel it belongs to, or None (everyone sees it)."""
    channels: list[tuple[str, int, str, tuple[str, ...]]]
    objects: list[tuple[str, str, str]]


@dataclass
class _Scopes:
    """The ``channels``, ``channel_members`` and ``objects`` tables, in memory.

    Loaded by :meth:`ServerLog.cache_scopes` (the server, at start) and kept
    equal to the tables by the writer: after each commit it adds what it
    stored; before each transaction it checks whether another connection
    changed the file (``PRAGMA data_version``) and, if the row counts moved
    (the tables only grow), loads them again. :meth:`ServerLog.plan` then needs
    no query for an object it knows; it asks SQLite only on a miss."""

    channels: dict[str, tuple[bool, frozenset[str]]] = field(default_factory=dict)
    objects: dict[str, tuple[str, str]] = field(default_factory=dict)
    members: int = 0
    """Rows of ``channel_members``."""
    version: int | None = None
    """``PRAGMA data_version`` of the writer's connection when last checked."""

    def counts(self) -> tuple[int, int, int]:
        return len(self.channels), self.members, len(self.objects)

    @classmethod
    def load(cls, db: sqlite3.Connection) -> _Scopes:
        people: dict[str, set[str]] = {}
        count = 0
        for cid, member in db.execute("SELECT channel, member FROM channel_members"):
            people.setdefault(str(cid), set()).add(str(member))
            count += 1
        channels = {
            str(cid): (bool(private), frozenset(people.get(str(cid), ())))
            for cid, private in db.execute("SELECT id, private FROM channels")
        }
        objects = {
            str(oid): (str(kind), str(parent))
            for oid, kind, parent in db.execute("SELECT id, kind, parent FROM objects")
        }
        return cls(channels, objects, count)

    def learn(self, plan: Plan) -> None:
        """Add what storing ``plan`` inserted (``INSERT OR IGNORE``: the first wins)."""
        for cid, private, _, people in plan.channels:
            known = self.channels.get(cid)
            if known is None:
                self.channels[cid] = (bool(private), frozenset(people))
                self.members += len(set(people))
            else:
                added = frozenset(people) - known[1]
                if added:
                    self.channels[cid] = (known[0], known[1] | added)
                    self.members += len(added)
        for oid, kind, parent in plan.objects:
            self.objects.setdefault(oid, (kind, parent))


def _plan_reply(event: Event, member: str, scopes: _Scopes) -> Plan | None:
    """:meth:`ServerLog.plan` of the commonest request, one reply into a thread
    the memory copy knows and the author may see; None for anything else (the
    full check then decides, and refuses)."""
    body = event.body
    if not isinstance(body, ev.MessagePosted):
        return None
    thread = scopes.objects.get(body.thread)
    if thread is None or thread[0] != "thread":
        return None
    channel = scopes.channels.get(thread[1])
    if channel is None or (channel[0] and member not in channel[1]):
        return None
    found = scopes.objects.get(body.message)
    if found is not None and found != ("message", body.thread):
        return None
    new = [] if found is not None else [(body.message, "message", body.thread)]
    return Plan([thread[1] if channel[0] else None], [], new)


def _db_counts(db: sqlite3.Connection) -> tuple[int, int, int]:
    row = db.execute(
        "SELECT (SELECT count(*) FROM channels), (SELECT count(*) FROM channel_members),"
        " (SELECT count(*) FROM objects)"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


class JoinError(Exception):
    """A join code or a member request that cannot be honoured."""


class DeviceTaken(JoinError):
    """Another member's device already has that name."""


@dataclass(frozen=True)
class Identity:
    """Who a token is."""

    member: str
    device: str
    role: str
    handle: str
    token_hash: str

    @property
    def admin(self) -> bool:
        return self.role == "admin"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now_ms() -> int:
    return int(time.time() * 1000)


class ServerLog:
    """One workspace's SQLite file. Safe to use from several threads: each
    thread gets its own connection; writes are serialised by SQLite."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise LogError(f"{self.path} does not exist")
        self._local = threading.local()
        self._scopes: _Scopes | None = None
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
        """Keep the channels and objects in memory (see :class:`_Scopes`). Only for
        the process that writes the events (the server); it loads them now."""
        self._scopes = _Scopes.load(self._db())

    def plan(self, events: Sequence[Event], member: str | None) -> Plan:
        """Check that ``member`` may write each event where it goes, and find each
        event's scope. ``member=None`` trusts the events (an import): nothing is
        refused, and a reference to something unknown is left unscoped.

        Raises :class:`Refused` for the first event that may not be stored: an
        object it names is unknown or private to others (404, so that a private
        id is not confirmed to exist), or it would move an object elsewhere (409).
        """
        scopes = self._scopes
        if scopes is not None and member is not None and len(events) == 1:
            quick = _plan_reply(events[0], member, scopes)
            if quick is not None:
                return quick
        db = self._db()
        trusted = member is None
        channels: dict[str, tuple[bool, Set[str]]] = {}
        parents: dict[str, tuple[str, str]] = {}
        plan = Plan([], [], [])

        def channel(cid: str) -> tuple[bool, Set[str]] | None:
            if cid not in channels:
                cached = None if scopes is None else scopes.channels.get(cid)
                if cached is not None:
                    channels[cid] = cached
                    return cached
                row = db.execute("SELECT private FROM channels WHERE id = ?", (cid,)).fetchone()
                if row is None:
                    return None
                people = {m for (m,) in db.execute(
                    "SELECT member FROM channel_members WHERE channel = ?", (cid,))}  # fmt: skip
                channels[cid] = (bool(row[0]), people)
            return channels[cid]

        def parent(oid: str, ask: bool = True) -> tuple[str, str] | None:
            """``ask=False``: a miss of the in-memory copy is final (a new id)."""
            if oid not in parents:
                cached = None if scopes is None else scopes.objects.get(oid)
                if cached is not None:
                    parents[oid] = cached
                    return cached
                if scopes is not None and not ask:
                    return None
                row = db.execute("SELECT kind, parent FROM objects WHERE id = ?", (oid,))
                found = row.fetchone()
                if found is None:
                    return None
                parents[oid] = (str(found[0]), str(found[1]))
            return parents[oid]

        def enter(i: int, cid: str | None, what: str, ref: str) -> str | None:
            known = None if cid is None else channel(cid)
            if known is None or (not trusted and known[0] and member not in known[1]):
                if trusted:
                    return None
                raise Refused(i, 404, f"no {what} {ref!r} that you can see")
            return cid if known[0] else None

        def channel_of(oid: str, kind: str) -> str | None:
            """The channel a thread, message, ask, check-in, decision or action item
            lives in, following its parents."""
            for _ in range(3):
                found = parent(oid)
                if found is None or (kind and found[0] != kind):
                    return None
                if found[0] in ("thread", "checkin"):
                    return found[1]
                oid, kind = found[1], ""
            return None

        def new(i: int, oid: str, kind: str, under: str) -> None:
            found = parent(oid, ask=False)
            if found is not None and found != (kind, under):
                if trusted:
                    return
                raise Refused(i, 409, f"the {kind} id {oid!r} is already used elsewhere")
            if found is None:
                parents[oid] = (kind, under)
                plan.objects.append((oid, kind, under))

        for i, event in enumerate(events):
            body = event.body
            scope: str | None = None
            if isinstance(body, ev.ChannelCreated):
                known = channel(body.channel)
                people = {event.author, *body.members} if body.private else set()
                if known is None:
                    channels[body.channel] = (body.private, people)
                    plan.channels.append(
                        (body.channel, int(body.private), event.author, tuple(sorted(people)))
                    )
                elif known[0] != body.private and not trusted:
                    raise Refused(i, 409, f"the channel {body.channel!r} exists already")
                elif not trusted and known[0] and member not in known[1]:
                    raise Refused(i, 404, f"no channel {body.channel!r} that you can see")
                now = channel(body.channel)
                scope = body.channel if now is not None and now[0] else None
            elif isinstance(body, ev.ThreadOpened):
                scope = enter(i, body.channel, "channel", body.channel)
                new(i, body.thread, "thread", body.channel)
                new(i, body.message, "message", body.thread)
            elif isinstance(body, ev.MessagePosted):
                scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
                new(i, body.message, "message", body.thread)
            elif isinstance(body, ev.AskCreated):
                scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
                new(i, body.ask, "ask", body.thread)
            elif isinstance(body, ev.ThreadResolved | ev.ReadMarked):
                scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
            elif isinstance(body, ev.MessageEdited | ev.ReactionAdded | ev.ReactionRemoved):
                scope = enter(i, channel_of(body.message, "message"), "message", body.message)
            elif isinstance(body, ev.AskCancelled):
                scope = enter(i, channel_of(body.ask, "ask"), "ask", body.ask)
            elif isinstance(body, ev.CheckinCreated):
                scope = enter(i, body.channel, "channel", body.channel)
                new(i, body.checkin, "checkin", body.channel)
            elif isinstance(body, ev.CheckinAnswered):
                cid = channel_of(body.checkin, "checkin")
                scope = enter(i, cid, "check-in", body.checkin)
                if cid is not None:
                    thread = body.thread
                    new(i, thread, "thread", cid)
                    new(i, body.message, "message", thread)
            elif isinstance(body, ev.CheckinStopped):
                scope = enter(i, channel_of(body.checkin, "checkin"), "check-in", body.checkin)
            elif isinstance(body, ev.MeetingOpened):
                scope = enter(i, body.channel, "channel", body.channel)
                new(i, body.thread, "thread", body.channel)
                new(i, body.message, "message", body.thread)
            elif isinstance(body, ev.MeetingClosed):
                scope = enter(i, channel_of(body.thread, "thread"), "thread", body.thread)
            elif isinstance(body, ev.DecisionMade | ev.ActionCreated):
                cid = channel_of(body.thread, "thread")
                scope = enter(i, cid, "thread", body.thread)
                quoted = body.messages if isinstance(body, ev.DecisionMade) else (
                    () if body.message is None else (body.message,)
                )
                for message in quoted:
                    if channel_of(message, "message") != cid and not trusted:
                        raise Refused(i, 404, f"no message {message!r} in that thread's channel")
                if isinstance(body, ev.DecisionMade):
                    new(i, body.decision, "decision", body.thread)
                else:
                    new(i, body.action, "action", body.thread)
            elif isinstance(body, ev.ActionDone):
                scope = enter(i, channel_of(body.action, "action"), "action item", body.action)
            plan.scopes.append(scope)
        return plan

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
            if _db_counts(db) != scopes.counts():
                scopes = self._scopes = _Scopes.load(db)
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

    # -- members, devices, join codes ----------------------------------------------

    def add_member(self, handle: str, name: str, *, admin: bool = False) -> tuple[str, str]:
        """A new member and a join code for their first device: (member id, code)."""
        handle = handle.lstrip("@")
        db = self._db()
        with db:
            if db.execute("SELECT 1 FROM members WHERE handle = ?", (handle,)).fetchone():
                raise JoinError(f"@{handle} is already a member; use `invite` for a new device")
            member = new_id()
            db.execute(
                "INSERT INTO members (id, handle, name, role, added_at) VALUES (?, ?, ?, ?, ?)",
                (member, handle, name, "admin" if admin else "member", _now_ms()),
            )
            code = self._new_code(db, member)
        return member, code

    def ensure_member(self, member: str, handle: str, name: str) -> None:
        """Know a member by the id they already have (a team moving from a folder)."""
        db = self._db()
        with db:
            taken = db.execute("SELECT id FROM members WHERE handle = ?", (handle,)).fetchone()
            if taken is not None and taken[0] != member:
                handle = f"{handle}-{member[-4:].lower()}"
            db.execute(
                "INSERT OR IGNORE INTO members (id, handle, name, role, added_at)"
                " VALUES (?, ?, ?, 'member', ?)",
                (member, handle, name, _now_ms()),
            )

    def invite(self, handle: str) -> str:
        """A join code for another device of an existing member."""
        db = self._db()
        with db:
            row = db.execute("SELECT id FROM members WHERE handle = ?", (handle.lstrip("@"),))
            found = row.fetchone()
            if found is None:
                raise JoinError(f"no member @{handle.lstrip('@')}")
            return self._new_code(db, str(found[0]))

    def member_id(self, handle: str) -> str:
        row = (
            self._db()
            .execute("SELECT id FROM members WHERE handle = ?", (handle.lstrip("@"),))
            .fetchone()
        )
        if row is None:
            raise JoinError(f"no member @{handle.lstrip('@')}")
        return str(row[0])

    def set_role(self, handle: str, admin: bool) -> None:
        db = self._db()
        with db:
            cur = db.execute(
                "UPDATE members SET role = ? WHERE handle = ?",
                ("admin" if admin else "member", handle.lstrip("@")),
            )
            if cur.rowcount == 0:
                raise JoinError(f"no member @{handle.lstrip('@')}")
        self._forget_identities()

    @staticmethod
    def _new_code(db: sqlite3.Connection, member: str) -> str:
        # Hex: a code is typed or pasted on a command line, where a leading "-"
        # (which URL-safe base64 can make) would read as an option.
        code = secrets.token_hex(16)
        expires = _now_ms() + JOIN_CODE_DAYS * 86_400_000
        db.execute(
            "INSERT INTO join_codes (code_hash, member, expires_at) VALUES (?, ?, ?)",
            (hash_secret(code), member, expires),
        )
        return code

    def join(self, code: str, device: str) -> tuple[str, Identity, str]:
        """Trade a join code for a device token: (token, identity, member name)."""
        db = self._db()
        with db:
            row = db.execute(
                "SELECT j.member, j.expires_at, j.used_at, m.handle, m.name, m.role"
                " FROM join_codes j JOIN members m ON m.id = j.member WHERE j.code_hash = ?",
                (hash_secret(code),),
            ).fetchone()
            if row is None or row[2] is not None or row[1] < _now_ms():
                raise JoinError("this join code is not valid (unknown, used or expired)")
            member, _, _, handle, name, role = row
            other = db.execute(
                "SELECT 1 FROM devices WHERE device = ? AND member != ? AND revoked_at IS NULL",
                (device, member),
            ).fetchone()
            if other is not None:
                raise DeviceTaken(f"the device name {device!r} is taken; choose another")
            now = _now_ms()
            # One token per device: joining again from the same device replaces it.
            db.execute(
                "UPDATE devices SET revoked_at = ? WHERE member = ? AND device = ?"
                " AND revoked_at IS NULL",
                (now, member, device),
            )
            token = secrets.token_urlsafe(32)
            token_hash = hash_secret(token)
            db.execute(
                "INSERT INTO devices (token_hash, member, device, created_at) VALUES (?, ?, ?, ?)",
                (token_hash, member, device, now),
            )
            db.execute(
                "UPDATE join_codes SET used_at = ? WHERE code_hash = ?", (now, hash_secret(code))
            )
        self._forget_identities()
        return token, Identity(member, device, role, handle, token_hash), name

    def cache_identities(self) -> None:
        """Keep the identities of valid tokens in memory (the server). They are
        forgotten as soon as any connection (another thread, or another process:
        ``asynctui admin revoke``) changes a device or a member: each look-up asks
        ``PRAGMA data_version`` whether another connection wrote the file since
        the last, and if so reads ``auth_version``, which triggers move on every
        such change. One cheap statement per request instead of a join."""
        self._identities = {}
        self._auth_version = -1

    def identify(self, token: str) -> Identity | None:
        token_hash = hash_secret(token)
        cache = self._identities
        if cache is None:
            return self._identify(token_hash)
        db = self._db()
        (version,) = db.execute("PRAGMA data_version").fetchone()
        if version != getattr(self._local, "data_version", None):
            (auth,) = db.execute("SELECT n FROM auth_version").fetchone()
            if auth != self._auth_version:
                cache.clear()
                self._auth_version = auth
            self._local.data_version = version
        found = cache.get(token_hash)
        if found is None:
            found = self._identify(token_hash)
            if found is not None:
                cache[token_hash] = found
        return found

    def identify_cached(self, token: str) -> Identity | None:
        """:meth:`identify` without asking whether anything changed: for an
        append only, whose token the writer checks again inside its transaction
        (:meth:`append_checked`). It saves a statement on the event loop for
        every append (~7% of its time under load, benchmarks/bench_server.py)."""
        token_hash = hash_secret(token)
        cache = self._identities
        found = None if cache is None else cache.get(token_hash)
        return self.identify(token) if found is None else found

    def _forget_identities(self) -> None:
        """After a change made on this thread's own connection, which its
        ``PRAGMA data_version`` does not count."""
        if self._identities is not None:
            self._identities.clear()

    def _identify(self, token_hash: str) -> Identity | None:
        row = (
            self._db()
            .execute(
                "SELECT d.member, d.device, m.role, m.handle, d.token_hash FROM devices d"
                " JOIN members m ON m.id = d.member"
                " WHERE d.token_hash = ? AND d.revoked_at IS NULL",
                (token_hash,),
            )
            .fetchone()
        )
        return None if row is None else Identity(*row)

    def revoke(self, *, device: str | None = None, handle: str | None = None) -> int:
        """End the tokens of a device, or of every device of a member; how many ended."""
        db = self._db()
        with db:
            if device is not None:
                cur = db.execute(
                    "UPDATE devices SET revoked_at = ? WHERE device = ? AND revoked_at IS NULL",
                    (_now_ms(), device),
                )
            else:
                cur = db.execute(
                    "UPDATE devices SET revoked_at = ? WHERE revoked_at IS NULL AND member ="
                    " (SELECT id FROM members WHERE handle = ?)",
                    (_now_ms(), (handle or "").lstrip("@")),
                )
        self._forget_identities()
        return cur.rowcount

    def devices(self) -> list[dict[str, object]]:
        rows = self._db().execute(
            "SELECT m.handle, m.name, m.role, d.device, d.created_at, d.last_seen, d.revoked_at"
            " FROM members m LEFT JOIN devices d ON d.member = m.id ORDER BY m.handle, d.device"
        )
        keys = ("handle", "name", "role", "device", "created_at", "last_seen", "revoked_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def seen(self, token_hash: str) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE devices SET last_seen = ? WHERE token_hash = ?", (_now_ms(), token_hash)
            )
