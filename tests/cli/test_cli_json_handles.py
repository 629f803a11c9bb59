"""Every command's --json names people by id with their handle beside it.

A script reads `"author": "01J...", "author_handle": "ana"` (a list of ids gets
`<field>_handles` in the same order) and can match either against `team --json`,
which gives each member's id and handle. Run on the sample team for the listings
and on a real shared folder for every write.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Cli

from asynctui.client.handles import MEMBER_FIELDS, MEMBER_LIST_FIELDS

MONDAY_1600_BERLIN = "2026-11-23T15:00Z"


def handles_of(team: list[dict[str, Any]]) -> dict[str, str]:
    """member id -> handle, as `team --json` gives them."""
    return {row["id"]: row["handle"] for row in team}


def objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for key, item in value.items():
            if key != "reactions":  # emoji -> ids: data, checked beside it
                yield from objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects(item)


def named_people(value: Any, handles: dict[str, str]) -> int:
    """How many member ids ``value`` names, each checked to have its handle beside
    it; every member field, filled or not, has its sibling."""
    named = 0
    for obj in objects(value):
        for key, item in obj.items():
            if key == "id" or key.endswith(("_handle", "_handles")):
                continue
            if (isinstance(item, str) and item in handles) or (
                key in MEMBER_FIELDS and (item is None or isinstance(item, str))
            ):
                assert item is None or item in handles, f"{key}: {item!r} is nobody's id"
                assert obj[f"{key}_handle"] == (handles[item] if item else None), (key, obj)
                named += item is not None
            elif isinstance(item, list) and all(isinstance(v, str) for v in item):
                if key in MEMBER_LIST_FIELDS or (item and all(v in handles for v in item)):
                    assert obj[f"{key}_handles"] == [handles[v] for v in item], (key, obj)
                    named += len(item)
            elif key == "reactions":
                assert obj["reactions_handles"] == {
                    emoji: [handles[v] for v in ids] for emoji, ids in item.items()
                }
                named += sum(map(len, item.values()))
    return named


@pytest.fixture
def demo(cli: Cli) -> tuple[Cli, Path]:
    made = cli.raw("demo", "--print")
    assert made.code == 0, made.err
    return cli, next((cli.tmp / "default-data").rglob("config.toml"))


def test_every_listing_of_the_sample_team_names_people_with_their_handles(
    demo: tuple[Cli, Path],
) -> None:
    cli, config = demo

    def listed(*argv: str) -> Any:
        result = cli.raw("--config", str(config), *argv, "--json")
        assert result.code == 0, (argv, result.err)
        return result.json()

    team = listed("team")
    handles = handles_of(team)
    assert sorted(handles.values()) == ["ana", "kenji", "maya", "priya", "sam"]
    assert listed("status") == team

    threads = listed("threads")
    checkins = listed("checkin", "list")
    meetings = listed("meeting", "list")
    everything = {
        "threads": threads,
        "show": [listed("show", t["id"][-6:]) for t in threads],
        "owed": listed("owed"),
        "owed --to-me": listed("owed", "--to-me", "--all"),
        "search": listed("search", "launch"),
        "checkin list": checkins,
        "checkin show": [listed("checkin", "show", c["id"][-6:]) for c in checkins],
        "meeting list": meetings,
        "meeting show": [listed("meeting", "show", m["meeting"]["thread"][-6:]) for m in meetings],
        "action list": listed("action", "list", "--all"),
        "decisions": listed("decisions"),
        "digest": listed("digest", "--since", "2d"),
        "hours": listed("hours", "@kenji"),
        "expect": listed("expect", "@kenji"),
    }
    for command, value in everything.items():
        assert named_people(value, handles) > 0, f"{command} names nobody"
    # The messages' reactions name who reacted, by handle too.
    reacted = [m for s in everything["show"] for m in s["messages"] if m["reactions"]]
    assert reacted and all(m["reactions_handles"] for m in reacted)
    first = threads[0]
    assert first["author_handle"] == handles[first["author"]]


@pytest.fixture
def pair(cli: Cli) -> Cli:
    """Ana (Berlin) and Bob (New York) share a folder with a #general channel."""
    cli.init("ana")
    cli.init("bob")
    if "general" not in {c["name"] for c in cli.ok("ana", "channels", "--json").json()}:
        cli.ok("ana", "channel", "create", "general")
    return cli


def test_what_each_write_prints_names_people_with_their_handles(pair: Cli) -> None:
    cli = pair
    handles = handles_of(cli.ok("ana", "team", "--json").json())
    assert sorted(handles.values()) == ["ana", "bob"]
    ana = next(i for i, h in handles.items() if h == "ana")

    def wrote(who: str, *argv: str, now: str | None = None) -> Any:
        return cli.ok(who, *argv, "--json", now=now).json()

    post = wrote("ana", "post", "#general", "Pricing", "Two tiers?")
    thread = post["thread"] if "thread" in post else post["id"]
    reply = wrote("bob", "reply", thread, "Free and team")
    writes = [
        post,
        reply,
        wrote("ana", "ask", thread, "@bob", "--within", "4h"),
        wrote("ana", "react", reply["id"][-6:], "👍"),
        wrote("bob", "edit", reply["id"][-6:], "Free and team, yes"),
        wrote("ana", "decide", thread, "Two", "tiers", "--by", "@bob", "--by", "@ana"),
        wrote("ana", "action", "add", thread, "Price", "them", "--owner", "@bob"),
        wrote("ana", "status", "focus", "Writing"),
        wrote("ana", "focus", "25m"),
        wrote("ana", "hours", "--promise", "1d"),
        wrote("ana", "channel", "create", "ops", "--private", "--member", "@bob"),
        wrote("ana", "dm", "@bob", "Lunch", "Tomorrow?"),
        wrote("ana", "resolve", thread),
    ]
    checkin = wrote(
        "ana", "checkin", "create", "Daily", "--channel", "general",
        "--schedule", "weekdays 09:30", "--question", "What's up?",
    )  # fmt: skip
    writes += [checkin, wrote("ana", "checkin", "answer", "Daily", "--answer", "Tests",
                              now=MONDAY_1600_BERLIN)]  # fmt: skip
    meeting = wrote(
        "ana", "meeting", "create", "Q1", "--channel", "general", "--goal", "Themes",
        "--item", "Speed", "--with", "@bob", "--within", "2d", "--yes",
    )  # fmt: skip
    writes += [
        meeting,
        wrote("bob", "meeting", "contribute", "Q1", "--item", "1", "Speed", "first"),
        wrote("ana", "meeting", "close", "Q1", "--outcome", "Speed"),
    ]
    for done in writes:
        assert {"kind", "id", "short", "events"} <= done.keys()
        named_people(done, handles)
    asked = writes[2]
    assert asked.get("asked_handle") == "bob" or asked.get("asked_handles") == ["bob"], asked
    # An ask listed later names both sides the same way (settled: its thread is resolved).
    owed = cli.ok("bob", "owed", "--all", "--json").json()
    assert named_people(owed, handles) >= 2
    (ask,) = [o for o in owed if o["kind"] == "ask"]
    assert ask["asker"] == ask["creditor"] == ana and ask["asker_handle"] == "ana"
    assert ask["creditor_handle"] == "ana" and ask["debtor_handle"] == "bob"


def test_the_sync_and_outbox_listings_name_nobody_and_stay_as_they_were(pair: Cli) -> None:
    assert set(pair.ok("ana", "sync", "--json").json()) == {"sent", "received", "queued", "refused"}
    assert pair.ok("ana", "outbox", "--json").json() == []


def test_the_json_shape_is_documented_where_the_cli_is() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert '"author_handle": "ana"' in readme and '"deciders_handles"' in readme
    assert "`team --json` gives each member's `id` and `handle`" in readme
