"""What my teammates do reaches me named: "@maya mentioned you in ...", "@sam asked you
in ..., due 14:05" (my time). In focus, it waits, and is named when focus ends; `f`
ends the focus it started.

The demo team on its shared folder, on the demo's fixed clock (Wednesday 11:20 in
Berlin, Ana's zone, in her working hours): Maya's and Sam's laptops write their
events straight into the folder, as their clients would.
"""

from __future__ import annotations

from datetime import timedelta

from app_harness import (
    ANA,
    LAUNCH,
    MAYA,
    NOW,
    SAM,
    SIZE,
    DemoTeam,
    status_bar_text,
    synced,
    wait_until,
)
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.message import Message
from textual.notifications import Notify

from asynctui.client.fold import ms
from asynctui.client.replica import Replica
from asynctui.core.events import AskCreated, Event, MessagePosted, Payload
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore
from asynctui.tui.screens._status import StatusScreen


class Toasts:
    """A message hook: the notifications the app showed, in order."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify) and message.notification.message not in self.said:
            self.said.append(message.notification.message)

    def any(self, words: str) -> bool:
        return any(words in said for said in self.said)


def from_laptop(demo: DemoTeam, author: str, body: Payload, seconds: int = 5) -> None:
    """``author``'s laptop appends one event to the shared folder."""
    replica = Replica(demo.replica_path)
    try:
        lamport = replica.lamport
    finally:
        replica.close()
    at = NOW + timedelta(seconds=seconds)
    handle = author.removeprefix("m-")
    event = Event(id=new_id(ms(at)), lamport=lamport + 10, device=f"{handle}-laptop",
                  author=author, at=at, body=body)  # fmt: skip
    FolderStore(demo.folder, f"{handle}-laptop").append([event])


def mention(demo: DemoTeam, author: str = MAYA, text: str = "@ana can you check?") -> None:
    body = MessagePosted(message=new_id(), thread=demo.thread_id(LAUNCH), body=text)
    from_laptop(demo, author, body)


async def test_a_mention_from_maya_names_her_and_the_thread(demo: DemoTeam) -> None:
    toasts = Toasts()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await synced(pilot)
        mention(demo)
        assert await wait_until(pilot, lambda: toasts.any("@maya mentioned you in"))
        assert "@maya mentioned you in Q1 launch: which markets first?" in toasts.said


async def test_an_ask_from_sam_says_by_when_in_my_own_time(demo: DemoTeam) -> None:
    toasts = Toasts()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await synced(pilot)
        asked = AskCreated(ask=new_id(), thread=demo.thread_id(LAUNCH), asked=ANA,
                           within=Window(2, "h"))  # fmt: skip
        from_laptop(demo, SAM, asked)
        assert await wait_until(pilot, lambda: toasts.any("@sam asked you"))
        # Two of my working hours from 11:20 in Berlin, across my lunch break (Sam is
        # in New York: the time is mine).
        assert "@sam asked you in Q1 launch: which markets first?, due 14:05" in toasts.said


async def test_what_i_write_from_my_phone_is_not_news_to_me(demo: DemoTeam) -> None:
    toasts = Toasts()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await synced(pilot)
        body = MessagePosted(message=new_id(), thread=demo.thread_id(LAUNCH), body="From my phone")
        event = Event(id=new_id(ms(NOW)), lamport=10_000, device="ana-phone", author=ANA,
                      at=NOW, body=body)  # fmt: skip
        FolderStore(demo.folder, "ana-phone").append([event])
        mention(demo)  # something that is news, to know the round has come
        assert await wait_until(pilot, lambda: toasts.any("@maya mentioned you"))
        assert not toasts.any("@ana")
        assert not toasts.any("2 new messages")


async def test_f_ends_the_focus_it_started(demo: DemoTeam) -> None:
    toasts = Toasts()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await synced(pilot)
        await pilot.press("f", "2")
        await pilot.pause()
        assert "50 min left" in status_bar_text(app)
        await pilot.press("f")
        await pilot.pause()
        # No dialog: focus is over, and the status bar says I am available.
        assert not isinstance(app.screen, StatusScreen)
        assert "Focus ended: you are available." in toasts.said
        assert "available" in status_bar_text(app)
        assert "min left" not in status_bar_text(app)
        # And `f` starts it again.
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)


async def test_in_focus_news_waits_and_is_named_when_focus_ends(demo: DemoTeam) -> None:
    toasts = Toasts()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await synced(pilot)
        await pilot.press("f", "2")
        await pilot.pause()
        mention(demo)
        assert await wait_until(pilot, lambda: "1 held" in status_bar_text(app))
        assert not toasts.any("@maya")
        await pilot.press("f")
        assert await wait_until(pilot, lambda: toasts.any("While you were in focus"))
        assert (
            "While you were in focus: @maya mentioned you in Q1 launch: which markets first?"
            in toasts.said
        )
        assert "held" not in status_bar_text(app)
