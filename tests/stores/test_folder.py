"""The folder store, on real files in a temporary shared folder."""

from __future__ import annotations

import json
import os
import shutil
import string
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from store_fixtures import make_event

from asynctui.core.events import MAX_DEVICE, Event, encode
from asynctui.stores.base import ReadResult, Store, StoreError, StoreUnavailable
from asynctui.stores.folder import FolderStore, journal_stem


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    FolderStore.create(shared, "setup")
    return shared


def ids(result: ReadResult) -> list[str]:
    return [e.id for e in result.events]


def test_a_folder_store_is_a_store(folder: Path) -> None:
    store: Store = FolderStore(folder, "alice-laptop")
    assert store.read_after("").events == []


def test_create_makes_a_workspace_with_only_a_journals_folder(tmp_path: Path) -> None:
    shared = tmp_path / "team"
    assert not FolderStore.is_workspace(shared)
    FolderStore.create(shared, "alice-laptop")
    assert FolderStore.is_workspace(shared)
    assert [p.name for p in shared.iterdir()] == ["journals"]


def test_events_appended_are_read_back(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    events = [make_event(lamport=n) for n in (1, 2, 3)]
    store.append(events)
    assert store.read_after("").events == events
    journal = folder / "journals" / "alice-laptop.jsonl"
    assert journal.read_bytes() == b"".join(encode(e) + b"\n" for e in events)


def test_nothing_but_journals_is_written_into_the_shared_folder(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    store.append([make_event()])
    store.read_after("")
    store.wait_for_more("", 0)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == [
        "journals",
        os.path.join("journals", "alice-laptop.jsonl"),
    ]


def test_a_second_read_returns_only_the_new_events(folder: Path) -> None:
    alice = FolderStore(folder, "alice-laptop")
    bob = FolderStore(folder, "bob-desktop")
    first = [make_event("alice-laptop", 1)]
    alice.append(first)
    result = bob.read_after("")
    assert result.events == first

    later = [make_event("bob-desktop", 2), make_event("alice-laptop", 3)]
    bob.append(later[:1])
    alice.append(later[1:])
    again = bob.read_after(result.cursor)
    assert again.events == later
    assert bob.read_after(again.cursor).events == []


def test_the_cursor_is_a_plain_string_that_survives_a_restart(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    store.append([make_event(lamport=1)])
    cursor = store.read_after("").cursor
    saved = json.loads(json.dumps(cursor))

    store.append([newer := make_event(lamport=2)])
    reopened = FolderStore(folder, "alice-laptop")
    assert reopened.read_after(saved).events == [newer]


def pull_all(store: FolderStore, cursor: str, limit: int) -> tuple[list[Event], str, int]:
    """Read in bounded batches until nothing moves, as the sync worker does."""
    events: list[Event] = []
    reads = 0
    while True:
        result = store.read_after(cursor, limit=limit)
        reads += 1
        assert len(result.events) <= limit
        if result.cursor == cursor and not result.events:
            return events, cursor, reads
        events.extend(result.events)
        cursor = result.cursor


def test_a_limited_read_hands_out_everything_in_bounded_batches(folder: Path) -> None:
    alice = FolderStore(folder, "alice-laptop")
    bob = FolderStore(folder, "bob-desktop")
    written = [make_event("alice-laptop", n) for n in range(1, 26)]
    alice.append(written)
    bob.append(more := [make_event("bob-desktop", n) for n in range(1, 8)])
    with open(folder / "journals" / "carol.jsonl", "wb") as f:
        f.write(encode(make_event("carol", 1))[:20])  # unfinished

    events, cursor, reads = pull_all(bob, "", limit=10)
    assert sorted(e.id for e in events) == sorted(e.id for e in written + more)
    assert reads == 5
    assert not bob.wait_for_more(cursor, 0)

    alice.append(late := [make_event("alice-laptop", 30)])
    assert pull_all(bob, cursor, limit=10)[0] == late


def test_a_cursor_that_is_not_ours_is_refused_with_a_store_error(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    for bad in ("not json", '{"v": 99, "files": {}}', '{"v": 1, "files": {"a": [1]}}'):
        with pytest.raises(StoreError, match="cursor"):
            store.read_after(bad)


def test_an_unfinished_last_line_is_left_until_it_is_complete(folder: Path) -> None:
    reader = FolderStore(folder, "alice-laptop")
    event = make_event("bob-desktop", 7)
    line = encode(event) + b"\n"
    journal = folder / "journals" / "bob-desktop.jsonl"
    journal.write_bytes(line[:25])

    first = reader.read_after("")
    assert first.events == []
    assert first.warnings == []
    assert not reader.wait_for_more(first.cursor, 0)

    with open(journal, "ab") as f:
        f.write(line[25:])
    assert reader.wait_for_more(first.cursor, 0)
    assert reader.read_after(first.cursor).events == [event]


def test_a_garbled_line_is_skipped_with_a_warning_and_the_rest_is_kept(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    good = [make_event("bob-laptop", n) for n in range(1, 13)]
    lines = [encode(e) for e in good]
    wrong_type = json.loads(lines[5])
    wrong_type["id"] = 12
    lines[5] = json.dumps(wrong_type).encode()
    lines[8] = b'{"id": "x", "lamport": '
    lines[10] = encode(good[10]).replace(b"message.posted", b"message.shouted")
    (folder / "journals" / "bob-laptop.jsonl").write_bytes(b"\n".join(lines) + b"\n")

    result = store.read_after("")
    assert ids(result) == [e.id for i, e in enumerate(good) if i not in (5, 8, 10)]
    assert result.warnings[0] == (
        "journals/bob-laptop.jsonl line 6: garbled event skipped "
        "(Expected `str`, got `int` - at `$.id`)"
    )
    assert [w.split(":")[0] for w in result.warnings] == [
        "journals/bob-laptop.jsonl line 6",
        "journals/bob-laptop.jsonl line 9",
        "journals/bob-laptop.jsonl line 11",
    ]

    # Warned once: the cursor has moved past the garbled lines.
    store.append([make_event("alice-laptop", 20)])
    assert store.read_after(result.cursor).warnings == []


def test_line_numbers_in_warnings_count_from_the_start_of_the_file(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    journal = folder / "journals" / "bob-laptop.jsonl"
    journal.write_bytes(b"".join(encode(make_event("bob-laptop", n)) + b"\n" for n in (1, 2)))
    cursor = store.read_after("").cursor
    with open(journal, "ab") as f:
        f.write(encode(make_event("bob-laptop", 3)) + b"\nnonsense\n")
    result = store.read_after(cursor)
    assert len(result.events) == 1
    assert result.warnings == [
        "journals/bob-laptop.jsonl line 4: garbled event skipped "
        "(JSON is malformed: invalid character (byte 4))"
    ]


def test_a_line_with_invalid_utf8_is_skipped_and_named(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    good = make_event("bob-laptop", 1, "caf\u00e9")
    broken = encode(make_event("bob-laptop", 2, "caf\u00e9")).replace(b"\xc3\xa9", b"\xff")
    (folder / "journals" / "bob-laptop.jsonl").write_bytes(encode(good) + b"\n" + broken + b"\n")
    result = store.read_after("")
    assert result.events == [good]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("journals/bob-laptop.jsonl line 2: garbled event skipped")


def test_blank_lines_and_windows_line_endings_are_tolerated(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    events = [make_event("bob-laptop", n) for n in (1, 2)]
    data = b"\r\n".join(encode(e) for e in events) + b"\r\n\n"
    (folder / "journals" / "bob-laptop.jsonl").write_bytes(data)
    result = store.read_after("")
    assert result.events == events
    assert result.warnings == []


CONFLICT_NAMES = [
    "bob-laptop (conflicted copy 2026-11-22).jsonl",  # Dropbox
    "bob-laptop (conflicted copy 2026-11-22 101010).jsonl",  # Nextcloud
    "bob-laptop.sync-conflict-20261122-101010-ABCDEFG.jsonl",  # Syncthing
    "bob-laptop (1).jsonl",  # Google Drive
    "bob-laptop-DESKTOP-7QK2.jsonl",  # OneDrive
]


def test_conflicted_copies_made_by_sync_tools_are_read_and_deduplicated(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    journals = folder / "journals"
    shared = [make_event("bob-laptop", n) for n in (1, 2)]
    only_in_copies = [make_event("bob-laptop", 3 + i) for i in range(len(CONFLICT_NAMES))]
    (journals / "bob-laptop.jsonl").write_bytes(b"".join(encode(e) + b"\n" for e in shared))
    for name, extra in zip(CONFLICT_NAMES, only_in_copies, strict=True):
        (journals / name).write_bytes(b"".join(encode(e) + b"\n" for e in [*shared, extra]))

    result = store.read_after("")
    assert result.events == shared + only_in_copies


def test_temporary_and_hidden_files_are_not_read(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    journals = folder / "journals"
    line = encode(make_event("bob-laptop", 1)) + b"\n"
    for name in (
        ".bob-laptop.jsonl",
        ".syncthing.bob-laptop.jsonl.tmp",
        "~bob-laptop.jsonl",
        "bob-laptop.jsonl.part",
        "bob-laptop.jsonl.crdownload",
        "bob-laptop.jsonl~",
        "notes.txt",
    ):
        (journals / name).write_bytes(line)
    (journals / "subdir.jsonl").mkdir()
    assert store.read_after("").events == []


def test_events_are_ordered_by_lamport_then_device_then_id(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    journals = folder / "journals"
    a1 = make_event("alice", 1)
    b1 = make_event("bob", 1)
    b3 = make_event("bob", 3)
    a2 = make_event("alice", 2)
    x2, y2 = (make_event("carol", 2, event_id=i) for i in ("01B", "01A"))
    (journals / "bob.jsonl").write_bytes(b"".join(encode(e) + b"\n" for e in (b3, b1)))
    (journals / "alice.jsonl").write_bytes(b"".join(encode(e) + b"\n" for e in (a2, a1)))
    (journals / "carol.jsonl").write_bytes(b"".join(encode(e) + b"\n" for e in (x2, y2)))
    assert store.read_after("").events == [a1, b1, a2, y2, x2, b3]


def test_a_file_that_shrank_is_read_again_from_the_start(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    copy = folder / "journals" / "bob-laptop (1).jsonl"
    events = [make_event("bob-laptop", n) for n in (1, 2, 3)]
    copy.write_bytes(b"".join(encode(e) + b"\n" for e in events))
    cursor = store.read_after("").cursor

    replacement = [events[0], make_event("bob-laptop", 4)]
    copy.write_bytes(b"".join(encode(e) + b"\n" for e in replacement))
    assert store.wait_for_more(cursor, 0)
    assert store.read_after(cursor).events == replacement


def test_a_file_replaced_with_different_content_is_read_again(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    copy = folder / "journals" / "bob-laptop (1).jsonl"
    first = make_event("bob-laptop", 1, "aaaa")
    copy.write_bytes(encode(first) + b"\n")
    cursor = store.read_after("").cursor

    # Same length up to the old offset, different bytes, then more.
    other = make_event("bob-laptop", 1, "bbbb")
    more = make_event("bob-laptop", 2)
    copy.write_bytes(encode(other) + b"\n" + encode(more) + b"\n")
    assert store.read_after(cursor).events == [other, more]


def test_a_torn_last_line_in_my_journal_gets_a_newline_before_the_next_append(
    folder: Path,
) -> None:
    store = FolderStore(folder, "alice-laptop")
    before = make_event(lamport=1)
    store.append([before])
    with open(store.journal, "ab") as f:
        f.write(encode(make_event(lamport=2))[:40])  # the crash

    after = make_event(lamport=3)
    store.append([after])
    lines = store.journal.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert lines[-2] == encode(after)

    result = FolderStore(folder, "bob-desktop").read_after("")
    assert result.events == [before, after]
    assert result.warnings == [
        "journals/alice-laptop.jsonl line 2: garbled event skipped (Input data was truncated)"
    ]


def test_appending_nothing_writes_nothing(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    store.append([])
    assert not store.journal.exists()


HOSTILE_NAMES = [
    "../x",
    "../../etc/passwd",
    "a/b",
    "/etc/passwd",
    "..",
    ".",
    ".hidden",
    "nul\x00byte",
    "back\\slash",
    "C:\\Windows",
    "CON",
    "nul",
    "x" * 5000,
    "\u00e9t\u00e9-\u6771\u4eac-\U0001f600" * 40,
    "bob (conflicted copy 2026-11-22)",
    "~tilde",
    "esc\x1b[31mred",
]


@pytest.mark.parametrize("device", HOSTILE_NAMES, ids=lambda n: repr(n)[:30])
def test_a_hostile_device_name_writes_only_inside_journals(tmp_path: Path, device: str) -> None:
    shared = tmp_path / "deep" / "shared"
    store = FolderStore.create(shared, device)
    event = make_event(device)
    store.append([event])

    everything = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert everything == [store.journal]
    assert store.journal.parent == shared / "journals"
    assert not store.journal.name.startswith((".", "~"))
    assert len(store.journal.name.encode()) <= 130
    read = FolderStore(shared, "reader").read_after("")
    if len(device) <= MAX_DEVICE:
        assert read.events == [event]
    else:
        # No event may name a device that long: every reader skips it, and says so.
        assert read.events == []
        assert len(read.warnings) == 1


def test_distinct_device_names_get_distinct_journals() -> None:
    stems = [journal_stem(name) for name in HOSTILE_NAMES + ["x" * 4999 + "y", "a_b", "a-b"]]
    assert len(set(stems)) == len(stems)
    allowed = set(string.ascii_letters + string.digits + "_-%+")
    assert all(set(stem) <= allowed for stem in stems)


def test_a_plain_device_name_is_kept_as_it_is() -> None:
    assert journal_stem("bob-laptop_2") == "bob-laptop_2"
    assert journal_stem("bob laptop") == "bob%20laptop"
    with pytest.raises(ValueError):
        journal_stem("")


def test_a_link_planted_under_my_journal_name_is_not_followed(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.jsonl"
    outside.write_bytes(b"")
    (folder / "journals" / "alice-laptop.jsonl").symlink_to(outside)
    with pytest.raises(StoreUnavailable, match="outside"):
        FolderStore(folder, "alice-laptop")
    assert outside.read_bytes() == b""


def test_a_missing_folder_is_unavailable_with_a_one_line_message(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable) as missing:
        FolderStore(tmp_path / "nowhere", "alice-laptop")
    assert "\n" not in str(missing.value)
    assert "nowhere" in str(missing.value)

    (tmp_path / "plain").mkdir()
    with pytest.raises(StoreUnavailable, match="no journals/ directory") as not_workspace:
        FolderStore(tmp_path / "plain", "alice-laptop")
    assert "\n" not in str(not_workspace.value)


def test_a_folder_that_vanishes_makes_every_call_unavailable(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    shutil.rmtree(folder)
    for call in (
        lambda: store.append([make_event()]),
        lambda: store.read_after(""),
        lambda: store.wait_for_more("", 0),
    ):
        with pytest.raises(StoreUnavailable) as info:
            call()
        assert "\n" not in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="needs non-root")
def test_an_unreadable_journals_folder_is_unavailable(folder: Path) -> None:
    journals = folder / "journals"
    journals.chmod(0)
    try:
        with pytest.raises(StoreUnavailable, match="Permission denied"):
            FolderStore(folder, "alice-laptop")
    finally:
        journals.chmod(0o755)


def test_wait_for_more_returns_false_after_the_timeout_when_nothing_changed(
    folder: Path,
) -> None:
    store = FolderStore(folder, "alice-laptop")
    store.append([make_event()])
    cursor = store.read_after("").cursor
    started = time.monotonic()
    assert not store.wait_for_more(cursor, 0.3)
    assert 0.3 <= time.monotonic() - started < 1.0


def test_wait_for_more_wakes_when_another_device_appends(folder: Path) -> None:
    store = FolderStore(folder, "alice-laptop")
    cursor = store.read_after("").cursor
    bob = FolderStore(folder, "bob-desktop")
    timer = threading.Timer(0.2, lambda: bob.append([make_event("bob-desktop")]))
    timer.start()
    try:
        started = time.monotonic()
        assert store.wait_for_more(cursor, 5)
        assert time.monotonic() - started < 2
    finally:
        timer.join()


# -- many writers, readers and sync-tool mischief at once ----------------------

WRITERS = 5
EVENTS_PER_WRITER = 2_000
READERS = 3


def _reader(
    folder: Path,
    stop: threading.Event,
    seen: dict[str, Event],
    batches: list[int],
    errors: list[str],
    limit: int | None,
) -> None:
    store = FolderStore(folder, "reader")
    cursor = ""
    try:
        while True:
            finishing = stop.is_set()
            result = store.read_after(cursor, limit=limit)
            moved = result.cursor != cursor
            cursor = result.cursor
            if result.events:
                batches.append(len(result.events))
            for event in result.events:
                earlier = seen.setdefault(event.id, event)
                if earlier != event:
                    errors.append(f"two different events share id {event.id}")
            if finishing and not moved:
                return
            store.wait_for_more(cursor, 0.05)
    except Exception as exc:  # reported to the test thread, which asserts on it
        errors.append(repr(exc))


def test_five_writers_and_three_readers_agree_despite_conflicted_copies_and_torn_lines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shared"
    journals = FolderStore.create(folder, "setup").journals
    script = Path(__file__).with_name("store_fixtures.py")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(script),
                str(folder),
                f"device-{n}",
                str(EVENTS_PER_WRITER),
                str(n),
                str(tmp_path / f"ids-{n}.txt"),
            ],
            env=env,
        )
        for n in range(WRITERS)
    ]
    stop = threading.Event()
    seen: list[dict[str, Event]] = [{} for _ in range(READERS)]
    batches: list[list[int]] = [[] for _ in range(READERS)]
    errors: list[str] = []
    readers = [
        threading.Thread(
            target=_reader,
            # One reader pulls in bounded batches, as a first sync does.
            args=(folder, stop, seen[n], batches[n], errors, 300 if n == 0 else None),
        )
        for n in range(READERS)
    ]
    for reader in readers:
        reader.start()

    # A device elsewhere whose sync tool delivers its journal in pieces.
    stranger = [make_event("stranger", 500 + n) for n in range(3)]
    stranger_journal = journals / "stranger.jsonl"
    line0, line1, line2 = (encode(e) + b"\n" for e in stranger)
    injected = 0
    try:
        # Keep meddling while the writers run, and at least one full round.
        while injected < 6 or any(w.poll() is None for w in writers):
            time.sleep(0.05)
            step = injected % 6
            first_round = injected < 6
            injected += 1
            source = journals / f"device-{injected % WRITERS}.jsonl"
            if step == 0 and first_round:
                stranger_journal.write_bytes(line0 + line1[:30])  # torn
            elif step == 1 and source.exists():
                copy = f"device-{injected % WRITERS} (conflicted copy {injected}).jsonl"
                shutil.copyfile(source, journals / copy)  # mid-write: may end torn
            elif step == 2 and first_round:
                with open(stranger_journal, "ab") as f:
                    f.write(line1[30:] + b'{"garbled": tru\n' + line2[:10])
            elif step == 3 and source.exists():
                sync = f"device-{injected % WRITERS}.sync-conflict-{injected}-X.jsonl"
                shutil.copyfile(source, journals / sync)
            elif step == 4:
                # A sync tool replaces an earlier copy with a shorter version.
                copies = sorted(journals.glob("*conflicted copy*"))
                if copies:
                    data = copies[-1].read_bytes()
                    copies[-1].write_bytes(data[: len(data) // 2])
    finally:
        for w in writers:
            w.wait(timeout=120)
    with open(stranger_journal, "ab") as f:
        f.write(line2[10:])
    stop.set()
    for reader in readers:
        reader.join(timeout=60)

    assert [w.returncode for w in writers] == [0] * WRITERS
    assert errors == []
    written: set[str] = set()
    for n in range(WRITERS):
        written.update((tmp_path / f"ids-{n}.txt").read_text().split())
    assert len(written) == WRITERS * EVENTS_PER_WRITER
    expected = written | {e.id for e in stranger}
    orders = []
    for reader_seen, reader_batches in zip(seen, batches, strict=True):
        assert len(reader_batches) > 10, "readers should have read while writers wrote"
        assert set(reader_seen) == expected
        orders.append([e.key for e in sorted(reader_seen.values(), key=lambda e: e.key)])
    assert orders[0] == orders[1] == orders[2]
    assert len(orders[0]) == len(expected)

    # A fresh reader, reading the whole folder at once, agrees too.
    final = FolderStore(folder, "late-reader").read_after("")
    assert [e.key for e in final.events] == orders[0]
    assert any("garbled event skipped" in w for w in final.warnings)
