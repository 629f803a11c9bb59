"""Putting things off: snooze, and later (what is snoozed)."""

from __future__ import annotations

import argparse

from asynctui.cli.context import Context
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import short, table, when
from asynctui.cli.thread_commands import said
from asynctui.client import later
from asynctui.core.text import clean_line

__all__ = ["register"]

NOTHING_LATER = (
    "Nothing snoozed: `asynctui snooze THREAD` puts a thread off until your next morning."
)


def cmd_snooze(ctx: Context) -> int:
    # Imported when run: snoozing finds action items, whose rules only rituals load.
    from asynctui.client.commands import later as commands

    args = ctx.args
    workspace = ctx.workspace()
    if args.off:
        return said(ctx, commands.wake(workspace, target=args.target))
    return said(ctx, commands.snooze(workspace, target=args.target, until=args.until))


def cmd_later(ctx: Context) -> int:
    me, now = ctx.me(), ctx.now()
    found = later.listing(ctx.workspace().db, me.id, now)
    if ctx.args.json:
        ctx.write_json(found)
        return 0
    if not found:
        ctx.out.write(NOTHING_LATER + "\n")
        return 0
    rows = [
        [f"back {when(s.until, me.tz, now)}", s.what, short(s.target), clean_line(s.title)]
        for s in found
    ]
    table(rows, ctx.out)
    return 0


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The grammar of snooze and later."""
    add = adder(sub, common)
    p = add(
        "snooze", cmd_snooze, "put a thread, an ask or an action item off until later",
        epilog="It leaves your Inbox, Owed by me and `asynctui owed` until then, and comes"
        " back at the top, saying so once inside your working hours. --until takes"
        " 'morning' (your next working morning, the default), '2 working hours',"
        " 'mon 09:00', 'tomorrow', 'in 3h'.",
    )  # fmt: skip
    p.add_argument("target", metavar="THREAD|ASK|ACTION")
    p.add_argument("--until", default="morning", metavar="WHEN", help="when it comes back")
    p.add_argument("--off", action="store_true", help="bring it back now")
    add("later", cmd_later, "what you snoozed, soonest back first")
