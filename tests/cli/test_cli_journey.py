"""Two people sharing a folder, from `init` to an answered ask, through the real CLI."""

from __future__ import annotations

import json

from cli_runner import Cli


def _post(cli: Cli, who: str, title: str, *body: str) -> str:
    out = cli.ok(who, "post", "#general", title, *body).out
    assert out.startswith("Posted ") and out.rstrip().endswith(f"in #general: {title}")
    return out.split()[1]


def test_two_people_talk_ask_and_answer_in_a_shared_folder(team: Cli) -> None:
    cli = team
    short = _post(cli, "ana", "Launch plan", "Draft is ready")
    (listed,) = cli.ok("bob", "threads", "--json").json()
    assert listed["id"].lower().endswith(short)
    assert (listed["title"], listed["channel_name"], listed["messages"]) == (
        "Launch plan",
        "general",
        1,
    )
    assert short in cli.ok("bob", "threads").out

    shown = cli.ok("bob", "show", short).out
    assert shown.splitlines()[0] == f"Launch plan  #general · open · {short}"
    assert "Ana Ruiz @ana" in shown and "  Draft is ready" in shown

    replied = cli.ok("bob", "reply", short, "Markets", "first?").out
    assert replied.startswith(f"Replied in {short} (Launch plan), message ")
    bobs_message = replied.rstrip().rstrip(".").split()[-1]

    first = cli.ok("ana", "show", short, "--json").json()["messages"][0]["id"]
    cli.ok("ana", "react", bobs_message, "👍")
    cli.ok("ana", "edit", first[-6:], "Draft v2 with prices")
    messages = cli.ok("bob", "show", short, "--json").json()["messages"]
    assert [m["body"] for m in messages] == ["Draft v2 with prices", "Markets first?"]
    assert messages[0]["edited_at"] is not None
    assert list(messages[1]["reactions"]) == ["👍"]
    assert "(edited)" in cli.ok("bob", "show", short).out

    cli.ok("ana", "resolve", short)
    assert cli.ok("bob", "threads", "--json").json()[0]["resolved"] is True
    assert cli.ok("bob", "threads", "--open", "--json").json() == []
    cli.ok("bob", "resolve", short, "--reopen")
    assert cli.ok("ana", "threads", "--json").json()[0]["resolved"] is False

    # Friday 16:00 in Berlin is 10:00 in New York: 7 of Bob's hours that day, 1 on Monday.
    asked = cli.ok("ana", "ask", short, "@bob", "--within", "8h").out
    assert f"Asked @bob in {short} for a reply within 8 working hours" in asked
    assert "Bob is working now; an 8h ask is due Mon 16:00 (Mon 10:00 New York time)" in asked

    (owed,) = cli.ok("bob", "owed", "--json").json()
    assert (owed["thread_title"], owed["due"], owed["urgency"]) == (
        "Launch plan",
        "2026-11-23T15:00:00Z",
        "open",
    )
    assert "due Mon 10:00" in cli.ok("bob", "owed").out  # in Bob's own time
    (to_ana,) = cli.ok("ana", "owed", "--to-me", "--json").json()
    assert to_ana["id"] == owed["id"]
    assert "due Mon 16:00" in cli.ok("ana", "owed", "--to-me").out

    answer = cli.ok("bob", "reply", short, "DE", "and", "JP").out
    assert "; that answers @ana's ask." in answer
    assert cli.ok("bob", "owed", "--json").json() == []
    (answered,) = cli.ok("bob", "owed", "--all", "--json").json()
    assert answered["answered_by"] is not None and answered["urgency"] == "answered"
    assert answered["answered_at"] == "2026-11-20T15:00:00Z"
    assert cli.ok("ana", "owed", "--to-me", "--json").json() == []
    (seen_by_ana,) = cli.ok("ana", "owed", "--to-me", "--all", "--json").json()
    assert seen_by_ana["answered_by"] == answered["answered_by"]


def test_an_ask_can_be_withdrawn_only_by_the_asker(team: Cli) -> None:
    short = _post(team, "ana", "Budget", "Numbers?")
    team.ok("ana", "ask", short, "@bob", "--within", "2d")
    (ask,) = team.ok("bob", "owed", "--json").json()
    refused = team("bob", "ask", "--cancel", ask["id"][-6:])
    assert refused.code == 1 and "only the person who asked" in refused.err
    assert team.ok("ana", "ask", "--cancel", ask["id"][-6:]).out.startswith("Withdrew ask")
    assert team.ok("bob", "owed", "--json").json() == []


def test_search_finds_messages_by_the_beginning_of_words(team: Cli) -> None:
    short = _post(team, "ana", "Pricing", "Quarterly pricing review")
    hits = team.ok("bob", "search", "quarter", "--json").json()
    assert [h["thread"][-6:].lower() for h in hits] == [short]
    assert team.ok("bob", "search", "nothing-like-this").out == "No matches.\n"
    assert team.ok("bob", "search", '"', "AND", "NEAR(", "*", "-").out == "No matches.\n"


def test_export_holds_every_event_once_in_log_order(team: Cli) -> None:
    short = _post(team, "ana", "Launch", "Go?")
    team.ok("bob", "reply", short, "Yes")
    team.ok("ana", "status", "focus", "Writing")
    data = json.loads(team.ok("bob", "export", "--json").out)
    assert data["format"] == "asynctui-export"
    events = data["events"]
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids))
    kinds = [e["body"]["kind"] for e in events]
    assert kinds.count("profile.set") == 2 and kinds.count("hours.set") == 2
    assert {"channel.created", "thread.opened", "message.posted", "status.set"} <= set(kinds)
    keys = [(e["lamport"], e["device"], e["id"]) for e in events]
    assert keys == sorted(keys)
    target = team.tmp / "export.json"
    team.ok("ana", "export", "-o", str(target))
    assert [e["id"] for e in json.loads(target.read_text())["events"]] == ids


def test_rebuild_gives_back_the_same_threads(team: Cli) -> None:
    short = _post(team, "ana", "Launch", "Go?")
    team.ok("bob", "reply", short, "Yes")
    team.ok("ana", "ask", short, "@bob")
    before = team.ok("ana", "threads", "--json").out
    out = team.ok("ana", "rebuild").out
    assert out.startswith("Rebuilt the replica from the journals: ")
    assert team.ok("ana", "threads", "--json").out == before


def test_sync_and_outbox_report_what_moved(team: Cli) -> None:
    _post(team, "ana", "Launch", "Go?")
    synced = team.ok("bob", "sync", "--json").json()
    assert synced["sent"] == 0 and synced["queued"] == 0 and synced["received"] >= 1
    assert team.ok("bob", "sync").out == "Synced: 0 sent, 0 received, 0 queued.\n"
    assert team.ok("ana", "outbox", "--json").json() == []
    assert "outbox is empty" in team.ok("ana", "outbox").out


def test_a_garbled_journal_line_is_a_warning_naming_file_and_line(team: Cli) -> None:
    _post(team, "ana", "Launch", "Go?")
    (team.folder / "journals" / "zed-laptop.jsonl").write_text('{"id": "x"}\nnot json\n')
    result = team.ok("bob", "threads")
    assert "Launch" in result.out
    warnings = result.err.splitlines()
    assert len(warnings) == 2
    assert warnings[0].startswith("asynctui: warning: journals/zed-laptop.jsonl line 1: garbled")
    assert warnings[1].startswith("asynctui: warning: journals/zed-laptop.jsonl line 2: garbled")
    assert team.ok("bob", "threads").err == ""  # reported once
