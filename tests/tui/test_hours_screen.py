"""The hours editor: rules as text, checked inline as I type, saved as typed.

Reading the rules is ``people.read_hours`` (tests/client/test_commands_people.py);
the screen shows each field's error under it and hands the text to
``people.set_hours``.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.app import App
from textual.widgets import Input, Static, TextArea

from asynctui.client.commands.people import read_hours
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, Window
from asynctui.tui.screens._hours import HoursScreen, format_rules

TZ = "Europe/Berlin"
HOURS = Hours(
    focus=(WeeklyRule(days=(1,), start=9 * 60, end=11 * 60),),
    time_off=(TimeOff(date(2026, 12, 24), date(2027, 1, 2), "Holidays"),),
)
UNSET = {"unset": "?"}


class HoursApp(App[None]):
    def __init__(self, hours: Hours = HOURS) -> None:
        super().__init__()
        self.hours = hours
        self.result: dict[str, str] | None = UNSET

    def on_mount(self) -> None:
        self.push_screen(HoursScreen(self.hours, TZ), self._done)

    def _done(self, typed: dict[str, str] | None) -> None:
        self.result = typed


def area(app: App[None], field: str) -> TextArea:
    return app.screen.query_one(f"#hours-{field}", TextArea)


def error(app: App[None], field: str) -> Static:
    return app.screen.query_one(f"#hours-{field}-error", Static)


async def test_the_fields_show_my_hours_as_the_cli_writes_them() -> None:
    app = HoursApp()
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.pause()
        assert area(app, "working").text == "Mon-Fri 09:00-17:00"
        assert area(app, "focus").text == "Tue 09:00-11:00"
        assert area(app, "always_off").text == ""
        assert area(app, "time_off").text == "2026-12-24..2027-01-02 Holidays"
        assert app.screen.query_one("#hours-promise", Input).value == "8h"
        preview = str(app.screen.query_one("#hours-preview", Static).content)
        assert preview.startswith("Week: Mon-Fri 09:00-17:00, focus Tue 09:00-11:00 · 38h a week")


async def test_editing_working_hours_and_saving_returns_the_new_hours() -> None:
    app = HoursApp()
    async with app.run_test(size=(90, 30)) as pilot:
        working = area(app, "working")
        working.focus()
        working.clear()
        working.insert("Mon-Thu 08:00-12:30,13:30-16:00\nFri 08:00-12:0")
        await pilot.press("0")
        app.screen.query_one("#hours-promise", Input).value = "2d"
        await pilot.pause()
        preview = str(app.screen.query_one("#hours-preview", Static).content)
        assert (
            "Mon,Tue,Wed,Thu 08:00-12:30; Mon,Tue,Wed,Thu 13:30-16:00; Fri 08:00-12:00" in preview
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is not None and app.result["promise"] == "2d"
        assert read_hours(HOURS, app.result) == (
            Hours(
                working=(
                    WeeklyRule(days=(0, 1, 2, 3), start=480, end=750),
                    WeeklyRule(days=(0, 1, 2, 3), start=810, end=960),
                    WeeklyRule(days=(4,), start=480, end=720),
                ),
                focus=HOURS.focus,
                time_off=HOURS.time_off,
                promise=Window(2, "d"),
            ),
            {},
        )


async def test_a_bad_rule_shows_an_inline_error_and_does_not_save() -> None:
    app = HoursApp()
    async with app.run_test(size=(90, 30)) as pilot:
        focus = area(app, "focus")
        focus.focus()
        focus.clear()
        focus.insert("Tue 09:00-11:00\nMoonday 10:00-11:0")
        await pilot.press("0")
        await pilot.pause()
        assert not error(app, "focus").has_class("-shown")  # not while typing a first time
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HoursScreen)
        assert app.result == UNSET
        message = error(app, "focus")
        assert message.has_class("-shown")
        assert str(message.content).startswith("line 2: not a weekday range: 'Moonday'")
        assert app.focused is focus
        assert not error(app, "working").has_class("-shown")
        # Fixing it clears the error as one types.
        focus.select_all()
        await pilot.press("backspace")
        await pilot.pause()
        assert not message.has_class("-shown")


async def test_a_bad_promise_and_a_bad_date_show_their_errors() -> None:
    app = HoursApp()
    async with app.run_test(size=(90, 30)) as pilot:
        app.screen.query_one("#hours-promise", Input).value = "soon"
        area(app, "time_off").text = "2026-12-24..2026-12-01 Backwards"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result == UNSET
        assert "not a reply window: 'soon'" in str(error(app, "promise").content)
        assert str(error(app, "time_off").content) == (
            "time off must end on or after its first day"
        )


async def test_escape_cancels() -> None:
    app = HoursApp()
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None


def test_rules_round_trip_through_their_text() -> None:
    text = "Mon-Fri 09:00-12:30,13:30-17:00\nSat 10:00-12:00\nDaily 22:00-02:00"
    hours, errors = read_hours(Hours(), {"working": text})
    assert hours is not None and format_rules(hours.working) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mon-Fri 9-17", "not a time of day: '9' (use HH:MM)"),
        (
            "Tue 09:00-11:00\n\nMon-Fri",
            "line 3: not a weekly rule: 'Mon-Fri' (try 'Mon-Fri 09:00-17:00')",
        ),
        ("Mon-Fri 24:00-25:00", "not a time of day: '25:00'"),
    ],
)
async def test_a_bad_rule_is_shown_under_its_field(text: str, message: str) -> None:
    app = HoursApp()
    async with app.run_test(size=(90, 30)) as pilot:
        area(app, "working").text = text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(error(app, "working").content) == message
        assert app.result == UNSET


async def test_the_preview_says_when_nobody_can_expect_a_reply() -> None:
    app = HoursApp()
    async with app.run_test(size=(90, 30)) as pilot:
        area(app, "working").text = ""
        await pilot.pause()
        preview = str(app.screen.query_one("#hours-preview", Static).content)
        assert preview.startswith("Week: no working hours: no reply can be expected from you")
