"""The command line on a real sync server: the everyday commands, private channels
and direct messages, with three people in three time zones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli
from server_harness import RunningServer, running_server

from asynctui.server.log import ServerLog

PEOPLE = {
    "ana": ("Ana Ruiz", "Europe/Berlin"),
    "bob": ("Bob Stone", "America/New_York"),
    "cy": ("Cy Tanaka", "Asia/Tokyo"),
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    (tmp_path / "server").mkdir()
    yield from running_server(tmp_path / "server")


@pytest.fixture
def trio(cli: Cli, server: RunningServer) -> Cli:
    """Ana, Bob and Cy joined the server; a public #general channel."""
    for who, (name, tz) in PEOPLE.items():
        operator = ServerLog(server.db)
        code = operator.add_member(who, name)[1]
        operator.close()
        joined = cli.with_code(
            code, who, "init", "--server", server.url, "--tz", tz, "--device", f"{who}-laptop"
        )
        assert joined.code == 0, joined.err
    for who in PEOPLE:
        cli.ok(who, "sync")
    return cli


def titles(cli: Cli, who: str) -> set[str]:
    return {t["title"] for t in cli.ok(who, "threads", "--json").json()}


def test_a_private_channel_is_seen_only_by_the_people_ana_named(trio: Cli) -> None:
    trio.ok("ana", "channel", "create", "hiring", "--private", "--member", "@bob")
    trio.ok("ana", "post", "#hiring", "Offer for Dana", "Salary band?")
    trio.ok("ana", "post", "#general", "Launch", "Go?")
    assert titles(trio, "bob") == {"Offer for Dana", "Launch"}
    assert titles(trio, "cy") == {"Launch"}
    listed = {c["name"]: c["private"] for c in trio.ok("bob", "channels", "--json").json()}
    assert listed == {"general": False, "hiring": True}
    assert "hiring" not in trio.ok("cy", "channels").out


def test_a_direct_message_reaches_only_the_person_named_and_the_reply_finds_it(
    trio: Cli,
) -> None:
    out = trio.ok("ana", "dm", "@bob", "Feedback", "How did the demo go?").out
    assert out.startswith("Posted ") and "to @bob (direct): Feedback" in out
    short = out.split()[1]
    assert titles(trio, "cy") == set()
    trio.ok("bob", "reply", short, "Went well")
    shown = trio.ok("ana", "show", short, "--json").json()
    assert [m["body"] for m in shown["messages"]] == ["How did the demo go?", "Went well"]
    # A second conversation of the same two people lands in the same place.
    trio.ok("bob", "dm", "@ana", "Lunch?", "Tomorrow at noon?")
    channels = [c for c in trio.ok("ana", "channels", "--json").json() if c["private"]]
    assert len(channels) == 1 and channels[0]["threads"] == 2


def test_cy_cannot_reply_in_a_thread_she_cannot_see(trio: Cli) -> None:
    out = trio.ok("ana", "dm", "@bob", "Secret", "Just us").out
    thread = out.split()[1]
    # Cy does not even have the thread: nothing to reply to.
    result = trio("cy", "reply", thread, "Let me in")
    assert result.code == 1 and "no thread" in result.err


def test_wrong_private_channel_flags_are_one_line_errors(trio: Cli) -> None:
    result = trio("ana", "channel", "create", "x", "--member", "@bob")
    assert result.code == 1 and "--private" in result.err
    result = trio("ana", "dm", "Title without anyone")
    assert result.code == 1 and "usage: asynctui dm" in result.err
    result = trio("ana", "dm", "@nobody", "Hi")
    assert result.code == 1 and "no member @nobody" in result.err


def test_asks_statuses_hours_owed_lists_and_search_work_through_the_server(trio: Cli) -> None:
    out = trio.ok("ana", "post", "#general", "Pricing page", "Numbers for the launch?").out
    thread = out.split()[1]
    trio.ok("bob", "hours", "--work", "Mon-Fri 09:00-17:00")
    trio.ok("ana", "ask", thread, "@bob", "--within", "8h")
    # Friday 16:00 in Berlin is 10:00 in New York: 7 of Bob's hours that day, 1 on
    # Monday, so his reply is due Monday 10:00 his time, 15:00 UTC.
    (owed,) = trio.ok("bob", "owed", "--json").json()
    assert (owed["thread_title"], owed["due"]) == ("Pricing page", "2026-11-23T15:00:00Z")
    (mine,) = trio.ok("ana", "owed", "--to-me", "--json").json()
    assert mine["id"] == owed["id"] and mine["due"] == owed["due"]
    trio.ok("bob", "status", "focus", "Deep work", "--for", "50m")
    assert "Deep work" in trio.ok("cy", "status").out
    trio.ok("bob", "reply", thread, "Pricing numbers are in the sheet")
    assert trio.ok("ana", "owed", "--to-me", "--json").json() == []
    (hit,) = trio.ok("cy", "search", "sheet", "--json").json()
    assert hit["thread_title"] == "Pricing page" and "sheet" in hit["snippet"]


def test_messages_about_where_events_go_name_the_server_not_a_folder(trio: Cli) -> None:
    empty = "The outbox is empty: everything has reached the server.\n"
    assert trio.ok("ana", "outbox").out == empty
    assert trio.ok("ana", "rebuild").out.startswith("Rebuilt the replica from the server: ")


def test_an_ask_is_acknowledged_handed_on_and_answered_through_the_server(trio: Cli) -> None:
    thread = trio.ok("ana", "post", "#general", "Pricing page", "Numbers?").out.split()[1]
    for who in PEOPLE:
        trio.ok(who, "hours", "--work", "Mon-Fri 09:00-17:00")
    ask = trio.ok("ana", "ask", thread, "@bob", "--within", "8h", "--json").json()["short"]
    trio.ok("bob", "reply", thread, "On it, later")
    (owed,) = trio.ok("ana", "owed", "--to-me", "--json").json()
    assert owed["state"] == "open"  # "On it, later" is not an answer
    said = trio.ok("bob", "ask", "--ack", ask, "--by", "mon 12:00").out
    assert said == f"Told @ana you will reply by Mon 12:00 (ask {ask}).\n"
    (promised,) = trio.ok("ana", "owed", "--to-me", "--json").json()
    # Monday 12:00 in New York, where Bob typed it.
    assert promised["promised"] == promised["due"] == "2026-11-23T17:00:00Z"
    trio.ok("bob", "ask", "--hand", ask, "--to", "@cy")
    (cys,) = trio.ok("cy", "owed", "--json").json()
    assert cys["id"].lower().endswith(ask)
    assert (cys["origin_handle"], cys["handed_by_handle"], cys["asker_handle"]) == (
        "bob",
        "bob",
        "ana",
    )
    assert trio.ok("bob", "owed", "--json").json() == []
    trio.ok("cy", "reply", thread, "Numbers are in the sheet, tab 2")
    (answered,) = trio.ok("ana", "owed", "--to-me", "--all", "--json").json()
    assert answered["state"] == "answered"
    # A private thread's ask cannot be handed to someone who cannot read it.
    trio.ok("ana", "channel", "create", "deals", "--private", "--member", "@bob")
    secret = trio.ok("ana", "post", "#deals", "Q4", "Discount?").out.split()[1]
    private = trio.ok("ana", "ask", secret, "@bob", "--json").json()["short"]
    refused = trio("bob", "ask", "--hand", private, "--to", "@cy")
    assert refused.code == 1 and "@cy cannot see this thread" in refused.err


def test_follow_snooze_search_and_promises_work_through_the_server(trio: Cli) -> None:
    thread = trio.ok("ana", "post", "#general", "Crash when resuming", "Steps inside").out.split()[
        1
    ]
    trio.ok("bob", "reply", thread, "I can reproduce the crash on a Pixel.")
    trio.ok("ana", "decide", thread, "Ship", "the", "fix")
    assert trio.ok("cy", "follow", thread).out.startswith(f"Following thread {thread}")
    assert "following" in trio.ok("cy", "follow").out
    trio.ok("cy", "mute", "#general")
    assert "#general" in trio.ok("cy", "follow").out
    hits = trio.ok("cy", "search", "resum", "--json").json()
    assert [(h["kind"], h["thread_title"]) for h in hits] == [("title", "Crash when resuming")]
    hits = trio.ok("cy", "search", "crash", "from:@bob", "has:decision", "--json").json()
    assert [h["kind"] for h in hits] == ["message"]
    bad = trio("cy", "search", "crash", "before:soon")
    assert bad.code == 1 and "before: wants a day like 2026-12-01" in bad.err
    trio.ok("ana", "ask", thread, "@bob", "--within", "4h")
    assert trio.ok("bob", "snooze", thread, "--until", "in 3h").out.startswith("Snoozed thread")
    assert trio.ok("bob", "owed", "--json").json() == []
    assert thread in trio.ok("bob", "later").out
    assert "How each of us answers asks" in trio.ok("ana", "team", "--promises").out
