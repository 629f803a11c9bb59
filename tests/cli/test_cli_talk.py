"""Talking from scripts and from a terminal: every write prints its new object with
--json, and a thread's first message may be piped, edited in $EDITOR, or left out."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from cli_runner import Cli, one_line_error


class _Terminal(io.StringIO):
    """Standard input as a terminal: nothing piped."""

    def isatty(self) -> bool:
        return True


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """$EDITOR is a real program: a shell script doing what a person would."""
    path = tmp_path / "editor.sh"
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(path))
    monkeypatch.setattr(sys, "stdin", _Terminal())


def _post(team: Cli, *argv: str) -> dict[str, str]:
    result: dict[str, str] = team.ok("ana", "post", "#general", *argv, "--json").json()
    return result


def _first_message(team: Cli, thread: str) -> str:
    shown = team.ok("ana", "show", thread, "--json").json()
    return str(shown["messages"][0]["body"])


# -- --json: the new object -----------------------------------------------------------------


def test_post_json_has_the_thread_its_short_id_and_its_first_message(team: Cli) -> None:
    posted = _post(team, "Launch plan", "Draft", "attached")
    assert posted["kind"] == "thread"
    assert posted["id"] == posted["thread"]
    assert posted["short"] == posted["id"][-6:].lower()
    assert posted["channel_name"] == "general"
    assert _first_message(team, posted["short"]) == "Draft attached"


def test_every_write_of_a_conversation_prints_its_object_with_json(team: Cli) -> None:
    thread = _post(team, "Launch plan", "Draft")
    short = thread["short"]
    message = thread["message"]

    reply = team.ok("bob", "reply", short, "Looks", "good", "--json").json()
    assert (reply["kind"], reply["thread"]) == ("message", thread["id"])
    edit = team.ok("bob", "edit", reply["short"], "Looks great", "--json").json()
    assert (edit["kind"], edit["id"]) == ("message", reply["id"])
    react = team.ok("bob", "react", message[-6:], "🎉", "--json").json()
    assert (react["kind"], react["message"], react["emoji"]) == ("reaction", message, "🎉")
    unreact = team.ok("bob", "react", message[-6:], "🎉", "--remove", "--json").json()
    assert unreact["emoji"] == "🎉"
    resolved = team.ok("ana", "resolve", short, "--json").json()
    assert (resolved["id"], resolved["resolved"]) == (thread["id"], True)
    reopened = team.ok("ana", "resolve", short, "--reopen", "--json").json()
    assert reopened["resolved"] is False


def test_ask_json_has_the_due_time_and_withdrawing_prints_the_ask(team: Cli) -> None:
    short = _post(team, "Pricing", "Numbers?")["short"]
    # Friday 16:00 in Berlin: Bob's 8 working hours end Monday 10:00 in New York.
    ask = team.ok("ana", "ask", short, "@bob", "--within", "8h", "--json").json()
    assert (ask["kind"], ask["asked_handle"], ask["within"]) == ("ask", "bob", "8 working hours")
    assert ask["due"] == "2026-11-23T15:00:00Z"
    withdrawn = team.ok("ana", "ask", "--cancel", ask["short"], "--json").json()
    assert (withdrawn["kind"], withdrawn["id"]) == ("ask", ask["id"])


def test_channel_create_and_dm_print_their_objects_with_json(team: Cli) -> None:
    channel = team.ok("ana", "channel", "create", "Design", "--json").json()
    assert (channel["kind"], channel["id"], channel["name"]) == ("channel", "c-design", "design")
    dm = team.ok("ana", "dm", "@bob", "Lunch?", "Tuesday", "--json").json()
    assert dm["kind"] == "thread" and dm["channel"].startswith("d-")
    # Bob reads the conversation by who it is with, not by its channel's name.
    assert team.ok("bob", "show", dm["short"]).out.startswith("Lunch?  @ana · open")


# -- a thread's first message ----------------------------------------------------------------


def test_an_empty_pipe_posts_the_title_alone(team: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    posted = _post(team, "Standup moved to 10:00")
    assert _first_message(team, posted["short"]) == "Standup moved to 10:00"


def test_a_pipe_is_the_first_message(team: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("line one\nline two\n"))
    assert _first_message(team, _post(team, "Notes")["short"]) == "line one\nline two"


def test_at_a_terminal_the_first_message_is_written_in_the_editor(
    team: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written above the template; '#design' at a line's start is the person's own text.
    _editor(
        tmp_path,
        monkeypatch,
        """{ printf '#design owns the copy.\\nNumbers below.\\n'; cat "$1"; } > "$1.new"
mv "$1.new" "$1\"""",
    )
    posted = _post(team, "Launch plan")
    assert _first_message(team, posted["short"]) == "#design owns the copy.\nNumbers below."


def test_leaving_the_editor_empty_posts_the_title_alone(
    team: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, "exit 0")
    assert _first_message(team, _post(team, "Offsite in March")["short"]) == "Offsite in March"


def test_quitting_the_editor_with_an_error_posts_nothing(
    team: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, "exit 1")
    error = one_line_error(team("ana", "post", "#general", "Offsite"))
    assert "exited with 1; nothing sent" in error
    assert team.ok("ana", "threads", "--json").json() == []


def test_no_body_posts_the_title_alone_without_opening_the_editor(
    team: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, "exit 1")
    posted = _post(team, "Offsite", "--no-body")
    assert _first_message(team, posted["short"]) == "Offsite"


def test_editing_at_a_terminal_starts_from_the_current_text(
    team: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posted = _post(team, "Plan", "Draft one")
    # The editor sees the message as it reads now, and changes its first word.
    _editor(tmp_path, monkeypatch, """sed -i.bak '1s/^Draft/Final/' "$1\"""")
    team.ok("ana", "edit", posted["message"][-6:])
    assert _first_message(team, posted["short"]) == "Final one"


def test_a_reply_with_no_text_and_no_editor_says_how_to_give_one(
    team: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = _post(team, "Plan", "Draft")["short"]
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    error = one_line_error(team("bob", "reply", short))
    assert "give it as words, '-' or a pipe for standard input, or set $EDITOR" in error


def test_post_help_says_where_the_first_message_comes_from(team: Cli) -> None:
    result = team.raw("post", "--help")
    assert "$VISUAL or $EDITOR opens" in result.out
    assert "--no-body" in result.out
