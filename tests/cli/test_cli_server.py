"""Joining a team's sync server with a code, through the real CLI and a real server."""

from __future__ import annotations

import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli, Result, one_line_error
from server_harness import RunningServer, free_port, running_server

from asynctui.server.log import ServerLog


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    (tmp_path / "server").mkdir()
    yield from running_server(tmp_path / "server")


def code_for(server: RunningServer, handle: str, name: str) -> str:
    """What the operator does: `asynctui admin add-member`."""
    operator = ServerLog(server.db)
    try:
        return operator.add_member(handle, name)[1]
    finally:
        operator.close()


def revoke(server: RunningServer, device: str) -> None:
    operator = ServerLog(server.db)
    try:
        operator.revoke(device=device)
    finally:
        operator.close()


def join(cli: Cli, server: RunningServer, who: str, code: str | None = None) -> Result:
    name, tz = {"ana": ("Ana Ruiz", "Europe/Berlin"), "bob": ("Bob Stone", "America/New_York")}[who]
    code = code or code_for(server, who, name)
    return cli.with_code(
        code, who, "init", "--server", server.url, "--tz", tz, "--device", f"{who}-laptop"
    )


@pytest.fixture
def team(cli: Cli, server: RunningServer) -> Cli:
    """Ana (Berlin) and Bob (New York) joined the server; init made #general."""
    assert join(cli, server, "ana").code == 0
    assert join(cli, server, "bob").code == 0
    return cli


def test_ana_joins_with_her_code_as_the_name_and_handle_the_admin_gave(
    cli: Cli, server: RunningServer
) -> None:
    result = join(cli, server, "ana")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Joined the workspace on {server.url} as Ana Ruiz")
    assert "(@ana, Europe/Berlin) on device ana-laptop." in result.out
    assert "Working hours are Mon-Fri 09:00-17:00" in result.out
    (me,) = cli.ok("ana", "team", "--json").json()
    assert (me["handle"], me["tz"]) == ("ana", "Europe/Berlin")


def test_what_ana_posts_bob_reads_through_the_server(team: Cli) -> None:
    posted = team.ok("ana", "post", "#general", "Launch plan", "Draft is ready").out
    short = posted.split()[1]
    (listed,) = team.ok("bob", "threads", "--json").json()
    assert listed["id"].lower().endswith(short)
    assert listed["title"] == "Launch plan"
    team.ok("bob", "reply", short, "Looks good")
    messages = team.ok("ana", "show", short, "--json").json()["messages"]
    assert [m["body"] for m in messages] == ["Draft is ready", "Looks good"]
    assert team.ok("ana", "outbox", "--json").json() == []


def test_the_config_with_the_token_is_readable_by_its_owner_only(
    cli: Cli, server: RunningServer
) -> None:
    join(cli, server, "ana")
    path = cli.config("ana")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    workspace = tomllib.loads(path.read_text())["workspace"]
    assert workspace["server"] == server.url and workspace["token"]
    assert "folder" not in workspace
    # Saving it again (the TUI saves a theme change) keeps it private.
    cli.ok("ana", "sync")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_wrong_join_code_is_a_one_line_error_and_writes_no_config(
    cli: Cli, server: RunningServer
) -> None:
    error = one_line_error(join(cli, server, "ana", code="not-the-code"))
    assert "join code is not valid" in error
    assert not cli.config("ana").exists()


def test_a_join_code_works_only_once(cli: Cli, server: RunningServer) -> None:
    code = code_for(server, "ana", "Ana Ruiz")
    assert join(cli, server, "ana", code=code).code == 0
    error = one_line_error(join(cli, server, "bob", code=code))
    assert "not valid" in error


def test_a_server_that_does_not_answer_is_a_one_line_error(cli: Cli, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = cli.with_code("abc", "ana", "init", "--server", url, "--tz", "Europe/Berlin")
    assert "cannot reach the server" in one_line_error(result)
    assert not cli.config("ana").exists()


@pytest.mark.parametrize(
    "url", ["chat.example.com", "ftp://chat.example.com", "http://", "http://[::1"]
)
def test_a_server_address_that_is_not_a_url_is_a_one_line_error(cli: Cli, url: str) -> None:
    result = cli.with_code("abc", "ana", "init", "--server", url, "--tz", "Europe/Berlin")
    assert "not a server URL" in one_line_error(result)


def test_joining_a_server_takes_a_code_and_no_name_or_handle(
    cli: Cli, server: RunningServer
) -> None:
    named = cli.with_code(
        "x", "ana", "init", "--server", server.url, "--tz", "Europe/Berlin", "--name", "A"
    )
    assert "--name" in one_line_error(named)
    both = cli("ana", "init", "--server", server.url, "--folder", "f", "--tz", "Europe/Berlin")
    assert both.code != 0 and "not allowed with" in both.err


def test_a_revoked_device_is_told_in_one_line_what_to_do(team: Cli, server: RunningServer) -> None:
    revoke(server, "ana-laptop")
    error = one_line_error(team("ana", "sync"))
    assert "revoked" in error and "asynctui init --server" in error
    # Setting a status still records it locally, and says why it cannot be sent.
    result = team.ok("ana", "status", "away", "Lunch")
    assert "revoked" in result.err and "1 event(s) queued" in result.err
    assert "Traceback" not in result.err
    assert [o["state"] for o in team.ok("ana", "outbox", "--json").json()] == ["pending"]


def test_joining_again_after_a_revoke_sends_what_was_queued(
    team: Cli, server: RunningServer
) -> None:
    revoke(server, "ana-laptop")
    team("ana", "status", "away", "Lunch")
    code = _invite(server, "ana")
    result = team.with_code(
        code, "ana", "init", "--server", server.url, "--tz", "Europe/Berlin", "--force"
    )
    assert result.code == 0, result.err
    assert "Working hours" not in result.out  # the member was known: hours kept
    assert team.ok("ana", "outbox", "--json").json() == []
    assert any(
        p["handle"] == "ana" and p["state"] == "away"
        for p in team.ok("bob", "team", "--json").json()
    )


def _invite(server: RunningServer, handle: str) -> str:
    operator = ServerLog(server.db)
    try:
        return operator.invite(handle)
    finally:
        operator.close()


def test_commands_work_from_the_replica_while_the_server_is_down(
    team: Cli, server: RunningServer
) -> None:
    server.stop()
    result = team.ok("ana", "post", "#general", "Offline thought", "A body")
    assert "offline:" in result.err and "reach the server" in result.err
    assert all(line.startswith("asynctui: warning: ") for line in result.err.splitlines())
    assert "cannot reach" in one_line_error(team("ana", "sync"))
    server.start()
    assert "1 sent" in team.ok("ana", "sync").out
    assert [t["title"] for t in team.ok("bob", "threads", "--json").json()] == ["Offline thought"]


def test_a_device_set_up_for_a_folder_switches_to_a_server_only_with_force(
    cli: Cli, server: RunningServer
) -> None:
    cli.init("ana")
    cli.ok("ana", "channel", "create", "folder-only")
    code = code_for(server, "ana", "Ana Ruiz")
    argv = ("init", "--server", server.url, "--tz", "Europe/Berlin")
    assert "--force" in one_line_error(cli.with_code(code, "ana", *argv))
    result = cli.with_code(code, "ana", *argv, "--force")
    assert result.code == 0, result.err
    # The folder's replica is moved aside, not mixed with the server's (whose first
    # member's join made #general).
    assert [c["name"] for c in cli.ok("ana", "channels", "--json").json()] == ["general"]
