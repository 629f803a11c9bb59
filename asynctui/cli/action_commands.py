"""Decisions and action items anywhere: decide, decisions, action add|done|undo|list.

A decision is recorded in a thread (perhaps resting on some of its messages);
the channel's decisions are the team's log. An action item has an owner and
perhaps a due time; ``--within`` is counted on the OWNER's calendar, like an
ask, and due times are shown as badges in the viewer's zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from asynctui.cli.context import CliError, Context
from asynctui.cli.output import short, table, when, write_json
from asynctui.cli.thread_commands import _thread
from asynctui.client import queries, rituals
from asynctui.client.asking import city
from asynctui.client.rituals import ActionItem
from asynctui.client.team import Member, Team
from asynctui.core.events import MAX_BODY_CHARS, ActionCreated, ActionDone, DecisionMade
from asynctui.core.expectations import describe_remaining
from asynctui.core.hours import parse_clock
from asynctui.core.ids import new_id
from asynctui.core.schedule import wall_instant
from asynctui.core.text import clean, clean_line
from asynctui.core.timewords import parse_until
from asynctui.core.windows import format_window, parse_window

__all__ = [
    "action_line",
    "cmd_action_add",
    "cmd_action_done",
    "cmd_action_list",
    "cmd_decide",
    "cmd_decisions",
    "due_badge",
    "due_for",
    "parse_due",
]

END_OF_DAY = 17 * 60
"""A due day given without a time ("fri", "2026-12-04") means 17:00 that day."""

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# -- due times, shared with `meeting create` and `meeting close` ------------------------


def _weekday(word: str) -> int | None:
    """'fri', 'Friday' -> 4; anything else None."""
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(_WEEKDAYS) if name.startswith(word)), None)


def parse_due(text: str, tz: str, now: datetime) -> datetime:
    """A due time in the viewer's zone: 'fri 17:00', 'friday', 'today 17:00',
    '2026-12-04 17:00', '2026-12-04', '17:00', 'tomorrow 09:00' or an ISO time.

    A day without a time means 17:00 that day; a weekday is the next one whose
    time is still ahead. The result is after ``now``, or ValueError.
    """
    words = text.strip().lower().split()
    if not words:
        raise ValueError("an empty due time")
    clock = words[1] if len(words) == 2 else None
    day: date | None = None
    today = now.astimezone(ZoneInfo(tz)).date()
    if (wd := _weekday(words[0])) is not None and len(words) <= 2:
        day = today + timedelta(days=(wd - today.weekday()) % 7)
    elif words[0] == "today" and len(words) <= 2:
        day = today
    elif words[0] == "tomorrow" and len(words) == 1:
        day = today + timedelta(days=1)
    elif _DATE.fullmatch(words[0]) and len(words) == 1:
        try:
            day = date.fromisoformat(words[0])
        except ValueError:
            raise ValueError(f"not a date: {words[0]!r}") from None
    if day is None:
        try:
            due = parse_until(text, tz, now)
        except ValueError:
            raise ValueError(
                f"not a due time: {text!r} (try 'fri 17:00', '2026-12-04 17:00', 17:00 or tomorrow)"
            ) from None
    else:
        minutes = parse_clock(clock) if clock else END_OF_DAY
        due = wall_instant(day, minutes, tz)
        if wd is not None and due <= now:
            due = wall_instant(day + timedelta(days=7), minutes, tz)
    if due <= now:
        raise ValueError(f"{text!r} has already passed ({when(due, tz, now)} your time)")
    return due


def due_for(
    ctx: Context, team: Team, owner: Member, due: str | None, within: str | None
) -> datetime | None:
    """The due time a command's --due (the viewer's zone) or --within (counted on the
    owner's calendar from now) names; None if neither was given."""
    now = ctx.now()
    if due:
        try:
            return parse_due(due, ctx.me().tz, now)
        except ValueError as exc:
            raise CliError(f"--due: {exc}") from None
    if within:
        try:
            window = parse_window(within)
        except ValueError as exc:
            raise CliError(f"--within: {exc}") from None
        found = team.calendar(owner.id).add(now, window)
        if found is None:
            raise CliError(
                f"@{owner.handle} has no working time ahead to count {format_window(window)} on"
            )
        return found
    return None


def due_badge(item: ActionItem, tz: str, now: datetime) -> str:
    """'due Fri 17:00 · 2d 1h left', 'due Thu 17:00 · overdue 3h', 'done 10:05', 'no due time'."""
    if item.done:
        return "done" if item.done_at is None else f"done {when(item.done_at, tz, now)}"
    if item.due is None:
        return "no due time"
    return f"due {when(item.due, tz, now)} · {describe_remaining(item.due, now)}"


def action_line(item: ActionItem, team: Team, tz: str, now: datetime) -> list[str]:
    """One action item as table cells: mark, id, text, owner, due badge, thread."""
    mark = "✓" if item.done else ("!" if item.urgency == "overdue" else " ")
    return [
        mark,
        short(item.id),
        clean_line(item.text),
        "@" + team.handle(item.owner),
        due_badge(item, tz, now),
        f"in {clean_line(item.thread_title)} ({short(item.thread)})",
    ]


def _text(words: list[str] | None, what: str) -> str:
    text = " ".join(words or []).strip()
    if not text:
        raise CliError(f"the {what} is empty")
    if len(text) > MAX_BODY_CHARS:
        raise CliError(f"the {what} is too long ({len(text)} characters; at most {MAX_BODY_CHARS})")
    return text


def _message_in(ctx: Context, ref: str, thread: str) -> tuple[str, str]:
    """(id, author) of a message of ``thread`` by its id or short id."""
    found = queries.message(ctx.workspace().db, ref)
    if found is None or found[1] != thread:
        raise CliError(
            f"no message {ref!r} in this thread (message ids are shown by `asynctui show THREAD`)"
        )
    return found[0], found[2]


# -- decisions ---------------------------------------------------------------------------


def cmd_decide(ctx: Context) -> int:
    """Record a decision in a thread; with --message and no TEXT, that message's words."""
    args = ctx.args
    workspace = ctx.workspace()
    thread = _thread(ctx, args.thread)
    team = workspace.team()
    messages = [_message_in(ctx, ref, thread.id)[0] for ref in args.message or []]
    if args.text:
        text = _text(args.text, "decision")
    elif messages:
        bodies = {m.id: m.body for m in queries.messages(workspace.db, thread.id)}
        text = bodies[messages[0]].strip()
    else:
        raise CliError("say what was decided: asynctui decide THREAD TEXT [--message ID]")
    deciders = tuple(dict.fromkeys(ctx.member(h, team).id for h in args.by or []))
    decision = new_id()
    workspace.emit(
        DecisionMade(
            decision=decision,
            thread=thread.id,
            text=text,
            messages=tuple(dict.fromkeys(messages)),
            deciders=deciders,
        )
    )
    ctx.sync_out()
    (made,) = [d for d in rituals.decisions(workspace.db, thread=thread.id) if d.id == decision]
    if args.json:
        write_json(made, ctx.out)
        return 0
    who = ", ".join("@" + team.handle(m) for m in made.deciders)
    ctx.out.write(
        f"Recorded decision {short(decision)} in {short(thread.id)}"
        f" ({clean_line(thread.title)}), decided by {who}:\n"
    )
    for line in clean(text).splitlines() or [""]:
        ctx.out.write(f"  {line}\n")
    return 0


def cmd_decisions(ctx: Context) -> int:
    """The team's decision log, newest first; --channel: one channel's."""
    workspace = ctx.workspace()
    channel = None
    if ctx.args.channel:
        found = queries.channel_by_name(workspace.db, ctx.args.channel)
        if found is None:
            raise CliError(f"no channel #{ctx.args.channel.lstrip('#')}")
        channel = found.id
    now = ctx.now()
    log = [d for d in rituals.decisions(workspace.db, channel=channel) if d.at <= now]
    if ctx.args.json:
        write_json(log, ctx.out)
        return 0
    if not log:
        where = f" in #{ctx.args.channel.lstrip('#')}" if channel else ""
        ctx.out.write(f"No decisions recorded{where} yet.\n")
        return 0
    team = workspace.team()
    tz = ctx.me().tz
    for d in log:
        who = ", ".join("@" + team.handle(m) for m in d.deciders)
        ctx.out.write(
            f"{when(d.at, tz, now)}  #{clean_line(d.channel_name)}"
            f"  {clean_line(d.thread_title)} ({short(d.thread)})  by {who}\n"
        )
        for line in clean(d.text).splitlines() or [""]:
            ctx.out.write(f"  {line}\n")
    return 0


# -- action items --------------------------------------------------------------------


def _find_action(ctx: Context, ref: str) -> ActionItem:
    wanted = ref.strip().upper()
    items = rituals.action_items(ctx.workspace().db, ctx.now())
    hits = [a for a in items if a.id == wanted]
    if not hits and len(wanted) >= 4:
        hits = [a for a in items if a.id.endswith(wanted)]
    if len(hits) != 1:
        raise CliError(f"no action item {ref!r} (see `asynctui action list --all`)")
    return hits[0]


def cmd_action_add(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    thread = _thread(ctx, args.thread)
    owner = ctx.member(args.owner, team)
    message = _message_in(ctx, args.message, thread.id)[0] if args.message else None
    text = _text(args.text, "action item")
    due = due_for(ctx, team, owner, args.due, args.within)
    action = new_id()
    workspace.emit(
        ActionCreated(
            action=action, thread=thread.id, text=text, owner=owner.id, due=due, message=message
        )
    )
    ctx.sync_out()
    (item,) = [a for a in rituals.action_items(workspace.db, ctx.now()) if a.id == action]
    if args.json:
        write_json(item, ctx.out)
        return 0
    tz = ctx.me().tz
    now = ctx.now()
    where = "" if due is None or owner.tz == tz else (
        f" ({when(due, owner.tz, now)} {city(owner.tz)})"
    )  # fmt: skip
    badge = "no due time" if due is None else (
        f"due {when(due, tz, now)} your time{where} · {describe_remaining(due, now)}"
    )  # fmt: skip
    ctx.out.write(
        f"Added action item {short(action)} for @{owner.handle} in {short(thread.id)}"
        f" ({clean_line(thread.title)}): {clean_line(text)} · {badge}\n"
    )
    return 0


def _set_done(ctx: Context, done: bool) -> int:
    workspace = ctx.workspace()
    item = _find_action(ctx, ctx.args.action)
    changed = item.done != done
    if changed:
        workspace.emit(ActionDone(action=item.id, done=done))
        ctx.sync_out()
        item = _find_action(ctx, item.id)
    if ctx.args.json:
        write_json(item, ctx.out)
        return 0
    team = workspace.team()
    text = clean_line(item.text)
    if not changed:
        state = "done" if done else "open"
        ctx.out.write(f"Action item {short(item.id)} is already {state}: {text}\n")
    elif done:
        ctx.out.write(f"Done: {short(item.id)} {text} (@{team.handle(item.owner)})\n")
    else:
        badge = due_badge(item, ctx.me().tz, ctx.now())
        ctx.out.write(
            f"Open again: {short(item.id)} {text} (@{team.handle(item.owner)}, {badge})\n"
        )
    return 0


def cmd_action_done(ctx: Context) -> int:
    return _set_done(ctx, True)


def cmd_action_undo(ctx: Context) -> int:
    return _set_done(ctx, False)


def cmd_action_list(ctx: Context) -> int:
    """Mine and open (the default), everyone's (--all, open first then done), the
    team's overdue ones (--overdue) or the done ones (--done)."""
    args = ctx.args
    workspace = ctx.workspace()
    now = ctx.now()
    me = ctx.me()
    if args.all:
        items = rituals.action_items(workspace.db, now)
        empty = "No action items yet."
    elif args.overdue:
        items = rituals.action_items(workspace.db, now, show="overdue")
        empty = "No action item is overdue."
    elif args.done:
        items = rituals.action_items(workspace.db, now, show="done")
        empty = "No action item is done yet."
    else:
        items = rituals.action_items(workspace.db, now, owner=me.id, show="open")
        empty = "You have no open action items."
    if args.json:
        write_json(items, ctx.out)
        return 0
    if not items:
        ctx.out.write(empty + "\n")
        return 0
    team = workspace.team()
    table([action_line(a, team, me.tz, now) for a in items], ctx.out)
    return 0
