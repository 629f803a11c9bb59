"""Set my status: one key for the usual ones (focus 25/50/90 min, away, off, available),
or a state, text, emoji and an expiry typed in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

import msgspec
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from asynctui.client.team import Status
from asynctui.core.calendar import WorkCalendar
from asynctui.core.text import clean_line
from asynctui.core.timefmt import local, span, when
from asynctui.core.timewords import parse_duration, parse_until
from asynctui.tui import keys
from asynctui.tui.widgets._status_bar import STATE_LABELS, state_dot

__all__ = ["PRESETS", "StatusChoice", "StatusScreen", "parse_expiry"]


@dataclass(frozen=True)
class StatusChoice:
    """The status the user chose; the app turns it into a ``StatusSet`` event."""

    state: str
    """available, focus, away, off or ooo."""
    text: str
    """What the status says (cleaned)."""
    emoji: str
    """One emoji or short word (cleaned), or ''."""
    until: datetime | None
    """When it ends (UTC), or None for no end."""


@dataclass(frozen=True)
class Preset:
    """A status one key away."""

    key: str
    state: str
    label: str
    length: timedelta | None
    """How long it lasts from now; None for 'off' (until my next working day) and 'available'."""


PRESETS = (
    Preset("1", "focus", "Focus 25 min", timedelta(minutes=25)),
    Preset("2", "focus", "Focus 50 min", timedelta(minutes=50)),
    Preset("3", "focus", "Focus 90 min", timedelta(minutes=90)),
    Preset("a", "away", "Away for an hour", timedelta(hours=1)),
    Preset("o", "off", "Off until my next working day", None),
    Preset("v", "available", "Available (clear my status)", None),
)
"""The presets, in the order shown; the key is also the option id."""

_MAX_TEXT = 200
_MAX_EMOJI = 16


def parse_expiry(text: str, tz: str, now: datetime) -> datetime | None:
    """When a status typed as '17:00', 'tomorrow 09:00', '2026-12-01' or '90m' ends (UTC).

    None for an empty field. Raises ValueError with a one-line message otherwise.
    """
    if not text.strip():
        return None
    try:
        try:
            until = now + parse_duration(text)
        except ValueError:
            until = parse_until(text, tz, now)
    except (ValueError, OverflowError, KeyError):
        raise ValueError(
            f"not a time or a length: {clean_line(text)!r} (try 17:00, 'tomorrow 09:00' or 90m)"
        ) from None
    if until <= now:
        raise ValueError("that time has passed; give a later one")
    return until


def next_working_start(calendar: WorkCalendar, tz: str, now: datetime) -> datetime:
    """When my next working day starts: after today's working time ends, however early it is.

    A focus block is being at work, so it counts here: off ends when that day starts.
    """
    if calendar.hours.focus:
        calendar = WorkCalendar(calendar.tz, msgspec.structs.replace(calendar.hours, focus=()))
    zone = ZoneInfo(tz)
    tomorrow = datetime.combine(local(now, tz).date() + timedelta(days=1), time(0), tzinfo=zone)
    today = calendar.intervals(now, tomorrow)
    back = calendar.off_until(today[-1][1] if today else now)
    return back if back is not None else parse_until("tomorrow 09:00", tz, now)


def _prompt(key: str, label: str, hint: str) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(Text(key, style="bold"), Text(label), Text(hint, style="dim"))
    return grid


class StatusScreen(ModalScreen[StatusChoice | None]):
    """Set my status, two keys away (``s`` then ``2``).

    | Key | Action |
    | :- | :- |
    | `1` / `2` / `3` | Focus for 25 / 50 / 90 minutes. |
    | `a` | Away for an hour. |
    | `o` | Off until my next working start. |
    | `v` | Available: clear my status. |
    | `enter` | Choose the highlighted preset, or save what was typed. |
    | `ctrl+s` | Save what was typed. |
    | `escape` | Cancel. |

    Typing in a field takes the keys for itself; the presets work from the list.
    ``focus_only`` shows the focus presets only, and one key press returns.
    """

    DEFAULT_CSS = """
    StatusScreen {
        align: center middle;
    }
    StatusScreen > #status-dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-color: $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    StatusScreen #status-current {
        color: $text-muted;
        margin-bottom: 1;
    }
    StatusScreen #status-presets {
        height: auto;
        margin-bottom: 1;
    }
    StatusScreen .status-row {
        height: auto;
    }
    StatusScreen .status-row > Label {
        width: 7;
        padding: 0 1 0 0;
        color: $text-muted;
    }
    StatusScreen .status-row > Input, StatusScreen .status-row > Select {
        width: 1fr;
    }
    StatusScreen #status-message {
        height: 1;
        color: $text-muted;
        &.-error {
            color: $error;
        }
    }
    StatusScreen #status-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *keys.bindings("dialogs", scope="status"),
        keys.binding("dialog-save"),
        keys.binding("dialog-close"),
    ]

    AUTO_FOCUS = "#status-presets"

    def __init__(
        self,
        me_tz: str,
        now: datetime,
        calendar: WorkCalendar,
        current: Status | None,
        focus_only: bool = False,
    ) -> None:
        super().__init__()
        self.me_tz = me_tz
        """My zone: typed times are read in it, and times are shown in it."""
        self.now = now
        """The instant presets count from."""
        self.calendar = calendar
        """My working calendar, for 'off until I next work'."""
        self.current = current
        """My status now, if any."""
        self.focus_only = focus_only
        """Only the focus presets; one key press returns."""
        self._tried = False
        """Whether a save was attempted, after which errors show as one types."""

    # -- what the presets mean ---------------------------------------------------

    @property
    def presets(self) -> tuple[Preset, ...]:
        if self.focus_only:
            return tuple(p for p in PRESETS if p.state == "focus")
        return PRESETS

    def preset_until(self, preset: Preset) -> datetime | None:
        if preset.length is not None:
            return self.now + preset.length
        if preset.state == "off":
            return next_working_start(self.calendar, self.me_tz, self.now)
        return None

    def preset_choice(self, preset: Preset) -> StatusChoice:
        """The status a preset sets; what was typed as text and emoji goes with it."""
        if preset.state == "available" or self.focus_only:
            return StatusChoice(preset.state, "", "", self.preset_until(preset))
        return StatusChoice(preset.state, *self._typed_words(), self.preset_until(preset))

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        dialog = Vertical(id="status-dialog")
        dialog.border_title = "Focus" if self.focus_only else "Set your status"
        with dialog:
            yield Static(self._current_line(), id="status-current")
            yield OptionList(
                *(
                    Option(_prompt(p.key, p.label, self._preset_hint(p)), id=p.key)
                    for p in self.presets
                ),
                id="status-presets",
                compact=True,
            )
            if not self.focus_only:
                current = self.current
                active = current is not None and current.active(self.now)
                state = current.state if current and active else "available"
                state = state if state in STATE_LABELS else "available"
                with Horizontal(classes="status-row"):
                    yield Label("State")
                    yield Select(
                        [(label, value) for value, label in STATE_LABELS.items()],
                        value=state,
                        allow_blank=False,
                        compact=True,
                        id="status-state",
                    )
                with Horizontal(classes="status-row"):
                    yield Label("Text")
                    yield Input(
                        placeholder="What are you doing?",
                        max_length=_MAX_TEXT,
                        compact=True,
                        id="status-text",
                    )
                with Horizontal(classes="status-row"):
                    yield Label("Emoji")
                    yield Input(
                        placeholder="e.g. 🎧",
                        max_length=_MAX_EMOJI,
                        compact=True,
                        id="status-emoji",
                    )
                with Horizontal(classes="status-row"):
                    yield Label("Until")
                    yield Input(
                        placeholder="17:00, tomorrow 09:00, 90m (empty: no end)",
                        compact=True,
                        id="status-until",
                    )
                yield Static("", id="status-message")
            help_text = (
                "1/2/3 or enter: start focus · esc: cancel"
                if self.focus_only
                else "key: preset · tab: type · enter: save · esc: cancel"
            )
            yield Static(help_text, id="status-help")

    def _current_line(self) -> Content:
        status = self.current
        if status is None or not status.active(self.now):
            return Content("Now: no status set")
        parts = [Content("Now:"), state_dot(status.state)]
        if said := " ".join(x for x in (clean_line(status.emoji), clean_line(status.text)) if x):
            parts.append(Content(f"· {said}"))
        if status.until is not None:
            parts.append(Content(f"· until {when(status.until, self.me_tz, self.now)}"))
        return Content(" ").join(parts)

    def _preset_hint(self, preset: Preset) -> str:
        until = self.preset_until(preset)
        return "" if until is None else f"until {when(until, self.me_tz, self.now)}"

    # -- reading the form --------------------------------------------------------

    def _typed_words(self) -> tuple[str, str]:
        if self.focus_only:
            return "", ""
        text = clean_line(self.query_one("#status-text", Input).value)[:_MAX_TEXT]
        emoji = clean_line(self.query_one("#status-emoji", Input).value)[:_MAX_EMOJI]
        return text, emoji

    def _typed_choice(self) -> StatusChoice:
        """The status typed in the form; raises ValueError with a one-line message."""
        state = self.query_one("#status-state", Select).value
        until = parse_expiry(self.query_one("#status-until", Input).value, self.me_tz, self.now)
        text, emoji = self._typed_words()
        return StatusChoice(str(state), text, emoji, until)

    def _show_message(self, text: str, error: bool) -> None:
        message = self.query_one("#status-message", Static)
        message.update(Content(text))
        message.set_class(error, "-error")

    @on(Input.Changed, "#status-until")
    def _until_changed(self, event: Input.Changed) -> None:
        try:
            until = parse_expiry(event.value, self.me_tz, self.now)
        except ValueError as exc:
            self._show_message(str(exc) if self._tried else "", error=self._tried)
            return
        if until is None:
            self._show_message("", error=False)
        else:
            ends = f"ends {when(until, self.me_tz, self.now)} (in {span(until - self.now)})"
            self._show_message(ends, error=False)

    # -- actions -----------------------------------------------------------------

    def action_preset(self, key: str) -> None:
        preset = next((p for p in self.presets if p.key == key), None)
        if preset is not None:
            self.dismiss(self.preset_choice(preset))

    @on(OptionList.OptionSelected, "#status-presets")
    def _preset_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_preset(event.option.id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.focus_only:
            return
        try:
            choice = self._typed_choice()
        except ValueError as exc:
            self._tried = True
            self._show_message(str(exc), error=True)
            self.query_one("#status-until", Input).focus()
            return
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
