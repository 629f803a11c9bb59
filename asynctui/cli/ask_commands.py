"""Asking for replies and seeing who owes whom: ask, owed."""

from __future__ import annotations

import argparse

from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import short, table, when
from asynctui.cli.thread_commands import said
from asynctui.client import obligations
from asynctui.client.commands import ask_steps, asks
from asynctui.client.commands._base import Done
from asynctui.client.words import (
    NOTHING_OWED_BY_ME,
    NOTHING_OWED_TO_ME,
    OBLIGATION_KINDS,
    obligation_what,
    owed_state,
)

__all__ = ["register"]


_STEPS = ("cancel", "ack", "decline", "hand", "answer", "reopen")
"""The flags that act on an ask already made, one at a time."""


def cmd_ask(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    step = next((name for name in _STEPS if getattr(args, name)), None)
    if step is not None:
        return said(ctx, _step(ctx, step, getattr(args, step)))
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


def _step(ctx: Context, step: str, ask: str) -> Done:
    args = ctx.args
    if args.thread or args.handles:
        raise CliError(f"--{step} takes the ask's short id only: asynctui ask --{step} ID")
    if step == "answer" and not args.message:
        raise CliError("say which message: asynctui ask --answer ID --message MSG")
    if step == "hand" and not args.to:
        raise CliError("say to whom: asynctui ask --hand ID --to @someone [--within 4h]")
    if step == "ack" and not args.by:
        raise CliError("say by when you will reply: asynctui ask --ack ID --by 'thu 12:00'")
    words = {"ack": args.by, "decline": args.note, "hand": f"{args.to} {args.within or ''}"}
    return ask_steps.take(
        ctx.workspace(), ask, _STEP_NAMES[step], text=(words.get(step) or "").strip(),
        message=args.message, note=args.note or "",
    )  # fmt: skip


_STEP_NAMES: dict[str, ask_steps.StepName] = {
    "cancel": "withdraw", "ack": "ack", "decline": "decline", "hand": "hand",
    "answer": "answer", "reopen": "reopen",
}  # fmt: skip


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
        ended = None if o.ask is None or o.ask.state == "open" else o.ask.state
        other = o.debtor if args.to_me else o.creditor
        lines.append(
            [
                "!" if o.urgency == "overdue" else " ",
                f"due {when(o.due, me.tz, now)}" if o.due else "—",
                owed_state(o.due, o.urgency, ended, now),
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
    steps = p.add_mutually_exclusive_group()
    steps.add_argument("--cancel", "--withdraw", metavar="ID", help="withdraw an ask you made")
    steps.add_argument("--ack", metavar="ID", help="acknowledge an ask of you: reply --by a time")
    steps.add_argument("--decline", metavar="ID", help="decline an ask of you (--note: why)")
    steps.add_argument("--hand", metavar="ID", help="hand an ask --to someone else")
    steps.add_argument("--answer", metavar="ID", help="mark --message as the ask's answer")
    steps.add_argument("--reopen", metavar="ID", help="not answered yet: open an ask again")
    p.add_argument("--by", help="with --ack: when you will reply ('thu 12:00', 'tomorrow', '4h')")
    p.add_argument("--note", help="with --ack or --decline: a word for the asker")
    p.add_argument("--to", metavar="@someone", help="with --hand: who owes the reply now")
    p.add_argument("--message", metavar="MSG", help="with --answer: the message that answers it")

    p = add(
        "owed", cmd_owed, "what I owe, most urgent first (--to-me: what others owe me)",
        epilog="One queue of every kind: replies asked of me, my part of async meetings,"
        " check-in answers waiting for me, and action items I own. The short id in each"
        " line names the item: `asynctui ask --ack ID --by 'thu 12:00'`, `--decline ID`,"
        " `--hand ID --to @cy`, `--answer ID --message MSG`, `--reopen ID` and, for an"
        " ask of mine, `--cancel ID`.",
    )  # fmt: skip
    p.add_argument("--to-me", action="store_true", help="what others owe me")
    p.add_argument("--all", action="store_true", help="include answered and withdrawn asks")
