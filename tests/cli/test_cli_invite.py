"""`asynctui invite`: asking a teammate in from the command line, with the same
rules and words as the TUI's invite dialog (I).

On a shared folder it says how to join; on a server an admin gets a one-use join
code that `asynctui init --server` accepts, and anyone else is told why not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli, one_line_error
from server_harness import RunningServer, running_server

from asynctui.server.log import ServerLog


def test_on_a_folder_ana_is_told_how_zoe_joins(team: Cli) -> None:
    said = team.ok("ana", "invite", "@zoe", "--name", "Zoe Park").out
    assert str(team.folder) in said
    assert 'asynctui init --folder FOLDER --name "Zoe Park" --handle zoe' in said


def test_a_second_device_of_bob_joins_with_existing(team: Cli) -> None:
    shown = team.ok("ana", "invite", "bob", "--json").json()
    assert shown["command"] == "asynctui init --folder FOLDER --existing --handle bob"


def test_a_new_teammate_without_a_name_is_a_one_line_error(team: Cli) -> None:
    error = one_line_error(team("ana", "invite", "@zoe"))
    assert 'give @zoe\'s name, e.g. "Zoe Park"' in error


def test_a_name_for_someone_in_the_team_already_is_a_one_line_error(team: Cli) -> None:
    error = one_line_error(team("ana", "invite", "@bob", "--name", "Robert"))
    assert "@bob is in the team already (Bob Stone)" in error


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    (tmp_path / "server").mkdir()
    yield from running_server(tmp_path / "server")


def _join(cli: Cli, server: RunningServer, who: str, code: str) -> None:
    joined = cli.with_code(code, who, "init", "--server", server.url, "--tz", "Europe/Berlin")
    assert joined.code == 0, joined.err


def test_on_a_server_an_admins_code_lets_zoe_join(cli: Cli, server: RunningServer) -> None:
    operator = ServerLog(server.db)
    code = operator.add_member("ana", "Ana Ruiz", admin=True)[1]
    operator.close()
    _join(cli, server, "ana", code)

    invited = cli.ok("ana", "invite", "@zoe", "--name", "Zoe Park", "--json").json()
    assert invited["handle"] == "zoe"
    _join(cli, server, "zoe", invited["code"])
    cli.ok("zoe", "sync")
    handles = {row["handle"] for row in cli.ok("zoe", "team", "--json").json()}
    assert handles == {"ana", "zoe"}


def test_on_a_server_bob_who_is_no_admin_is_told_in_one_line(
    cli: Cli, server: RunningServer
) -> None:
    operator = ServerLog(server.db)
    code = operator.add_member("bob", "Bob Stone")[1]
    operator.close()
    _join(cli, server, "bob", code)

    error = one_line_error(cli("bob", "invite", "@zoe", "--name", "Zoe Park"))
    assert "admin" in error
