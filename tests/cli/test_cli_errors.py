"""Bad input is one line on stderr, a non-zero exit and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_runner import Cli, one_line_error

from asynctui.core.events import Event, ProfileSet
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore


def test_an_unknown_flag_is_a_one_line_error(cli: Cli) -> None:
    line = one_line_error(cli.raw("--bogus"))
    assert "--bogus" in line


def test_an_unknown_command_is_a_one_line_error(cli: Cli) -> None:
    assert "frobnicate" in one_line_error(cli.raw("frobnicate"))


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--handle", "ana\n"), ("--handle", " ana"), ("--device", "ana-laptop\n"),
     ("--device", "lap top"), ("--device", "ana\u200blaptop")],
)  # fmt: skip
def test_a_handle_or_device_name_that_only_looks_right_is_refused_at_init(
    cli: Cli, flag: str, value: str
) -> None:
    args = {"--handle": "ana", "--device": "ana-laptop", flag: value}
    line = one_line_error(
        cli.raw("init", "--folder", str(cli.folder), "--name", "Ana", "--tz", "UTC",
                "--handle", args["--handle"], "--device", args["--device"])
    )  # fmt: skip
    assert "bad" in line and "control characters" in line
    assert not cli.folder.exists()


def test_a_command_before_init_says_to_run_init(cli: Cli) -> None:
    line = one_line_error(cli.raw("threads"))
    assert "no workspace configured" in line and "asynctui init" in line


def test_an_unknown_handle_is_a_one_line_error(team: Cli) -> None:
    line = one_line_error(team("ana", "expect", "@zed"))
    assert line == "asynctui: error: no member @zed (team: @ana, @bob)"


def test_an_unknown_thread_is_a_one_line_error(team: Cli) -> None:
    assert "no thread 'zzzzzz'" in one_line_error(team("ana", "show", "zzzzzz"))
    assert "no thread" in one_line_error(team("ana", "reply", "zz", "hello"))


def test_an_unknown_message_is_a_one_line_error(team: Cli) -> None:
    assert "no message 'qqqqqq'" in one_line_error(team("ana", "react", "qqqqqq", "👍"))


@pytest.mark.parametrize("now", ["yesterday", "2026-13-01", "16:00 tomorrow"])
def test_a_bad_now_is_a_one_line_error(team: Cli, now: str) -> None:
    assert "--now" in one_line_error(team("ana", "threads", now=now))


def test_a_bad_now_in_the_environment_is_a_one_line_error(team: Cli) -> None:
    team.monkeypatch.setenv("ASYNCTUI_NOW", "soon")
    assert "--now" in one_line_error(team("ana", "threads"))


@pytest.mark.parametrize("within", ["soon", "0h", "-3h", "1.3d", "8x", "h"])
def test_a_bad_reply_window_is_a_one_line_error(team: Cli, within: str) -> None:
    team.ok("ana", "post", "#general", "Q", "Thoughts?")
    short = team.ok("ana", "threads", "--json").json()[0]["id"][-6:]
    one_line_error(team("ana", "ask", short, "@bob", f"--within={within}"))
    one_line_error(team("ana", "expect", "@bob", f"--within={within}"))
    assert team.ok("bob", "owed", "--json").json() == []


@pytest.mark.parametrize("tz", ["Mars/Olympus", "Europe/../../etc/passwd", "", "CET+1"])
def test_a_bad_time_zone_at_init_is_a_one_line_error(cli: Cli, tz: str) -> None:
    result = cli(
        "ana", "init", "--folder", str(cli.folder), "--name", "Ana", "--handle", "ana", "--tz", tz
    )
    assert "time zone" in one_line_error(result)


def test_a_taken_handle_at_init_is_a_one_line_error(team: Cli) -> None:
    result = team(
        "cy", "init", "--folder", str(team.folder), "--name", "Cy", "--handle", "Bob", "--tz", "UTC"
    )
    assert "@bob is taken by Bob Stone" in one_line_error(result)


@pytest.mark.parametrize("handle", ["-ana", "a b", "ANA!", "x" * 40])
def test_a_bad_handle_at_init_is_a_one_line_error(cli: Cli, handle: str) -> None:
    result = cli(
        "cy",
        "init",
        "--folder",
        str(cli.folder),
        "--name",
        "Cy",
        f"--handle={handle}",
        "--tz",
        "UTC",
    )
    assert "bad handle" in one_line_error(result)


def test_a_file_given_as_the_folder_is_a_one_line_error(cli: Cli) -> None:
    a_file = cli.tmp / "notes.txt"
    a_file.write_text("hello")
    result = cli(
        "ana", "init", "--folder", str(a_file), "--name", "Ana", "--handle", "ana", "--tz", "UTC"
    )
    assert "notes.txt" in one_line_error(result)


def test_a_shared_folder_that_is_gone_is_a_one_line_error(team: Cli) -> None:
    team.folder.rename(team.tmp / "elsewhere")
    line = one_line_error(team("ana", "sync"))
    assert "shared folder" in line and "missing" in line


def test_an_export_with_the_folder_gone_is_a_one_line_error_and_writes_no_file(
    team: Cli,
) -> None:
    team.ok("ana", "post", "#general", "Q", "Thoughts?")
    team.folder.rename(team.tmp / "elsewhere")
    target = team.tmp / "export.json"
    line = one_line_error(team("ana", "export", "-o", str(target)))
    assert "shared folder" in line
    assert not target.exists()


def test_with_the_folder_unreachable_a_reply_is_queued_and_sent_later(team: Cli) -> None:
    team.ok("ana", "post", "#general", "Q", "Thoughts?")
    short = team.ok("bob", "threads", "--json").json()[0]["id"][-6:]
    team.folder.rename(team.tmp / "elsewhere")
    queued = team("bob", "reply", short, "Offline answer")
    assert queued.code == 0 and "offline" in queued.err
    assert len(team("bob", "outbox", "--json").json()) == 1
    (team.tmp / "elsewhere").rename(team.folder)
    assert team.ok("bob", "sync", "--json").json()["sent"] == 1
    bodies = [m["body"] for m in team.ok("ana", "show", short, "--json").json()["messages"]]
    assert bodies == ["Thoughts?", "Offline answer"]


def test_a_corrupt_config_file_is_a_one_line_error(team: Cli) -> None:
    team.config("ana").write_text("[workspace\nfolder = ")
    assert "config.toml" in one_line_error(team("ana", "threads"))


@pytest.mark.parametrize(
    "text",
    ['[workspace]\nfolder = "x"\n', 'workspace = "x"\n', "[me]\nmember = 3\n", "keys = 5\n"],
)
def test_a_config_missing_its_settings_is_a_one_line_error(cli: Cli, text: str) -> None:
    cli.config("ana").parent.mkdir(parents=True)
    cli.config("ana").write_text(text)
    one_line_error(cli("ana", "threads"))


@pytest.mark.parametrize("level", ['"loud"', "3", '"ALL"'])
def test_a_notification_level_that_is_not_one_of_the_three_is_a_one_line_error(
    team: Cli, level: str
) -> None:
    config = team.config("ana")
    text = config.read_text()
    assert 'level = "all"' in text  # the level every new config starts with
    config.write_text(text.replace('level = "all"', f"level = {level}"))
    said = one_line_error(team("ana", "threads"))
    assert "[notify] level must be one of all, relevant, asks" in said


def test_an_empty_message_is_a_one_line_error(team: Cli) -> None:
    team.ok("ana", "post", "#general", "Q", "Thoughts?")
    short = team.ok("ana", "threads", "--json").json()[0]["id"][-6:]
    assert "the message is empty" in one_line_error(team("bob", "reply", short, "  ", "\n"))
    assert team.ok("ana", "show", short, "--json").json()["messages"][1:] == []


def test_an_unreadable_replica_path_is_a_one_line_error(team: Cli) -> None:
    config = team.config("ana")
    blocker = team.tmp / "a-file"
    blocker.write_text("")
    text = config.read_text()
    lines = [
        f'replica = "{blocker}/replica.db"' if line.startswith("replica =") else line
        for line in text.splitlines()
    ]
    config.write_text("\n".join(lines) + "\n")
    assert "replica" in one_line_error(team("ana", "threads"))


def test_a_replica_that_is_not_a_database_is_a_one_line_error(team: Cli) -> None:
    replica = team.data("ana") / "replica.db"
    for extra in ("-wal", "-shm"):
        Path(f"{replica}{extra}").unlink(missing_ok=True)
    replica.write_bytes(b"this is not sqlite " * 100)
    one_line_error(team("ana", "threads"))


def _journal_event(folder: Path, device: str, author: str, body: object) -> None:
    event = Event(
        id=new_id(),
        lamport=1000,
        device=device,
        author=author,
        at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC),
        body=body,  # type: ignore[arg-type]
    )
    FolderStore(folder, device).append([event])


def test_a_profile_with_an_unknown_time_zone_does_not_break_the_team_list(team: Cli) -> None:
    _journal_event(
        team.folder, "zed-laptop", "m-zed", ProfileSet(name="Zed", handle="zed", tz="Mars/Olympus")
    )
    result = team("ana", "team")
    assert "Traceback" not in result.err
    assert result.code == 0 and "@zed" in result.out


# -- the real entry point ------------------------------------------------------------


def _run(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        ASYNCTUI_CONFIG_DIR=str(tmp_path / "config"),
        ASYNCTUI_DATA_DIR=str(tmp_path / "data"),
        ASYNCTUI_NOW="2026-11-20T16:00+01:00",
    )
    return subprocess.run(
        [sys.executable, "-m", "asynctui", *argv],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_the_real_command_reports_errors_in_one_line_without_a_traceback(
    tmp_path: Path,
) -> None:
    for argv in (["threads"], ["--bogus"], ["frobnicate"], ["--now", "later", "team"]):
        done = _run(tmp_path, *argv)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert len(done.stderr.splitlines()) == 1
        assert done.stderr.startswith("asynctui: error: ")


def test_the_real_command_sets_up_a_workspace_and_posts(tmp_path: Path) -> None:
    folder = str(tmp_path / "shared")
    init = _run(
        tmp_path, "init", "--folder", folder, "--name", "Ana", "--handle", "ana", "--tz", "UTC"
    )
    assert init.returncode == 0 and init.stderr == ""
    assert "Created #general" in init.stdout
    # With no body words and an empty standard input, the message is empty.
    empty = _run(tmp_path, "reply", "abcdef")
    assert empty.returncode == 1 and "Traceback" not in empty.stderr
    posted = _run(tmp_path, "post", "#general", "Hello", "first", "words")
    assert posted.returncode == 0 and posted.stdout.startswith("Posted ")
    assert "Hello" in _run(tmp_path, "threads").stdout
