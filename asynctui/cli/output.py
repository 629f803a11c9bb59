"""How the CLI shows times, durations and JSON."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, TextIO

import msgspec

from asynctui.client.handles import with_handles
from asynctui.core.text import clean_line
from asynctui.core.timefmt import ago, local, span, when

__all__ = ["ago", "local", "short", "span", "table", "when", "write_json"]


def short(ident: str) -> str:
    """The part of an id people type: its last six characters (the random part)."""
    return ident[-6:].lower()


def write_json(value: Any, out: TextIO, handles: Mapping[str, str]) -> None:
    """``value`` as indented JSON, each member id with its handle beside it
    (``handles``: member id -> handle); commands call ``Context.write_json``."""
    data = msgspec.json.encode(with_handles(value, handles))
    out.write(msgspec.json.format(data, indent=2).decode())
    out.write("\n")


def table(rows: list[list[str]], out: TextIO = sys.stdout) -> None:
    """Left-aligned columns; every cell is cleaned of control characters first."""
    if not rows:
        return
    cells = [[clean_line(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(len(cells[0]))]
    for row in cells:
        parts = [c.ljust(widths[i]) for i, c in enumerate(row[:-1])] + row[-1:]
        out.write("  ".join(parts).rstrip() + "\n")
