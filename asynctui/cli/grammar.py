"""The pieces every command module builds its grammar from (each registers its own).

A module of commands defines ``register(sub, common)``: ``sub`` is the top
level's sub-parsers, ``common`` the options every command takes (``--now``,
``--config``, ``--json``). :func:`adder` and :func:`group` make a command or a
command with actions of its own (``checkin create``) in one line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, Protocol

from asynctui.cli.context import Context

__all__ = ["Add", "Command", "Sub", "adder", "group"]

Command = Callable[[Context], int]
Sub = Any
"""``argparse._SubParsersAction``: private in typeshed, so named loosely."""


class Add(Protocol):
    """``add(name, func, help)``, and ``epilog=`` for words under the options."""

    def __call__(
        self, name: str, func: Command, help: str, *, epilog: str | None = None
    ) -> argparse.ArgumentParser: ...


def adder(
    sub: Sub,
    common: argparse.ArgumentParser,
    *,
    formatter_class: type[argparse.HelpFormatter] = argparse.HelpFormatter,
) -> Add:
    """``add(name, func, help)``: a command run by ``func``, with the common options.

    ``formatter_class`` goes to every command it adds (``RawDescriptionHelpFormatter``
    keeps an epilog's own line breaks).
    """

    def add(
        name: str, func: Command, help: str, *, epilog: str | None = None
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(
            name, parents=[common], help=help, description=help, epilog=epilog,
            formatter_class=formatter_class,
        )  # fmt: skip
        p.set_defaults(func=func)
        return p

    return add


def group(
    sub: Sub,
    common: argparse.ArgumentParser,
    name: str,
    help: str,
    *,
    description: str | None = None,
) -> Add:
    """``act(action, func, help)``: the actions of a command (``checkin create``).

    ``description``: what ``name --help`` says, when it is more than ``help``.
    """
    parent = sub.add_parser(name, parents=[common], help=help, description=description or help)
    actions = parent.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)
    return adder(actions, common)
