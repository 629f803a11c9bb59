"""The command line's grammar: the common options, and each module's commands
(every ``cli/*_command(s).py`` registers its own)."""

from __future__ import annotations

import argparse

from asynctui import __version__
from asynctui.cli import (
    action_commands,
    checkin_commands,
    demo_command,
    digest_command,
    follow_commands,
    later_commands,
    meeting_commands,
    setup_commands,
    thread_commands,
)
from asynctui.cli import ask_commands as asks
from asynctui.cli import people_commands as people
from asynctui.cli import server_commands as servers


class Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line without dumping the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"asynctui: error: {message} (see `{self.prog} --help`)\n")


def _common(top: bool) -> Parser:
    """Options accepted before and after the command; after it they must not reset
    what was given before it, hence no defaults there."""
    common = Parser(add_help=False)
    default = {} if top else {"default": argparse.SUPPRESS}
    common.add_argument(
        "--now",
        metavar="ISO-TIME",
        **default,  # type: ignore[arg-type]
        help="fix the clock (also ASYNCTUI_NOW), for demos and tests",
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        **default,  # type: ignore[arg-type]
        help="use this config file",
    )
    common.add_argument(
        "--json",
        action="store_true",
        **default,  # type: ignore[arg-type]
        help="print JSON for scripts",
    )
    return common


def build() -> argparse.ArgumentParser:
    parser = Parser(
        prog="asynctui",
        parents=[_common(top=True)],
        description="Asynchronous team communication in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"asynctui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    common = _common(top=False)

    setup_commands.register(sub, common)
    people.register(sub, common)

    thread_commands.register(sub, common)
    asks.register(sub, common)
    follow_commands.register(sub, common)
    later_commands.register(sub, common)

    demo_command.register(sub, common)

    checkin_commands.register(sub, common)
    meeting_commands.register(sub, common)
    action_commands.register(sub, common)

    digest_command.register(sub, common)
    servers.register(sub, common)
    return parser
