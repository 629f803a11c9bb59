"""Who may use the server: members, their devices' tokens, join codes.

Only hashes of tokens and join codes are stored: a stolen copy of the file
gives no way in. Identities of valid tokens are kept in memory by the server
and forgotten as soon as any connection changes a device or a member.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass

from asynctui.core.ids import new_id
from asynctui.core.names import BadName, check_device, check_handle

__all__ = ["DeviceTaken", "Identity", "JoinError", "Members", "hash_secret", "now_ms"]

JOIN_CODE_DAYS = 7


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


def now_ms() -> int:
    return int(time.time() * 1000)


class Members:
    """The members, devices and join codes of :class:`~asynctui.server.log.ServerLog`."""

    _local: threading.local
    _identities: dict[str, Identity] | None
    _auth_version: int

    def _db(self) -> sqlite3.Connection:
        raise NotImplementedError

    def add_member(self, handle: str, name: str, *, admin: bool = False) -> tuple[str, str]:
        """A new member and a join code for their first device: (member id, code)."""
        try:
            handle = check_handle(handle)
        except BadName as exc:
            raise JoinError(str(exc)) from None
        name = " ".join(name.split())
        if not name or not name.isprintable():
            raise JoinError("a member's name must be printable text, not empty")
        db = self._db()
        with db:
            if db.execute("SELECT 1 FROM members WHERE handle = ?", (handle,)).fetchone():
                raise JoinError(f"@{handle} is already a member; use `invite` for a new device")
            member = new_id()
            db.execute(
                "INSERT INTO members (id, handle, name, role, added_at) VALUES (?, ?, ?, ?, ?)",
                (member, handle, name, "admin" if admin else "member", now_ms()),
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
                (member, handle, name, now_ms()),
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
        expires = now_ms() + JOIN_CODE_DAYS * 86_400_000
        db.execute(
            "INSERT INTO join_codes (code_hash, member, expires_at) VALUES (?, ?, ?)",
            (hash_secret(code), member, expires),
        )
        return code

    def join(self, code: str, device: str) -> tuple[str, Identity, str]:
        """Trade a join code for a device token: (token, identity, member name)."""
        try:
            check_device(device)
        except BadName as exc:
            raise JoinError(str(exc)) from None
        db = self._db()
        with db:
            row = db.execute(
                "SELECT j.member, j.expires_at, j.used_at, m.handle, m.name, m.role"
                " FROM join_codes j JOIN members m ON m.id = j.member WHERE j.code_hash = ?",
                (hash_secret(code),),
            ).fetchone()
            if row is None or row[2] is not None or row[1] < now_ms():
                raise JoinError("this join code is not valid (unknown, used or expired)")
            member, _, _, handle, name, role = row
            other = db.execute(
                # Names that differ only by case are one name: revoking "ana-laptop"
                # must never end the wrong person's device.
                "SELECT 1 FROM devices WHERE lower(device) = lower(?) AND member != ?"
                " AND revoked_at IS NULL",
                (device, member),
            ).fetchone()
            if other is not None:
                raise DeviceTaken(f"the device name {device!r} is taken; choose another")
            now = now_ms()
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
                    (now_ms(), device),
                )
            else:
                cur = db.execute(
                    "UPDATE devices SET revoked_at = ? WHERE revoked_at IS NULL AND member ="
                    " (SELECT id FROM members WHERE handle = ?)",
                    (now_ms(), (handle or "").lstrip("@")),
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
                "UPDATE devices SET last_seen = ? WHERE token_hash = ?", (now_ms(), token_hash)
            )
