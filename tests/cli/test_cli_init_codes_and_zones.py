"""`asynctui init`: a join code is never an argument (ps and shell history keep
those), the time zone defaults to this machine's and says so, and an offline
command counts the event it just queued."""

from __future__ import annotations

import getpass
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli, one_line_error
from server_harness import RunningServer, running_server

from asynctui.server.log import ServerLog


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    (tmp_path / "server").mkdir()
    yield from running_server(tmp_path / "server")


def code_for(server: RunningServer, handle: str) -> str:
    operator = ServerLog(server.db)
    try:
        return operator.add_member(handle, handle.title())[1]
    finally:
        operator.close()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_code_on_the_command_line_is_refused_naming_the_three_ways(
    cli: Cli, server: RunningServer
) -> None:
    code = code_for(server, "ana")
    error = one_line_error(cli("ana", "init", "--server", server.url, f"--code={code}"))
    assert "`ps`" in error and "shell history" in error
    assert "prompt" in error and "< code-file" in error and "ASYNCTUI_JOIN_CODE" in error
    assert code not in error
    assert not cli.config("ana").exists()


def test_a_code_piped_in_joins(
    cli: Cli, server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(code_for(server, "ana") + "\n"))
    result = cli("ana", "init", "--server", server.url, "--tz", "Europe/Berlin")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Joined the workspace on {server.url} as Ana (@ana, ")


def test_on_a_terminal_the_code_is_asked_for_without_echo(
    cli: Cli, server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = code_for(server, "ana")
    prompts: list[str] = []

    def typed(prompt: str = "") -> str:
        prompts.append(prompt)
        return code

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(getpass, "getpass", typed)
    result = cli("ana", "init", "--server", server.url, "--tz", "Europe/Berlin")
    assert result.code == 0, result.err
    assert prompts == ["Join code (from the server's admin): "]


def test_no_code_at_all_is_a_one_line_error(
    cli: Cli, server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    error = one_line_error(cli("ana", "init", "--server", server.url))
    assert "no join code given" in error and "ASYNCTUI_JOIN_CODE" in error


def test_joining_a_server_without_tz_takes_this_machines_zone_and_says_so(
    cli: Cli, server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    result = cli.with_code(code_for(server, "ana"), "ana", "init", "--server", server.url)
    assert result.code == 0, result.err
    assert "(@ana, America/Sao_Paulo)" in result.out
    assert "Time zone America/Sao_Paulo: this machine's (from TZ)." in result.out
    (me,) = cli.ok("ana", "team", "--json").json()
    assert me["tz"] == "America/Sao_Paulo"


def test_a_folder_workspace_without_tz_takes_this_machines_zone_too(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", ":Asia/Tokyo")
    result = cli.ok(
        "ana", "init", "--folder", str(cli.folder), "--name", "Ana Ruiz", "--handle", "ana"
    )
    assert "(@ana, Asia/Tokyo)" in result.out
    assert "Time zone Asia/Tokyo: this machine's (from TZ)." in result.out


def test_a_tz_given_is_taken_without_a_word_about_the_machine(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    result = cli.init("ana")
    assert "(@ana, Europe/Berlin)" in result.out and "this machine's" not in result.out


def test_offline_a_new_reply_is_counted_as_queued_never_as_zero(team: Cli) -> None:
    team.ok("ana", "post", "#general", "Q", "Thoughts?")
    short = team.ok("bob", "threads", "--json").json()[0]["id"][-6:]
    team.folder.rename(team.tmp / "elsewhere")
    first = team.ok("bob", "reply", short, "Offline answer")
    assert "0 event(s)" not in first.err
    assert first.err.splitlines()[-1] == (
        "asynctui: warning: 1 event(s) queued, sent on the next command that can reach the folder"
    )
    second = team.ok("bob", "reply", short, "And another")
    assert "1 event(s) queued" in second.err.splitlines()[0]  # from before this command
    assert "2 event(s) queued" in second.err.splitlines()[-1]
