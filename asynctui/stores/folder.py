"""The folder store: the event log as JSON Lines journals in a shared directory.

Layout::

    <folder>/
    └── journals/
        ├── alice-desktop.jsonl       one file per device, append-only
        ├── bob-laptop.jsonl
        └── bob-laptop (conflicted copy 2026-11-22).jsonl   made by a sync tool

Each line of a journal is one event, encoded by :func:`asynctui.core.events.encode`
and terminated by ``\\n``. A device only ever appends to its own journal and
never rewrites or deletes any file, so two devices never write the same file and
a sync tool (Dropbox, Syncthing, Nextcloud, Google Drive, NFS, git) has nothing to
merge. Nothing else is written into the shared folder: no lock files, no
temporary files, no databases.

Guarantees:

- ``append`` returns only after the bytes are flushed and ``fsync``-ed. If the
  journal's last line was torn by an earlier crash, a newline is written first
  so the fragment stays a line of its own (read as garbled and skipped) and
  never swallows the next event.
- ``read_after`` reads every journal, conflicted copies included, and returns
  each complete, valid event it has not yet passed, de-duplicated by id within
  the batch and ordered by ``(lamport, device, id)``.
- An unfinished last line (no ``\\n`` yet) is left for a later read; a garbled
  line is skipped with a one-line warning naming the file and line, once.
- Reading is incremental: the cursor holds, per journal file, the byte offset
  read up to, so a read costs what was added, not the history.
- Across reads an event may come back again (a sync tool replaced a file, or a
  conflicted copy repeats its original). The consumer de-duplicates by event id,
  as the replica does with the id as primary key.

Cursor (opaque to callers; JSON)::

    {"v": 1, "files": {"<file name>": [offset, line, seen_size, tail_crc], ...}}

``offset`` is the byte after the last complete line consumed and ``line`` its
line number (for warnings). ``seen_size`` is the size the file had when read, so
an untouched file is never opened again, even if it ends in an unfinished line;
a read stopped part way by ``limit`` records ``offset`` there, so the file is
opened again next time. ``tail_crc`` is the CRC-32 of up to 32 bytes before
``offset``: if they changed, a sync tool replaced the file with different
content and it is read again from the start.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from asynctui.core.events import Event, InvalidEvent, decode, encode
from asynctui.stores.base import ReadResult, StoreError, StoreUnavailable

__all__ = ["FolderStore", "journal_stem"]

JOURNALS = "journals"
SUFFIX = ".jsonl"

POLL_INTERVAL = 0.2
"""Seconds between two looks at the journals while waiting for more."""

_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_MAX_STEM = 120
"""Well under the common 255-byte name limit, leaving room for the suffixes sync
tools add to conflicted copies (``.sync-conflict-20261122-101010-ABCDEFG``)."""
_KEEP_ON_OVERFLOW = 100
_TAIL = 32
_CHUNK = 8 << 20
"""Bytes read at a time, so a first read of a long history holds one chunk of
raw text at once, not the whole file."""
_CURSOR_VERSION = 1
_APPEND_FLAGS = (
    os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)
"""Never follow a link planted under our journal's name (where the OS allows)."""

# Names Windows refuses whatever the extension; a share may be mounted there.
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{i}" for i in range(1, 10)]
    + [f"LPT{i}" for i in range(1, 10)]
)

# Files sync tools and browsers write while a download is in progress; the
# finished file appears later under its real name.
_PARTIAL_SUFFIXES = (
    ".tmp",
    ".temp",
    ".part",
    ".partial",
    ".crdownload",
    ".download",
    ".!sync",
    ".rslsync",
    "~",
)


def journal_stem(device: str) -> str:
    """A file stem for ``device`` that stays inside ``journals/`` whatever the name.

    ``[A-Za-z0-9_-]`` is kept; every other character becomes ``%XX`` per UTF-8
    byte, so distinct devices get distinct stems and the stem never contains a
    path separator, a leading dot or NUL. A stem longer than 120 characters is
    cut and given a ``+`` and a hash of the full name (``+`` is always encoded,
    so the suffix cannot be mistaken for part of a name).
    """
    if not device:
        raise ValueError("device name is empty")
    parts: list[str] = []
    for ch in device:
        if ch in _SAFE:
            parts.append(ch)
        else:
            parts.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    stem = "".join(parts)
    if stem.upper() in _WINDOWS_RESERVED:
        stem = f"%{ord(stem[0]):02X}{stem[1:]}"
    if len(stem) > _MAX_STEM:
        cut = stem[:_KEEP_ON_OVERFLOW]
        # Never leave half of a %XX escape at the cut.
        pct = cut.rfind("%", len(cut) - 2)
        if pct != -1:
            cut = cut[:pct]
        digest = hashlib.sha256(device.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        stem = f"{cut}+{digest}"
    return stem


def _is_journal_name(name: str) -> bool:
    if SUFFIX not in name or name.startswith((".", "~")):
        return False
    return not name.lower().endswith(_PARTIAL_SUFFIXES)


def _printable(text: str) -> str:
    """File names and decoder messages come from other people's machines."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch) & 0xFFFF:02x}" for ch in text)


def _one_line(exc: OSError) -> str:
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else type(exc).__name__)
    return _printable(reason)


class _FileMark:
    __slots__ = ("offset", "line", "seen", "crc")

    def __init__(self, offset: int, line: int, seen: int, crc: int) -> None:
        self.offset = offset
        self.line = line
        self.seen = seen
        self.crc = crc

    def as_list(self) -> list[int]:
        return [self.offset, self.line, self.seen, self.crc]


def _parse_cursor(cursor: str) -> dict[str, _FileMark]:
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
        if data["v"] != _CURSOR_VERSION:
            raise ValueError("unknown version")
        marks: dict[str, _FileMark] = {}
        for name, values in data["files"].items():
            offset, line, seen, crc = (int(v) for v in values)
            if min(offset, line, seen, crc) < 0:
                raise ValueError("negative position")
            marks[str(name)] = _FileMark(offset, line, seen, crc)
        return marks
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(
            f"folder store cursor is not readable ({exc}); read again from the start"
        ) from None


def _format_cursor(marks: dict[str, _FileMark]) -> str:
    files = {name: mark.as_list() for name, mark in sorted(marks.items())}
    return json.dumps({"v": _CURSOR_VERSION, "files": files}, separators=(",", ":"))


class FolderStore:
    """The event log in a shared folder, written by ``device`` to its own journal.

    Implements :class:`asynctui.stores.base.Store`.
    """

    def __init__(self, folder: Path, device: str) -> None:
        self.folder = Path(folder)
        self.device = device
        self.journals = self.folder / JOURNALS
        if not self.folder.is_dir():
            raise StoreUnavailable(f"shared folder {self.folder} is missing or not a directory")
        if not self.journals.is_dir():
            raise StoreUnavailable(
                f"{self.folder} has no {JOURNALS}/ directory; is it an asynctui workspace?"
            )
        try:
            with os.scandir(self.journals):
                pass
        except OSError as exc:
            raise StoreUnavailable(f"cannot read {self.journals}: {_one_line(exc)}") from None
        self.journal = self.journals / (journal_stem(device) + SUFFIX)
        # The stem cannot hold a separator, but check the resolved path anyway:
        # this is the one place a name from elsewhere becomes a path we write to,
        # and someone else's device could have planted a link under our name.
        if self.journal.resolve().parent != self.journals.resolve():
            raise StoreUnavailable(
                f"{JOURNALS}/{self.journal.name} leads outside {JOURNALS}/; refusing to write"
            )

    @classmethod
    def create(cls, folder: Path, device: str) -> FolderStore:
        """Open ``folder`` as a workspace, making ``journals/`` if it is missing."""
        try:
            (Path(folder) / JOURNALS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create {folder}/{JOURNALS}: {_one_line(exc)}") from None
        return cls(folder, device)

    @staticmethod
    def is_workspace(folder: Path) -> bool:
        """True if ``folder`` holds a ``journals/`` directory."""
        return (Path(folder) / JOURNALS).is_dir()

    # -- writing -------------------------------------------------------------

    def append(self, events: Sequence[Event]) -> None:
        """Append ``events`` to this device's journal; returns once they are fsync-ed."""
        if not events:
            return
        payload = b"\n".join(encode(event) for event in events) + b"\n"
        try:
            created = not self.journal.exists()
            fd = os.open(self.journal, _APPEND_FLAGS, 0o644)
            with os.fdopen(fd, "a+b") as f:
                size = f.seek(0, os.SEEK_END)
                if size:
                    f.seek(size - 1)
                    if f.read(1) != b"\n":
                        payload = b"\n" + payload
                # One write call: readers then rarely see a half-written batch,
                # and when they do they wait for its newline.
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
            if created:
                self._fsync_dir()
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot write to {JOURNALS}/{self.journal.name}: {_one_line(exc)}"
            ) from None

    def _fsync_dir(self) -> None:
        # A new file's directory entry must be durable too, or a crash can lose
        # the whole journal. Not every platform lets us open a directory.
        try:
            fd = os.open(self.journals, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):
                raise
        finally:
            os.close(fd)

    # -- reading -------------------------------------------------------------

    def _scan(self) -> dict[str, int]:
        """Name → size of every journal file, conflicted copies included."""
        sizes: dict[str, int] = {}
        try:
            with os.scandir(self.journals) as entries:
                for entry in entries:
                    if not _is_journal_name(entry.name):
                        continue
                    try:
                        if entry.is_file():
                            sizes[entry.name] = entry.stat().st_size
                    except FileNotFoundError:
                        continue  # removed or renamed by a sync tool meanwhile
        except OSError as exc:
            raise StoreUnavailable(f"cannot read {self.journals}: {_one_line(exc)}") from None
        return sizes

    def read_after(self, cursor: str, limit: int | None = None) -> ReadResult:
        """Events in complete journal lines not yet passed at ``cursor``.

        The batch is de-duplicated by event id and ordered by
        ``(lamport, device, id)``. An event may still come again in a later
        batch (a conflicted copy, or a file a sync tool replaced); de-duplicating
        across reads is the consumer's job — the replica keys events by id.

        With ``limit``, reading stops after that many events (counted before
        de-duplication); the cursor then points part way into a journal.
        """
        if limit is not None and limit < 1:
            raise ValueError("limit must be at least 1")
        marks = _parse_cursor(cursor)
        sizes = self._scan()
        new_marks: dict[str, _FileMark] = {}
        by_id: dict[str, Event] = {}
        warnings: list[str] = []
        budget = limit
        for name, size in sorted(sizes.items()):
            mark = marks.get(name)
            if (mark is not None and size == mark.seen) or budget == 0:
                if mark is not None:
                    new_marks[name] = mark
                continue
            try:
                new_marks[name], count = self._read_file(name, mark, budget, by_id, warnings)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreUnavailable(
                    f"cannot read {JOURNALS}/{_printable(name)}: {_one_line(exc)}"
                ) from None
            if budget is not None:
                budget -= count
        events = sorted(by_id.values(), key=lambda e: (e.lamport, e.device, e.id))
        return ReadResult(events=events, cursor=_format_cursor(new_marks), warnings=warnings)

    def _read_file(
        self,
        name: str,
        mark: _FileMark | None,
        budget: int | None,
        by_id: dict[str, Event],
        warnings: list[str],
    ) -> tuple[_FileMark, int]:
        """Read one journal from its mark; returns the new mark and the events read."""
        count = 0
        with open(self.journals / name, "rb") as f:
            offset, line, tail = 0, 0, b""
            if mark is not None and mark.offset > 0:
                size = f.seek(0, os.SEEK_END)
                if size >= mark.offset:
                    k = min(mark.offset, _TAIL)
                    f.seek(mark.offset - k)
                    before = f.read(k)
                    if zlib.crc32(before) == mark.crc:
                        offset, line, tail = mark.offset, mark.line, before
            f.seek(offset)
            pending = b""
            while chunk := f.read(_CHUNK):
                pending += chunk
                end = pending.rfind(b"\n") + 1
                if not end:
                    continue
                used, lines, count_here = self._parse_lines(
                    name, pending, end, line, budget, by_id, warnings
                )
                count += count_here
                if budget is not None:
                    budget -= count_here
                line += lines
                offset += used
                tail = (tail + pending[max(0, used - _TAIL) : used])[-_TAIL:]
                if used < end:
                    # Stopped at the limit: mark the file as not fully seen,
                    # so the next read opens it again.
                    return _FileMark(offset, line, offset, zlib.crc32(tail)), count
                pending = pending[used:]
        return _FileMark(offset, line, offset + len(pending), zlib.crc32(tail)), count

    @staticmethod
    def _parse_lines(
        name: str,
        data: bytes,
        end: int,
        first_line: int,
        budget: int | None,
        by_id: dict[str, Event],
        warnings: list[str],
    ) -> tuple[int, int, int]:
        """Decode the lines in ``data[:end]``, stopping once ``budget`` events were read.

        Returns the bytes consumed, the lines consumed and the events read.
        """
        pos = lines = count = 0
        while pos < end and (budget is None or count < budget):
            newline = data.index(b"\n", pos)
            raw = data[pos:newline]
            pos = newline + 1
            lines += 1
            if not raw.strip():
                continue
            try:
                event = decode(raw)
            except InvalidEvent as exc:
                warnings.append(
                    f"{JOURNALS}/{_printable(name)} line {first_line + lines}: "
                    f"garbled event skipped ({_printable(str(exc))})"
                )
                continue
            if event.received is not None:
                # Only a server stamps a receive time; one in a journal is a
                # claim of its writer, who could make a far-off time look plausible.
                event = msgspec.structs.replace(event, received=None)
            by_id.setdefault(event.id, event)
            count += 1
        return pos, lines, count

    def wait_for_more(self, cursor: str, timeout: float) -> bool:
        """Poll journal sizes every 0.2 s; True as soon as one grew, shrank or appeared."""
        marks = _parse_cursor(cursor)
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            if self._changed(marks, self._scan().items()):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(POLL_INTERVAL, remaining))

    @staticmethod
    def _changed(marks: dict[str, _FileMark], sizes: Iterable[tuple[str, int]]) -> bool:
        for name, size in sizes:
            mark = marks.get(name)
            if mark is None:
                if size > 0:
                    return True
            elif size != mark.seen:
                return True
        return False
