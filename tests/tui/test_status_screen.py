"""The status screen: presets two keys away, typed statuses, and inline errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.app import App
from textual.widgets import Input, Select, Static

from asynctui.client.team import Status
from asynctui.core.calendar import WorkCalendar
from asynctui.core.hours import Hours, WeeklyRule
from asynctui.tui.screens._status import StatusChoice, StatusScreen, parse_expiry

NOW = datetime(2026, 11, 18, 12, 20, tzinfo=UTC)
"""Wednesday 13:20 in Berlin."""
TZ = "Europe/Berlin"
NO_RESULT = StatusChoice("?", "?", "?", None)


class StatusApp(App[None]):
    def __init__(
        self, current: Status | None = None, focus_only: bool = False, hours: Hours | None = None
    ) -> None:
        super().__init__()
        self.current = current
        self.focus_only = focus_only
        self.hours = hours or Hours()
        self.result: StatusChoice | None = NO_RESULT

    def on_mount(self) -> None:
        calendar = WorkCalendar(TZ, self.hours)
        screen = StatusScreen(TZ, NOW, calendar, self.current, self.focus_only)
        self.push_screen(screen, self._done)

    def _done(self, choice: StatusChoice | None) -> None:
        self.result = choice


async def test_pressing_2_returns_focus_for_50_minutes() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert app.result == StatusChoice("focus", "", "", NOW + timedelta(minutes=50))
        assert not isinstance(app.screen, StatusScreen)


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
        assert app.result == StatusChoice("focus", "", "", NOW + timedelta(minutes=90))


async def test_off_lasts_until_my_next_working_start() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        await pilot.press("o")
        await pilot.pause()
        # Working 09:00-17:00 in Berlin: back tomorrow 09:00 (08:00 UTC).
        assert app.result == StatusChoice("off", "", "", datetime(2026, 11, 19, 8, tzinfo=UTC))


async def test_off_ends_when_my_day_starts_even_with_a_focus_block_first() -> None:
    thursday_focus = WeeklyRule(days=(3,), start=9 * 60, end=11 * 60)
    app = StatusApp(hours=Hours(focus=(thursday_focus,)))
    async with app.run_test() as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert app.result == StatusChoice("off", "", "", datetime(2026, 11, 19, 8, tzinfo=UTC))


async def test_off_in_the_early_morning_takes_the_day_off() -> None:
    early = datetime(2026, 11, 18, 5, tzinfo=UTC)  # 06:00 in Berlin
    app = StatusApp()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, StatusScreen)
        app.screen.now = early
        await pilot.press("o")
        await pilot.pause()
        assert app.result == StatusChoice("off", "", "", datetime(2026, 11, 19, 8, tzinfo=UTC))


async def test_available_clears_my_status() -> None:
    current = Status("focus", "deep work", "🎧", NOW + timedelta(hours=1), NOW)
    app = StatusApp(current)
    async with app.run_test() as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert app.result == StatusChoice("available", "", "", None)


async def test_free_text_with_a_17_00_expiry_returns_the_utc_instant() -> None:
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
        # 17:00 in Berlin in November is 16:00 UTC.
        until = datetime(2026, 11, 18, 16, tzinfo=UTC)
        assert app.result == StatusChoice("away", "At the dentist", "🦷", until)


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
        app.screen.query_one("#status-text", Input).value = "Writing \x1b[31mthe plan"
        await pilot.press("1")
        await pilot.pause()
        assert app.result == StatusChoice(
            "focus", "Writing the plan", "", NOW + timedelta(minutes=25)
        )


async def test_a_bad_expiry_shows_an_error_and_does_not_dismiss() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        app.screen.query_one("#status-until", Input).focus()
        await pilot.press(*"soonish", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        assert app.result == NO_RESULT
        message = app.screen.query_one("#status-message", Static)
        assert "not a time or a length: 'soonish'" in str(message.content)
        assert message.has_class("-error")
        # Fixing it clears the error and saves.
        await pilot.press(*(["backspace"] * 7), *"90m")
        await pilot.pause()
        assert not message.has_class("-error")
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == StatusChoice("available", "", "", NOW + timedelta(minutes=90))


async def test_escape_cancels() -> None:
    app = StatusApp()
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", None),
        ("17:00", datetime(2026, 11, 18, 16, tzinfo=UTC)),
        ("09:00", datetime(2026, 11, 19, 8, tzinfo=UTC)),
        ("tomorrow 09:00", datetime(2026, 11, 19, 8, tzinfo=UTC)),
        ("90m", NOW + timedelta(minutes=90)),
        ("2h", NOW + timedelta(hours=2)),
        ("2026-12-01", datetime(2026, 11, 30, 23, tzinfo=UTC)),
    ],
)
def test_expiry_accepts_times_and_lengths(typed: str, expected: datetime | None) -> None:
    assert parse_expiry(typed, TZ, NOW) == expected


@pytest.mark.parametrize("typed", ["soon", "25:00", "99999999999999w", "2020-01-01", "0m"])
def test_bad_expiries_are_one_line_errors(typed: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_expiry(typed, TZ, NOW)
    assert "\n" not in str(info.value)
