"""The real `asynctui` binary on a real sync server, in tmux: a new member opens the
client, reads a teammate's thread, replies, and sees a new thread arrive live."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_harness import RunningServer

from asynctui.server.log import ServerLog

_CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
NOW = "2026-11-18T10:20:00Z"  # a Wednesday morning in Berlin


class Person:
    def __init__(self, home: Path) -> None:
        self.env = {
            **_CLEAN_ENV,
            "ASYNCTUI_DATA_DIR": str(home / "data"),
            "ASYNCTUI_CONFIG_DIR": str(home / "config"),
            "ASYNCTUI_NOW": NOW,
        }

    def run(self, *argv: str, input: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "asynctui", *argv],
            env=self.env, capture_output=True, text=True, timeout=60, input=input,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout


def joined(server: RunningServer, home: Path, handle: str, name: str, tz: str) -> Person:
    operator = ServerLog(server.db)
    code = operator.add_member(handle, name)[1]
    operator.close()
    person = Person(home)
    # The code on standard input, as `asynctui init --server URL < code-file` gives it.
    person.run("init", "--server", server.url, "--tz", tz, "--device", f"{handle}-laptop",
               input=code + "\n")  # fmt: skip
    return person


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing in CI: .ci/run should have installed it")
        pytest.skip("tmux is not installed")
    server = RunningServer(tmp_path / "team.db")
    server.start()
    yield server
    server.stop()


def screen(socket: str) -> str:
    return subprocess.run(
        ["tmux", "-L", socket, "capture-pane", "-t", "s", "-p"],
        capture_output=True, text=True, env=_CLEAN_ENV, check=True,
    ).stdout  # fmt: skip


def wait_for(socket: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while True:
        shown = screen(socket)
        if text in shown:
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared:\n{shown}")
        time.sleep(0.2)


def keys(socket: str, *typed: str, literal: bool = False) -> None:
    for key in typed:
        flags = ["-l"] if literal else []
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "s", *flags, key],
                       check=True, env=_CLEAN_ENV)  # fmt: skip
        time.sleep(0.15)


def test_the_client_on_a_server_reads_replies_and_sees_news_arrive_live(
    server: RunningServer, tmp_path: Path
) -> None:
    bob = joined(server, tmp_path / "bob", "bob", "Bob Stone", "America/New_York")
    bob.run("post", "#general", "Launch checklist", "Who signs off on the copy?")
    ana = joined(server, tmp_path / "ana", "ana", "Ana Ruiz", "Europe/Berlin")

    socket = f"asynctui-server-{uuid.uuid4().hex[:8]}"
    env = " ".join(f"{k}={ana.env[k]}" for k in ("ASYNCTUI_DATA_DIR", "ASYNCTUI_CONFIG_DIR",
                                                 "ASYNCTUI_NOW"))  # fmt: skip
    command = f"env {env} TERM=xterm-256color {sys.executable} -m asynctui; sleep 30"
    subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", "s", "-x", "160", "-y",
                    "45", command], check=True, env=_CLEAN_ENV)  # fmt: skip
    try:
        wait_for(socket, "Launch checklist")
        keys(socket, "Enter")
        wait_for(socket, "Who signs off on the copy?")
        keys(socket, "r")
        keys(socket, "I do, by Friday.", literal=True)
        keys(socket, "C-s")
        wait_for(socket, "I do, by Friday.")
        # Bob posts while Ana's client is open: it arrives without a key press.
        bob.run("post", "#general", "Retro notes", "Async this time")
        wait_for(socket, "Retro notes")
        keys(socket, "q")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, env=_CLEAN_ENV)
    # Ana's reply reached the server: Bob reads it from there.
    (launch,) = [line for line in bob.run("threads").splitlines() if "Launch checklist" in line]
    assert "I do, by Friday." in bob.run("show", launch.split()[0])
