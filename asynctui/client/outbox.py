"""The outbox as people read it: what an event of mine was, and finding one by id.

The CLI (`asynctui outbox`) and the TUI's outbox dialog name an event with the
same words, so a refusal reads the same wherever it is seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from asynctui.core import events as ev
from asynctui.core.text import clean_line

if TYPE_CHECKING:
    from asynctui.client.replica import Outgoing

__all__ = ["OutboxError", "describe", "find", "short"]

_QUOTED = 40
"""Characters of a title or message shown in a description."""


class OutboxError(Exception):
    """An outbox change that cannot be made; the message says why and what to do."""


def short(event_id: str) -> str:
    """The part of an id people type: its last six characters (the random part)."""
    return event_id[-6:].lower()


def _quote(text: str) -> str:
    line = clean_line(text)
    return repr(line if len(line) <= _QUOTED else line[: _QUOTED - 1] + "…")


def describe(event: ev.Event, with_id: bool = True) -> str:
    """``the new channel #payroll (k3v9xq)``: what I did, in words, and the id to type."""
    body = event.body
    what: str
    if isinstance(body, ev.ChannelCreated):
        kind = "direct conversation" if body.name.startswith("dm-") else "channel"
        what = f"the new {'private ' if body.private and kind == 'channel' else ''}{kind}"
        what += f" #{clean_line(body.name)}" if kind == "channel" else ""
    elif isinstance(body, ev.ThreadOpened | ev.MeetingOpened):
        noun = "thread" if isinstance(body, ev.ThreadOpened) else "meeting"
        what = f"the new {noun} {_quote(body.title)}"
    elif isinstance(body, ev.MessagePosted):
        what = f"the message {_quote(body.body)}"
    elif isinstance(body, ev.MessageEdited):
        what = f"the edit {_quote(body.body)}"
    elif isinstance(body, ev.StatusSet):
        what = f"the status {body.state}" + (f" {_quote(body.text)}" if body.text else "")
    elif isinstance(body, ev.AskCreated):
        what = "the ask for a reply"
    elif isinstance(body, ev.ProfileSet):
        what = f"the profile {clean_line(body.name)} (@{clean_line(body.handle)}, {body.tz})"
    elif isinstance(body, ev.HoursSet):
        what = "the working hours"
    elif isinstance(body, ev.DecisionMade):
        what = f"the decision {_quote(body.text)}"
    elif isinstance(body, ev.ActionCreated):
        what = f"the action item {_quote(body.text)}"
    elif isinstance(body, ev.CheckinCreated):
        what = f"the new check-in {_quote(body.title)}"
    elif isinstance(body, ev.CheckinAnswered):
        what = f"the check-in answer of {body.day.isoformat()}"
    else:
        what = f"the {event.kind} event"
    return f"{what} ({short(event.id)})" if with_id else what


def find(items: Sequence[Outgoing], ref: str) -> Outgoing:
    """The one event of the outbox whose id is ``ref`` or ends with it (4 characters
    at least, as ids are typed elsewhere); OutboxError naming the choices if not one."""
    wanted = ref.strip().upper()
    hits = [o for o in items if o.event.id == wanted]
    if not hits and len(wanted) >= 4:
        hits = [o for o in items if o.event.id.endswith(wanted)]
    if len(hits) == 1:
        return hits[0]
    if not items:
        raise OutboxError("the outbox is empty: there is nothing to discard")
    if hits:
        ids = ", ".join(short(o.event.id) for o in hits)
        raise OutboxError(f"{ref!r} names several events of the outbox ({ids}): type more of it")
    raise OutboxError(f"no event {ref!r} in the outbox (see `asynctui outbox`)")
