"""Set my status: one key for the usual ones (focus 25/50/90 min, away, off, available),
or a state, text, emoji and an expiry typed in full."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

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

from asynctui.client.commands import Refused
from asynctui.client.commands.people import MAX_EMOJI, NEXT_WORKING_DAY, Ends
from asynctui.client.team import Status
from asynctui.client.words import STATE_LABELS
from asynctui.core.text import clean_line
from asynctui.core.timefmt import span, when
from asynctui.tui import keys
from asynctui.tui.widgets._status_bar import state_dot

__all__ = ["PRESETS", "StatusChoice", "StatusScreen"]


@dataclass(frozen=True)
class StatusChoice:
    """The status the user chose, as typed; ``people.set_status`` records it."""

    state: str
    """available, focus, away, off or ooo."""
    text: str
    """What the status says."""
    emoji: str
    """One emoji or short word, or ''."""
    until: str
    """When it ends, in the words ``people.Ends`` reads ('17:00', '90m', ...); '' for no end."""


@dataclass(frozen=True)
class Preset:
    """A status one key away."""

    key: str
    state: str
    label: str
    until: str
    """When it ends, as words: a length from now, the next working day, or '' (no end)."""


PRESETS = (
    Preset("1", "focus", "Focus 25 min", "25m"),
    Preset("2", "focus", "Focus 50 min", "50m"),
    Preset("3", "focus", "Focus 90 min", "90m"),
    Preset("a", "away", "Away for an hour", "1h"),
    Preset("o", "off", "Off until my next working day", NEXT_WORKING_DAY),
    Preset("v", "available", "Available (clear my status)", ""),
)
"""The presets, in the order shown; the key is also the option id."""

_BINDING_IDS = {key.action: key.id for key in keys.KEYS if key.scope == "status"}
"""The registry id that binds each preset (by its action), to show the user's key."""

_MAX_TEXT = 200


def _prompt(key: str, label: str, hint: str) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(no_wrap=True)
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

    def __init__(self, ends: Ends, current: Status | None, focus_only: bool = False) -> None:
        super().__init__()
        self.ends = ends
        """How what I type reads as an end, in my zone and on my calendar, from now."""
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

    def shown_key(self, preset: Preset) -> str:
        """The key the user presses for ``preset``: its own, or their remapping."""
        keymap = keys.user_keymap(self.app)
        return keys.shown_keys(_BINDING_IDS[f"preset('{preset.key}')"], keymap)

    def preset_choice(self, preset: Preset) -> StatusChoice:
        """The status a preset sets; what was typed as text and emoji goes with it."""
        if preset.state == "available" or self.focus_only:
            return StatusChoice(preset.state, "", "", preset.until)
        return StatusChoice(preset.state, *self._typed_words(), preset.until)

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        dialog = Vertical(id="status-dialog")
        dialog.border_title = "Focus" if self.focus_only else "Set your status"
        with dialog:
            yield Static(self._current_line(), id="status-current")
            yield OptionList(
                *(
                    Option(_prompt(self.shown_key(p), p.label, self._preset_hint(p)), id=p.key)
                    for p in self.presets
                ),
                id="status-presets",
                compact=True,
            )
            if not self.focus_only:
                current = self.current
                active = current is not None and current.active(self.ends.now)
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
                        max_length=MAX_EMOJI,
                        compact=True,
                        id="status-emoji",
                    )
                with Horizontal(classes="status-row"):
                    yield Label("Until")
                    yield Input(
                        placeholder="17:00, fri, tomorrow 09:00, 90m (empty: no end)",
                        compact=True,
                        id="status-until",
                    )
                yield Static("", id="status-message")
            focus_keys = "/".join(self.shown_key(p) for p in self.presets)
            help_text = (
                f"{focus_keys} or enter: start focus · esc: cancel"
                if self.focus_only
                else "key: preset · tab: type · enter: save · esc: cancel"
            )
            yield Static(help_text, id="status-help")

    def _current_line(self) -> Content:
        status, now = self.current, self.ends.now
        if status is None or not status.active(now):
            return Content("Now: no status set")
        parts = [Content("Now:"), state_dot(status.state)]
        if said := " ".join(x for x in (clean_line(status.emoji), clean_line(status.text)) if x):
            parts.append(Content(f"· {said}"))
        if status.until is not None:
            parts.append(Content(f"· until {when(status.until, self.ends.tz, now)}"))
        return Content(" ").join(parts)

    def _preset_hint(self, preset: Preset) -> str:
        until = self.ends.read(preset.until)
        return "" if until is None else f"until {when(until, self.ends.tz, self.ends.now)}"

    # -- reading the form --------------------------------------------------------

    def _typed_words(self) -> tuple[str, str]:
        if self.focus_only:
            return "", ""
        text = self.query_one("#status-text", Input).value
        emoji = self.query_one("#status-emoji", Input).value
        return text, emoji

    def _typed_choice(self) -> StatusChoice:
        """The status typed in the form; Refused if its end cannot be read."""
        state = self.query_one("#status-state", Select).value
        until = self.query_one("#status-until", Input).value
        self.ends.read(until)
        return StatusChoice(str(state), *self._typed_words(), until)

    def _show_message(self, text: str, error: bool) -> None:
        message = self.query_one("#status-message", Static)
        message.update(Content(text))
        message.set_class(error, "-error")

    @on(Input.Changed, "#status-until")
    def _until_changed(self, event: Input.Changed) -> None:
        try:
            until = self.ends.read(event.value)
        except Refused as exc:
            self._show_message(str(exc) if self._tried else "", error=self._tried)
            return
        if until is None:
            self._show_message("", error=False)
        else:
            now = self.ends.now
            ends = f"ends {when(until, self.ends.tz, now)} (in {span(until - now)})"
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
        except Refused as exc:
            self._tried = True
            self._show_message(str(exc), error=True)
            self.query_one("#status-until", Input).focus()
            return
        self.dismiss(choice)
