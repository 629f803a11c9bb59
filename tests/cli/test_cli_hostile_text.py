"""Text from other people reaches the terminal without escape sequences or bidi tricks."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from cli_runner import Cli

from asynctui.core.events import Event, MessagePosted, Payload, ProfileSet
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore

HOSTILE = (
    "pwned \x1b]52;c;ZWNobyBoaQ==\x07 clipboard \x1b[2J cleared \x9b31m red"
    " \u202eevil\u202c \x1b]8;;http://x.example\x07link\x1b]8;;\x07 end"
)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _assert_safe(text: str) -> None:
    found = UNSAFE.findall(text)
    assert found == [], f"control characters reach the terminal: {found!r}"


def test_hostile_text_is_stored_as_written_but_shown_clean(team: Cli) -> None:
    team.ok("ana", "post", "#general", "Plan", "hello")
    short = team.ok("ana", "threads", "--json").json()[0]["id"][-6:].lower()
    team.ok("bob", "reply", short, HOSTILE)

    exported = json.loads(team.ok("ana", "export").out)["events"]
    assert [e["body"]["body"] for e in exported if e["body"]["kind"] == "message.posted"] == [
        HOSTILE
    ]

    shown = team.ok("ana", "show", short).out
    _assert_safe(shown)
    assert "pwned" in shown and "clipboard" in shown and "end" in shown
    _assert_safe(team.ok("ana", "threads").out)
    found = team.ok("ana", "search", "clipboard").out
    _assert_safe(found)
    assert short in found


def test_a_hostile_title_is_cleaned_in_every_list(team: Cli) -> None:
    team.ok("ana", "post", "#general", "Ti\x1b[31mtle\u202e", "body")
    _assert_safe(team.ok("bob", "threads").out)
    short = team.ok("bob", "threads", "--json").json()[0]["id"][-6:]
    team.ok("ana", "ask", short, "@bob")
    _assert_safe(team.ok("bob", "owed").out)
    _assert_safe(team.ok("bob", "show", short).out)


def _from_another_device(team: Cli, body: Payload, lamport: int = 1000) -> None:
    event = Event(
        id=new_id(),
        lamport=lamport,
        device="mallory-laptop",
        author="m-mallory",
        at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC),
        body=body,
    )
    FolderStore(team.folder, "mallory-laptop").append([event])


def test_a_hostile_name_from_someone_elses_journal_is_shown_clean(team: Cli) -> None:
    team.ok("ana", "post", "#general", "Plan", "hello")
    thread = team.ok("ana", "threads", "--json").json()[0]["id"]
    _from_another_device(
        team, ProfileSet(name="Mal\x1b[2J\u202elory", handle="mal\x1b]52;c;eA==\x07", tz="UTC")
    )
    _from_another_device(
        team, MessagePosted(message=new_id(), thread=thread, body="hi"), lamport=1001
    )
    _assert_safe(team.ok("ana", "team").out)
    _assert_safe(team.ok("ana", "status").out)
    _assert_safe(team.ok("ana", "show", thread[-6:]).out)
