"""The server's database as a file on a disk: one server per file, noticing
when the file is gone, replaced or read-only, and copying it while it is in use.

SQLite keeps writing into a file that was deleted under it (the open handle
still reaches it) and answers nothing amiss; a second server on the same file
would interleave two group commits. So:

- :func:`hold_lock` takes an exclusive ``flock`` on ``FILE.lock`` for the
  server's lifetime (``admin`` commands do not take it: they may run beside it).
- :class:`FileWatch` compares the path's device and inode with those it had
  when the server opened it, and asks whether it may still be written.
- :func:`backup` copies it with SQLite's online backup API, consistent even
  while the server commits (a plain copy without the ``-wal`` file is behind).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import sqlite3
import time
from pathlib import Path

from asynctui.server.log import LogError, ServerLog

__all__ = ["FileWatch", "backup", "hold_lock", "unusable", "writable_problem"]

log = logging.getLogger("asynctui.server")

HEALTH_CACHE_S = 1.0
"""How long ``/healthz`` reuses its answer: anyone may ask, as often as they like."""


def hold_lock(db: Path) -> int:
    """Lock ``db`` for this process's lifetime: the descriptor of ``db.lock``,
    to keep open. Raises :class:`LogError` if another server holds it."""
    lock = db.with_name(db.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LogError(f"cannot make the lock file {lock}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        holder = os.read(fd, 32).decode("ascii", "replace").strip()
        os.close(fd)
        if exc.errno not in (errno.EWOULDBLOCK, errno.EACCES):
            raise LogError(f"cannot lock {lock}: {exc.strerror or exc}") from None
        who = f" (pid {holder})" if holder.isdigit() else ""
        raise LogError(f"{db} is in use by another `asynctui serve`{who}; stop it first") from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def writable_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written (one line), or None."""
    if os.access(path, os.W_OK):
        return None
    try:
        os.stat(path)
    except FileNotFoundError:
        return f"{path} is missing"
    except OSError as exc:
        return f"{path} cannot be read: {exc.strerror or exc}"
    return f"{path} is read-only"


class FileWatch:
    """Whether the server's database is still the file it opened, and writable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        info = os.stat(path)
        self._identity = (info.st_dev, info.st_ino)
        self.failed_write: str | None = None
        """Why SQLite last could not write (:func:`unusable`); None after a commit."""
        self._said: str | None = None
        self._health: tuple[float, str | None] = (-HEALTH_CACHE_S, None)

    def problem(self) -> str | None:
        """What is wrong with the file now (one line), or None. Two system calls:
        the writer asks before every group commit."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return f"the database {self.path} was deleted"
        except OSError as exc:
            return f"the database {self.path} cannot be read: {exc.strerror or exc}"
        if (info.st_dev, info.st_ino) != self._identity:
            return f"the database {self.path} was replaced by another file"
        if not os.access(self.path, os.W_OK):
            return f"the database {self.path} is read-only"
        return None

    def say(self, problem: str | None) -> None:
        """Log that writes are refused, and why, or that they work again: once
        for each change, not once for each refused write. A refusal is also
        ``/healthz``'s answer at once, without waiting for its next look."""
        if problem is not None:
            self._health = (time.monotonic(), problem)
        if problem != self._said:
            if problem is None:
                log.warning("asynctui: writing again to %s", self.path)
            else:
                log.error("asynctui: refusing writes: %s", problem)
            self._said = problem

    def health(self) -> str | None:
        """:meth:`problem` (or the last failed write), at most once a second."""
        now = time.monotonic()
        at, answer = self._health
        if now - at >= HEALTH_CACHE_S:
            answer = self.problem() or self.failed_write
            self._health = (now, answer)
        return answer


def unusable(exc: sqlite3.Error) -> str | None:
    """One line if ``exc`` is the file's or the disk's fault (read-only, full,
    gone, locked, damaged), None if it is a fault of the code."""
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    environmental = {
        sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_NOTADB,
    }  # fmt: skip
    return " ".join(str(exc).split()) if code in environmental else None


def create(path: Path) -> str:
    """A new, empty workspace at ``path``: its id. Refuses a file that is there."""
    if path.exists() and path.stat().st_size > 0:
        raise LogError(f"{path} already exists")
    store = ServerLog(path, create=True)
    store.close()
    return store.workspace


def backup(db: Path, to: Path, *, force: bool = False) -> tuple[str, int]:
    """Copy the workspace ``db`` to ``to`` with SQLite's online backup API:
    a consistent copy, safe while the server writes. (workspace id, events).

    The copy is written beside ``to`` and renamed into place once whole, in
    rollback-journal mode, so that it is one self-contained file."""
    if not db.exists() or db.stat().st_size == 0:
        raise LogError(f"{db} does not exist")
    if not to.parent.is_dir():
        raise LogError(f"the folder {to.parent} does not exist")
    if to.exists() and not force:
        raise LogError(f"{to} already exists; add --force to overwrite it")
    if to.resolve() == db.resolve():
        raise LogError("the backup must go to another file than the database")
    partial = to.with_name(f".{to.name}.partial-{os.getpid()}")
    try:
        source = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            _check_workspace(source, db)
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            (workspace,) = copy.execute("SELECT value FROM workspace WHERE key = 'id'").fetchone()
            (events,) = copy.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
        finally:
            copy.close()
            source.close()
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, to)
    except sqlite3.Error as exc:
        raise LogError(f"cannot back up {db}: {' '.join(str(exc).split())}") from None
    except OSError as exc:
        raise LogError(f"cannot write {to}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return str(workspace), int(events)


def _check_workspace(db: sqlite3.Connection, path: Path) -> None:
    try:
        found = db.execute("SELECT value FROM workspace WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError:
        found = None
    if found is None or found[0] != "asynctui-server":
        raise LogError(f"{path} is not an asynctui workspace")
