"""A new user's whole journey, driving the real `asynctui` binary in tmux.

Open the demo, read a thread, reply, ask someone for a reply, set focus, and
look at what is overdue, reading the screen as the user would.
"""

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

WEDNESDAY_MORNING = "2026-11-18T10:20:00Z"  # 11:20 in Berlin, where the demo user lives


# Other tests (Textual's own test harness) leave COLUMNS and LINES in this
# process's environment; a tmux server inherits them and so would the app,
# which would then believe the terminal is 80x24.
_CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}


class Tmux:
    """One private tmux server (its own socket) with one session."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            check=True,
            capture_output=True,
            text=True,
            env=_CLEAN_ENV,
        ).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        return self.run("capture-pane", "-t", self.session, "-p")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")
            time.sleep(0.2)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing in CI: .ci/run should have installed it")
        pytest.skip("tmux is not installed")
    tmux = Tmux(f"asynctui-test-{uuid.uuid4().hex[:8]}", "journey")
    # An "editor" that adds a line to the file it is given, as a person would.
    editor = tmp_path / "fake-editor"
    editor.write_text(
        "#!/bin/sh\nprintf '%s\\n' 'Written in my editor, line two.' >> \"$1\"\n",
        encoding="utf-8",
    )
    editor.chmod(0o755)
    env = {
        "EDITOR": str(editor),
        "VISUAL": "",
        "ASYNCTUI_DATA_DIR": str(tmp_path / "data"),
        "ASYNCTUI_CONFIG_DIR": str(tmp_path / "config"),
        "ASYNCTUI_NOW": WEDNESDAY_MORNING,
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"env {exports} {sys.executable} -m asynctui demo; sleep 30"
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "160", "-y", "45", command)
    try:
        yield tmux
    finally:
        subprocess.run(["tmux", "-L", tmux.socket, "kill-server"], check=False, env=_CLEAN_ENV)


def test_a_new_user_reads_replies_asks_focuses_and_sees_what_is_overdue(tmux: Tmux) -> None:
    # The demo opens on the inbox, with badges counted on each asked person's calendar
    # (the first sync fills the fresh replica a moment after the first frame).
    screen = tmux.wait_for("you · overdue")
    assert "Inbox" in screen
    assert "Q1 launch: which markets first?" in screen

    # Read the launch thread (second in the urgency order) and reply to it.
    tmux.keys("j", "Enter")
    tmux.wait_for("Draft plan is in the doc")
    tmux.keys("r")
    tmux.type("DE + JP for me: the payment work for IN can follow in Q2.")
    tmux.keys("C-s")
    screen = tmux.wait_for("the payment work for IN can follow")
    assert "Asked @ana · answered" in screen

    # Ask Maya for her decision: the ask box says when she works before sending.
    tmux.keys("Escape", "a")
    tmux.wait_for("Ask for a reply in")
    tmux.keys("Down")
    screen = tmux.wait_for("ask is due")
    tmux.keys("Enter")
    tmux.wait_for("Asked @")

    # Focus for 50 minutes: two keys.
    tmux.keys("f", "2")
    tmux.wait_for("in focus · 50 min left")

    # What do I owe? The overdue hiring ask is there.
    tmux.keys("Escape", "o")
    screen = tmux.wait_for("Hiring: second backend engineer")
    assert "overdue" in screen

    tmux.keys("q")
    deadline = time.monotonic() + 10
    while "Inbox" in tmux.screen() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Inbox" not in tmux.screen()


def test_ctrl_e_writes_the_reply_in_the_editor_and_brings_the_text_back(tmux: Tmux) -> None:
    tmux.wait_for("you · overdue")
    tmux.keys("j", "Enter")
    tmux.wait_for("Draft plan is in the doc")
    tmux.keys("r")
    tmux.type("Line one, typed here.")
    # The app steps aside for the editor (App.suspend) and takes its text back.
    tmux.keys("C-e")
    screen = tmux.wait_for("Written in my editor, line two.")
    assert "Line one, typed here." in screen
    tmux.keys("C-s")
    screen = tmux.wait_for("Asked @ana · answered")
    assert "Written in my editor, line two." in screen
