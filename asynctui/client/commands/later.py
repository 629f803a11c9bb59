"""Putting a thread or one thing owed off until later, and bringing it back."""

from __future__ import annotations

from datetime import datetime

from asynctui.client import queries
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.actions import find_action
from asynctui.client.commands.threads import writable_thread
from asynctui.client.outbox import short
from asynctui.client.workspace import Workspace
from asynctui.core.events import SnoozeSet
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when
from asynctui.core.timewords import parse_later

__all__ = ["LATER_CHOICES", "preview", "snooze", "wake"]

LATER_CHOICES = ("my next working morning", "2 working hours", "tomorrow 14:00", "mon 09:00")
"""What the TUI offers to pick, as typed: any of them works in the CLI too."""


def _target(workspace: Workspace, ref: str) -> tuple[str, str]:
    """(id, words) of a thread, an ask or an action item I can see, by its short id."""
    ref = ref.strip()
    if not ref:
        raise Refused("name a thread, an ask or an action item by its short id")
    found = queries.thread(workspace.db, ref)
    if found is not None:
        thread = writable_thread(workspace, found.id)
        return thread.id, f"thread {short(thread.id)} ({clean_line(thread.title)})"
    ask = queries.ask(workspace.db, workspace.team(), workspace.now(), ref)
    if ask is not None:
        return ask.id, f"ask {short(ask.id)} ({clean_line(ask.thread_title)})"
    try:
        item = find_action(workspace, ref)
    except Refused:
        raise Refused(
            f"no thread, ask or action item {ref!r} (see `asynctui threads` and `asynctui owed`)"
        ) from None
    return item.id, f"action item {short(item.id)} ({clean_line(item.text)})"


def _until(workspace: Workspace, words: str) -> datetime:
    team, now = workspace.team(), workspace.now()
    try:
        return parse_later(words, team.tz(workspace.member), now, team.calendar(workspace.member))
    except (ValueError, OverflowError) as exc:
        raise Refused(str(exc)) from None


def preview(workspace: Workspace, words: str) -> str:
    """'until Thu 09:00', or why ``words`` cannot be read: what a choice would mean."""
    try:
        back = _until(workspace, words)
    except Refused as exc:
        return str(exc)
    return f"until {when(back, workspace.team().tz(workspace.member), workspace.now())}"


def snooze(workspace: Workspace, *, target: str, until: str = "morning") -> Done:
    """Out of my queues until ``until`` ('morning': my next working morning,
    '2 working hours', 'mon 09:00', 'in 3h'), counted on my own calendar."""
    tid, what = _target(workspace, target)
    back = _until(workspace, until)
    tz, now = workspace.team().tz(workspace.member), workspace.now()
    events = record(workspace, SnoozeSet(target=tid, until=back))
    return Done(
        events, f"Snoozed {what} until {when(back, tz, now)}.", "snooze", tid,
        {"until": back},
    )  # fmt: skip


def wake(workspace: Workspace, *, target: str) -> Done:
    """Back now: out of Later, into my queues."""
    tid, what = _target(workspace, target)
    events = record(workspace, SnoozeSet(target=tid, until=None))
    return Done(events, f"Back from later: {what}.", "snooze", tid, {"until": None})
