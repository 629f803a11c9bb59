"""The pieces every command module builds its grammar from (each registers its own).

A module of commands defines ``register(sub, common)``: ``sub`` is the top
level's sub-parsers, ``common`` the options every command takes (``--now``,
``--config``, ``--json``). :func:`adder` and :func:`group` make a command or a
command with actions of its own (``checkin create``) in one line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from asynctui.cli.context import Context

__all__ = ["Add", "Command", "Sub", "adder", "group"]

Command = Callable[[Context], int]
Add = Callable[[str, Command, str], argparse.ArgumentParser]
Sub = Any
"""``argparse._SubParsersAction``: private in typeshed, so named loosely."""


def adder(sub: Sub, common: argparse.ArgumentParser) -> Add:
    """``add(name, func, help)``: a command run by ``func``, with the common options."""

    def add(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(
            name, parents=[common], help=help, description=help
        )
        p.set_defaults(func=func)
        return p

    return add


def group(sub: Sub, common: argparse.ArgumentParser, name: str, help: str) -> Add:
    """``act(action, func, help)``: the actions of a command (``checkin create``)."""
    parent = sub.add_parser(name, parents=[common], help=help, description=help)
    actions = parent.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)
    return adder(actions, common)
