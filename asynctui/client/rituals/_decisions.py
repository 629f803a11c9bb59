"""The decision log and the action items, read from the replica."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import msgspec

from asynctui.client.fold import ms
from asynctui.client.team import instant
from asynctui.core.expectations import Urgency, urgency

__all__ = ["ActionFilter", "ActionItem", "Decision", "action_items", "decisions"]

_strings = msgspec.json.Decoder(tuple[str, ...])


@dataclass(frozen=True)
class Decision:
    id: str
    thread: str
    thread_title: str
    channel: str
    channel_name: str
    text: str
    author: str
    deciders: tuple[str, ...]
    at: datetime
    messages: tuple[str, ...]


def decisions(
    db: sqlite3.Connection,
    *,
    channel: str | None = None,
    thread: str | None = None,
    since: datetime | None = None,
) -> list[Decision]:
    """The team's decision log, newest first."""
    sql = (
        "SELECT d.id, d.thread, coalesce(t.title, d.thread), coalesce(t.channel, ''),"
        " coalesce(c.name, t.channel, ''), d.text, d.author, d.deciders, d.at, d.messages"
        " FROM decisions d LEFT JOIN threads t ON t.id = d.thread"
        " LEFT JOIN channels c ON c.id = t.channel WHERE 1"
    )
    params: list[object] = []
    if channel is not None:
        sql += " AND t.channel = ?"
        params.append(channel)
    if thread is not None:
        sql += " AND d.thread = ?"
        params.append(thread)
    if since is not None:
        sql += " AND d.at > ?"
        params.append(ms(since))
    return [
        Decision(
            str(i),
            str(t),
            str(title),
            str(ch),
            str(name),
            str(text),
            str(author),
            _strings.decode(str(deciders)),
            instant(int(at)),
            _strings.decode(str(messages)),
        )  # fmt: skip
        for i, t, title, ch, name, text, author, deciders, at, messages in db.execute(
            sql + " ORDER BY d.at DESC, d.id", params
        )
    ]


@dataclass(frozen=True)
class ActionItem:
    id: str
    thread: str
    thread_title: str
    channel_name: str
    message: str | None
    text: str
    owner: str
    author: str
    created_at: datetime
    due: datetime | None
    done: bool
    done_at: datetime | None
    urgency: Urgency
    """'answered' once done; otherwise as an ask's, from the due time."""


ActionFilter = Literal["all", "open", "overdue", "done"]


def action_items(
    db: sqlite3.Connection,
    now: datetime,
    *,
    owner: str | None = None,
    thread: str | None = None,
    show: ActionFilter = "all",
    since: datetime | None = None,
) -> list[ActionItem]:
    """Action items, open ones first (soonest due first), then done ones."""
    sql = (
        "SELECT a.id, a.thread, coalesce(t.title, a.thread), coalesce(c.name, t.channel, ''),"
        " a.message, a.text, a.owner, a.author, a.at, a.due, coalesce(s.done, 0), s.at"
        " FROM actions a LEFT JOIN threads t ON t.id = a.thread"
        " LEFT JOIN channels c ON c.id = t.channel"
        " LEFT JOIN action_states s ON s.action = a.id AND s.at <= :now WHERE a.at <= :now"
    )
    params: dict[str, object] = {"now": ms(now)}
    if owner is not None:
        sql += " AND a.owner = :owner"
        params["owner"] = owner
    if thread is not None:
        sql += " AND a.thread = :thread"
        params["thread"] = thread
    if since is not None:
        sql += " AND a.at > :since"
        params["since"] = ms(since)
    items = [_action(row, now) for row in db.execute(sql, params)]
    if show == "open":
        items = [a for a in items if not a.done]
    elif show == "overdue":
        items = [a for a in items if a.urgency == "overdue"]
    elif show == "done":
        items = [a for a in items if a.done]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    items.sort(key=lambda a: (a.done, a.due or far, a.created_at, a.id))
    return items


def _action(row: Iterable[object], now: datetime) -> ActionItem:
    (aid, thread, title, channel, message, text, owner, author, at, due, done,
     done_at) = tuple(row)  # fmt: skip
    due_at = None if due is None else instant(int(due))  # type: ignore[call-overload]
    is_done = bool(done)
    level: Urgency = "answered" if is_done else (
        urgency(due_at, None, now) if due_at is not None else "open"
    )  # fmt: skip
    return ActionItem(
        str(aid), str(thread), str(title), str(channel),
        None if message is None else str(message), str(text), str(owner), str(author),
        instant(int(at)), due_at, is_done,  # type: ignore[call-overload]
        None if done_at is None or not is_done else instant(int(done_at)),  # type: ignore[call-overload]
        level,
    )  # fmt: skip
