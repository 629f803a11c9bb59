"""What I want to hear of: threads and channels I follow or mute, and my level.

A thread's own choice wins over its channel's; with neither, my notification
level (``[notify] level`` in config.toml) decides:

- ``all``: everything others write where I can read;
- ``relevant``: asks of me and what happens to my asks, mentions of me, direct
  messages, and threads I follow (or whose channel I follow) or started;
- ``asks``: asks of me and direct messages only.

Muting a thread or a channel keeps only asks of me from it. Quiet hours hold
everything back whatever the level (``client.quiet``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal, get_args

from asynctui.core.events import AttentionMode

__all__ = ["ATTENTION_WORDS", "LEVELS", "Followed", "Level", "followed", "mode_of", "toggled"]

ATTENTION_WORDS: dict[AttentionMode, str] = {"follow": "following", "mute": "muted", "default": ""}
"""How a thread or channel's mode is shown beside it."""

Level = Literal["all", "relevant", "asks"]
LEVELS: tuple[Level, ...] = get_args(Level)


@dataclass(frozen=True)
class Followed:
    scope: Literal["thread", "channel"]
    target: str
    mode: AttentionMode
    label: str
    """'#design', or a thread's title."""


def mode_of(db: sqlite3.Connection, me: str, thread: str, channel: str) -> AttentionMode:
    """Whether I follow or muted ``thread``: its own choice, else its channel's."""
    rows = dict(
        db.execute(
            "SELECT target, mode FROM attention WHERE member = ? AND target IN (?, ?)",
            (me, thread, channel),
        ).fetchall()
    )
    for target in (thread, channel):
        if rows.get(target, "default") != "default":
            return rows[target]  # type: ignore[no-any-return]
    return "default"


def toggled(db: sqlite3.Connection, me: str, target: str, mode: AttentionMode) -> AttentionMode:
    """The mode a follow or mute key gives ``target``: ``mode``, or back to the
    default when it is ``target``'s own mode already (the key undoes itself)."""
    row = db.execute(
        "SELECT mode FROM attention WHERE member = ? AND target = ?", (me, target)
    ).fetchone()
    return "default" if row is not None and row[0] == mode else mode


def followed(db: sqlite3.Connection, me: str) -> list[Followed]:
    """What I follow or muted, channels first, then threads, by name."""
    rows = db.execute(
        "SELECT a.scope, a.target, a.mode, coalesce(c.name, t.title, a.target)"
        " FROM attention a LEFT JOIN channels c ON a.scope = 'channel' AND c.id = a.target"
        " LEFT JOIN threads t ON a.scope = 'thread' AND t.id = a.target"
        " WHERE a.member = ? AND a.mode != 'default'",
        (me,),
    ).fetchall()
    found = [
        Followed(scope, target, mode, f"#{name}" if scope == "channel" else str(name))
        for scope, target, mode, name in rows
    ]
    return sorted(found, key=lambda f: (f.scope != "channel", f.label.lower()))
