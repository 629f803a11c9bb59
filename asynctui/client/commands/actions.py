"""Decisions and action items: decide, add, done, undo.

The rules, once:

- a decision is recorded in a thread, perhaps resting on some of ITS messages;
  with no words of its own it takes the first such message's; who decided are
  the people named, or me;
- an action item has one owner on the team and perhaps a due time, read on the
  OWNER's calendar: 'fri' is the end of their Friday, '2d' or 'within 8h' their
  working time, 'fri 17:00' a time in my zone; it may come from one message of
  its thread;
- done and open again are anyone's to say; saying what already is changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from asynctui.client import queries, rituals
from asynctui.client.commands import find
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.forms import MAX_PEOPLE, body, due_for
from asynctui.client.outbox import short
from asynctui.client.rituals import ActionItem
from asynctui.client.words import NO_DUE_TIME, due_words
from asynctui.client.workspace import Workspace
from asynctui.core.events import ActionCreated, ActionDone, DecisionMade
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line
from asynctui.core.timefmt import clocks

__all__ = ["add", "decide", "done", "due_preview", "find_action", "undo"]


def _message_in(ws: Workspace, ref: str, thread: str) -> str:
    """The id of a message of ``thread`` by its id or short id."""
    found = queries.message(ws.db, ref)
    if found is None or found[1] != thread:
        raise Refused(
            f"no message {ref!r} in this thread (message ids are shown by `asynctui show THREAD`)"
        )
    return found[0]


def find_action(ws: Workspace, ref: str) -> ActionItem:
    """An action item by its id or the end of it (lists show the end)."""
    wanted = ref.strip().upper()
    items = rituals.action_items(ws.db, ws.now())
    hits = [a for a in items if a.id.upper() == wanted]
    if not hits and len(wanted) >= 4:
        hits = [a for a in items if a.id.upper().endswith(wanted)]
    if len(hits) != 1:
        raise Refused(f"no action item {ref!r} (see `asynctui action list --all`)")
    return hits[0]


# -- decisions ---------------------------------------------------------------------------


def decide(
    ws: Workspace,
    *,
    thread: str,
    text: str = "",
    messages: Sequence[str] = (),
    deciders: Sequence[str] = (),
) -> Done:
    """Record a decision in ``thread``; with no ``text``, the first message's words."""
    team = ws.team()
    row = find.thread(ws, thread)
    resting = tuple(dict.fromkeys(_message_in(ws, ref, row.id) for ref in messages))
    if text.strip():
        words = body(text, "decision")
    elif resting:
        bodies = {m.id: m.body for m in queries.messages(ws.db, row.id)}
        words = body(bodies[resting[0]], "decision")
    else:
        raise Refused("say what was decided")
    by = tuple(dict.fromkeys(find.member(team, h).id for h in deciders))
    if len(by) > MAX_PEOPLE:
        raise Refused(f"too many deciders ({len(by)}; at most {MAX_PEOPLE})")
    decision = new_id()
    made = record(ws, DecisionMade(
        decision=decision, thread=row.id, text=words, messages=resting, deciders=by,
    ))  # fmt: skip
    (found,) = [d for d in rituals.decisions(ws.db, thread=row.id) if d.id == decision]
    who = ", ".join("@" + team.handle(m) for m in found.deciders)
    said = (
        f"Recorded decision {short(decision)} in {short(row.id)} ({clean_line(row.title)}),"
        f" decided by {who}."
    )
    fields: dict[str, Any] = {k: v for k, v in msgspec.to_builtins(found).items() if k != "id"}
    return Done(made, said, "decision", decision, fields)


# -- action items ------------------------------------------------------------------------


def _due_words(ws: Workspace, item: ActionItem) -> str:
    """'due 20:00 (Fri 14:00 New York time) · 4h left', or 'no due time'."""
    return due_words(item.due, find.me(ws).tz, ws.now(), ws.team().tz(item.owner))


def due_preview(ws: Workspace, text: str, owner: str) -> str:
    """How a due time typed for @``owner`` reads, as the dialog shows it while typed."""
    team = ws.team()
    try:
        person = find.member(team, owner.strip())
        me = find.me(ws)
        due = due_for(text, person.handle, me.tz, ws.now(), team.calendar(person.id))
    except Refused as exc:
        return str(exc)
    if due is None:
        return "No due time."
    return f"Due {clocks(due, person.tz, ws.now(), reader_tz=me.tz)}."


def add(
    ws: Workspace,
    *,
    thread: str,
    text: str,
    owner: str,
    due: str = "",
    message: str | None = None,
) -> Done:
    """An action item of ``thread`` (or of its ``message``) for @``owner``, due ``due``."""
    team = ws.team()
    row = find.thread(ws, thread)
    person = find.member(team, owner.strip())
    source = _message_in(ws, message, row.id) if message else None
    what = body(text, "action item")
    me = find.me(ws)
    when_ = due_for(due, person.handle, me.tz, ws.now(), team.calendar(person.id))
    action = new_id()
    made = record(ws, ActionCreated(
        action=action, thread=row.id, text=what, owner=person.id, due=when_, message=source,
    ))  # fmt: skip
    item = find_action(ws, action)
    said = (
        f"Added action item {short(action)} for @{person.handle} in {short(row.id)}"
        f" ({clean_line(row.title)}): {clean_line(what)} · {_due_words(ws, item)}"
    )
    return Done(made, said, "action", action, _fields(item))


def _fields(item: ActionItem) -> dict[str, Any]:
    return {k: v for k, v in msgspec.to_builtins(item).items() if k != "id"}


def _set_done(ws: Workspace, ref: str, done: bool) -> Done:
    item = find_action(ws, ref)
    text = clean_line(item.text)
    handle = ws.team().handle(item.owner)
    if item.done == done:
        said = f"Action item {short(item.id)} is already {'done' if done else 'open'}: {text}"
        return Done((), said, "action", item.id, _fields(item))
    made = record(ws, ActionDone(action=item.id, done=done))
    item = find_action(ws, item.id)
    if done:
        said = f"Done: {short(item.id)} {text} (@{handle})"
    else:
        badge = NO_DUE_TIME if item.due is None else due_words(item.due, find.me(ws).tz, ws.now())
        said = f"Open again: {short(item.id)} {text} (@{handle}, {badge})"
    return Done(made, said, "action", item.id, _fields(item))


def done(ws: Workspace, *, action: str) -> Done:
    """Mark an action item done."""
    return _set_done(ws, action, True)


def undo(ws: Workspace, *, action: str) -> Done:
    """Open a done action item again."""
    return _set_done(ws, action, False)
