"""The attacks the server refuses, written straight into a shared folder's journal:
a folder has no server, so every reader skips them itself, says so, and goes on
(issue #10)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from asynctui.cli import main
from asynctui.client import queries
from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import (
    LAMPORT_LEAP,
    MAX_LAMPORT,
    ActionCreated,
    AskCreated,
    ChannelCreated,
    Event,
    ProfileSet,
    StatusSet,
    ThreadOpened,
    decode,
    encode,
)
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.core.names import direct_channel_id
from asynctui.server.log import ServerLog
from asynctui.stores.folder import FolderStore

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def person(tmp_path: Path, folder: Path, who: str) -> Workspace:
    ws = Workspace(
        Replica(tmp_path / f"{who}.db"),
        FolderStore.create(folder, f"{who}-laptop"),
        FixedClock(NOW),
        member=f"m-{who}",
        device=f"{who}-laptop",
    )
    ws.emit(ProfileSet(name=who.title(), handle=who, tz="Europe/Berlin"))
    return ws


def mallorys_line(folder: Path, line: bytes) -> None:
    """Mallory writes her own journal by hand, as anyone with the folder can."""
    journal = folder / "journals" / "mallory-laptop.jsonl"
    journal.parent.mkdir(parents=True, exist_ok=True)
    with journal.open("ab") as out:
        out.write(line + b"\n")


def mallorys(lamport: int, body: msgspec.Struct) -> bytes:
    event = Event(id=new_id(), lamport=lamport, device="mallory-laptop", author="m-mallory",
                  at=NOW, body=body)  # type: ignore[arg-type]  # fmt: skip
    return encode(event)


@pytest.mark.parametrize("lamport", [2**64, 2**63 - 1, MAX_LAMPORT, 2 + LAMPORT_LEAP + 1])
def test_a_status_with_an_absurd_lamport_counter_in_a_journal_is_skipped_with_a_warning(
    tmp_path: Path, lamport: int
) -> None:
    folder = tmp_path / "shared"
    ana = person(tmp_path, folder, "ana")
    ana.sync()
    mallorys_line(folder, mallorys(lamport, StatusSet(state="off", text="gone")))
    bob = person(tmp_path, folder, "bob")
    report = bob.sync()
    assert any("skipped" in w for w in report.warnings), report.warnings
    # Bob's own counter stays small, and everyone goes on writing and reading.
    assert bob.replica.lamport < LAMPORT_LEAP
    bob.emit(StatusSet(state="focus", text="writing"))
    assert bob.sync().failed == 0
    again = ana.sync()
    assert again.offline is None
    assert "m-bob" in ana.team().members
    assert ana.team().status("m-mallory", NOW) is None


def test_a_forged_direct_conversation_in_a_journal_is_skipped_and_theirs_still_works(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shared"
    ana, bob = person(tmp_path, folder, "ana"), person(tmp_path, folder, "bob")
    dm = direct_channel_id({"m-ana", "m-bob"})
    mallorys_line(folder, mallorys(1, ChannelCreated(channel=dm, name="general")))
    report = ana.sync()
    assert any(dm in w and "skipped" in w for w in report.warnings), report.warnings
    ana.emit(ChannelCreated(channel=dm, name="dm-ana-bob", private=True,
                            members=("m-ana", "m-bob")))  # fmt: skip
    ana.emit(ThreadOpened(thread=new_id(), channel=dm, title="Feedback", message=new_id(),
                          body="How did it go?"))  # fmt: skip
    ana.sync()
    bob.sync()
    (channel,) = [c for c in queries.channels(bob.db) if c.id == dm]
    assert channel.private


def test_a_journal_line_nested_fifty_thousand_deep_is_skipped_and_the_rest_read(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shared"
    ana = person(tmp_path, folder, "ana")
    ana.sync()
    deep = mallorys(1, StatusSet(state="off")).replace(
        b'"state":"off"', b'"state":"off","x":' + b"[" * 50_000 + b"]" * 50_000
    )
    mallorys_line(folder, deep)
    mallorys_line(folder, mallorys(2, StatusSet(state="off", text="back monday")))
    bob = person(tmp_path, folder, "bob")
    report = bob.sync()
    assert len([w for w in report.warnings if "mallory-laptop" in w]) == 1
    status = bob.team().status("m-mallory", NOW)
    assert status is not None and status.text == "back monday"


def test_a_folder_moved_to_a_server_leaves_its_forged_events_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    ana = person(tmp_path, folder, "ana")
    ana.sync()
    mallorys_line(folder, mallorys(MAX_LAMPORT, StatusSet(state="off", text="gone")))
    dm = direct_channel_id({"m-ana", "m-bob"})
    mallorys_line(folder, mallorys(1, ChannelCreated(channel=dm, name="general")))
    db = tmp_path / "team.db"
    assert main(["admin", "import", "--db", str(db), "--folder", str(folder)]) == 0
    warned = capsys.readouterr().err
    assert warned.count("skipped") == 2
    log = ServerLog(db)
    try:
        assert log.max_lamport < LAMPORT_LEAP
        assert [decode(line).author for _, _, line in log.read(0, 100)[0]] == ["m-ana"]
    finally:
        log.close()


def test_a_receive_time_written_into_a_journal_is_not_believed(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    ana = person(tmp_path, folder, "ana")
    ana.sync()
    claimed = datetime(2100, 1, 1, tzinfo=UTC)
    event = Event(id=new_id(), lamport=1, device="mallory-laptop", author="m-mallory",
                  at=claimed, body=StatusSet(state="off"), received=claimed)  # fmt: skip
    mallorys_line(folder, encode(event))
    (read,) = [e for e in FolderStore(folder, "reader").read_after("").events
               if e.author == "m-mallory"]  # fmt: skip
    assert read.received is None


@pytest.mark.parametrize(
    "body",
    [
        AskCreated(ask=new_id(), thread=new_id(), asked="m-bob", within=Window(2**63, "h")),
        ActionCreated(
            action=new_id(),
            thread=new_id(),
            text="Never",
            owner="m-bob",
            due=datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
        ),  # fmt: skip
    ],
    ids=["an ask of 2**63 hours", "an action item due in the year 10000 somewhere"],
)
def test_a_window_or_a_time_no_reader_can_count_with_is_skipped_from_a_journal(
    tmp_path: Path, body: msgspec.Struct
) -> None:
    folder = tmp_path / "shared"
    mallorys_line(folder, mallorys(1, body))
    bob = person(tmp_path, folder, "bob")
    report = bob.sync()
    assert any("skipped" in w for w in report.warnings), report.warnings
    assert queries.asks(bob.db, bob.team(), NOW) == []
    bob.emit(StatusSet(state="focus", text="writing"))
    assert bob.sync().failed == 0
