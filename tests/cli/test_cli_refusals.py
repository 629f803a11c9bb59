"""What Ana sees when the server refuses an event of hers, through the real CLI
and a real server: the command fails with the server's reason, the refusal is
listed in the outbox, and discarding it takes its effect off her device."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_runner import Cli, one_line_error
from server_harness import Device, RunningServer, post_events, running_server

from asynctui.core.events import ChannelCreated, Event
from asynctui.core.ids import new_id
from asynctui.server.log import ServerLog

REASON = "no channel 'c-payroll' that you can see"
"""What the server says of a public #payroll when a private channel has its id."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    (tmp_path / "server").mkdir()
    yield from running_server(tmp_path / "server")


@pytest.fixture
def ana(cli: Cli, server: RunningServer) -> Cli:
    """Ana joined the server and made #general."""
    operator = ServerLog(server.db)
    try:
        code = operator.add_member("ana", "Ana Ruiz")[1]
    finally:
        operator.close()
    joined = cli.with_code(
        code, "ana", "init", "--server", server.url, "--tz", "Europe/Berlin", "--device", "ana-l"
    )
    assert joined.code == 0, joined.err
    return cli


def someone_takes(server: RunningServer, name: str) -> Device:
    """Another member makes a private channel with the id a public #name would have."""
    other = server.join("eve")
    event = Event(
        id=new_id(), lamport=1, device=other.device, author=other.member,
        at=datetime.now(UTC),
        body=ChannelCreated(channel=f"c-{name}", name=name, private=True, members=(other.member,)),
    )  # fmt: skip
    assert post_events(other, [event]).status_code == 200
    return other


def outbox(cli: Cli) -> list[dict[str, str]]:
    items: list[dict[str, str]] = cli.ok("ana", "outbox", "--json").json()
    return items


def test_a_channel_the_server_refuses_fails_the_command_with_the_servers_reason(
    ana: Cli, server: RunningServer
) -> None:
    someone_takes(server, "payroll")
    result = ana("ana", "channel", "create", "payroll")
    error = one_line_error(result)
    assert "the server refused the new channel #payroll" in error
    assert REASON in error
    assert "asynctui outbox --discard" in error
    assert "Created" not in result.out
    (item,) = outbox(ana)
    assert (item["state"], item["error"]) == ("refused", REASON)


def test_a_refusal_is_not_warned_about_again_on_later_commands(
    ana: Cli, server: RunningServer
) -> None:
    someone_takes(server, "payroll")
    ana("ana", "channel", "create", "payroll")
    later = ana.ok("ana", "post", "#general", "Launch", "Go?")
    assert later.err == ""
    assert ana.ok("ana", "threads").err == ""
    # `sync` says it once, in a line of its own; `outbox` names it and why.
    synced = ana.ok("ana", "sync").out.splitlines()
    assert synced[1] == (
        "1 event(s) refused by the server stay on this device only: see `asynctui outbox`."
    )
    assert ana.ok("ana", "sync", "--json").json()["refused"] == 1
    listed = ana.ok("ana", "outbox").out
    assert "refused  the new channel #payroll  " + REASON in listed
    assert "`asynctui outbox --discard ID`" in listed


def test_discarding_a_refused_channel_takes_it_off_this_device(
    ana: Cli, server: RunningServer
) -> None:
    someone_takes(server, "payroll")
    ana("ana", "channel", "create", "payroll")
    ana.ok("ana", "post", "#general", "Launch", "Go?")
    assert "payroll" in ana.ok("ana", "channels").out
    short = outbox(ana)[0]["id"][-4:].lower()  # any unique ending of the id
    result = ana.ok("ana", "outbox", "--discard", short)
    assert result.out.startswith("Discarded the new channel #payroll (")
    assert "read again from the server" in result.out
    assert outbox(ana) == []
    assert [c["name"] for c in ana.ok("ana", "channels", "--json").json()] == ["general"]
    # What the server has is all still here.
    assert [t["title"] for t in ana.ok("ana", "threads", "--json").json()] == ["Launch"]


def test_a_pending_event_is_discarded_only_with_force_and_then_never_sent(
    ana: Cli, server: RunningServer
) -> None:
    server.stop()
    ana.ok("ana", "status", "away", "Lunch")
    (item,) = outbox(ana)
    error = one_line_error(ana("ana", "outbox", "--discard", item["id"]))
    assert "the status away 'Lunch'" in error and "still waiting to be sent" in error
    assert "add --force" in error
    # Undoing it means reading the log again: not while the server is down.
    offline = one_line_error(ana("ana", "outbox", "--discard", item["id"], "--force"))
    assert "cannot discard while offline" in offline
    server.start()
    result = ana.ok("ana", "outbox", "--discard", item["id"], "--force")
    assert result.out.startswith("Discarded the status away 'Lunch'")
    assert outbox(ana) == []
    (me,) = ana.ok("ana", "team", "--json").json()
    assert me["state"] != "away"  # never sent, and gone from here too


def test_an_event_queued_offline_and_refused_later_is_named_once_with_why(
    ana: Cli, server: RunningServer
) -> None:
    server.stop()
    queued = ana.ok("ana", "channel", "create", "payroll")
    assert "Created #payroll." in queued.out  # kept for later: the server could not say no
    server.start()
    someone_takes(server, "payroll")
    told = ana.ok("ana", "threads")
    (warning,) = told.err.splitlines()
    assert warning.startswith("asynctui: warning: the server refused the new channel #payroll (")
    assert REASON in warning and "asynctui outbox --discard" in warning
    assert ana.ok("ana", "threads").err == ""


def test_an_unknown_id_is_a_one_line_error_naming_the_outbox(ana: Cli) -> None:
    error = one_line_error(ana("ana", "outbox", "--discard", "zzzz"))
    assert "the outbox is empty" in error
