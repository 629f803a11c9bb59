"""The tables of the server's SQLite file (created on first open, never dropped)."""

from __future__ import annotations

__all__ = ["DDL"]

DDL = """
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
