"""The quick switcher on the demo team: ctrl+k, a few letters, enter; and the palette."""

from __future__ import annotations

from typing import Any

from app_harness import (
    ONBOARDING,
    SIZE,
    DemoTeam,
    screen_text,
    synced,
    wait_until,
)
from app_harness import demo_team as demo_team
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import TextArea

from asynctui.cli import main as cli
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._switcher import SwitcherScreen
from asynctui.tui.widgets._thread_list import ThreadList

DESIGN = "channel:c-design"


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


async def switch_to(pilot: Pilot[Any], text: str) -> SwitcherScreen:
    """ctrl+k and type ``text``: the switcher, showing what it found."""
    await pilot.press("ctrl+k")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SwitcherScreen)
    await type_text(pilot, text)
    await pilot.pause()
    return screen


async def test_ctrl_k_des_enter_shows_the_design_channel(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        switcher = await switch_to(pilot, "des")
        assert switcher.found[0].place.label == "#design"
        assert "channel #design" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SwitcherScreen)
        assert app.main.view == DESIGN
        assert app.main.query_one(ThreadList).has_focus


async def test_a_thread_opens_in_its_channels_view(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        switcher = await switch_to(pilot, "onboarding")
        assert switcher.found[0].place.label == ONBOARDING
        assert f"thread  {ONBOARDING}  in #design" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        main = app.main
        assert (main.view, main.thread_id) == (DESIGN, demo.thread_id(ONBOARDING))
        assert main.query_one(ThreadList).thread_id == demo.thread_id(ONBOARDING)


async def test_the_arrows_and_ctrl_j_ctrl_k_move_through_the_results(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        switcher = await switch_to(pilot, "des")
        second = switcher.found[1].place
        await pilot.press("down", "down", "up")
        await pilot.press("ctrl+j", "ctrl+k")
        await pilot.pause()
        # ctrl+k moved up in the results: it deleted nothing in the box.
        assert "des" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.view == second.view


async def test_a_person_with_no_dm_is_shown_in_the_team_panel(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await synced(pilot)
        await switch_to(pilot, "kenji")
        assert "person  @kenji  Kenji Sato · shows them in the team panel" in screen_text(app)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.main.has_class("show-team"))
        said = "No direct messages with @kenji"
        assert await wait_until(pilot, lambda: said in screen_text(app))
        assert "Kenji Sato @kenji" in screen_text(app)


async def test_a_person_with_a_dm_opens_it(demo: DemoTeam) -> None:
    config = str(demo.config_path)
    assert cli(["dm", "--config", config, "@kenji", "Your visa letter", "It is signed."]) == 0
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        switcher = await switch_to(pilot, "@kenji")
        kinds = {f.place.kind for f in switcher.found if f.place.label == "@kenji"}
        assert kinds == {"dm", "person"}
        assert "opens your DM" in screen_text(app)
        assert "dm-ana-kenji" not in screen_text(app)
        (dm,) = [f.place for f in switcher.found if f.place.kind == "dm"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.view == dm.view
        assert "Your visa letter" in screen_text(app)


async def test_escape_closes_the_switcher_and_goes_nowhere(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await switch_to(pilot, "des")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SwitcherScreen)
        assert (app.main.view, app.main.thread_id) == ("inbox", None)


async def test_with_nothing_typed_it_lists_the_views_then_recent_threads(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        switcher = await switch_to(pilot, "")
        kinds = [f.place.kind for f in switcher.found]
        assert kinds[0] == "view" and kinds[-1] == "thread"
        assert "view    Inbox" in screen_text(app)


async def test_ctrl_k_in_the_compose_box_opens_the_switcher_and_keeps_the_draft(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await switch_to(pilot, "onboarding")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "half a thought")
        await pilot.press("home")
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, SwitcherScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.query_one(TextArea).text == "half a thought"


async def test_ctrl_p_design_finds_the_channel_and_goes_there(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "design")
        assert await wait_until(pilot, lambda: "channel #design" in screen_text(app))
        # The best match first: the channel, not a command or a thread.
        first = next(line for line in screen_text(app).splitlines() if "#design" in line)
        assert "channel #design" in first
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: app.main.view == DESIGN)


async def test_the_palette_lists_the_quick_switcher(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "quick switcher")
        assert await wait_until(pilot, lambda: "Quick switcher" in screen_text(app))
        assert "ctrl+k" in screen_text(app)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SwitcherScreen))


def fits(app: AsyncTuiApp, selector: str) -> bool:
    region = app.screen.query_one(selector).region
    return bool(region.height) and app.screen.region.contains_region(region)


async def test_at_80x24_the_switcher_fits_with_its_results_and_status(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await synced(pilot)
        await switch_to(pilot, "e")
        for part in ("#switcher-dialog", "#switcher-input", "#switcher-results"):
            assert fits(app, part), part
        assert fits(app, "#switcher-status")
        assert "found · enter jumps · esc closes" in screen_text(app)
        switcher = app.screen
        assert isinstance(switcher, SwitcherScreen)
        results = switcher.query_one("#switcher-results").region
        assert results.height >= 8
        # Each result keeps to one line, cut at the edge rather than wrapped.
        rows = screen_text(app).splitlines()[results.y : results.bottom]
        kinds = ("view", "channel", "DM", "person", "thread")
        shown = [row for row in rows if row[results.x :].startswith(kinds)]
        assert len(shown) == min(len(switcher.found), results.height)


async def test_a_name_nobody_has_points_to_the_search(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        switcher = await switch_to(pilot, "zzqx")
        assert switcher.found == []
        assert "Nothing by that name · / searches every message" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SwitcherScreen)
