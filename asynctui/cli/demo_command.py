"""`asynctui demo`: the sample team, made once in the data directory."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from asynctui import paths
from asynctui.cli.context import Context
from asynctui.cli.grammar import Sub, adder
from asynctui.config import Config, save
from asynctui.core.clock import FixedClock
from asynctui.demo.clock import demo_anchor, save_anchor
from asynctui.demo.team import VIEWER, build, people


def cmd_demo(ctx: Context) -> int:
    base = paths.demo_dir()
    if ctx.args.reset and base.exists():
        shutil.rmtree(base)
    config_path = base / "config.toml"
    base.mkdir(parents=True, exist_ok=True)
    with _only_one_maker(base):
        if not config_path.exists():
            _make(ctx, base, config_path)
    ctx.config_path = config_path
    if ctx.args.print or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return show(ctx)
    from asynctui.cli.tui_command import run_tui

    return run_tui(ctx)


@contextlib.contextmanager
def _only_one_maker(base: Path) -> Iterator[None]:
    """Two demos started at once in one data directory must not both make the team
    (each made its own people and threads, and the replica showed both, by id)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one demo at a time there
        yield
        return
    with open(base / ".making", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _make(ctx: Context, base: Path, config_path: Path) -> None:
    """The sample team, its clock and the config that makes me Ana."""
    anchor = demo_anchor(ctx.now(), fixed=isinstance(ctx.clock, FixedClock))
    build(base / "folder", anchor)
    viewer = next(p for p in people(anchor) if p.handle == VIEWER)
    save_anchor(base, anchor)
    save(
        Config(
            folder=str(base / "folder"),
            member=viewer.member,
            device=viewer.device,
            handle=viewer.handle,
            replica=str(base / "replica.db"),
            demo=True,
        ),
        config_path,
    )
    ctx.out.write(f"Made the sample team in {base} (you are Ana Ruiz, @ana, in Berlin).\n\n")


def show(ctx: Context) -> int:
    from asynctui.cli.ask_commands import cmd_owed
    from asynctui.cli.people_commands import cmd_team

    out = ctx.out
    ctx.args.to_me = False
    ctx.args.all = False
    out.write("The team\n")
    cmd_team(ctx)
    out.write("\nWhat you owe\n")
    cmd_owed(ctx)
    out.write("\nWhat others owe you\n")
    ctx.args.to_me = True
    cmd_owed(ctx)
    out.write(f"\nTry: asynctui --config {ctx.config_path} threads\n")
    return 0


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The grammar of the demo."""
    add = adder(sub, common)
    p = add("demo", cmd_demo, "open a lively sample team (no set-up needed)")
    p.add_argument("--reset", action="store_true", help="recreate the sample team")
    p.add_argument(
        "--print",
        action="store_true",
        help="print the team and the owed lists instead of opening the TUI",
    )
