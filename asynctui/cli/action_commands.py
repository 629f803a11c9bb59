"""Decisions and action items anywhere: decide, decisions, action add|done|undo|list.

A decision is recorded in a thread (perhaps resting on some of its messages);
the channel's decisions are the team's log. An action item has an owner and
perhaps a due time, read on the OWNER's calendar (``client.commands.actions``
holds the rules); due times are shown as badges in the viewer's zone.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from asynctui.cli.checkin_commands import flags, said
from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, adder, group
from asynctui.cli.output import short, table, when
from asynctui.client import queries
from asynctui.client.words import done_words, due_words
from asynctui.core.text import clean, clean_line

if TYPE_CHECKING:
    from asynctui.client.rituals import ActionItem
    from asynctui.client.team import Team

__all__ = [
    "action_line",
    "cmd_action_add",
    "cmd_action_done",
    "cmd_action_list",
    "cmd_action_undo",
    "cmd_decide",
    "cmd_decisions",
    "due_badge",
    "register",
]

# The read models and commands are imported inside the commands that use them:
# every other command's start-up costs nothing for them.


def due_badge(item: ActionItem, tz: str, now: datetime) -> str:
    """'due Fri 17:00 · 2d 1h left', 'due Thu 17:00 · overdue 3h', 'done 10:05', 'no due time'."""
    if item.done:
        return done_words(item.done_at, tz, now)
    return due_words(item.due, tz, now)  # 'no due time' when there is none


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


# -- decisions ---------------------------------------------------------------------------


def cmd_decide(ctx: Context) -> int:
    """Record a decision in a thread; with --message and no TEXT, that message's words."""
    from asynctui.client.commands import actions

    args = ctx.args
    done = actions.decide(
        ctx.workspace(), thread=args.thread, text=" ".join(args.text or []),
        messages=args.message or (), deciders=args.by or (),
    )  # fmt: skip
    text = str(done.fields["text"])
    return said(ctx, done, *(f"  {line}" for line in clean(text).splitlines() or [""]))


def cmd_decisions(ctx: Context) -> int:
    """The team's decision log, newest first; --channel: one channel's."""
    from asynctui.client import rituals

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
        ctx.write_json(log)
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


def cmd_action_add(ctx: Context) -> int:
    from asynctui.client.commands import actions

    args = ctx.args
    due = args.due or (f"within {args.within}" if args.within else "")
    with flags(due="--within" if args.within else "--due"):
        done = actions.add(
            ctx.workspace(), thread=args.thread, text=" ".join(args.text), owner=args.owner,
            due=due, message=args.message,
        )  # fmt: skip
    return said(ctx, done)


def cmd_action_done(ctx: Context) -> int:
    from asynctui.client.commands import actions

    return said(ctx, actions.done(ctx.workspace(), action=ctx.args.action))


def cmd_action_undo(ctx: Context) -> int:
    from asynctui.client.commands import actions

    return said(ctx, actions.undo(ctx.workspace(), action=ctx.args.action))


def cmd_action_list(ctx: Context) -> int:
    """Mine and open (the default), everyone's (--all, open first then done), the
    team's overdue ones (--overdue) or the done ones (--done)."""
    from asynctui.client import rituals

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
        ctx.write_json(items)
        return 0
    if not items:
        ctx.out.write(empty + "\n")
        return 0
    team = workspace.team()
    table([action_line(a, team, me.tz, now) for a in items], ctx.out)
    return 0


# -- the grammar ---------------------------------------------------------------------------


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)
    p = add("decide", cmd_decide, "record a decision made in a thread")
    p.add_argument("thread", help="thread id (the short id shown in lists)")
    p.add_argument("text", nargs="*", help="what was decided (default: the --message's text)")
    p.add_argument(
        "--message", action="append", metavar="ID", help="a message it rests on (repeatable)"
    )
    p.add_argument("--by", action="append", metavar="@someone", help="who decided (default: you)")

    p = add("decisions", cmd_decisions, "the team's decision log, newest first")
    p.add_argument("--channel", help="only this #channel's")

    act = group(sub, common, "action", "action items: an owner, a due time, done or not")
    p = act("add", cmd_action_add, "add an action item to a thread")
    p.add_argument("thread", help="thread id (the short id shown in lists)")
    p.add_argument("text", nargs="+", help="what is to be done")
    p.add_argument("--owner", required=True, metavar="@someone", help="who does it")
    due = p.add_mutually_exclusive_group()
    due.add_argument(
        "--due",
        metavar="TIME",
        help="due: 'fri' (the end of the owner's Friday), 'fri 17:00' or 17:00 (your time),"
        " 2026-12-04",
    )
    due.add_argument("--within", help="due within 2d, 8h... of the OWNER's working time")
    p.add_argument("--message", metavar="ID", help="the message it comes from")

    p = act("done", cmd_action_done, "mark an action item done")
    p.add_argument("action", metavar="ID")
    p = act("undo", cmd_action_undo, "open a done action item again")
    p.add_argument("action", metavar="ID")

    p = act("list", cmd_action_list, "your open action items (or --all, --overdue...)")
    show = p.add_mutually_exclusive_group()
    show.add_argument("--mine", action="store_true", help="your open ones (the default)")
    show.add_argument("--all", action="store_true", help="everyone's, open first, then done")
    show.add_argument("--overdue", action="store_true", help="everyone's overdue ones")
    show.add_argument("--done", action="store_true", help="the done ones")
