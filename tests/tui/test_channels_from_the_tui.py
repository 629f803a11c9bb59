"""Channels, direct messages and invitations from the TUI, on a brand-new workspace.

Ana (Berlin) made the workspace with `asynctui init --folder`, and Kenji (Tokyo)
joined it: nobody has made a channel, so the workspace has the #general init made.
Ana opens the app, makes channels (N), writes to Kenji (m) and, on a server, invites
Zoe (I) with a join code that `asynctui init --server` accepts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_harness import NOW, NOW_TEXT, DemoTeam, screen_text, wait_until, widget_text
from counting_proxy import CountingProxy
from server_app_harness import ServerTeam, seed
from server_harness import running_server
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, TextArea

from asynctui.cli import main
from asynctui.client import queries
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._invite import InviteScreen
from asynctui.tui.screens._new_channel import NewChannelScreen
from asynctui.tui.screens._new_dm import NewDmScreen
from asynctui.tui.screens._new_thread import NewThreadScreen
from asynctui.tui.widgets._status_bar import StatusBar

WIDE = (160, 48)
SMALL = (80, 24)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DemoTeam]:
    """Ana's app on a workspace just made by `asynctui init`, Kenji joined."""
    monkeypatch.setenv("ASYNCTUI_NOW", NOW_TEXT)
    folder = str(tmp_path / "shared")
    for who, name, tz in (
        ("ana", "Ana Ruiz", "Europe/Berlin"),
        ("kenji", "Kenji Sato", "Asia/Tokyo"),
    ):
        monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(tmp_path / who))
        argv = ["--config", str(tmp_path / f"{who}.toml"), "init", "--folder", folder]
        assert main([*argv, "--name", name, "--handle", who, "--tz", tz]) == 0
    team = DemoTeam(tmp_path, tmp_path / "ana.toml")
    yield team
    team.close()


async def settled(pilot: Pilot[Any]) -> AsyncTuiApp:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert await wait_until(
        pilot, lambda: app.ready and app.query_one(StatusBar).sync.startswith("synced")
    )
    await pilot.pause()
    return app


def fill(app: AsyncTuiApp, values: dict[str, str]) -> None:
    for id, value in values.items():
        widget = app.screen.query_one(f"#{id}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        else:
            assert isinstance(widget, Input)
            widget.value = value


def words(text: str) -> str:
    return " ".join(text.split())


async def new_thread_channel(pilot: Pilot[Any], app: AsyncTuiApp) -> object:
    """The channel the new thread dialog starts with (then closed)."""
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, NewThreadScreen)
    chosen = app.screen.query_one("#new-channel", Select).value
    await pilot.press("escape")
    await pilot.pause()
    return chosen


async def test_a_new_workspace_has_general_and_a_new_thread_from_the_inbox_goes_there(
    fresh: DemoTeam,
) -> None:
    async with fresh.app(NOW).run_test(size=WIDE) as pilot:
        app = await settled(pilot)
        assert "#general" in widget_text(app, "#sidebar")
        assert await new_thread_channel(pilot, app) == "c-general"


async def test_ana_makes_a_public_channel_and_a_new_thread_there_defaults_to_it(
    fresh: DemoTeam,
) -> None:
    async with fresh.app(NOW).run_test(size=WIDE) as pilot:
        app = await settled(pilot)
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NewChannelScreen)
        fill(app, {"channel-name": "design", "channel-topic": "Mockups and reviews"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NewChannelScreen)
        # The new channel is shown, and a new thread goes there.
        assert app.main.view == "channel:c-design"
        assert "#design" in widget_text(app, "#sidebar")
        assert await new_thread_channel(pilot, app) == "c-design"
    design = queries.channel_by_name(fresh.db(), "design")
    assert design is not None and (design.topic, design.private) == ("Mockups and reviews", False)


async def test_ana_makes_a_private_channel_with_kenji(fresh: DemoTeam) -> None:
    async with fresh.app(NOW).run_test(size=WIDE) as pilot:
        app = await settled(pilot)
        await pilot.press("N")
        await pilot.pause()
        members = app.screen.query_one("#channel-members", Input)
        assert members.disabled  # a public channel is open to everyone
        app.screen.query_one("#channel-private", Checkbox).value = True
        await pilot.pause()
        assert not members.disabled
        fill(app, {"channel-name": "hiring", "channel-members": "@kenji"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "#hiring" in widget_text(app, "#sidebar")
    db = fresh.db()
    hiring = queries.channel_by_name(db, "hiring")
    assert hiring is not None and hiring.private
    team = fresh.team()
    assert sorted(team.handle(m) for m in queries.channel_members(db, hiring.id)) == [
        "ana",
        "kenji",
    ]


async def test_a_channel_that_cannot_be_made_says_why_and_the_dialog_stays_open(
    fresh: DemoTeam,
) -> None:
    async with fresh.app(NOW).run_test(size=WIDE) as pilot:
        app = await settled(pilot)
        await pilot.press("N")
        await pilot.pause()
        fill(app, {"channel-name": "general"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewChannelScreen)
        assert "#general already exists" in words(screen_text(app))
        assert app.screen.query_one("#channel-name", Input).value == "general"


async def test_ana_writes_to_kenji_and_sees_him_under_direct_messages(fresh: DemoTeam) -> None:
    async with fresh.app(NOW).run_test(size=WIDE) as pilot:
        app = await settled(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NewDmScreen)
        assert "@kenji" in words(screen_text(app))  # the team is offered under the field
        fill(app, {"dm-to": "@kenji", "dm-title": "Lunch?", "dm-body": "Free at 12?"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NewDmScreen)
        assert await wait_until(pilot, lambda: "@kenji" in widget_text(app, "#sidebar"))
        sidebar = widget_text(app, "#sidebar")
        assert (
            sidebar.index("Channels") < sidebar.index("Direct messages") < sidebar.index("@kenji")
        )
        assert "dm-" not in screen_text(app)
        # The thread opened, and a new thread from its view goes to Kenji too.
        (thread,) = [t for t in queries.threads(fresh.db()) if t.title == "Lunch?"]
        assert app.main.thread_id == thread.id


async def test_a_dm_to_nobody_says_whom_to_name(fresh: DemoTeam) -> None:
    async with fresh.app(NOW).run_test(size=WIDE) as pilot:
        app = await settled(pilot)
        await pilot.press("m")
        await pilot.pause()
        fill(app, {"dm-title": "Lunch?"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewDmScreen)
        assert "name someone to write to, e.g. @kenji" in words(screen_text(app))


async def test_ana_types_ken_and_right_arrow_completes_it_to_kenji(fresh: DemoTeam) -> None:
    async with fresh.app(NOW).run_test(size=SMALL) as pilot:
        app = await settled(pilot)
        await pilot.press("m", *"@ken")
        await pilot.pause()
        to = app.screen.query_one("#dm-to", Input)
        assert await wait_until(pilot, lambda: to._suggestion == "@kenji")
        await pilot.press("right")
        assert to.value == "@kenji"


async def test_on_a_shared_folder_an_invite_says_how_to_join(fresh: DemoTeam) -> None:
    async with fresh.app(NOW).run_test(size=WIDE) as pilot:
        app = await settled(pilot)
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, InviteScreen)
        fill(app, {"invite-handle": "zoe", "invite-name": "Zoe Park"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = app.screen.query_one("#invite-result", TextArea).text
        assert 'asynctui init --folder FOLDER --name "Zoe Park" --handle zoe' in shown


@pytest.mark.parametrize("key", ["N", "m", "I", "c"])
async def test_every_dialog_fits_at_80x24(fresh: DemoTeam, key: str) -> None:
    async with fresh.app(NOW).run_test(size=SMALL) as pilot:
        app = await settled(pilot)
        await pilot.press(key)
        await pilot.pause()
        frame = app.screen.query_one("VerticalScroll" if key != "c" else "Vertical")
        assert frame.region.right <= SMALL[0] and frame.region.bottom <= SMALL[1]
        assert "esc" in screen_text(app)  # the keys line is in sight


# -- on a server -----------------------------------------------------------------------------


@contextlib.contextmanager
def team_with_admin_ana(base: Path) -> Iterator[ServerTeam]:
    (base / "server").mkdir()
    for server in running_server(base / "server"):
        proxy = CountingProxy(server.url)
        proxy.start()
        team = ServerTeam(server, proxy, server.join("ana", admin=True), server.join("bob"), base)
        try:
            seed(team)
            yield team
        finally:
            team.close()


async def test_on_a_server_an_invite_shows_a_join_code_that_asynctui_init_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with team_with_admin_ana(tmp_path) as team:
        async with team.app().run_test(size=WIDE) as pilot:
            app = pilot.app
            assert isinstance(app, AsyncTuiApp)
            assert await wait_until(pilot, lambda: app.ready, seconds=20)
            await pilot.press("I")
            await pilot.pause()
            assert "one-use join code" in words(screen_text(app))
            fill(app, {"invite-handle": "zoe", "invite-name": "Zoe Park"})
            await pilot.press("ctrl+s")
            await pilot.pause()
            shown = app.screen.query_one("#invite-result", TextArea).text
        assert shown.startswith("Join code for @zoe (one use, valid 7 days): ")
        code = shown.removeprefix("Join code for @zoe (one use, valid 7 days): ").split(" · ")[0]
        monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(tmp_path / "zoe"))
        monkeypatch.setenv("ASYNCTUI_JOIN_CODE", code)
        config = str(tmp_path / "zoe.toml")
        assert main(["--config", config, "init", "--server", team.server.url, "--tz", "UTC"]) == 0
        assert main(["--config", config, "channels"]) == 0
