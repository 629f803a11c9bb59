"""The store interface every backend implements, and the errors it raises.

Exceptions::

    StoreError                 the store cannot be used right now (nothing was lost)
    └── StoreUnavailable       unreachable or unreadable: the folder is gone, the server down

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
