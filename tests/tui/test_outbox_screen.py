"""The outbox dialog (U): a refused event shown with the server's reason, and
discarded with d, which takes its effect off this device too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from app_harness import SIZE, screen_text, status_bar_text, wait_until, widget_text
from server_app_harness import ServerTeam
from server_app_harness import server_team as server_team  # the fixture
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

from asynctui.client.workspace import Workspace
from asynctui.core.clock import SystemClock
from asynctui.core.events import ChannelCreated, Event, MessagePosted, encode
from asynctui.core.ids import new_id
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._outbox import OutboxScreen


class Notes:
    """A message hook keeping the notifications the app showed."""

    def __init__(self) -> None:
        self.shown: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify) and message.notification not in self.shown:
            self.shown.append(message.notification)


def bob_takes_salaries_as_a_private_channel(team: ServerTeam) -> None:
    """What Ana cannot see: her public #salaries has the same id, so it is refused."""
    bob = team.bob
    event = Event(
        id=new_id(), lamport=1, device=bob.device, author=bob.member,
        at=datetime.now(UTC),
        body=ChannelCreated(
            channel="c-salaries", name="salaries", private=True, members=(bob.member,)
        ),
    )  # fmt: skip
    answer = httpx.post(
        f"{team.server.url}/v1/events",
        content=b'{"events":[' + encode(event) + b"]}",
        headers={**bob.headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text


def ana_queued_salaries_while_offline(team: ServerTeam) -> None:
    offline = Workspace(team.ana_replica(), None, SystemClock(), team.ana.member, team.ana.device)
    offline.emit(ChannelCreated(channel="c-salaries", name="salaries"))


async def opened(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert await wait_until(pilot, lambda: "synced" in status_bar_text(app), seconds=20)


async def test_a_channel_the_server_refuses_is_told_with_its_reason_and_discarded_with_d(
    server_team: ServerTeam,
) -> None:
    bob_takes_salaries_as_a_private_channel(server_team)
    ana_queued_salaries_while_offline(server_team)
    notes = Notes()
    app = server_team.app()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await opened(pilot)
        (refused,) = [n for n in notes.shown if n.title == "Refused by the server"]
        assert refused.severity == "error"
        assert "the new channel #salaries" in refused.message
        assert "that you can see" in refused.message  # the server's reason
        assert "U to see or discard it" in refused.message
        assert "1 refused (U)" in status_bar_text(app)
        assert "salaries" in widget_text(app, "#sidebar")

        await pilot.press("U")
        await pilot.pause()
        assert isinstance(app.screen, OutboxScreen)
        shown = " ".join(screen_text(app).split())
        assert "refused the new channel #salaries" in shown
        assert "no channel 'c-salaries' that you can see" in shown

        await pilot.press("d")
        assert await wait_until(
            pilot, lambda: any(n.message.startswith("Discarded the new") for n in notes.shown)
        )
        assert not isinstance(app.screen, OutboxScreen)
        assert await wait_until(pilot, lambda: "salaries" not in widget_text(app, "#sidebar"))
        assert "refused" not in status_bar_text(app)
        assert server_team.ana_replica().outbox() == []
        # What the server has is all still here: read again, not lost.
        assert "general" in widget_text(app, "#sidebar")


async def test_a_pending_event_is_not_discarded_from_the_dialog(
    server_team: ServerTeam,
) -> None:
    notes = Notes()
    app = server_team.app()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await opened(pilot)
        server_team.server.stop()
        # Recorded while the server is down: it waits in the outbox.
        app.emit(MessagePosted(message=new_id(), thread=new_id(), body="later"))
        assert await wait_until(pilot, lambda: "1 queued" in status_bar_text(app), seconds=20)
        await pilot.press("U")
        await pilot.pause()
        assert "pending the message 'later'" in " ".join(screen_text(app).split())
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, OutboxScreen)
        assert any(n.message.startswith("Still waiting to be sent") for n in notes.shown)
        assert len(server_team.ana_replica().outbox("pending")) == 1


async def test_an_empty_outbox_says_everything_reached_the_server(
    server_team: ServerTeam,
) -> None:
    app = server_team.app()
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("U")
        await pilot.pause()
        assert "Empty: everything has reached the server." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OutboxScreen)
