"""Snapshots of the quick switcher on the demo team: nothing typed, and "des" typed, at
80x24, 120x30 and 160x48. asynctui-dark, the clock fixed at Wednesday 11:20 in Berlin,
cursors not blinking, notifications cleared."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from app_harness import DemoTeam, no_blinking, wait_until
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.pilot import Pilot

from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._switcher import SwitcherScreen
from asynctui.tui.widgets._status_bar import StatusBar

SnapCompare = Callable[..., bool]

SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (120, 30), (160, 48)], ids=["80x24", "120x30", "160x48"]
)


def switching(typed: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, AsyncTuiApp)
        assert await wait_until(
            pilot, lambda: app.ready and app.query_one(StatusBar).sync == "synced"
        )
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, SwitcherScreen)
        await pilot.press(*typed)
        no_blinking(pilot)
        app.clear_notifications()
        await pilot.pause()

    return run_before


@SIZES
def test_the_switcher_with_nothing_typed(
    demo: DemoTeam, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(demo.app(), terminal_size=size, run_before=switching(""))


@SIZES
def test_the_switcher_with_des_typed(
    demo: DemoTeam, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(demo.app(), terminal_size=size, run_before=switching("des"))
