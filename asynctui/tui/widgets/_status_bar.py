"""The one-line status bar at the bottom of the app: my state (a status, focus time left, or
quiet time outside my hours), what is held, and the sync state."""

from __future__ import annotations

from datetime import timedelta

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from asynctui.client.words import STATE_LABELS, MyState, state_label
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


def state_dot(state: str, label: str | None = None) -> Content:
    """A coloured dot and the state's label (or ``label``): '● available'."""
    style = _STATE_STYLES.get(state, "$text-muted")
    dot = "◉" if state == "focus" else "●"
    return Content.assemble((dot, style), " ", (label or state_label(state), "bold"))


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
    """What colours the dot: available, focus, away, off or ooo."""
    label: reactive[str] = reactive("", init=False)
    """What the dot says ('quiet time until 09:00'); the state's label when empty."""
    text: reactive[str] = reactive("", init=False)
    """My status text (cleaned before it is shown)."""
    focus_left: reactive[timedelta | None] = reactive(None, init=False)
    """Time left in my focus (or off time), or None when I am not in focus."""
    quiet: reactive[str] = reactive("", init=False)
    """'quiet time until 09:00' beside a status that does not say it (away)."""
    held: reactive[int] = reactive(0, init=False)
    """Notifications held back while I am in focus or off."""
    sync: reactive[str] = reactive("", init=False)
    """'synced', 'offline · 2 queued', 'syncing…'."""

    def update_bar(self, mine: MyState, held: int, sync: str) -> None:
        """Show a new status line (my state as ``words.my_state`` words it); repaints once."""
        self.set_reactive(StatusBar.state, mine.state)
        self.set_reactive(StatusBar.label, mine.label)
        self.set_reactive(StatusBar.text, mine.text)
        self.set_reactive(StatusBar.focus_left, mine.left)
        self.set_reactive(StatusBar.quiet, mine.quiet)
        self.set_reactive(StatusBar.held, held)
        self.set_reactive(StatusBar.sync, sync)
        self.refresh()

    def left_part(self) -> Content:
        """'● available · Writing the plan', '◉ in focus · 42 min left · 3 held',
        '● quiet time until 09:00'."""
        parts = [state_dot(self.state, self.label)]
        if text := clean_line(self.text):
            parts.append(Content(text))
        if self.focus_left is not None:
            parts.append(Content(f"{span(self.focus_left)} left"))
        if self.quiet:
            parts.append(Content(self.quiet))
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
