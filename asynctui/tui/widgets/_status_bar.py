"""The one-line status bar at the bottom of the app: my status, focus time left, sync state."""

from __future__ import annotations

from datetime import timedelta

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from asynctui.client.words import STATE_LABELS, state_label
from asynctui.core.text import clean_line
from asynctui.core.timefmt import span

__all__ = ["STATE_LABELS", "StatusBar", "state_dot", "state_label"]

_STATE_STYLES = {
    "available": "$success",
    "focus": "$primary",
    "away": "$warning",
    "off": "$text-muted",
    "ooo": "$text-muted",
}


def state_dot(state: str) -> Content:
    """A coloured dot and the state's label: '● available'."""
    style = _STATE_STYLES.get(state, "$text-muted")
    dot = "◉" if state == "focus" else "●"
    return Content.assemble((dot, style), " ", (state_label(state), "bold"))


class StatusBar(Widget):
    """One line: my status on the left, the sync state on the right.

    It computes nothing: the app passes strings and numbers to ``update_bar``.
    """

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    state: reactive[str] = reactive("available", init=False)
    """My status state: available, focus, away, off or ooo."""
    text: reactive[str] = reactive("", init=False)
    """My status text (cleaned before it is shown)."""
    focus_left: reactive[timedelta | None] = reactive(None, init=False)
    """Time left in my focus, or None when I am not in focus."""
    held: reactive[int] = reactive(0, init=False)
    """Notifications held back while I am in focus or off."""
    sync: reactive[str] = reactive("", init=False)
    """'synced', 'offline · 2 queued', 'syncing…'."""

    def update_bar(
        self, state: str, text: str, focus_left: timedelta | None, held: int, sync: str
    ) -> None:
        """Show a new status line; repaints once."""
        self.set_reactive(StatusBar.state, state)
        self.set_reactive(StatusBar.text, text)
        self.set_reactive(StatusBar.focus_left, focus_left)
        self.set_reactive(StatusBar.held, held)
        self.set_reactive(StatusBar.sync, sync)
        self.refresh()

    def left_part(self) -> Content:
        """'● available · Writing the plan' or '◉ in focus · 42 min left · 3 held'."""
        parts = [state_dot(self.state)]
        if text := clean_line(self.text):
            parts.append(Content(text))
        if self.focus_left is not None:
            parts.append(Content(f"{span(self.focus_left)} left"))
        if self.held > 0:
            parts.append(Content.styled(f"{self.held} held", "$warning"))
        return Content(" · ").join(parts)

    def right_part(self) -> Content:
        """The sync state, coloured by what it says."""
        sync = clean_line(self.sync)
        if sync.startswith("offline") or "fail" in sync:
            style = "$warning"
        elif sync.startswith("synced"):
            style = "$text-muted"
        else:
            style = "$primary"
        return Content.styled(sync, style)

    def render(self) -> Content:
        left, right = self.left_part(), self.right_part()
        width = self.content_region.width
        gap = width - left.cell_length - right.cell_length
        if gap < 1:
            return Content.assemble(left, "  ", right)
        return Content.assemble(left, " " * gap, right)
