"""Asking for replies and seeing who owes whom: ask, owed."""

from __future__ import annotations

import argparse

from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import short, table, when
from asynctui.cli.thread_commands import said
from asynctui.client import obligations
from asynctui.client.commands import asks
from asynctui.client.words import (
    NOTHING_OWED_BY_ME,
    NOTHING_OWED_TO_ME,
    OBLIGATION_KINDS,
    obligation_what,
    owed_state,
)

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
    queue = obligations.owed_to if args.to_me else obligations.owed_by
    rows = queue(workspace.db, team, me.id, now, answered=args.all)
    if args.json:
        ctx.write_json([o.json() for o in rows])
        return 0
    if not rows:
        ctx.out.write((NOTHING_OWED_TO_ME if args.to_me else NOTHING_OWED_BY_ME) + "\n")
        return 0
    lines = []
    for o in rows:
        answered = o.ask is not None and (o.ask.answered_at is not None or o.ask.cancelled)
        other = o.debtor if args.to_me else o.creditor
        lines.append(
            [
                "!" if o.urgency == "overdue" else " ",
                f"due {when(o.due, me.tz, now)}" if o.due else "—",
                owed_state(o.due, o.urgency, answered, now),
                ("" if args.to_me else "from ")
                + ("you" if other == me.id else "@" + team.handle(other)),
                OBLIGATION_KINDS[o.kind],
                short(o.id),
                obligation_what(o),
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

    p = add(
        "owed", cmd_owed, "what I owe, most urgent first (--to-me: what others owe me)",
        epilog="One queue of every kind: replies asked of me, my part of async meetings,"
        " check-in answers waiting for me, and action items I own. The short id in each"
        " line names the item: `asynctui ask --cancel ID` withdraws an ask of mine.",
    )  # fmt: skip
    p.add_argument("--to-me", action="store_true", help="what others owe me")
    p.add_argument("--all", action="store_true", help="include answered and withdrawn asks")
