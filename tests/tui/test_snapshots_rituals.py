"""Snapshots of the ritual views and dialogs, on a team of our own (ritual_harness.py):
160x45, asynctui-dark, the clock fixed at Wednesday 11:20 in Berlin, cursors not
blinking, today's check-in reminder already given, each taken once syncing is done."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from app_harness import no_blinking, wait_until
from ritual_harness import ANALYTICS, Q1, SIZE, RitualTeam
from ritual_harness import ritual_team as ritual_team  # the `rituals` fixture
from textual.pilot import Pilot
from textual.widgets import Input

from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.widgets._compose import Compose
from asynctui.tui.widgets._ritual_list import RitualList
from asynctui.tui.widgets._status_bar import StatusBar
from asynctui.tui.widgets._thread_view import ThreadView

SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


async def settled(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert await wait_until(pilot, lambda: app.ready and app.query_one(StatusBar).sync == "synced")
    app.query_one(Compose).text_area.cursor_blink = False
    no_blinking(pilot)
    await pilot.pause()


def driving(*steps: Steps) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Settle, run the steps, and settle again."""

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


def choosing(key: str) -> Steps:
    async def step(pilot: Pilot[Any]) -> None:
        assert pilot.app.query_one(RitualList).select_key(key)
        await pilot.pause()

    return step


def opening(thread: str, message: int | None = None) -> Steps:
    async def step(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, AsyncTuiApp)
        app.main.open_thread(thread)
        await pilot.pause()
        if message is not None:
            app.query_one(ThreadView).message_index = message
            await pilot.pause()

    return step


def typing(selector: str, text: str) -> Steps:
    async def step(pilot: Pilot[Any]) -> None:
        pilot.app.screen.query_one(selector, Input).value = text
        await pilot.pause()

    return step


def test_the_checkins_view(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(pressing("C"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_meetings_view(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(pressing("M"), choosing(f"meeting:{Q1}"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_decisions_view(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(pressing("D"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_action_items_view_of_everyone(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(pressing("T", "F", "G"))  # everyone's; the cursor on a done one
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_a_meeting_thread_with_its_agenda_and_the_reply_naming_an_item(
    rituals: RitualTeam, snap_compare: SnapCompare
) -> None:
    run = driving(pressing("M"), choosing(f"meeting:{Q1}"), pressing("enter", "r"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_answer_screen(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(pressing("C", "enter", "D", "o", "n", "e"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_new_action_item_screen(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(
        opening(ANALYTICS, message=1),
        pressing("w"),
        typing("#action-owner", "@chen"),
        typing("#action-due", "fri 17:00"),
    )
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_decision_screen(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(opening(ANALYTICS, message=1), pressing("d"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_digest_screen(rituals: RitualTeam, snap_compare: SnapCompare) -> None:
    run = driving(pressing("B"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=SIZE, run_before=run)


def test_the_checkins_view_on_a_narrow_terminal(
    rituals: RitualTeam, snap_compare: SnapCompare
) -> None:
    run = driving(pressing("C"))
    assert snap_compare(rituals.app(reminded=True), terminal_size=(80, 30), run_before=run)
