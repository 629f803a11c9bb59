"""Snapshots of the people screens: team panel, status, hours, sidebar (fixed clock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from test_hours_screen import HoursApp
from test_sidebar import SidebarApp
from test_status_screen import NOW as STATUS_NOW
from test_status_screen import StatusApp
from test_team_panel import PanelApp
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from asynctui.client.team import Status

SnapCompare = Callable[..., bool]


def no_blinking(pilot: Pilot[None]) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


class NarrowPanelApp(PanelApp):
    """The team panel at the width the app gives it."""

    CSS = "TeamPanel { width: 46; }"


def test_team_panel(snap_compare: SnapCompare) -> None:
    assert snap_compare(NarrowPanelApp(), terminal_size=(80, 34))


def test_team_panel_wide(snap_compare: SnapCompare) -> None:
    assert snap_compare(PanelApp(), terminal_size=(70, 34))


def test_status_screen(snap_compare: SnapCompare) -> None:
    current = Status("focus", "Writing the plan", "🎧", STATUS_NOW + timedelta(hours=1), STATUS_NOW)
    assert snap_compare(StatusApp(current), terminal_size=(80, 26), run_before=no_blinking)


def test_status_screen_focus_only(snap_compare: SnapCompare) -> None:
    assert snap_compare(StatusApp(focus_only=True), terminal_size=(80, 20))


def test_status_screen_with_a_bad_expiry(snap_compare: SnapCompare) -> None:
    async def type_bad_expiry(pilot: Pilot[None]) -> None:
        no_blinking(pilot)
        pilot.app.screen.query_one("#status-until", Input).value = "soonish"
        await pilot.press("ctrl+s")

    assert snap_compare(StatusApp(), terminal_size=(80, 26), run_before=type_bad_expiry)


def test_hours_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(HoursApp(), terminal_size=(90, 26), run_before=no_blinking)


def test_hours_screen_with_errors(snap_compare: SnapCompare) -> None:
    async def break_rules(pilot: Pilot[None]) -> None:
        no_blinking(pilot)
        pilot.app.screen.query_one("#hours-focus", TextArea).text = "Moonday 10:00-11:00"
        pilot.app.screen.query_one("#hours-promise", Input).value = "soon"
        await pilot.press("ctrl+s")

    assert snap_compare(HoursApp(), terminal_size=(90, 26), run_before=break_rules)


def test_sidebar(snap_compare: SnapCompare) -> None:
    assert snap_compare(SidebarApp(), terminal_size=(40, 14), press=["j"])
