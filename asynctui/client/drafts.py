"""Drafts: nothing typed is lost.

What someone has typed in a compose box and not sent is kept per thread in the
replica file (the ``''`` thread is the new-thread compose box). Drafts are local
to this device: they make no event, survive restarts, and a rebuild of the
replica keeps them (``drafts`` is not one of the state tables).
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime

__all__ = ["NEW_THREAD", "Drafts"]

NEW_THREAD = ""
"""The thread key of the compose box that opens a new thread."""


class Drafts:
    """Unsent text, per thread, in the replica's ``drafts`` table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def get(self, thread: str) -> str:
        """The draft of ``thread``, or ``''`` if there is none."""
        row = self.db.execute("SELECT body FROM drafts WHERE thread = ?", (thread,)).fetchone()
        return "" if row is None else str(row[0])

    def put(self, thread: str, body: str, at: datetime | None = None) -> None:
        """Keep ``body`` as the draft of ``thread``; a blank body deletes the draft.

        ``at`` is when it was typed (now unless given); it orders ``all()``.
        """
        if not body.strip():
            self.db.execute("DELETE FROM drafts WHERE thread = ?", (thread,))
            return
        updated = int((at.timestamp() if at is not None else time.time()) * 1000)
        self.db.execute(
            "INSERT INTO drafts (thread, body, updated) VALUES (?, ?, ?)"
            " ON CONFLICT(thread) DO UPDATE SET body = excluded.body, updated = excluded.updated",
            (thread, body, updated),
        )

    def delete(self, thread: str) -> None:
        """Forget the draft of ``thread`` (after it was sent)."""
        self.db.execute("DELETE FROM drafts WHERE thread = ?", (thread,))

    def all(self) -> dict[str, str]:
        """Every draft, thread -> body, most recently typed first."""
        return {
            str(thread): str(body)
            for thread, body in self.db.execute(
                "SELECT thread, body FROM drafts ORDER BY updated DESC, thread"
            )
        }
