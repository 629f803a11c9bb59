"""The status screen: presets two keys away, typed statuses, and inline errors.

The screen only asks and shows: it returns what was chosen, as typed, and
``people.set_status`` records it (tests/client/test_commands_people.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from textual.app import App
from textual.widgets import Input, Select, Static

from asynctui.client.commands.people import NEXT_WORKING_DAY, Ends
from asynctui.client.team import Status
from asynctui.core.calendar import WorkCalendar
from asynctui.core.hours import Hours, WeeklyRule
from asynctui.tui.screens._status import StatusChoice, StatusScreen

NOW = datetime(2026, 11, 18, 12, 20, tzinfo=UTC)
"""Wednesday 13:20 in Berlin."""
TZ = "Europe/Berlin"
NO_RESULT = StatusChoice("?", "?", "?", "?")


class StatusApp(App[None]):
    def __init__(
        self,
        current: Status | None = None,
        focus_only: bool = False,
        hours: Hours | None = None,
        now: datetime = NOW,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.set_keymap(keymap or {})
        self.current = current
        self.focus_only = focus_only
        self.hours = hours or Hours()
        self.now = now
        self.result: StatusChoice | None = NO_RESULT

    def on_mount(self) -> None:
        ends = Ends(TZ, self.now, WorkCalendar(TZ, self.hours))
        self.push_screen(StatusScreen(ends, self.current, self.focus_only), self._done)

    def _done(self, choice: StatusChoice | None) -> None:
        self.result = choice


def screen_text(app: App[Any]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def preset_line(app: App[Any], label: str) -> str:
    (line,) = [line for line in screen_text(app).splitlines() if label in line]
    return " ".join(line.strip(" │╭╮╰╯").split())


async def test_pressing_2_chooses_focus_for_50_minutes() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert preset_line(app, "Focus 50 min") == "2 Focus 50 min until 14:10"
        await pilot.press("2")
        await pilot.pause()
        assert app.result == StatusChoice("focus", "", "", "50m")
        assert not isinstance(app.screen, StatusScreen)


async def test_a_preset_shows_the_key_i_remapped_it_to_and_runs_on_it() -> None:
    app = StatusApp(keymap={"status-focus-50": "f"})
    async with app.run_test() as pilot:
        await pilot.pause()
        assert preset_line(app, "Focus 50 min") == "f Focus 50 min until 14:10"
        await pilot.press("f")
        await pilot.pause()
        assert app.result == StatusChoice("focus", "", "", "50m")


async def test_focus_only_shows_the_focus_presets_and_returns_on_one_key() -> None:
    app = StatusApp(focus_only=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.screen.query(Input)
        await pilot.press("a")  # not a focus preset: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("3")
        await pilot.pause()
        assert app.result == StatusChoice("focus", "", "", "90m")


async def test_off_says_it_lasts_until_my_next_working_start() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        # Working 09:00-17:00 in Berlin: back tomorrow 09:00.
        line = preset_line(app, "Off until my next working day")
        assert line.endswith("until tomorrow 09:00")
        await pilot.press("o")
        await pilot.pause()
        assert app.result == StatusChoice("off", "", "", NEXT_WORKING_DAY)


async def test_off_ends_when_my_day_starts_even_with_a_focus_block_first() -> None:
    thursday_focus = WeeklyRule(days=(3,), start=9 * 60, end=11 * 60)
    app = StatusApp(hours=Hours(focus=(thursday_focus,)))
    async with app.run_test() as pilot:
        await pilot.pause()
        line = preset_line(app, "Off until my next working day")
        assert line.endswith("until tomorrow 09:00")


async def test_off_in_the_early_morning_takes_the_day_off() -> None:
    app = StatusApp(now=datetime(2026, 11, 18, 5, tzinfo=UTC))  # 06:00 in Berlin
    async with app.run_test() as pilot:
        await pilot.pause()
        line = preset_line(app, "Off until my next working day")
        assert line.endswith("until tomorrow 09:00")


async def test_available_clears_my_status() -> None:
    current = Status("focus", "deep work", "🎧", NOW + timedelta(hours=1), NOW)
    app = StatusApp(current)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "🎧 deep work · until 14:20" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert app.result == StatusChoice("available", "", "", "")


async def test_free_text_with_a_17_00_end_says_when_it_ends() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        await pilot.press("tab")
        await pilot.pause()
        app.screen.query_one("#status-state", Select).value = "away"
        app.screen.query_one("#status-text", Input).focus()
        await pilot.press(*"At the dentist")
        app.screen.query_one("#status-emoji", Input).value = "🦷"
        app.screen.query_one("#status-until", Input).focus()
        await pilot.press(*"17:00")
        await pilot.pause()
        assert app.screen.query_one("#status-message", Static).content == "ends 17:00 (in 3h 40m)"
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == StatusChoice("away", "At the dentist", "🦷", "17:00")


async def test_a_bare_day_ends_when_my_working_day_starts_as_in_the_cli() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        app.screen.query_one("#status-until", Input).focus()
        await pilot.press(*"fri")
        await pilot.pause()
        message = app.screen.query_one("#status-message", Static)
        assert message.content == "ends Fri 09:00 (in 1d 19h)"


async def test_typing_a_preset_key_into_a_field_types_it() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        app.screen.query_one("#status-text", Input).focus()
        await pilot.press("a", "v", "o", "2")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        assert app.screen.query_one("#status-text", Input).value == "avo2"


async def test_a_preset_keeps_the_typed_text() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        app.screen.query_one("#status-text", Input).value = "Writing the plan"
        await pilot.press("1")
        await pilot.pause()
        assert app.result == StatusChoice("focus", "Writing the plan", "", "25m")


async def test_a_bad_end_shows_an_error_and_does_not_dismiss() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        app.screen.query_one("#status-until", Input).focus()
        await pilot.press(*"soonish", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        assert app.result == NO_RESULT
        message = app.screen.query_one("#status-message", Static)
        assert str(message.content).startswith("not a time: 'soonish' (try 17:00, fri,")
        assert message.has_class("-error")
        # Fixing it clears the error and saves.
        await pilot.press(*(["backspace"] * 7), *"90m")
        await pilot.pause()
        assert not message.has_class("-error")
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == StatusChoice("available", "", "", "90m")


async def test_an_end_that_has_passed_is_an_error() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        app.screen.query_one("#status-until", Input).focus()
        await pilot.press(*"2026-11-17", "enter")
        await pilot.pause()
        message = app.screen.query_one("#status-message", Static)
        assert str(message.content).startswith("'2026-11-17' has already passed")
        assert app.result == NO_RESULT


async def test_escape_cancels() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None
