"""Follow or mute the thread being read (or, with none open, the channel in view).

Pressing the key again undoes it (``client.following.toggled``); the words said
are the command's, the CLI's ``asynctui follow|mute``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.client import following
from asynctui.client.commands.following import set_attention
from asynctui.core.events import AttentionMode
from asynctui.tui.carry_out import carry_out

if TYPE_CHECKING:
    from asynctui.tui.main_screen import MainScreen

__all__ = ["follow", "mute"]


def follow(main: MainScreen) -> None:
    _toggle(main, "follow")


def mute(main: MainScreen) -> None:
    _toggle(main, "mute")


def _toggle(main: MainScreen, mode: AttentionMode) -> None:
    target = main.thread_id or main.current_channel()
    if target is None:
        main.notify("Open a thread or a channel first.", severity="warning")
        return
    chosen = following.toggled(main.ws.db, main.ws.member, target, mode)
    carry_out(main, lambda ws: set_attention(ws, target=target, mode=chosen))
