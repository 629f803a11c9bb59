"""A real sync server for tests: `asynctui serve` in a child process on 127.0.0.1.

Members and join codes are made on the database file, as the operator does with
`asynctui admin`; devices join over HTTP, as `asynctui init --server` does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from asynctui.core.events import Event, Payload, encode
from asynctui.core.ids import new_id
from asynctui.server.log import ServerLog

__all__ = [
    "SERVER_CLOCK",
    "Device",
    "RunningServer",
    "free_port",
    "post_events",
    "running_server",
    "serving",
]

SERVER_CLOCK = "2026-11-25T12:00:00Z"
"""The test server's clock (its ``--now``): after every instant the tests set
their clients to (Wednesday 18 to Tuesday 24 November 2026) and less than
``CLOCK_BEHIND`` after any, so each event keeps the time its author gave it
whatever day the tests run. On the real clock, a test dated 20 November failed
from 4 December on: the server took its events for a stale clock's."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Device:
    """One member's device that has joined the server."""

    member: str
    handle: str
    device: str
    token: str
    url: str
    lamport: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def event(
        self, body: Payload, *, author: str | None = None, at: datetime | None = None
    ) -> Event:
        self.lamport += 1
        return Event(
            id=new_id(),
            lamport=self.lamport,
            device=self.device,
            author=author or self.member,
            at=at or datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            body=body,
        )


class RunningServer:
    def __init__(
        self, db: Path, port: int | None = None, *args: str, now: str | None = SERVER_CLOCK
    ) -> None:
        """``now=None``: the server runs on the system clock."""
        self.db = db
        self.args = args
        self.now = now
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = db.with_suffix(".log")
        self.prefix: list[str] = []
        """Run before the server's command (e.g. to start it with fewer powers)."""

    def start(self, timeout: float = 15.0) -> None:
        """Start it, on a new workspace if the database is not there yet (made
        as an operator makes it: `serve` itself refuses a missing file)."""
        if not self.db.exists():
            ServerLog(self.db).close()
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "ASYNCTUI_NOW")}
        if self.now is not None:
            env["ASYNCTUI_NOW"] = self.now
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [*self.prefix, sys.executable, "-m", "asynctui", "serve", "--db", str(self.db),
                 "--port", str(self.port), *self.args],
                stdout=out, stderr=out, env=env,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("the server did not answer /healthz in time")

    def kill(self) -> None:
        """kill -9: no clean shutdown, as a power cut or the OOM killer would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def last_seq(self) -> int:
        """The newest sequence number in the database, read as the operator
        would read the file (``/healthz`` tells anonymous callers nothing)."""
        with contextlib.closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)) as db:
            (seq,) = db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
        return int(seq)

    @property
    def workspace(self) -> str:
        with contextlib.closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)) as db:
            (found,) = db.execute("SELECT value FROM workspace WHERE key = 'id'").fetchone()
        return str(found)

    def join(self, handle: str, *, name: str = "", admin: bool = False, device: str = "") -> Device:
        """Add a member (or another device of one) and join with the code."""
        operator = ServerLog(self.db)
        try:
            if name or not _has_member(operator, handle):
                member, code = operator.add_member(handle, name or handle.title(), admin=admin)
            else:
                member, code = operator.member_id(handle), operator.invite(handle)
        finally:
            operator.close()
        device = device or f"{handle}-{new_id()[-6:].lower()}"
        answer = httpx.post(f"{self.url}/v1/join", json={"code": code, "device": device})
        answer.raise_for_status()
        data = answer.json()
        assert data["member"] == member
        return Device(member, handle, device, data["token"], self.url)


def _has_member(store: ServerLog, handle: str) -> bool:
    try:
        store.member_id(handle)
    except Exception:  # noqa: BLE001 - JoinError: not a member yet
        return False
    return True


def post_events(device: Device, events: Sequence[Event]) -> httpx.Response:
    """``POST /v1/events`` with the events as encoded in journals."""
    body = b'{"events":[' + b",".join(encode(e) for e in events) + b"]}"
    return httpx.post(
        f"{device.url}/v1/events",
        content=body,
        headers={**device.headers, "Content-Type": "application/json"},
    )


def running_server(tmp_path: Path, *args: str) -> Iterator[RunningServer]:
    """Use as a fixture body: ``yield from running_server(tmp_path)``; ``args``
    go to `asynctui serve` (``"--rate", "100000"`` lifts the rate limit)."""
    server = RunningServer(tmp_path / "team.db", None, *args)
    server.start()
    try:
        yield server
    finally:
        server.stop()


serving = contextlib.contextmanager(running_server)
"""``with serving(tmp_path, "--header-timeout", "1") as server:`` a server of its own."""
