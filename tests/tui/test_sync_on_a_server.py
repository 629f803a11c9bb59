"""The app's sync worker against a real server, counted by a proxy: an idle app
waits with long-polls, and what Ana does is sent while one is held."""

from __future__ import annotations

from typing import Any

import pytest
from app_harness import SIZE, status_bar_text, wait_until
from counting_proxy import Request
from server_app_harness import TITLE, ServerTeam
from server_app_harness import server_team as server_team  # the fixture
from textual.pilot import Pilot

from asynctui.client import queries
from asynctui.core.events import MessagePosted
from asynctui.core.ids import new_id
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.widgets._thread_list import ThreadList

IDLE_SECONDS = 60.0
"""How long the idle app is watched: a whole minute, so the count is a rate."""


async def synced(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert await wait_until(pilot, lambda: status_bar_text(app).endswith("synced"), seconds=20)


async def open_the_thread(pilot: Pilot[Any], team: ServerTeam) -> None:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    (thread,) = queries.threads(team.ana_replica().db)
    app.query_one(ThreadList).focus()
    assert app.query_one(ThreadList).select_id(thread.id)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.slow
async def test_an_idle_app_asks_the_server_at_most_three_times_a_minute(
    server_team: ServerTeam,
) -> None:
    app = server_team.app()
    proxy = server_team.proxy
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        before = proxy.count()
        await pilot.pause(IDLE_SECONDS)
        made = proxy.requests[before:]
    assert len(made) <= 3, made
    # What it made were waits for news, not syncs.
    assert all(r.method == "GET" and "wait=25" in r.path for r in made), made


async def test_a_reply_is_sent_while_a_long_poll_is_held_and_then_read_back(
    server_team: ServerTeam,
) -> None:
    app = server_team.app()
    proxy = server_team.proxy
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        assert await wait_until(pilot, lambda: any("wait=" in r.path for r in proxy.requests))
        await open_the_thread(pilot, server_team)
        await pilot.press("r")
        await pilot.press(*["space" if c == " " else c for c in "Sounds good"])
        await pilot.press("ctrl+s")

        def the_reply() -> list[Request]:
            return [r for r in proxy.requests if r.method == "POST" and b"Sounds good" in r.body]

        assert await wait_until(pilot, lambda: bool(the_reply()), seconds=20)
        (post,) = the_reply()
        # The long-poll was still open: the reply did not wait for it to end.
        assert post.open_before >= 1
        # Its echo is news: the app reads it back, and the outbox is empty.
        with_reply = server_team.workspace(server_team.bob, server_team.base / "bob-check.db")
        with_reply.sync()
        (thread,) = queries.threads(with_reply.db)
        assert queries.messages(with_reply.db, thread.id)[-1].body == "Sounds good"
        assert await wait_until(pilot, lambda: not server_team.ana_replica().outbox())


async def test_bobs_new_message_reaches_the_waiting_app_through_its_long_poll(
    server_team: ServerTeam,
) -> None:
    app = server_team.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        assert await wait_until(
            pilot, lambda: any("wait=" in r.path for r in server_team.proxy.requests)
        )
        bob = server_team.workspace(server_team.bob, server_team.base / "bob-now.db")
        bob.sync()
        (thread,) = queries.threads(bob.db)
        bob.emit(MessagePosted(message=new_id(), thread=thread.id, body="Shipping Friday"))
        assert bob.sync().sent == 1
        replica = server_team.ana_replica()

        def arrived() -> bool:
            return queries.messages(replica.db, thread.id)[-1].body == "Shipping Friday"

        assert thread.title == TITLE
        assert await wait_until(pilot, arrived, seconds=30)
