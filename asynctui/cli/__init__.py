"""The `asynctui` command: a CLI beside the TUI, for people, scripts and cron."""

from __future__ import annotations

import sys
from pathlib import Path

from asynctui.cli.context import CliError, Context, clock_from
from asynctui.client.commands import Refused
from asynctui.client.replica import DatabaseError, ReplicaError
from asynctui.config import ConfigError
from asynctui.stores.base import StoreError

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    from asynctui.cli.parser import build

    parser = build()
    args = parser.parse_args(argv)
    ctx: Context | None = None
    try:
        ctx = Context(args, clock=clock_from(args.now))
        if args.config:
            ctx.config_path = Path(args.config).expanduser()
        if getattr(args, "func", None) is None:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                parser.print_help()
                return 0
            from asynctui.cli.tui_command import run_tui

            return run_tui(ctx)
        return int(args.func(ctx))
    except (CliError, ConfigError, Refused, ReplicaError, StoreError) as exc:
        sys.stderr.write(f"asynctui: error: {exc}\n")
        return 1
    except DatabaseError as exc:
        sys.stderr.write(f"asynctui: error: the local replica failed: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if ctx is not None:
            ctx.close()
