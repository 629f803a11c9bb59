"""Running the server and managing it from the command line, as an operator would."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from server_harness import RunningServer, free_port, post_events

from asynctui.core.events import ChannelCreated, Event, MessagePosted, StatusSet, ThreadOpened
from asynctui.core.ids import new_id
from asynctui.server.log import ServerLog
from asynctui.stores.folder import FolderStore


def asynctui(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asynctui", *argv], capture_output=True, text=True, timeout=60
    )


def test_serve_says_where_it_listens_in_one_line_and_ctrl_c_stops_it_cleanly(
    tmp_path: Path,
) -> None:
    port = free_port()
    db = tmp_path / "team.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "asynctui", "serve", "--create", "--db", str(db),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0
    started, stopped = [ln for ln in err.splitlines() if ln.startswith("asynctui:")]
    assert f"on http://127.0.0.1:{port}" in started and str(db) in started
    assert stopped == "asynctui: server stopped"
    assert "Traceback" not in err


def test_a_port_already_taken_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = asynctui("serve", "--create", "--db", str(tmp_path / "team.db"), "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip() == f"asynctui: error: port {port} on 127.0.0.1 is already in use"


def test_a_file_that_is_not_a_workspace_is_a_one_line_error_and_is_left_alone(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database")
    done = asynctui("serve", "--db", str(notes), "--port", str(free_port()))
    assert done.returncode == 1 and "not an asynctui workspace" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert notes.read_text() == "my notes, not a database"


def test_a_team_moves_from_a_folder_to_the_server_and_back_without_losing_an_event(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shared"
    ana = FolderStore.create(folder, "ana-laptop")
    bob = FolderStore.create(folder, "bob-desk")

    def event(author: str, device: str, n: int, body: object) -> Event:
        return Event(id=new_id(), lamport=n, device=device, author=author,
                     at=datetime(2026, 11, 20, 9, n, tzinfo=UTC), body=body)  # type: ignore[arg-type]  # fmt: skip

    thread = new_id()
    written = [
        event("m-ana", "ana-laptop", 1, ChannelCreated(channel="c-general", name="general")),
        event("m-ana", "ana-laptop", 2, ThreadOpened(thread=thread, channel="c-general",
                                                     title="Plan", message=new_id(), body="Go")),
    ]  # fmt: skip
    reply = event("m-bob", "bob-desk", 3, MessagePosted(message=new_id(), thread=thread,
                                                        body="Yes"))  # fmt: skip
    ana.append(written)
    bob.append([reply])
    db = tmp_path / "team.db"
    done = asynctui("admin", "import", "--db", str(db), "--folder", str(folder))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported 3 events from the folder (3 new, 0 already here)")
    again = asynctui("admin", "import", "--db", str(db), "--folder", str(folder))
    assert "(0 new, 3 already here)" in again.stdout

    back = tmp_path / "back"
    done = asynctui("admin", "export", "--db", str(db), "--folder", str(back))
    assert done.returncode == 0 and "Exported 3 events" in done.stdout
    result = FolderStore(back, "reader").read_after("")
    assert sorted(e.id for e in result.events) == sorted(e.id for e in [*written, reply])

    # And the server serves what was imported.
    server = RunningServer(db)
    server.start()
    try:
        cy = server.join("cy")
        page = httpx.get(f"{server.url}/v1/events", headers=cy.headers).json()
        assert {e["id"] for e in page["events"]} >= {e.id for e in [*written, reply]}
    finally:
        server.stop()


def test_admin_commands_print_codes_list_devices_and_revoke(tmp_path: Path) -> None:
    db = str(tmp_path / "team.db")
    added = asynctui("admin", "add-member", "ana", "--name", "Ana Ruiz", "--admin", "--db", db,
                     "--json")  # fmt: skip
    code = json.loads(added.stdout)["code"]
    assert len(code) == 32 and not code.startswith("-")
    again = asynctui("admin", "add-member", "ana", "--name", "Ana", "--db", db)
    assert again.returncode == 1 and "already a member" in again.stderr
    assert "no device yet" in asynctui("admin", "devices", "--db", db).stdout
    nothing = asynctui("admin", "revoke", "--device", "ghost", "--db", db)
    assert nothing.returncode == 1 and "no active token" in nothing.stderr
    unknown = asynctui("admin", "invite", "zoe", "--db", db)
    assert unknown.returncode == 1 and "no member @zoe" in unknown.stderr
    missing = asynctui("admin", "devices", "--db", str(tmp_path / "nowhere.db"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_serve_refuses_a_missing_database_unless_asked_to_create_one(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    done = asynctui("serve", "--db", str(db), "--port", str(free_port()))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"asynctui: error: {db} does not exist;"
        " `asynctui serve --create` makes a new workspace there"
    )
    assert sorted(tmp_path.iterdir()) == []


def test_a_server_restarted_after_its_database_was_deleted_does_not_start_empty(
    tmp_path: Path,
) -> None:
    server = RunningServer(tmp_path / "team.db")
    server.start()
    server.join("ana")
    server.stop()
    for path in tmp_path.glob("team.db*"):
        path.unlink()
    done = asynctui("serve", "--db", str(server.db), "--port", str(free_port()))
    assert done.returncode == 1 and "does not exist" in done.stderr
    assert not server.db.exists()


def test_a_second_server_on_the_same_database_refuses_and_admin_commands_still_work(
    tmp_path: Path,
) -> None:
    server = RunningServer(tmp_path / "team.db")
    server.start()
    try:
        assert server.process is not None
        second = asynctui("serve", "--db", str(server.db), "--port", str(free_port()))
        assert second.returncode == 1
        assert second.stderr.strip() == (
            f"asynctui: error: {server.db} is in use by another `asynctui serve`"
            f" (pid {server.process.pid}); stop it first"
        )
        added = asynctui("admin", "add-member", "ana", "--name", "Ana", "--db", str(server.db))
        assert added.returncode == 0, added.stderr
        assert "@ana" in asynctui("admin", "devices", "--db", str(server.db)).stdout
    finally:
        server.stop()
    # Once it stopped, the file is free again.
    server.start()
    server.stop()


def test_a_backup_taken_while_the_server_runs_opens_with_every_event(tmp_path: Path) -> None:
    server, backup = RunningServer(tmp_path / "team.db"), tmp_path / "backup.db"
    server.start()
    try:
        ana = server.join("ana")
        sent = [ana.event(StatusSet(state="focus", text=f"note {n}")) for n in range(300)]
        for start in range(0, len(sent), 100):
            assert post_events(ana, sent[start : start + 100]).status_code == 200
        done = asynctui("admin", "backup", "--db", str(server.db), "--to", str(backup))
        assert done.returncode == 0, done.stderr
        workspace, last = server.workspace, server.last_seq()
    finally:
        server.stop()
    assert done.stdout == f"Backed up workspace {workspace} ({last} events) to {backup}.\n"
    # One self-contained file: moved alone elsewhere, it is the whole workspace.
    moved = tmp_path / "elsewhere" / "team.db"
    moved.parent.mkdir()
    backup.rename(moved)
    copy = ServerLog(moved, create=False)
    rows, _ = copy.read(0, 10_000)
    assert copy.workspace == workspace and copy.last_seq() == last
    assert {e.id for e in sent} <= {eid for _, eid, _ in rows}


def test_a_backup_does_not_overwrite_a_file_unless_forced(tmp_path: Path) -> None:
    db, target = tmp_path / "team.db", tmp_path / "backup.db"
    assert asynctui("admin", "create", "--db", str(db)).returncode == 0
    target.write_text("yesterday's notes")
    refused = asynctui("admin", "backup", "--db", str(db), "--to", str(target))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"asynctui: error: {target} already exists; add --force to overwrite it"
    )
    assert target.read_text() == "yesterday's notes"
    forced = asynctui("admin", "backup", "--db", str(db), "--to", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert ServerLog(target, create=False).workspace == ServerLog(db, create=False).workspace


def test_admin_create_makes_a_workspace_once(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    made = asynctui("admin", "create", "--db", str(db))
    assert made.returncode == 0 and made.stdout.startswith("Created workspace ")
    again = asynctui("admin", "create", "--db", str(db))
    assert again.returncode == 1
    assert again.stderr.strip() == f"asynctui: error: {db} already exists"
