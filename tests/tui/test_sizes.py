"""The client at every terminal size: each view and channel reached with keys alone at
80x24, the team panel shown at every width, and the status bar, the footer and the
notifications each keeping their own line."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from app_harness import ANA, NOW, DemoTeam, screen_text, synced, wait_until, widget_text
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.pilot import Pilot
from textual.widgets import OptionList

from asynctui.client.views import RITUAL_VIEWS, Views
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.layout import shown
from asynctui.tui.screens._digest import DigestScreen
from asynctui.tui.screens._search import SearchScreen
from asynctui.tui.widgets._sidebar import Sidebar
from asynctui.tui.widgets._status_bar import StatusBar
from asynctui.tui.widgets._view_title import ViewTitle

SMALL = (80, 24)

THREAD_VIEW_KEYS = {"inbox": "i", "owed-by-me": "o", "owed-to-me": "O"}
RITUAL_VIEW_KEYS = {"checkins": "C", "meetings": "M", "decisions": "D", "actions": "T"}
RITUAL_TEXT = {
    "checkins": "Daily check-in",
    "meetings": "Q1 roadmap",
    "decisions": "Decisions · All channels",
    "actions": "Mine",
}
"""Something each ritual view of the demo lists."""


def title(app: AsyncTuiApp) -> str:
    return app.query_one(ViewTitle).text


def list_text(app: AsyncTuiApp) -> str:
    return widget_text(app, "#threads")


def expected_titles(demo: DemoTeam, view: str) -> list[str]:
    """The threads a view lists, by title, in the order the app lists them."""
    views = Views(demo.db(), demo.team(), ANA, NOW)
    return [views.summary(thread_id).title for thread_id in views.thread_ids(view, "urgency")]


def labels(demo: DemoTeam) -> dict[str, str]:
    """Every view of the sidebar and its label: the views, then the channels."""
    return {view.id: view.label for view in Views(demo.db(), demo.team(), ANA, NOW).sidebar()}


async def pick_over_the_list(pilot: Pilot[Any], view_id: str) -> None:
    """Show the views over the list (v), move to ``view_id`` with j, choose it (enter)."""
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    await pilot.press("v")
    await pilot.pause()
    sidebar = app.query_one(Sidebar)
    assert shown(sidebar), "v shows the views and channels over the list"
    options = sidebar.option_list
    assert app.focused is options
    await pilot.press("g")
    for _ in range(options.option_count):
        highlighted = options.highlighted_option
        if highlighted is not None and highlighted.id == view_id:
            break
        await pilot.press("j")
    await pilot.press("enter")
    await pilot.pause()


async def test_at_80_columns_every_view_is_a_key_away_and_named_over_the_list(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    names = labels(demo)
    async with app.run_test(size=SMALL) as pilot:
        await synced(pilot)
        assert not shown(app.query_one(Sidebar))
        assert "v Views and channels" in widget_text(app, "#view-title")
        for view, key in THREAD_VIEW_KEYS.items():
            await pilot.press(key)
            await pilot.pause()
            assert title(app).startswith(names[view]), (view, title(app))
            assert app.query_one("#threads").display
            for thread in expected_titles(demo, view)[:5]:
                assert thread[:30] in list_text(app), (view, thread)
        for view, label in RITUAL_VIEWS:
            await pilot.press(RITUAL_VIEW_KEYS[view])
            await pilot.pause()
            assert title(app).startswith(label), (view, title(app))
            assert not app.query_one("#threads").display
            assert RITUAL_TEXT[view] in widget_text(app, "#rituals")


async def test_at_80_columns_v_reaches_mentions_and_every_channel(demo: DemoTeam) -> None:
    app = demo.app()
    names = labels(demo)
    channels = [view for view in names if view.startswith("channel:")]
    assert len(channels) >= 5
    async with app.run_test(size=SMALL) as pilot:
        await synced(pilot)
        for view in ["mentions", *channels]:
            await pick_over_the_list(pilot, view)
            assert app.main.view == view
            assert title(app).startswith(names[view]), (view, title(app))
            # Picking closes the views and leaves me on the list.
            assert not shown(app.query_one(Sidebar))
            assert app.focused is app.query_one("#threads")
            shown_titles = expected_titles(demo, view)
            for thread in shown_titles[:5]:
                assert thread[:30] in list_text(app), (view, thread)
            if view == "mentions" and not shown_titles:
                assert "Nothing here" in list_text(app)
            if view != "mentions":
                # Every row of a channel's list says it is in that channel.
                people_lines = list_text(app).splitlines()[1::2]
                assert people_lines and all(
                    line.strip().startswith(names[view]) for line in people_lines if line.strip()
                ), (view, people_lines)


async def test_escape_closes_the_views_over_the_list_and_keeps_the_view(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SMALL) as pilot:
        await synced(pilot)
        await pilot.press("o", "v")
        await pilot.pause()
        assert shown(app.query_one(Sidebar))
        await pilot.press("escape")
        await pilot.pause()
        assert not shown(app.query_one(Sidebar))
        assert title(app).startswith("Owed by me")
        assert app.focused is app.query_one("#threads")


async def test_at_80_columns_the_digest_and_search_open_with_their_keys(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SMALL) as pilot:
        await synced(pilot)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, DigestScreen)
        assert "What you owe" in widget_text(app, "#digest-body")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash", *"offset")
        assert isinstance(app.screen, SearchScreen)
        assert await wait_until(
            pilot, lambda: "Review: events API" in widget_text(app, "#search-results")
        )
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_at_wide_sizes_v_goes_to_the_sidebar_where_it_is(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(160, 48)) as pilot:
        await synced(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert app.focused is app.query_one(Sidebar).query_one(OptionList)
        assert not app.query_one(Sidebar).has_class("-over")
        assert "Views and channels" not in widget_text(app, "#view-title")
        assert title(app).startswith("Inbox")


@pytest.mark.parametrize("width", [80, 100, 120, 130, 149, 160, 200])
async def test_ctrl_t_shows_the_team_panel_at_every_width(demo: DemoTeam, width: int) -> None:
    app = demo.app()
    async with app.run_test(size=(width, 30)) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        panel = app.query_one("#team")
        assert shown(panel)
        assert panel.region.right <= width and panel.region.width >= 40
        text = widget_text(app, "#team")
        assert "Kenji Sato" in text and "Tokyo" in text
        # What stays beside it is shown in full, never squeezed to nothing.
        for pane in app.query("#list-pane, #thread-pane"):
            assert not shown(pane) or pane.region.width >= 40
        if width < 90:
            assert panel.region.width == width  # the whole screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not shown(panel)
        assert shown(app.query_one("#list-pane"))


async def test_a_refresh_while_the_team_panel_first_mounts_leaves_it_whole(
    demo: DemoTeam,
) -> None:
    # Found in tmux: ctrl+t just after changing views crashed (NoMatches: DayRuler),
    # the clock's refresh filling the panel before its children were mounted.
    app = demo.app()
    async with app.run_test(size=(120, 30)) as pilot:
        await synced(pilot)
        opening = asyncio.ensure_future(app.main.action_team())
        await asyncio.sleep(0)  # the panel is mounting
        app.main.refresh_data()  # what the clock's tick does
        await opening
        await pilot.pause()
        assert shown(app.query_one("#team"))
        assert "Kenji Sato" in widget_text(app, "#team")


async def test_the_team_panel_takes_the_list_s_place_while_a_thread_is_read(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=(130, 30)) as pilot:
        await synced(pilot)
        await pilot.press("enter", "ctrl+t")
        await pilot.pause()
        assert shown(app.query_one("#thread-pane")) and shown(app.query_one("#team"))
        assert not shown(app.query_one("#list-pane"))


async def test_at_80_columns_escape_closes_the_team_panel_that_fills_the_screen(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SMALL) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.focused is app.query_one("#team")
        await pilot.press("escape")
        await pilot.pause()
        assert not shown(app.query_one("#team"))
        assert app.focused is app.query_one("#threads")


SIZES = [(80, 24), (100, 30), (120, 30), (160, 48), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_status_bar_and_footer_keep_their_lines_in_every_view(
    demo: DemoTeam, size: tuple[int, int]
) -> None:
    width, height = size
    app = demo.app()
    async with app.run_test(size=size) as pilot:
        await synced(pilot)
        for key in ["i", "o", "O", "C", "M", "D", "T", "ctrl+t", "i", "enter"]:
            await pilot.press(key)
            await pilot.pause()
            footer = app.query_one("KeyFooter")
            assert footer.region.y == height - 1 and footer.region.width == width, key
            assert app.query_one(StatusBar).region.y == height - 2, key
            assert "? Help" in widget_text(app, "KeyFooter"), key


async def test_notifications_sit_above_the_status_bar_and_footer(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await synced(pilot)
        app.notify("Something to say", timeout=30)
        assert await wait_until(pilot, lambda: "Something to say" in screen_text(app))
        *above, status_bar, footer = screen_text(app).splitlines()
        assert any("Something to say" in line for line in above)
        # A toast's edge is drawn with "▌": none on the last two lines.
        assert "▌" not in status_bar and "▌" not in footer
        assert status_bar.strip().startswith("● available") and status_bar.strip().endswith(
            "synced"
        )
        assert footer.strip().endswith("q Quit")
