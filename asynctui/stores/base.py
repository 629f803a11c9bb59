"""The store interface every backend implements, and the errors it raises.

Exceptions::

    StoreError                 the store cannot do what was asked (nothing was lost)
    ├── StoreUnavailable       unreachable or unreadable: the folder is gone, the server
    │                          down, busy or rate-limiting (``retry_after`` when it said)
    ├── StoreReset             the store cannot go on from this cursor: forget the
    │                          replica's state and read again from ""
    └── EventRefused           the store refuses one event of a batch for good
                               (``index`` in the batch, ``reason``); the rest may go

A store only moves events: append them durably, and hand back the ones after a
cursor. Folding them into state is the replica's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from asynctui.core.events import Event


class StoreError(Exception):
    """The store cannot do what was asked; the message is fit for the user."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or read at the moment; retry later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds the store asked us to wait before trying again, if it said."""


class StoreReset(StoreError):
    """The cursor is of no use to the store any more (another workspace, a log
    restored from an older backup): the replica must be rebuilt from the start."""


class EventRefused(StoreError):
    """One event of an append is refused for good (invalid, too long, not mine).

    Nothing of that append was stored after ``index``; the events before it may
    have been. Appending again without the refused event is safe: appends are
    idempotent by event id.
    """

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"event {index} refused: {reason}")
        self.index = index
        """Position of the refused event in the sequence given to ``append``."""
        self.reason = reason
        """Why, in one line, fit for the outbox listing."""


@dataclass(frozen=True)
class ReadResult:
    events: list[Event]
    """New events since the cursor, ordered by (lamport, device, id)."""
    cursor: str
    """Opaque position to pass to the next read."""
    warnings: list[str] = field(default_factory=list)
    """One-line reports of input that was skipped (e.g. a garbled journal line)."""


class Store(Protocol):
    def append(self, events: Sequence[Event]) -> None:
        """Store events durably; returns only once they would survive a crash."""
        ...

    def read_after(self, cursor: str, limit: int | None = None) -> ReadResult:
        """Events not yet seen at ``cursor`` ("" = from the beginning).

        With ``limit``, stop after about that many events; the returned cursor
        then lies part way and the next read goes on from there.
        """
        ...

    def wait_for_more(self, cursor: str, timeout: float) -> bool:
        """Block up to ``timeout`` seconds until something may be new after ``cursor``."""
        ...
