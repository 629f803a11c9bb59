"""Asking for replies and seeing who owes whom: ask, owed."""

from __future__ import annotations

import argparse

from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import short, table, when
from asynctui.cli.thread_commands import said
from asynctui.client import queries
from asynctui.client.commands import asks
from asynctui.core.expectations import describe_remaining
from asynctui.core.windows import format_window

__all__ = ["register"]


def cmd_ask(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    if args.cancel:
        return said(ctx, asks.withdraw(workspace, ask=args.cancel))
    if not args.thread or not args.handles:
        raise CliError("usage: asynctui ask THREAD @someone [--within 8h]")
    done = asks.ask_all(workspace, thread=args.thread, people=args.handles, within=args.within)
    if len(done) == 1:
        return said(ctx, done[0])
    ctx.sync_out()
    if args.json:
        ctx.write_json([d.json() for d in done])
    else:
        ctx.out.write("".join(d.said + "\n" for d in done))
    return 0


def cmd_owed(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    if args.to_me:
        rows = queries.asks(workspace.db, team, now, asker=me.id, open_only=not args.all)
    else:
        rows = queries.asks(workspace.db, team, now, asked=me.id, open_only=not args.all)
    if args.json:
        ctx.write_json(rows)
        return 0
    if not rows:
        ctx.out.write("Nobody owes you a reply.\n" if args.to_me else "You owe no replies.\n")
        return 0
    lines = []
    for r in rows:
        other = r.asked if args.to_me else r.asker
        if r.answered_at:
            state = "answered"
        elif r.due is None:
            state = "no working time"
        else:
            state = describe_remaining(r.due, now)
        mark = "!" if r.urgency == "overdue" else " "
        lines.append(
            [
                mark,
                f"due {when(r.due, me.tz, now)}" if r.due else "—",
                state,
                ("@" + team.handle(other)) if args.to_me else ("from @" + team.handle(other)),
                short(r.thread),
                r.thread_title,
                f"({format_window(r.within)})",
            ]
        )
    table(lines, ctx.out)
    return 0


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The grammar of ask and owed."""
    add = adder(sub, common)
    p = add(
        "ask", cmd_ask, "ask someone for a reply within a window of their working time",
        epilog="--json prints the ask (its id, short id, thread, window and due time);"
        " asking several people prints a list, one ask each.",
    )  # fmt: skip
    p.add_argument("thread", nargs="?")
    p.add_argument("handles", nargs="*", metavar="@someone")
    p.add_argument("--within", help="8h, 90m or 2d of THEIR working time (default: their promise)")
    p.add_argument("--cancel", metavar="ASK", help="withdraw an ask you made")

    p = add("owed", cmd_owed, "replies I owe, most urgent first (--to-me: owed to me)")
    p.add_argument("--to-me", action="store_true", help="what others owe me")
    p.add_argument("--all", action="store_true", help="include answered asks")
