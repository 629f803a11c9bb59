"""Snapshots of the themes: the picker (ours first, Textual's own under their heading) and
a dialog in asynctui-light, whose unfocused field outlines can now be seen. 80x24, the
demo team, the clock fixed at Wednesday 11:20 in Berlin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app_harness import DemoTeam, no_blinking, synced
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.pilot import Pilot

from asynctui.config import save
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._new_thread import NewThreadScreen
from asynctui.tui.screens._themes import ThemeScreen
from asynctui.tui.widgets._compose import Compose

SnapCompare = Callable[..., bool]
SMALL = (80, 24)


def in_theme(demo: DemoTeam, theme: str) -> AsyncTuiApp:
    config = demo.config
    config.theme = theme
    save(config, demo.config_path)
    return demo.app()


async def settled(pilot: Pilot[Any]) -> None:
    await synced(pilot)
    pilot.app.query_one(Compose).text_area.cursor_blink = False
    no_blinking(pilot)
    await pilot.pause()


def test_the_theme_picker(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        pilot.app.action_change_theme()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ThemeScreen)

    assert snap_compare(demo.app(), terminal_size=SMALL, run_before=run_before)


def test_a_new_thread_in_the_light_theme(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NewThreadScreen)
        no_blinking(pilot)
        await pilot.pause()

    app = in_theme(demo, "asynctui-light")
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
