"""Running a command from the TUI: the same command, the same words, as the CLI.

A flow (a dialog's choice) hands a command to :func:`carry_out`; a refusal is
shown as an error notification and nothing changes, a success wakes the sync
worker, says the command's own line (unless ``quiet``) and redraws. A dialog
that stays open on a refusal uses :func:`attempt`, which gives the refusal back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.notifications import SeverityLevel

from asynctui.client.commands import Done, Refused
from asynctui.client.workspace import Workspace

__all__ = ["Host", "attempt", "carry_out"]


class Host(Protocol):
    """What a command needs of the app: the workspace, a voice, and the sync worker."""

    ws: Workspace

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """Say a line (plain text, never markup)."""

    def nudge_sync(self) -> None:
        """Have the sync worker send what was just recorded."""

    def refresh_data(self) -> None:
        """Read the replica again and redraw."""


def attempt(host: Host, command: Callable[[Workspace], Done], *, quiet: bool = False) -> Done | str:
    """Run ``command`` on the host's workspace; a refusal is given back as its
    words (for a dialog to show while it stays open), nothing said."""
    try:
        done = command(host.ws)
    except Refused as exc:
        return str(exc)
    host.nudge_sync()
    if not quiet:
        host.notify(done.said, timeout=4)
    host.refresh_data()
    return done


def carry_out(
    host: Host, command: Callable[[Workspace], Done], *, quiet: bool = False
) -> Done | None:
    """Run ``command`` on the host's workspace; None if it was refused (and said so)."""
    done = attempt(host, command, quiet=quiet)
    if isinstance(done, str):
        host.notify(done, title="Not done", severity="error", timeout=8)
        return None
    return done
