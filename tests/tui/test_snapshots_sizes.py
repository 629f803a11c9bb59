"""Snapshots of the app on the demo team at the sizes people use: the main screen at
80x24, 100x30, 120x30, 160x48 and 200x60; each view, the team panel and each dialog at
80x24, 120x30 and 160x48. asynctui-dark, the clock fixed at Wednesday 11:20 in Berlin, cursors not
blinking, notifications cleared, each taken once syncing is done."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from app_harness import API_REVIEW, LAUNCH, DemoTeam, no_blinking, screen_text, wait_until
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.pilot import Pilot
from textual.screen import ModalScreen

from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.widgets._compose import Compose
from asynctui.tui.widgets._sidebar import Sidebar
from asynctui.tui.widgets._status_bar import StatusBar
from asynctui.tui.widgets._thread_list import ThreadList

SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[Any]], Awaitable[None]]

SMALL, MIDDLE, WIDE = (80, 24), (120, 30), (160, 48)
BOTH = pytest.mark.parametrize("size", [SMALL, MIDDLE, WIDE], ids=["80x24", "120x30", "160x48"])


async def settled(pilot: Pilot[Any]) -> None:
    """Synced with nothing queued, what the first frame leaves out shown, no blinking
    cursor, no notification (the check-in reminder's toast comes and goes)."""
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert app.theme == "asynctui-dark"
    assert await wait_until(pilot, lambda: app.ready and app.query_one(StatusBar).sync == "synced")
    app.query_one(Compose).text_area.cursor_blink = False
    no_blinking(pilot)
    app.clear_notifications()
    await pilot.pause()


def driving(*steps: Steps) -> Steps:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        for step in steps:
            await step(pilot)
        await settled(pilot)

    return run_before


def pressing(*keys: str) -> Steps:
    async def step(pilot: Pilot[Any]) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return step


def opening(demo: DemoTeam, title: str) -> Steps:
    async def step(pilot: Pilot[Any]) -> None:
        assert pilot.app.query_one(ThreadList).select_id(demo.thread_id(title))
        await pilot.press("enter")
        await pilot.pause()

    return step


async def theme_picker(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    app.action_change_theme()
    await pilot.pause()


async def switcher_typed(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+k", *"des")
    await pilot.pause()


async def in_a_dialog(pilot: Pilot[Any]) -> None:
    assert isinstance(pilot.app.screen, ModalScreen)


# -- the main screen -------------------------------------------------------------------


@pytest.mark.parametrize(
    "size",
    [SMALL, (100, 30), MIDDLE, WIDE, (200, 60)],
    ids=["80x24", "100x30", "120x30", "160x48", "200x60"],
)
def test_the_inbox(demo: DemoTeam, snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(demo.app(), terminal_size=size, run_before=driving())


@BOTH
def test_a_thread_being_read(
    demo: DemoTeam, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(demo.app(), terminal_size=size, run_before=driving(opening(demo, LAUNCH)))


@BOTH
def test_the_team_panel(demo: DemoTeam, snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(demo.app(), terminal_size=size, run_before=driving(pressing("ctrl+t")))


def test_the_views_and_channels_over_the_list(demo: DemoTeam, snap_compare: SnapCompare) -> None:
    assert snap_compare(demo.app(), terminal_size=SMALL, run_before=driving(pressing("v", "j")))


# -- each view ---------------------------------------------------------------------------


def picking(label: str) -> Steps:
    """Show the views over the list (v) and choose the one labelled ``label`` with j, enter."""

    async def step(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, AsyncTuiApp)
        await pilot.press("v", "g")
        options = app.query_one(Sidebar).option_list
        for _ in range(options.option_count):
            option = options.highlighted_option
            info = app.query_one(Sidebar).view_info(str(option.id)) if option else None
            if info is not None and info.label == label:
                break
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()

    return step


VIEWS: dict[str, Steps] = {
    "owed-by-me": pressing("o"),
    "owed-to-me": pressing("O"),
    "mentions": picking("Mentions"),
    "a-channel": picking("#design"),
    "checkins": pressing("C"),
    "meetings": pressing("M"),
    "decisions": pressing("D"),
    "action-items": pressing("T"),
}


@BOTH
@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view(
    demo: DemoTeam, snap_compare: SnapCompare, size: tuple[int, int], view: str
) -> None:
    assert snap_compare(demo.app(), terminal_size=size, run_before=driving(VIEWS[view]))


# -- each dialog ---------------------------------------------------------------------------


async def search_for_offset(pilot: Pilot[Any]) -> None:
    await pilot.press(*"offset")
    assert await wait_until(pilot, lambda: API_REVIEW in screen_text(pilot.app))


def dialog_steps(demo: DemoTeam, dialog: str) -> list[Steps]:
    in_a_thread = opening(demo, LAUNCH)
    steps: dict[str, list[Steps]] = {
        "new-thread": [pressing("c")],
        "ask": [in_a_thread, pressing("a")],
        "react": [in_a_thread, pressing("plus")],
        "decision": [in_a_thread, pressing("d")],
        "action-item": [in_a_thread, pressing("w")],
        "status": [pressing("s")],
        "hours": [pressing("h")],
        "search": [pressing("slash"), search_for_offset],
        "help": [pressing("question_mark")],
        "outbox": [pressing("U")],
        "digest": [pressing("B")],
        "checkin-answer": [pressing("C", "enter")],
        "new-checkin": [pressing("C", "c")],
        "new-meeting": [pressing("M", "c")],
        "new-channel": [pressing("N")],
        "new-dm": [pressing("m")],
        "invite": [pressing("I")],
        "switcher": [switcher_typed],
        "themes": [theme_picker],
    }
    return steps[dialog]


DIALOGS = [
    "new-thread",
    "ask",
    "react",
    "decision",
    "action-item",
    "status",
    "hours",
    "search",
    "help",
    "outbox",
    "digest",
    "checkin-answer",
    "new-checkin",
    "new-meeting",
    "new-channel",
    "new-dm",
    "invite",
    "switcher",
    "themes",
]


@BOTH
@pytest.mark.parametrize("dialog", DIALOGS)
def test_each_dialog(
    demo: DemoTeam, snap_compare: SnapCompare, size: tuple[int, int], dialog: str
) -> None:
    steps = [*dialog_steps(demo, dialog), in_a_dialog]
    assert snap_compare(demo.app(), terminal_size=size, run_before=driving(*steps))
