"""What reaches me: follow, mute, and what I follow or muted."""

from __future__ import annotations

import argparse

from asynctui.cli.context import Context
from asynctui.cli.grammar import Command, Sub, adder
from asynctui.cli.output import short, table
from asynctui.cli.thread_commands import said
from asynctui.client.commands.following import set_attention
from asynctui.client.following import followed
from asynctui.core.events import AttentionMode
from asynctui.core.text import clean_line

__all__ = ["register"]

NOTHING_FOLLOWED = "You follow and muted nothing: your notification level decides ([notify] level)."


def _listing(ctx: Context) -> int:
    found = followed(ctx.workspace().db, ctx.me().id)
    if ctx.args.json:
        ctx.write_json(found)
        return 0
    if not found:
        ctx.out.write(NOTHING_FOLLOWED + "\n")
        return 0
    rows = [
        ["following" if f.mode == "follow" else "muted",
         clean_line(f.label) if f.scope == "channel"
         else f"{short(f.target)}  {clean_line(f.label)}"]
        for f in found
    ]  # fmt: skip
    table(rows, ctx.out)
    return 0


def _setter(mode: AttentionMode) -> Command:
    def run(ctx: Context) -> int:
        if not ctx.args.target:
            return _listing(ctx)
        chosen: AttentionMode = "default" if ctx.args.off else mode
        return said(ctx, set_attention(ctx.workspace(), target=ctx.args.target, mode=chosen))

    return run


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The grammar of follow and mute."""
    add = adder(sub, common)
    modes: tuple[tuple[str, AttentionMode, str], ...] = (
        ("follow", "follow", "hear of every message in a thread or a #channel"),
        ("mute", "mute", "hear only of asks of you from a thread or a #channel"),
    )
    for name, mode, what in modes:
        p = add(
            name, _setter(mode), what,
            epilog="With no THREAD or #channel: list what you follow and muted. How much"
            " else reaches you is [notify] level in config.toml: all, relevant (asks,"
            " mentions, direct messages, threads you follow or started) or asks.",
        )  # fmt: skip
        p.add_argument("target", nargs="?", metavar="THREAD|#channel")
        p.add_argument("--off", action="store_true", help="back to your notification level")
