"""A store that cannot be reached: every call says why, so the client works offline."""

from __future__ import annotations

from collections.abc import Sequence

from asynctui.core.events import Event
from asynctui.stores.base import ReadResult, StoreUnavailable


class OfflineStore:
    """Stands in for a store that could not be opened (the folder is gone, say)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def append(self, events: Sequence[Event]) -> None:
        raise StoreUnavailable(self.reason)

    def read_after(self, cursor: str, limit: int | None = None) -> ReadResult:
        raise StoreUnavailable(self.reason)

    def wait_for_more(self, cursor: str, timeout: float) -> bool:
        return False
