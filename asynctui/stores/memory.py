"""An in-memory store: the Store interface without I/O, for fast tests.

Several clients may share one instance (from several threads) to play devices
talking through one log. The cursor is the number of appended events already
handed out, as a decimal string. Set ``available = False`` to make every call
raise :class:`~asynctui.stores.base.StoreUnavailable`, as a vanished folder or
a server that is down would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from asynctui.core.events import Event
from asynctui.stores.base import ReadResult, StoreError, StoreUnavailable

__all__ = ["MemoryStore"]


class MemoryStore:
    """A thread-safe, in-memory log implementing :class:`asynctui.stores.base.Store`."""

    def __init__(self, events: Sequence[Event] = ()) -> None:
        self._log: list[Event] = list(events)
        self._changed = threading.Condition()
        self.available = True
        """False makes every call raise StoreUnavailable (a simulated outage)."""

    def _check(self) -> None:
        if not self.available:
            raise StoreUnavailable("memory store is unavailable (simulated outage)")

    @staticmethod
    def _position(cursor: str) -> int:
        if not cursor:
            return 0
        try:
            position = int(cursor)
        except ValueError:
            raise StoreError(f"memory store cursor is not readable: {cursor!r}") from None
        if position < 0:
            raise StoreError(f"memory store cursor is not readable: {cursor!r}")
        return position

    def append(self, events: Sequence[Event]) -> None:
        """Add ``events`` to the log and wake every waiter."""
        with self._changed:
            self._check()
            self._log.extend(events)
            self._changed.notify_all()

    def read_after(self, cursor: str, limit: int | None = None) -> ReadResult:
        """Events appended since ``cursor``, de-duplicated by id, ordered by key.

        As with the folder store, an id already returned by an earlier read may
        come again if it was appended twice; the consumer de-duplicates. With
        ``limit``, at most that many appended events are handed out.
        """
        if limit is not None and limit < 1:
            raise ValueError("limit must be at least 1")
        position = self._position(cursor)
        with self._changed:
            self._check()
            end = len(self._log) if limit is None else min(len(self._log), position + limit)
            batch = self._log[position:end]
        by_id: dict[str, Event] = {}
        for event in batch:
            by_id.setdefault(event.id, event)
        events = sorted(by_id.values(), key=lambda e: (e.lamport, e.device, e.id))
        return ReadResult(events=events, cursor=str(max(end, position)))

    def wait_for_more(self, cursor: str, timeout: float) -> bool:
        """Block until an append goes past ``cursor`` or ``timeout`` seconds pass."""
        position = self._position(cursor)
        deadline = time.monotonic() + max(0.0, timeout)
        with self._changed:
            while len(self._log) <= position:
                self._check()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    @property
    def events(self) -> list[Event]:
        """A copy of everything appended, in append order."""
        with self._changed:
            return list(self._log)
