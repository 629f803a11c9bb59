"""The sync worker's loop: the replica kept in step with the store while an app runs.

One thread (the TUI runs :meth:`SyncLoop.run` in a Textual thread worker) does
every push and pull, with a workspace of its own (its own replica connection
and store). Waiting for news is another matter: a server holds a long-poll for
up to 25 s, and a thread inside that request can do nothing else. So the wait
runs in a daemon thread with a store of its own (``_Watch``), and the worker
only looks at flags, every ``STEP`` seconds. Hence:

- an idle client costs a server one request per 25 s (2.4 a minute);
- a new event of mine (:meth:`SyncLoop.nudge`) is sent at once, whatever the
  long-poll is doing;
- the app quits at once: the worker never blocks for long, and the daemon
  thread is not waited for (it ends after its request).

A round is a full sync (push, then pull) only when it may bring something: at
the start, when the wait reports news, when my events are left in the outbox
after a quiet wait, and after an unreachable store's back-off (1 s doubling to
60 s; a busy server's Retry-After holds even against my own new events). A new
event of mine is only pushed: its echo is news, which the wait brings.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal

from asynctui.client.backoff import Backoff
from asynctui.client.outbox import OutboxError
from asynctui.client.workspace import SyncReport, Workspace
from asynctui.stores.base import Store
from asynctui.stores.offline import OfflineStore

__all__ = ["LONG_POLL", "STEP", "SyncLoop"]

LONG_POLL = 25.0
"""Seconds one wait for news lasts: the most a server holds a long-poll."""
STEP = 0.5
"""Seconds between two looks at what the worker was asked, and the slice of a
wait that costs no request (a folder is looked at, not asked)."""

Round = Literal["sync", "push", "discard"]


class SyncLoop:
    """Runs the sync worker for ``workspace``; ``reopen_store`` makes another store
    like its own (for the wait, and to retry one that could not be opened)."""

    def __init__(
        self,
        workspace: Workspace,
        reopen_store: Callable[[], Store],
        *,
        long_poll: float = LONG_POLL,
        backoff: Backoff | None = None,
    ) -> None:
        self.workspace = workspace
        self._reopen = reopen_store
        self._backoff = backoff or Backoff()
        self._signal = threading.Event()
        """Set when there is something to look at: a nudge, a discard, the wait's answer."""
        self._lock = threading.Lock()
        self._nudged = False
        self._discards: list[str] = []
        self._watch = _Watch(reopen_store, long_poll, self._signal)
        self._wait_backoff = Backoff()
        self._wait_again_at = 0.0
        """No wait starts before this (time.monotonic()): the last one failed."""

    # -- asked from other threads ------------------------------------------------

    def nudge(self) -> None:
        """A new event of mine is in the outbox: send it now."""
        with self._lock:
            self._nudged = True
        self._signal.set()

    def discard(self, event_id: str) -> None:
        """Discard a refused event in the worker (``Workspace.discard``: it needs
        the store); the round's report names it, or says why not in a warning."""
        with self._lock:
            self._discards.append(event_id)
        self._signal.set()

    # -- the worker --------------------------------------------------------------

    def run(self, cancelled: Callable[[], bool], done: Callable[[SyncReport], object]) -> None:
        """Sync until ``cancelled()``; ``done`` is called with every round's report,
        from this thread."""
        try:
            round_: Round = "sync"
            while not cancelled():
                report = self._round(round_)
                done(report)
                if report.offline:
                    round_ = self._pause(self._backoff.next(report.retry_after), report, cancelled)
                    continue
                self._backoff.reset()
                round_ = self._idle(cancelled)
        finally:
            self._watch.stop()

    def _round(self, round_: Round) -> SyncReport:
        workspace = self.workspace
        with self._lock:
            # Whatever round this is pushes everything queued so far.
            self._nudged = False
            discards, self._discards = self._discards, []
        if isinstance(workspace.store, OfflineStore):
            workspace.store = self._reopen()
        try:
            if round_ == "discard":
                return self._discard(discards)
            if round_ == "push":
                report = SyncReport()
                workspace.push(report)
                return report
            return workspace.sync()
        except Exception as exc:  # noqa: BLE001 - the app must outlive any sync failure
            return SyncReport(offline=f"sync failed: {exc}")

    def _discard(self, ids: list[str]) -> SyncReport:
        report = SyncReport()
        for event_id in ids:
            try:
                done = self.workspace.discard(event_id)
            except OutboxError as exc:
                report.warnings.append(str(exc))
                continue
            report.discarded += done.discarded
            report.warnings += done.warnings
            report.received, report.offline = done.received, done.offline
            report.queued, report.failed = done.queued, done.failed
        return report

    def _asked(self) -> Round | None:
        """A round someone asked for (a discard first: it syncs too)."""
        self._signal.clear()
        with self._lock:
            if self._discards:
                return "discard"
            return "push" if self._nudged else None

    def _pause(self, seconds: float, report: SyncReport, cancelled: Callable[[], bool]) -> Round:
        """The back-off after an unreachable store; a new event of mine ends it early,
        unless the store asked us to wait (Retry-After)."""
        deadline = time.monotonic() + seconds
        while not cancelled() and (left := deadline - time.monotonic()) > 0:
            self._signal.wait(min(STEP, left))
            asked = self._asked()
            if asked == "discard" or (asked == "push" and report.retry_after is None):
                break
        # Something may have come while away: a full round, not just a push.
        with self._lock:
            return "discard" if self._discards else "sync"

    def _idle(self, cancelled: Callable[[], bool]) -> Round:
        """Wait for news (or to be asked for something); the next round."""
        replica = self.workspace.replica
        started = False
        while not cancelled():
            if not started and time.monotonic() >= self._wait_again_at:
                self._watch.start(replica.get_meta("cursor") or "")
                started = True
            self._signal.wait(STEP)
            asked = self._asked()
            if asked is not None:
                return asked
            answer = self._watch.answer() if started else None
            if answer == "news":
                self._wait_backoff.reset()
                return "sync"
            if answer == "error":
                # The sync that follows tells what is wrong (and backs off if the
                # store is gone); a wait that fails while syncing works (a proxy
                # that cuts long requests, say) is not tried again at once.
                self._wait_again_at = time.monotonic() + self._wait_backoff.next()
                return "sync"
            if answer == "quiet":
                self._wait_backoff.reset()
                if replica.outbox("pending"):
                    return "sync"  # left over from a push that could not finish
                started = False
        return "sync"


Answer = Literal["news", "quiet", "error"]


class _Watch:
    """``wait_for_more`` in a daemon thread of its own, with a store of its own (a
    server store is not for two threads at once), one wait at a time."""

    def __init__(
        self, open_store: Callable[[], Store], long_poll: float, signal: threading.Event
    ) -> None:
        self._open = open_store
        self._long_poll = long_poll
        self._signal = signal
        self._lock = threading.Lock()
        self._go = threading.Event()
        self._cursor = ""
        self._busy = False
        self._answer: Answer | None = None
        self._stopped = False
        self._thread: threading.Thread | None = None

    def start(self, cursor: str) -> None:
        """Wait for news after ``cursor``, unless a wait is under way already or
        the last one's answer has not been heard yet."""
        with self._lock:
            if self._busy or self._stopped or self._answer is not None:
                return
            self._busy, self._answer, self._cursor = True, None, cursor
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="asynctui-wait-for-news", daemon=True
                )
                self._thread.start()
        self._go.set()

    def answer(self) -> Answer | None:
        """How the last wait ended, once (None while one is under way)."""
        with self._lock:
            if self._busy:
                return None
            answer, self._answer = self._answer, None
            return answer

    def stop(self) -> None:
        """No more waits; the one under way ends in its own time, unheard."""
        with self._lock:
            self._stopped = True
        self._go.set()

    def _run(self) -> None:
        store: Store | None = None
        try:
            while True:
                self._go.wait()
                self._go.clear()
                with self._lock:
                    if self._stopped:
                        return
                    cursor = self._cursor
                if store is None or isinstance(store, OfflineStore):
                    store = self._open()
                answer = self._wait(store, cursor)
                with self._lock:
                    self._busy, self._answer = False, answer
                    if self._stopped:
                        return
                self._signal.set()
        finally:
            close = getattr(store, "close", None)
            if callable(close):
                close()

    def _wait(self, store: Store, cursor: str) -> Answer:
        if isinstance(store, OfflineStore):
            return "error"  # its wait returns at once: the sync says why, and backs off
        try:
            hold: float | None = getattr(store, "longest_wait", None)
            if hold is not None:
                # Each wait is a request: as long a one as the store holds.
                news = store.wait_for_more(cursor, min(self._long_poll, hold))
                return "news" if news else "quiet"
            # A wait that costs no request (a folder is looked at): in steps, so a
            # stop is heard soon.
            deadline = time.monotonic() + self._long_poll
            while (left := deadline - time.monotonic()) > 0 and not self._stopped:
                if store.wait_for_more(cursor, min(STEP, left)):
                    return "news"
            return "quiet"
        except Exception:  # noqa: BLE001 - whatever it was, the sync that follows tells it
            return "error"
