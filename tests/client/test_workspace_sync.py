"""A workspace against a real shared folder: emit, sync, offline, rebuild, two people."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from replica_history import dump

from asynctui.client import queries
from asynctui.client.replica import Replica
from asynctui.client.workspace import SyncReport, Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.events import (
    AskCreated,
    ChannelCreated,
    Event,
    HoursSet,
    MessagePosted,
    ProfileSet,
    StatusSet,
    ThreadOpened,
    decode,
    encode,
)
from asynctui.core.hours import Hours, Window
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore

FRIDAY_4PM_BERLIN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def workspace(tmp_path: Path, folder: Path, who: str, tz: str) -> Workspace:
    store = FolderStore.create(folder, f"{who}-laptop")
    ws = Workspace(
        Replica(tmp_path / f"{who}.db"),
        store,
        FixedClock(FRIDAY_4PM_BERLIN),
        member=f"m-{who}",
        device=f"{who}-laptop",
    )
    ws.emit(ProfileSet(name=who.title(), handle=who, tz=tz))
    ws.emit(HoursSet(hours=Hours()))
    return ws


def journal_ids(folder: Path, device: str) -> list[str]:
    path = folder / "journals" / f"{device}.jsonl"
    return [decode(line).id for line in path.read_bytes().splitlines() if line.strip()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "shared"


def test_an_emitted_event_lands_in_the_devices_journal_and_leaves_the_outbox(
    tmp_path: Path, folder: Path
) -> None:
    ana = workspace(tmp_path, folder, "ana", "Europe/Berlin")
    event = ana.emit(ChannelCreated(channel="c-general", name="general"))
    assert [o.event.id for o in ana.replica.outbox()][-1] == event.id
    report = ana.sync()
    assert (report.sent, report.queued, report.offline) == (3, 0, None)
    assert ana.replica.outbox() == []
    assert journal_ids(folder, "ana-laptop")[-1] == event.id
    assert [p.name for p in folder.iterdir()] == ["journals"]


def test_an_unreachable_folder_keeps_the_event_queued_and_sends_it_once_later(
    tmp_path: Path, folder: Path
) -> None:
    ana = workspace(tmp_path, folder, "ana", "Europe/Berlin")
    ana.sync()
    away = tmp_path / "shared-away"
    folder.rename(away)
    event = ana.emit(ChannelCreated(channel="c-general", name="general"))
    report = ana.sync()
    assert report.offline is not None and "\n" not in report.offline
    assert (report.sent, report.queued) == (0, 1)
    assert [o.event.id for o in ana.replica.outbox("pending")] == [event.id]
    assert queries.channel_by_name(ana.db, "general") is not None  # shown while pending
    again = ana.sync()
    assert again.offline is not None and again.queued == 1

    away.rename(folder)
    report = ana.sync()
    assert (report.sent, report.queued, report.offline) == (1, 0, None)
    assert ana.sync().sent == 0
    assert journal_ids(folder, "ana-laptop").count(event.id) == 1
    assert [c.name for c in queries.channels(ana.db)].count("general") == 1


def test_bob_sees_the_ask_ana_made_of_him_and_his_reply_answers_it(
    tmp_path: Path, folder: Path
) -> None:
    ana = workspace(tmp_path, folder, "ana", "Europe/Berlin")
    bob = workspace(tmp_path, folder, "bob", "America/New_York")
    ana.sync()
    bob.sync()
    ana.sync()
    thread = new_id()
    ana.emit(ChannelCreated(channel="c-general", name="general"))
    ana.emit(
        ThreadOpened(
            thread=thread, channel="c-general", title="Launch", message=new_id(), body="Plan"
        )
    )
    ask = ana.emit(AskCreated(ask=new_id(), thread=thread, asked=bob.member, within=Window(8, "h")))
    ana.sync()

    assert bob.sync().received >= 3
    (owed,) = queries.asks(bob.db, bob.team(), bob.now(), asked=bob.member)
    assert (owed.thread, owed.asker, owed.thread_title) == (thread, ana.member, "Launch")
    # Friday 16:00 Berlin is 10:00 in New York: 7 hours that day, 1 on Monday.
    assert owed.due == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

    reply = bob.emit(MessagePosted(message=new_id(), thread=thread, body="Looks good"))
    bob.sync()
    ana.sync()
    assert queries.asks(ana.db, ana.team(), ana.now(), asker=ana.member) == []
    (answered,) = queries.asks(ana.db, ana.team(), ana.now(), asker=ana.member, open_only=False)
    assert answered.id == ask.body.ask  # type: ignore[union-attr]
    assert answered.answered_by == reply.body.message  # type: ignore[union-attr]


def _two_people_talking(tmp_path: Path, folder: Path) -> tuple[Workspace, str]:
    ana = workspace(tmp_path, folder, "ana", "Europe/Berlin")
    bob = workspace(tmp_path, folder, "bob", "America/New_York")
    thread = new_id()
    ana.emit(ChannelCreated(channel="c-general", name="general"))
    ana.emit(
        ThreadOpened(thread=thread, channel="c-general", title="T", message=new_id(), body="Hi")
    )
    ana.sync()
    bob.sync()
    bob.emit(MessagePosted(message=new_id(), thread=thread, body="Hello from Bob"))
    bob.sync()
    ana.sync()
    return ana, thread


def test_pending_events_survive_a_rebuild_and_are_sent_once(tmp_path: Path, folder: Path) -> None:
    ana, thread = _two_people_talking(tmp_path, folder)
    pending = ana.emit(MessagePosted(message=new_id(), thread=thread, body="Not sent yet"))
    ana.replica.rebuild()
    assert [o.event.id for o in ana.replica.outbox("pending")] == [pending.id]
    assert [m.body for m in queries.messages(ana.db, thread)] == ["Not sent yet"]
    report = ana.sync()
    assert (report.sent, report.offline) == (1, None)
    assert [m.body for m in queries.messages(ana.db, thread)] == [
        "Hi",
        "Hello from Bob",
        "Not sent yet",
    ]
    assert ana.replica.outbox() == []
    assert journal_ids(folder, "ana-laptop").count(pending.id) == 1


def test_a_rebuild_gives_the_same_state_as_before(tmp_path: Path, folder: Path) -> None:
    ana, thread = _two_people_talking(tmp_path, folder)
    ana.emit(MessagePosted(message=new_id(), thread=thread, body="Not sent yet"))
    before = dump(ana.replica)
    ana.replica.rebuild()
    report = SyncReport()
    ana.pull(report)  # only fetch: the pending event stays pending
    assert report.offline is None
    assert dump(ana.replica) == before


def test_after_a_rebuild_search_finds_only_what_the_messages_say(
    tmp_path: Path, folder: Path
) -> None:
    ana, thread = _two_people_talking(tmp_path, folder)
    ana.replica.rebuild()
    zebra = ana.emit(MessagePosted(message=new_id(), thread=thread, body="zebra crossing"))
    ana.pull(SyncReport())
    by_body = {m.body: m.id for m in queries.messages(ana.db, thread)}
    assert by_body["zebra crossing"] == zebra.body.message  # type: ignore[union-attr]
    for word, body in (("zebra", "zebra crossing"), ("hello", "Hello from Bob"), ("hi", "Hi")):
        assert [h.message for h in queries.search(ana.db, word)] == [by_body[body]]


# -- many writers, three readers -----------------------------------------------------


def _drain(store: FolderStore, replica: Replica, limit: int) -> None:
    cursor = replica.get_meta("cursor") or ""
    while True:
        result = store.read_after(cursor, limit=limit)
        if result.cursor == cursor and not result.events:
            return
        replica.apply(result.events, cursor=result.cursor)
        cursor = result.cursor


def test_every_replica_gets_every_event_of_many_writers_exactly_once(
    tmp_path: Path, folder: Path
) -> None:
    rng = random.Random(7)
    devices = ["ana-laptop", "ana-phone", "bob-desk", "cy-laptop"]
    writers = {d: FolderStore.create(folder, d) for d in devices}
    readers = [
        (FolderStore(folder, f"reader-{i}"), Replica(tmp_path / f"reader-{i}.db"), limit)
        for i, limit in enumerate((1, 7, 1000))
    ]
    lamports = dict.fromkeys(devices, 0)
    written: set[str] = set()
    at = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)

    def make(device: str) -> Event:
        nonlocal at
        lamports[device] = max(lamports.values()) + rng.choice((0, 1))
        at += timedelta(seconds=30)
        # The message has the event's id, so the replica's messages are the log.
        eid = new_id(int(at.timestamp() * 1000))
        return Event(
            id=eid,
            lamport=lamports[device],
            device=device,
            author="m-" + device.split("-")[0],
            at=at,
            body=MessagePosted(message=eid, thread="THREAD01", body=f"{device} {at}"),
        )

    torn = folder / "journals" / "dana-tablet.jsonl"
    torn_event = make("ana-phone")
    torn_line = encode(torn_event) + b"\n"
    for round_ in range(30):
        for _ in range(rng.randint(1, 4)):
            device = rng.choice(devices)
            batch = [make(device) for _ in range(rng.randint(1, 5))]
            writers[device].append(batch)
            written.update(e.id for e in batch)
        if round_ == 10:
            shutil.copy(
                folder / "journals" / "bob-desk.jsonl",
                folder / "journals" / "bob-desk (conflicted copy 2026-11-22).jsonl",
            )
        if round_ == 12:
            torn.write_bytes(torn_line[:40])
        if round_ == 20:
            with torn.open("ab") as f:
                f.write(torn_line[40:])
            written.add(torn_event.id)
        if round_ % 3 == 0:
            for store, replica, limit in readers:
                _drain(store, replica, limit)
    for store, replica, limit in readers:
        _drain(store, replica, limit)

    logs = []
    for _, replica, _ in readers:
        log = replica.db.execute(
            "SELECT id, lamport, device FROM messages ORDER BY lamport, device, id"
        ).fetchall()
        assert len(log) == len(written)
        assert {row[0] for row in log} == written
        logs.append(log)
    assert logs[0] == logs[1] == logs[2]


def test_my_own_status_read_back_from_the_folder_is_an_echo_not_a_change(
    tmp_path: Path, folder: Path
) -> None:
    ana = workspace(tmp_path, folder, "ana", "Europe/Berlin")
    ana.sync()
    ana.emit(StatusSet(state="focus", text="writing"))
    report = ana.sync()
    assert report.sent == 1
    assert report.received == report.echoes == 1
    bob = workspace(tmp_path, folder, "bob", "America/New_York")
    bob.sync()
    bob.emit(StatusSet(state="away"))
    bob.sync()
    again = ana.sync()
    assert again.received == 3 and again.echoes == 0  # Bob's profile, hours and status
