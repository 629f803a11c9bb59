"""Close a meeting I opened: its outcome, the decisions made, the action items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from asynctui.client.ritual_forms import PlannedAction, form_lines
from asynctui.core.events import MAX_BODY_CHARS
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["CloseChoice", "CloseMeetingScreen"]

ReadActions = Callable[[str], tuple[list[PlannedAction], list[str]]]
"""The action items box -> (the items read, one error per faulty line)."""
DescribeAction = Callable[[PlannedAction], str]
"""An item as it reads in the preview: '@bob · due Fri 17:00'."""


@dataclass(frozen=True)
class CloseChoice:
    outcome: str
    decisions: tuple[str, ...]
    actions: tuple[PlannedAction, ...]


class CloseMeetingScreen(ModalScreen[CloseChoice | None]):
    """The outcome, decisions (a line each) and action items (a line each: what,
    ``@owner``, an optional due time), each item's reading shown as it is typed.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | ctrl+s | `dialog-save` | Close the meeting. |
    | escape | `dialog-close` | Leave it open. |
    """

    DEFAULT_CSS = """
    CloseMeetingScreen { align: center middle; }
    CloseMeetingScreen > VerticalScroll {
        width: 92; max-width: 100%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    CloseMeetingScreen #close-heading { text-style: bold; }
    CloseMeetingScreen #close-state { color: $text-muted; }
    CloseMeetingScreen Label { margin-top: 1; }
    CloseMeetingScreen TextArea { height: 4; }
    CloseMeetingScreen .hint { color: $text-muted; }
    CloseMeetingScreen #close-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    def __init__(
        self, title: str, state: str, read_actions: ReadActions, describe: DescribeAction
    ) -> None:
        """``state``: who has contributed, in a line."""
        super().__init__()
        self._title = title
        self._state = state
        self._read_actions = read_actions
        self._describe = describe

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Content.assemble("Close ", (clean_line(self._title), "bold")), id="close-heading"
            )
            yield Static(Content(clean_line(self._state)), id="close-state")
            yield Label(Content("Outcome: what came of it"))
            yield TextArea(id="close-outcome", soft_wrap=True, compact=True)
            yield Label(Content("Decisions: one a line"))
            yield TextArea(id="close-decisions", soft_wrap=True, compact=True)
            yield Label(Content("Action items: one a line, what @owner when (fri 17:00, 2d)"))
            yield TextArea(id="close-actions", soft_wrap=True, compact=True)
            yield Static(id="close-preview")
            yield Static(Content("ctrl+s close it · tab next box · esc cancel"), classes="hint")
            yield Static(id="close-error")

    def on_mount(self) -> None:
        self.query_one("#close-outcome", TextArea).focus()

    @on(TextArea.Changed, "#close-actions")
    def _preview(self) -> None:
        planned, errors = self._read_actions(self.query_one("#close-actions", TextArea).text)
        lines = [f"· {clean_line(a.text)[:50]} → {self._describe(a)}" for a in planned]
        self.query_one("#close-preview", Static).update(Content("\n".join(lines)))
        self.query_one("#close-error", Static).update(Content("\n".join(errors)))

    def _chosen(self) -> CloseChoice:
        outcome = self.query_one("#close-outcome", TextArea).text.strip()
        if len(outcome) > MAX_BODY_CHARS:
            raise ValueError(f"The outcome is too long ({len(outcome)} characters).")
        decisions = form_lines(self.query_one("#close-decisions", TextArea).text, "decision", 200)
        planned, errors = self._read_actions(self.query_one("#close-actions", TextArea).text)
        if errors:
            raise ValueError("\n".join(errors))
        return CloseChoice(outcome, decisions, tuple(planned))

    def action_save(self) -> None:
        try:
            chosen = self._chosen()
        except ValueError as exc:
            self.query_one("#close-error", Static).update(Content(str(exc)))
            return
        self.dismiss(chosen)
