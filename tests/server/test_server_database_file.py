"""The team's database file goes away, is swapped, or turns read-only under a
running server: nothing is acknowledged that is not stored, the operator reads
one line about it, and ``/healthz`` says so (issue #10)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import Device, RunningServer, post_events

from asynctui.core.events import ProfileSet, StatusSet


def as_an_ordinary_user(server: RunningServer) -> RunningServer:
    """Root writes a read-only file anyway: start the server without that power."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop the power to write anything")
        server.prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    return server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    server = as_an_ordinary_user(RunningServer(tmp_path / "team.db"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if server.db.exists():
            server.db.chmod(0o644)


def say(device: Device, text: str) -> httpx.Response:
    return post_events(device, [device.event(StatusSet(state="focus", text=text))])


def logged(server: RunningServer) -> str:
    return server.log.read_text(errors="replace")


def test_a_stranger_asking_healthz_hears_only_that_the_server_is_up(
    server: RunningServer,
) -> None:
    answer = httpx.get(f"{server.url}/healthz")
    assert answer.status_code == 200 and answer.json() == {"ok": True}


def test_after_the_database_is_deleted_writes_get_503_and_healthz_says_so(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    assert say(ana, "before").status_code == 200
    for path in server.db.parent.glob("team.db*"):
        if not path.name.endswith(".lock"):
            path.unlink()
    refused = say(ana, "after")
    assert refused.status_code == 503 and refused.json()["error"] == "unavailable"
    assert "Retry-After" in refused.headers
    assert httpx.get(f"{server.url}/healthz").status_code == 503
    joining = httpx.post(f"{server.url}/v1/join", json={"code": "0" * 32, "device": "cy-1"})
    assert joining.status_code == 503
    text = logged(server)
    assert f"refusing writes: the database {server.db} was deleted" in text
    assert text.count("refusing writes") == 1 and "Traceback" not in text


def test_a_database_replaced_by_another_file_is_not_written(server: RunningServer) -> None:
    ana = server.join("ana")
    assert say(ana, "before").status_code == 200
    copy = server.db.with_name("copy.db")
    with sqlite3.connect(server.db) as live, sqlite3.connect(copy) as other:
        live.backup(other)
    os.replace(copy, server.db)
    assert say(ana, "after").status_code == 503
    assert "was replaced by another file" in logged(server)


def test_a_read_only_database_refuses_writes_with_503_and_one_log_line_then_recovers(
    server: RunningServer,
) -> None:
    ana = server.join("ana")
    assert say(ana, "before").status_code == 200
    server.db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    assert say(ana, "read-only").status_code == 503
    profile = ana.event(ProfileSet(name="Ana", handle="ana", tz="UTC"))
    assert post_events(ana, [profile]).status_code == 503
    assert httpx.get(f"{server.url}/healthz").status_code == 503
    assert httpx.get(f"{server.url}/v1/events", headers=ana.headers).status_code == 200
    text = logged(server)
    assert f"refusing writes: the database {server.db} is read-only" in text
    assert "Traceback" not in text

    server.db.chmod(0o644)
    assert say(ana, "writable again").status_code == 200
    assert "writing again" in logged(server)
