"""What every command shares: the one error, the result, and recording an event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from asynctui.client.outbox import short
from asynctui.client.replica import ReplicaError
from asynctui.client.workspace import Workspace
from asynctui.core.events import Event, Payload

__all__ = ["Done", "Refused", "record"]

Json = str | int | bool | None | list[str] | datetime


class Refused(Exception):
    """A rule said no. ``str(exc)`` is one line a person can act on; nothing was recorded."""


@dataclass(frozen=True)
class Done:
    """What a command did: the events it recorded, and what to tell the person."""

    events: tuple[Event, ...]
    """In the order recorded; the last is the command's own (a DM's channel comes first)."""
    said: str
    """One line, the same words in the CLI and the TUI: 'Posted 3f9a2c in #design: Launch'."""
    kind: str
    """What was made or changed: 'thread', 'message', 'ask', 'status', ..."""
    id: str
    """The full id of that object (a thread, a message, an ask, ...)."""
    fields: Mapping[str, Json] = field(default_factory=dict)
    """More of the object for scripts: the thread of a post, the due time of an ask."""

    @property
    def short(self) -> str:
        """The part of ``id`` people type."""
        return short(self.id)

    def json(self) -> dict[str, Json]:
        """The new object as ``--json`` prints it, but for the handles: the one JSON
        writer puts each member id's beside it (``client.handles.with_handles``)."""
        return {"kind": self.kind, "id": self.id, "short": self.short, **self.fields,
                "events": [e.id for e in self.events]}  # fmt: skip


def record(workspace: Workspace, *bodies: Payload) -> tuple[Event, ...]:
    """Record ``bodies`` as my events, in order, or none of them: what no reader
    would accept (a body over the limits) is Refused before anything is kept."""
    for body in bodies:
        try:
            workspace.check(body)
        except ReplicaError as exc:
            raise Refused(str(exc).removeprefix("not recorded: ")) from None
    return tuple(workspace.emit(body) for body in bodies)


def one_of(events: Sequence[Event]) -> Event:
    """The command's own event: the last recorded."""
    return events[-1]
