"""Edit my hours: working hours, focus blocks, always-off, time off and my reply promise,
written one rule per line in the same words as the CLI ("Mon-Fri 09:00-17:00")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import DescendantBlur
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from asynctui.client.commands.people import read_hours, week_preview
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, format_minutes
from asynctui.core.rules import format_days
from asynctui.core.rules import format_time_off as format_time_off_range
from asynctui.core.text import clean_line
from asynctui.tui import keys

__all__ = ["FIELDS", "HoursScreen", "format_rules", "format_time_off"]


def format_rules(rules: tuple[WeeklyRule, ...]) -> str:
    """Rules as lines, spans of the same days joined: 'Mon-Fri 09:00-12:30,13:30-17:00'."""
    lines: list[tuple[tuple[int, ...], list[str]]] = []
    for rule in rules:
        spans = f"{format_minutes(rule.start)}-{format_minutes(rule.end)}"
        if lines and lines[-1][0] == rule.days:
            lines[-1][1].append(spans)
        else:
            lines.append((rule.days, [spans]))
    return "\n".join(f"{format_days(days)} {','.join(spans)}" for days, spans in lines)


def format_time_off(time_off: tuple[TimeOff, ...]) -> str:
    return "\n".join(f"{format_time_off_range(t)} {clean_line(t.note)}".rstrip() for t in time_off)


@dataclass(frozen=True)
class Field:
    """One field of the editor."""

    id: str
    label: str
    multiline: bool
    hint: str


FIELDS = (
    Field("working", "Working", True, "Mon-Fri 09:00-12:30,13:30-17:00"),
    Field("focus", "Focus", True, "Tue,Thu 09:00-11:00"),
    Field("always_off", "Always off", True, "Mon-Fri 12:30-13:30"),
    Field("time_off", "Time off", True, "2026-12-24..2027-01-02 Holidays"),
    Field("promise", "Reply within", False, "8h, 90m or 2d"),
)
"""The fields, in the order shown; each id is an ``Hours`` attribute."""


class HoursScreen(ModalScreen[dict[str, str] | None]):
    """Edit my hours as text, one rule per line, checked as I go.

    | Key | Action |
    | :- | :- |
    | `tab` / `shift+tab` | Next / previous field. |
    | `ctrl+s` | Save (only when every field reads). |
    | `escape` | Cancel. |
    """

    DEFAULT_CSS = """
    HoursScreen {
        align: center middle;
    }
    HoursScreen > #hours-dialog {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-color: $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    HoursScreen #hours-fields {
        height: auto;
        max-height: 1fr;
    }
    HoursScreen .hours-row {
        height: auto;
        margin-bottom: 1;
    }
    HoursScreen .hours-row > Label {
        width: 14;
        color: $text-muted;
    }
    HoursScreen .hours-row > Vertical {
        width: 1fr;
        height: auto;
    }
    HoursScreen TextArea {
        height: auto;
        min-height: 1;
        max-height: 5;
        padding: 0;
        background: $boost;
    }
    HoursScreen Input {
        background: $boost;
    }
    HoursScreen .hours-error {
        display: none;
        color: $error;
        &.-shown {
            display: block;
        }
    }
    HoursScreen #hours-preview {
        color: $success;
        &.-stale {
            color: $text-muted;
        }
    }
    HoursScreen #hours-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    AUTO_FOCUS = "#hours-working"

    def __init__(self, hours: Hours, tz: str) -> None:
        super().__init__()
        self.hours = hours
        """The hours being edited; saving returns each field's text, for ``people.set_hours``."""
        self.tz = tz
        """My zone: every time of day is read in it."""
        self._checked: set[str] = set()
        """Fields that show their errors as one types (after a blur or a save)."""

    # -- layout ------------------------------------------------------------------

    def _initial(self, field_id: str) -> str:
        h = self.hours
        if field_id == "time_off":
            return format_time_off(h.time_off)
        if field_id == "promise":
            return str(h.promise)
        rules: tuple[WeeklyRule, ...] = getattr(h, field_id)
        return format_rules(rules)

    def compose(self) -> ComposeResult:
        dialog = Vertical(id="hours-dialog")
        dialog.border_title = f"Your hours ({self.tz})"
        with dialog:
            with VerticalScroll(id="hours-fields"):
                for field in FIELDS:
                    with Horizontal(classes="hours-row"):
                        yield Label(field.label)
                        with Vertical():
                            if field.multiline:
                                area = TextArea(
                                    self._initial(field.id),
                                    soft_wrap=False,
                                    compact=True,
                                    id=f"hours-{field.id}",
                                    placeholder=f"e.g. {field.hint}",
                                )
                                yield area
                            else:
                                yield Input(
                                    self._initial(field.id),
                                    placeholder=field.hint,
                                    compact=True,
                                    id=f"hours-{field.id}",
                                )
                            yield Static("", id=f"hours-{field.id}-error", classes="hours-error")
            yield Static(id="hours-preview")
            yield Static(
                "one rule per line · tab: next field · ctrl+s: save · esc: cancel",
                id="hours-help",
            )

    def on_mount(self) -> None:
        self._update_preview()

    # -- reading the form --------------------------------------------------------

    def _text(self, field_id: str) -> str:
        widget = self.query_one(f"#hours-{field_id}")
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def _typed(self) -> dict[str, str]:
        return {field.id: self._text(field.id) for field in FIELDS}

    def _read(self) -> tuple[Hours | None, dict[str, str]]:
        """The hours the form describes, or None, and each field's error."""
        return read_hours(self.hours, self._typed())

    def _show_errors(self, errors: dict[str, str]) -> None:
        for field in FIELDS:
            message = self.query_one(f"#hours-{field.id}-error", Static)
            error = errors.get(field.id) if field.id in self._checked else None
            message.update(Content(error or ""))
            message.set_class(error is not None, "-shown")

    def _update_preview(self) -> Hours | None:
        hours, errors = self._read()
        preview = self.query_one("#hours-preview", Static)
        if hours is None:
            preview.update(Content("Week: fix the lines marked in red to see your week"))
        else:
            preview.update(Content(f"Week: {week_preview(hours, self.tz)}"))
        preview.set_class(hours is None, "-stale")
        self._show_errors(errors)
        return hours

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self._update_preview()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        widget_id = event.widget.id or ""
        if widget_id.startswith("hours-"):
            self._checked.add(widget_id.removeprefix("hours-"))
            self._update_preview()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    # -- actions -----------------------------------------------------------------

    def action_save(self) -> None:
        self._checked.update(field.id for field in FIELDS)
        hours = self._update_preview()
        if hours is not None:
            self.dismiss(self._typed())
            return
        _, errors = self._read()
        first = next(field for field in FIELDS if field.id in errors)
        self.query_one(f"#hours-{first.id}").focus()
