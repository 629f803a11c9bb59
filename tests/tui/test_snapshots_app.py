"""Snapshots of the whole app on the demo team: 160x45, asynctui-dark, the clock fixed at
Wednesday 11:20 in Berlin, cursors not blinking, and each taken once syncing is done."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from app_harness import (
    API_REVIEW,
    LAUNCH,
    SIZE,
    DemoTeam,
    no_blinking,
    screen_text,
    wait_until,
)
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.pilot import Pilot

from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._ask import AskScreen
from asynctui.tui.screens._help import HelpScreen
from asynctui.tui.screens._search import SearchScreen
from asynctui.tui.widgets._compose import Compose
from asynctui.tui.widgets._status_bar import StatusBar
from asynctui.tui.widgets._thread_list import ThreadList

SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until the status bar says "synced" with nothing queued and what the first
    frame leaves out is shown, then stop blinking."""
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert app.theme == "asynctui-dark"
    assert await wait_until(pilot, lambda: app.ready and app.query_one(StatusBar).sync == "synced")
    app.query_one(Compose).text_area.cursor_blink = False
    no_blinking(pilot)
    await pilot.pause()


def driving(*steps: Steps) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A ``run_before`` that settles, runs the steps, and settles again."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        for step in steps:
            await step(pilot)
        await settled(pilot)

    return run_before


def opening(demo: DemoTeam, title: str) -> Steps:
    async def step(pilot: Pilot[Any]) -> None:
        assert pilot.app.query_one(ThreadList).select_id(demo.thread_id(title))
        await pilot.press("enter")
        await pilot.pause()

    return step


def pressing(*keys: str) -> Steps:
    async def step(pilot: Pilot[Any]) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    return step


def test_the_inbox(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    assert snap_compare(demo.app(), terminal_size=SIZE, run_before=driving())


def test_a_thread_with_the_compose_box(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    async def type_a_reply(pilot: Pilot[Any]) -> None:
        await pilot.press("r", *"DE", "space", *"first")
        await pilot.pause()

    assert snap_compare(
        demo.app(), terminal_size=SIZE, run_before=driving(opening(demo, LAUNCH), type_a_reply)
    )


def test_the_team_panel(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    assert snap_compare(demo.app(), terminal_size=SIZE, run_before=driving(pressing("ctrl+t")))


def test_the_ask_screen(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    async def on_the_ask_screen(pilot: Pilot[Any]) -> None:
        assert isinstance(pilot.app.screen, AskScreen)

    assert snap_compare(
        demo.app(),
        terminal_size=SIZE,
        run_before=driving(opening(demo, LAUNCH), pressing("a"), on_the_ask_screen),
    )


def test_the_help_screen(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    async def on_the_help_screen(pilot: Pilot[Any]) -> None:
        assert isinstance(pilot.app.screen, HelpScreen)

    assert snap_compare(
        demo.app(),
        terminal_size=SIZE,
        run_before=driving(pressing("question_mark"), on_the_help_screen),
    )


def test_the_search_screen_with_results(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    async def search_for_offset(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"offset")
        assert await wait_until(pilot, lambda: "enter opens the thread" in screen_text(app))
        assert API_REVIEW in screen_text(app)

    assert snap_compare(
        demo.app(),
        terminal_size=SIZE,
        run_before=driving(pressing("slash"), search_for_offset),
    )
