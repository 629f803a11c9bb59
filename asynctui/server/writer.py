"""Writing the log: appends that arrive together are committed together, and
the readers waiting for news are woken after each commit.

- :class:`GroupCommit` takes the appends that arrive together and commits
  them in one transaction on a thread of its own; each request is answered
  only after that commit. One fsync then serves many requests.
- :class:`Changes` wakes the long-polling readers after each commit.

Before each group the writer asks the :class:`FileWatch` whether the database
is still the file the server opened, and writable: SQLite itself would go on
committing into a deleted file and acknowledge every append.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sqlite3
import threading
from dataclasses import dataclass

from asynctui.core.events import Event
from asynctui.server.dbfile import FileWatch, unusable
from asynctui.server.http import ApiError, unavailable
from asynctui.server.log import Plan, Refused, ServerLog

__all__ = ["Changes", "GroupCommit"]

log = logging.getLogger("asynctui.server")


@dataclass
class _Pending:
    events: list[Event]
    plan: Plan
    token_hash: str
    done: asyncio.Future[list[int]]


class Changes:
    """Wakes every waiting reader when new events have committed."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)


class GroupCommit:
    """Appends from concurrent requests, committed together by one writer thread.

    The thread waits on a queue of its own and takes everything that is there
    into one transaction; while it commits, the next group gathers. The event
    loop only queues a request and, once per group, hears the results: no task
    or executor round per group, as its time is the server's limit under load."""

    MAX_GROUP = 256

    def __init__(self, store: ServerLog, changes: Changes, watch: FileWatch) -> None:
        self.store = store
        self.changes = changes
        self.watch = watch
        self._queue: queue.SimpleQueue[_Pending | str | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="asynctui-writer", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._thread.start()

    async def stop(self) -> None:
        """Commit what is queued, then end the thread."""
        if self._loop is not None:
            self._queue.put(None)
            await asyncio.to_thread(self._thread.join)

    def touch(self, token_hash: str) -> None:
        """Note that a device was seen, on the writer's thread: a write on the
        event loop would wait there for the writer's transaction to end."""
        self._queue.put(token_hash)

    def append(self, events: list[Event], plan: Plan, token_hash: str) -> asyncio.Future[list[int]]:
        """The events' sequence numbers, once committed (or a 401/409 ApiError)."""
        assert self._loop is not None, "GroupCommit.start() first"
        done: asyncio.Future[list[int]] = self._loop.create_future()
        self._queue.put(_Pending(events, plan, token_hash, done))
        return done

    def _work(self) -> None:
        while True:
            group: list[_Pending] = []
            item = self._queue.get()
            while True:
                if item is None:
                    self._commit(group)
                    return
                if isinstance(item, str):
                    self._seen(item)
                else:
                    group.append(item)
                if len(group) >= self.MAX_GROUP:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            self._commit(group)

    def _seen(self, token_hash: str) -> None:
        if self.watch.problem() is not None:
            return
        try:
            self.store.seen(token_hash)
        except sqlite3.Error as exc:
            log.warning("could not note when a device was seen: %s", " ".join(str(exc).split()))
        except Exception:  # noqa: BLE001 - a last-seen time is not worth a failure
            log.exception("could not note when a device was seen")

    def _commit(self, group: list[_Pending]) -> None:
        if not group:
            return
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self._deliver, group, self._results(group))

    def _results(self, group: list[_Pending]) -> list[list[int] | Refused] | BaseException:
        watch = self.watch
        problem = watch.problem()
        if problem is None:
            try:
                results = self.store.append_checked(
                    [p.events for p in group],
                    [p.plan for p in group],
                    [p.token_hash for p in group],
                )
            except sqlite3.Error as exc:
                problem = watch.failed_write = unusable(exc)
                if problem is None:
                    log.exception("append failed")
                    return exc
            except Exception as exc:  # noqa: BLE001 - every waiter hears of it
                log.exception("append failed")
                return exc
            else:
                watch.failed_write = None
        watch.say(problem)
        return results if problem is None else unavailable()

    def _deliver(
        self, group: list[_Pending], results: list[list[int] | Refused] | BaseException
    ) -> None:
        for n, pending in enumerate(group):
            if pending.done.done():  # its client went away
                continue
            if isinstance(results, BaseException):
                pending.done.set_exception(results)
                continue
            seqs = results[n]
            if isinstance(seqs, Refused):
                pending.done.set_exception(_refusal(seqs))
            else:
                pending.done.set_result(seqs)
        self.changes.notify()


def _refusal(refused: Refused) -> ApiError:
    if refused.status == 401:
        return ApiError(401, "unauthorized", str(refused))
    return ApiError(409, "conflict", str(refused), index=refused.index)
