"""A message typed in the person's own editor, as `git commit` does it.

`asynctui post #design TITLE` at a terminal opens ``$VISUAL`` (or ``$EDITOR``)
on a file that says, below a scissors line, what is being written; everything
from that line down is left out, and everything above it kept as written (a
line starting with ``#design`` or a Markdown heading too, which git's plain
``#``-stripping would drop). Quitting the editor with an error (vim: ``:cq``)
sends nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from asynctui.cli.context import CliError

__all__ = ["SCISSORS", "editor", "edited", "message_words"]


def editor() -> str | None:
    """The editor the person chose, if any: ``$VISUAL`` first, as git reads them."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


SCISSORS = "# ------------------------ >8 ------------------------"


def edited(command: str, start: str, comment: list[str]) -> str:
    """The text above the scissors line after ``command`` edited ``start`` with
    ``comment`` below it; CliError if the editor failed."""
    below = ["Do not change or remove the line above: everything below it is left out.", *comment]
    lines = [start.rstrip("\n"), "", SCISSORS, *(f"# {line}".rstrip() for line in below)]
    with tempfile.TemporaryDirectory(prefix="asynctui-") as folder:
        path = Path(folder) / "MESSAGE.md"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            # Split as a shell would: 'code --wait' is an editor with an option.
            done = subprocess.run([*shlex.split(command), str(path)], check=False)
        except (OSError, ValueError) as exc:
            raise CliError(f"could not start the editor {command!r}: {exc}") from None
        if done.returncode != 0:
            raise CliError(f"the editor {command!r} exited with {done.returncode}; nothing sent")
        text = path.read_text(encoding="utf-8", errors="replace")
    kept = text.split(SCISSORS, 1)[0]
    return kept.strip("\n")


def message_words(words: list[str] | None) -> str | None:
    """The message given on the command line: its words, or standard input for
    '-' or a pipe; None when nothing was given at a terminal (the caller asks)."""
    if words == ["-"] or (not words and not sys.stdin.isatty()):
        return sys.stdin.read()
    if words:
        return " ".join(words)
    return None
