"""The rituals through the real CLI on a real sync server: check-ins, an async meeting
from create to close, decisions, action items and the digest, with Ana in Berlin, Bob
in New York and Cy in Tokyo, everyone Mon-Fri 09:00-17:00 in their own time.

On Monday 23 November 2026 a check-in at 09:30 local reaches Cy at 00:30 UTC, Ana at
08:30 and Bob at 14:30.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Cli, one_line_error
from server_harness import RunningServer, running_server

from asynctui.server.log import ServerLog

PEOPLE = {
    "ana": ("Ana Ruiz", "Europe/Berlin"),
    "bob": ("Bob Stone", "America/New_York"),
    "cy": ("Cy Tanaka", "Asia/Tokyo"),
}
SUNDAY_NOON_UTC = "2026-11-22T12:00Z"
MONDAY_1000_BERLIN = "2026-11-23T09:00Z"
MONDAY_1600_BERLIN = "2026-11-23T15:00Z"
ANSWERS = ("--answer", "Shipped the pricing page", "--answer", "Tests", "--answer", "Nothing")


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


def _short(out: str, after: str) -> str:
    found = re.search(re.escape(after) + r" (\w{6})\b", out)
    assert found, out
    return found.group(1)


def test_a_check_in_over_the_server_reaches_each_member_in_their_own_zone(trio: Cli) -> None:
    out = trio.ok(
        "ana", "checkin", "create", "Daily check-in", "--channel", "general",
        "--schedule", "weekdays 09:30", now=SUNDAY_NOON_UTC,
    ).out  # fmt: skip
    short = _short(out, "Created check-in")
    assert out.splitlines()[-3:] == [
        "  @ana  tomorrow 09:30",
        "  @bob  tomorrow 15:30 (Mon 09:30 New York time)",
        "  @cy   tomorrow 01:30 (Mon 09:30 Tokyo time)",
    ]
    trio.ok("ana", "checkin", "answer", *ANSWERS, now=MONDAY_1000_BERLIN)
    # Bob, in New York, reads Ana's answers from the server; Cy's was due 13:30 Tokyo.
    shown = trio.ok("bob", "checkin", "show", short, now=MONDAY_1600_BERLIN).out
    assert "\nWhat did you finish?\n  @ana  Shipped the pricing page\n" in shown
    assert "\nAnswered (1)\n  @ana  04:00\n" in shown
    assert "\nNot answered yet (1)\n  @bob  due 13:30 · 3h 30m left\n" in shown
    assert "\nOverdue (1)\n  @cy  was due Sun 23:30 · overdue 10h 30m\n" in shown
    out = trio.ok("cy", "checkin", "answer", short, *ANSWERS, now=MONDAY_1600_BERLIN).out
    assert out.startswith("Answered Daily check-in of Mon 23 Nov 2026 (late: it was due Mon 13:30)")
    people = trio.ok("bob", "checkin", "show", short, "--json", now=MONDAY_1600_BERLIN).json()
    assert {p["handle"]: p["state"] for p in people["people"]} == {
        "ana": "answered", "bob": "pending", "cy": "answered",
    }  # fmt: skip
    thread = trio.ok("bob", "threads", "--json", now=MONDAY_1600_BERLIN).json()[0]
    assert (thread["title"], thread["messages"]) == ("Daily check-in · Mon 23 Nov 2026", 2)
    line = one_line_error(trio("bob", "checkin", "stop", short))
    assert line == "asynctui: error: only @ana, who created Daily check-in, can stop it"


def test_a_check_in_in_a_private_channel_is_not_seen_by_cy(trio: Cli) -> None:
    trio.ok("ana", "channel", "create", "core", "--private", "--member", "@bob")
    out = trio.ok(
        "ana", "checkin", "create", "Core sync", "--channel", "core", "--schedule",
        "Mondays 10:00", now=SUNDAY_NOON_UTC,
    ).out  # fmt: skip
    short = _short(out, "Created check-in")
    assert "@cy" not in out
    assert [c["title"] for c in trio.ok("bob", "checkin", "list", "--json").json()] == ["Core sync"]
    assert trio.ok("cy", "checkin", "list", "--json").json() == []
    result = trio("cy", "checkin", "answer", short, *ANSWERS, now=MONDAY_1600_BERLIN)
    assert f"no check-in '{short}'" in one_line_error(result)


def test_an_async_meeting_over_the_server_from_create_to_follow_up(trio: Cli) -> None:
    # Friday 16:00 in Berlin, 10:00 in New York, Saturday 00:00 in Tokyo.
    out = trio.ok(
        "ana", "meeting", "create", "Q1 roadmap", "--channel", "general",
        "--goal", "Agree the Q1 themes", "--item", "Themes", "--item", "Hiring",
        "--with", "@bob", "--with", "@cy", "--within", "2d",
    ).out  # fmt: skip
    short = _short(out, "Opened meeting")
    assert "  @cy   due Tue 09:00 (Tue 17:00 Tokyo time) · 3d 17h left" in out
    trio.ok("bob", "meeting", "contribute", short, "--item", "1", "Speed first")
    trio.ok("bob", "meeting", "contribute", short, "--item", "2", "Two engineers")
    cys = trio.ok("cy", "meeting", "show", short).out
    assert "     @bob · 00:00 · " in cys and ": Speed first\n" in cys
    assert "\nStill expected of you: 1. Themes; 2. Hiring, due Tue 17:00 (3d 17h left)\n" in cys
    line = one_line_error(trio("cy", "meeting", "contribute", short, "--item", "3", "Hi"))
    assert line == 'asynctui: error: no agenda item 3: "Q1 roadmap" has 2 items (1 to 2)'

    closed = trio.ok(
        "ana", "meeting", "close", short, "--outcome", "Speed first",
        "--decision", "Q1 theme is speed",
        "--action", "Write the speed plan", "--owner", "@bob", "--within", "4h",
        "--action", "Open two job posts", "--owner", "@cy", "--due", "mon 12:00",
    ).out  # fmt: skip
    assert "Did not contribute to every item: @ana (items 1, 2), @cy (items 1, 2)\n" in closed
    assert "Follow-up: 2 open action item(s)\n" in closed
    assert re.search(r"  \w{6}  Write the speed plan  @bob  due 20:00 · 4h left\n", closed)
    assert re.search(r"  \w{6}  Open two job posts    @cy   due Mon 12:00 · 2d 20h left\n", closed)

    (log,) = trio.ok("cy", "decisions", "--json").json()
    assert (log["text"], log["thread_title"], log["channel_name"]) == (
        "Q1 theme is speed", "Q1 roadmap", "general",
    )  # fmt: skip
    (plan,) = trio.ok("bob", "action", "list", "--json").json()
    assert (plan["text"], plan["due"]) == ("Write the speed plan", "2026-11-20T19:00:00Z")
    trio.ok("bob", "action", "done", plan["id"][-6:])
    everyone = trio.ok("ana", "action", "list", "--all", "--json").json()
    assert [(a["text"], a["done"]) for a in everyone] == [
        ("Open two job posts", False), ("Write the speed plan", True),
    ]  # fmt: skip
    # Monday 16:00 in Berlin: Ana's noon is past, so Cy's item is overdue.
    overdue = trio.ok("bob", "action", "list", "--overdue", now=MONDAY_1600_BERLIN).out
    assert re.match(r"!  \w{6}  Open two job posts  @cy  due 06:00 · overdue 4h", overdue)
    assert "closed" in one_line_error(
        trio("cy", "meeting", "contribute", short, "--item", "1", "Late")
    )


def test_the_digest_over_the_server_in_text_and_markdown(trio: Cli) -> None:
    trio.ok("ana", "digest", now=SUNDAY_NOON_UTC)
    out = trio.ok("ana", "post", "#general", "Pricing", "Flat or tiered?", now=SUNDAY_NOON_UTC)
    thread = out.out.split()[1]
    trio.ok("bob", "reply", thread, "Tiers please", now=MONDAY_1000_BERLIN)
    trio.ok("bob", "decide", thread, "Two tiers", now=MONDAY_1000_BERLIN)
    trio.ok("cy", "action", "add", thread, "Draft the page", "--owner", "@ana", "--within",
            "1d", now=MONDAY_1000_BERLIN)  # fmt: skip
    text = trio.ok("ana", "digest", now=MONDAY_1600_BERLIN).out
    assert text.startswith("Digest for @ana since Sun 13:00 (Europe/Berlin)\n")
    assert '\nDecisions (1)\n  Two tiers (@bob, 10:00) in "Pricing"\n' in text
    # One working day of Ana's from Monday 10:00: Tuesday 10:00.
    assert "\nNew action items (1)\n  Draft the page (you, 18h left, due tomorrow 10:00) in" in text
    assert '\nThreads with new replies\n  "Pricing" (#general): 1 new reply\n' in text
    markdown = trio.ok("ana", "digest", "--since", "2026-11-22", "--markdown",
                       now=MONDAY_1600_BERLIN).out  # fmt: skip
    assert markdown.startswith("# Digest for @ana since Sun 00:00 (Europe/Berlin)\n")
    assert '\n## Decisions (1)\n\n- Two tiers (@bob, 10:00) in "Pricing"\n' in markdown
    again = trio.ok("ana", "digest", now=MONDAY_1600_BERLIN).out
    # Nothing new since; what Ana owes stays in every digest.
    assert again == (
        "Digest for @ana since 16:00 (Europe/Berlin)\n\nWhat you owe (1)\n"
        '  18h left, due tomorrow 10:00: action item Draft the page (from @cy) in "Pricing"\n'
    )
