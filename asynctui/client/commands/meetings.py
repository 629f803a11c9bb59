"""Async meetings: create, contribute, close.

A meeting is a thread with a goal, an agenda, participants and a time by which
contributions are due. The rules, once:

- its participants include me (its owner), each once, at most 200; in a private
  channel, only the channel's members;
- one to 20 agenda items of one line each; a goal that is not empty;
- contributions are due ``2d`` / ``within 8h`` of EACH participant's working
  time, or at one fixed time ('fri 17:00'; a bare day: the end of my working day);
- a contribution goes to one agenda item (the only one, or the one named) of a
  meeting that is still open;
- only the one who opened a meeting closes it, once; its decisions and action
  items (each due on its OWNER's calendar) are recorded with it, or none is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

import msgspec

from asynctui.client import queries, rituals
from asynctui.client.commands import find
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.forms import (
    MAX_ITEMS,
    MAX_PEOPLE,
    ActionLine,
    Unreadable,
    action_lines,
    body,
    due_for,
    items_words,
    one_line,
    window,
)
from asynctui.client.outbox import short
from asynctui.client.rituals import Meeting
from asynctui.client.team import Team
from asynctui.client.workspace import Workspace
from asynctui.core.events import (
    ActionCreated,
    DecisionMade,
    MeetingClosed,
    MeetingOpened,
    MessagePosted,
    Payload,
)
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when
from asynctui.core.timewords import parse_due, parse_window_words
from asynctui.core.windows import format_window

__all__ = [
    "actions_preview",
    "closable",
    "close",
    "contribute",
    "create",
    "due_preview",
    "find_meeting",
    "participation",
]


def find_meeting(ws: Workspace, ref: str) -> Meeting:
    """A meeting by its thread's id or short id, or by its title."""
    thread = queries.thread(ws.db, ref)
    found = None if thread is None else rituals.meeting(ws.db, thread.id)
    if found is None:
        wanted = " ".join(ref.split()).lower()
        titled = [m for m in rituals.meetings(ws.db) if m.title.lower() == wanted]
        found = titled[0] if len(titled) == 1 else None
    if found is None:
        raise Refused(f"no meeting {ref!r} (see `asynctui meeting list`)")
    return found


def participation(ws: Workspace, m: Meeting) -> list[dict[str, Any]]:
    """Each participant's contributions and due time, as scripts read them."""
    team = ws.team()
    return [
        msgspec.to_builtins(
            asdict(p) | {"handle": team.handle(p.member), "missing": [n + 1 for n in p.missing]}
        )
        for p in rituals.participation(ws.db, team, m, ws.now())
    ]


def _fields(ws: Workspace, m: Meeting, **extra: Any) -> dict[str, Any]:
    return {"meeting": msgspec.to_builtins(m), "participation": participation(ws, m), **extra}


def _due(ws: Workspace, text: str) -> tuple[datetime | None, Window | None]:
    """(deadline, within): '2d' or 'within 8h' of each participant's working time,
    or one time for all ('fri 17:00'; a bare day is the end of MY working day)."""
    words = text.strip()
    if not words:
        raise Unreadable(
            "deadline", "say when contributions are due: 2d, 'within 8h' or 'fri 17:00'"
        )
    if re.match(r"within\s", words, flags=re.IGNORECASE):
        return None, window(words, "deadline")
    length = parse_window_words(words)
    if length is not None:
        return None, length
    me = find.me(ws)
    try:
        return parse_due(words, me.tz, ws.now(), ws.team().calendar(me.id)), None
    except (ValueError, OverflowError) as exc:
        raise Unreadable("deadline", str(exc)) from None


def due_preview(ws: Workspace, text: str) -> str:
    """How a typed due time reads, as the dialog shows it while it is typed."""
    try:
        deadline, within = _due(ws, text)
    except Refused as exc:
        return str(exc)
    if within is not None:
        return f"Due within {format_window(within)}, counted on each participant's calendar."
    assert deadline is not None
    return f"Due {when(deadline, find.me(ws).tz, ws.now())}."


# -- create ------------------------------------------------------------------------------


def create(
    ws: Workspace,
    *,
    channel: str,
    title: str,
    goal: str,
    agenda: Sequence[str],
    due: str,
    participants: Sequence[str] = (),
) -> Done:
    """Open a meeting in ``channel`` with me and ``participants`` (handles),
    contributions due ``due`` (see the module's rules)."""
    team = ws.team()
    me = find.me(ws)
    where = find.channel(ws, channel)
    name = one_line(title, "title")
    if not goal.strip():
        raise Refused("the goal is empty: say what the meeting should decide or produce")
    aim = body(goal, "goal")
    items = tuple(one_line(item, "agenda item") for item in agenda)
    if not items:
        raise Refused("give the agenda: one item at least")
    if len(items) > MAX_ITEMS:
        raise Refused(f"too many agenda items ({len(items)}; at most {MAX_ITEMS})")
    people = [find.member(team, h) for h in participants]
    if where.private:
        inside = set(queries.channel_members(ws.db, where.id))
        for person in people:
            if person.id not in inside:
                raise Refused(f"@{person.handle} is not a member of the private #{where.name}")
    # Me first, each once: the owner is a participant like any other.
    everyone = tuple(dict.fromkeys([me.id, *(p.id for p in people)]))
    if len(everyone) > MAX_PEOPLE:
        raise Refused(f"too many participants ({len(everyone)}; at most {MAX_PEOPLE})")
    deadline, within = _due(ws, due)
    thread = new_id()
    made = record(ws, MeetingOpened(
        thread=thread, channel=where.id, title=name, message=new_id(), goal=aim, agenda=items,
        participants=everyone, deadline=deadline, within=within,
    ))  # fmt: skip
    m = rituals.meeting(ws.db, thread)
    assert m is not None
    said = (
        f'Opened meeting {short(thread)} "{name}" in #{clean_line(where.name)}:'
        f" {len(items)} agenda item{'s' if len(items) != 1 else ''},"
        f" {len(everyone)} participant{'s' if len(everyone) != 1 else ''}."
    )
    return Done(made, said, "meeting", thread, _fields(ws, m))


# -- contribute --------------------------------------------------------------------------


def contribute(ws: Workspace, *, meeting: str, text: str, item: int | str | None = None) -> Done:
    """My contribution ``text`` to agenda item ``item`` (from 1; default: the only one)."""
    m = find_meeting(ws, meeting)
    title = clean_line(m.title)
    if m.closed_at is not None:
        raise Refused(f'"{title}" is closed: it takes no more contributions')
    count = len(m.agenda)
    if item is None or item == "":
        if count != 1:
            raise Unreadable("item", f"say which agenda item: 1 to {count}")
        number = 1
    else:
        try:
            number = int(item)
        except ValueError:
            raise Unreadable("item", f"not a number: {item!r} (1 to {count})") from None
        if not 1 <= number <= count:
            items = "1 item" if count == 1 else f"{count} items (1 to {count})"
            raise Refused(f'no agenda item {number}: "{title}" has {items}')
    words = body(text, "contribution")
    message = new_id()
    made = record(ws, MessagePosted(message=message, thread=m.thread, body=words, item=number - 1))
    team = ws.team()
    mine = next(
        (p for p in rituals.participation(ws.db, team, m, ws.now()) if p.member == ws.member),
        None,
    )
    said = (
        f'Contributed to item {number} ({clean_line(m.agenda[number - 1])}) of "{title}",'
        f" message {short(message)}."
    )
    fields: dict[str, Any] = {"meeting": m.thread, "message": message, "item": number,
              "missing": None if mine is None else [n + 1 for n in mine.missing]}  # fmt: skip
    return Done(made, said, "contribution", message, fields)


# -- close -------------------------------------------------------------------------------


def closable(ws: Workspace, meeting: str) -> Meeting:
    """The meeting, if I may close it now: I opened it, and it is still open."""
    me = find.me(ws)
    m = find_meeting(ws, meeting)
    title = clean_line(m.title)
    if m.owner != me.id:
        raise Refused(f'only @{ws.team().handle(m.owner)}, who opened "{title}", can close it')
    if m.closed_at is not None:
        raise Refused(f'"{title}" is already closed ({when(m.closed_at, me.tz, ws.now())})')
    return m


def actions_preview(ws: Workspace, text: str) -> tuple[list[str], str]:
    """How the action items typed one a line read ('Plan @bob fri' -> 'Plan → @bob ·
    Due Fri 23:00 (Fri 17:00 New York time).'), and what is wrong, if anything."""
    from asynctui.client.commands.actions import due_preview

    try:
        lines = action_lines(text)
    except Refused as exc:
        return [], str(exc)
    read: list[str] = []
    for line in lines:
        try:
            owner = find.member(ws.team(), line.owner)
        except Refused as exc:
            return read, str(exc)
        read.append(f"{clean_line(line.text)[:50]} → @{owner.handle} · "
                    f"{due_preview(ws, line.due, owner.handle)}")  # fmt: skip
    return read, ""


def _action(ws: Workspace, team: Team, thread: str, line: ActionLine) -> ActionCreated:
    what = body(line.text, "action item")
    owner = find.member(team, line.owner)
    me = find.me(ws)
    try:
        due = due_for(line.due, owner.handle, me.tz, ws.now(), team.calendar(owner.id))
    except Unreadable as exc:
        raise Unreadable(exc.option, f"the action {what!r}: {exc}") from None
    return ActionCreated(action=new_id(), thread=thread, text=what, owner=owner.id, due=due)


def close(
    ws: Workspace,
    *,
    meeting: str,
    outcome: str = "",
    decisions: Sequence[str] = (),
    actions: Sequence[ActionLine] = (),
) -> Done:
    """Close a meeting I opened with its ``outcome``, ``decisions`` and ``actions``."""
    team, now = ws.team(), ws.now()
    m = closable(ws, meeting)
    title = clean_line(m.title)
    result = outcome.strip() and body(outcome, "outcome")
    bodies: list[Payload] = [
        DecisionMade(decision=new_id(), thread=m.thread, text=body(text, "decision"))
        for text in decisions
    ]
    bodies += [_action(ws, team, m.thread, line) for line in actions]
    made = record(ws, *bodies, MeetingClosed(thread=m.thread, outcome=result))
    closed = rituals.meeting(ws.db, m.thread)
    assert closed is not None
    decided = {b.decision for b in bodies if isinstance(b, DecisionMade)}
    follow_up = rituals.action_items(ws.db, now, thread=m.thread, show="open")
    missing = [p for p in rituals.participation(ws.db, team, closed, now) if p.missing]
    said = f'Closed meeting {short(m.thread)} "{title}".'
    fields = _fields(
        ws, closed,
        decisions=msgspec.to_builtins(
            [d for d in rituals.decisions(ws.db, thread=m.thread) if d.id in decided]
        ),
        follow_up=msgspec.to_builtins(follow_up),
        did_not_give=[f"@{team.handle(p.member)} ({items_words(p.missing)})" for p in missing],
    )  # fmt: skip
    return Done(made, said, "meeting", m.thread, fields)
