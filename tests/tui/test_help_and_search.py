"""The help screen lists every key as the user has them; search finds messages and opens one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList, Static

from asynctui.client import search
from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.core.events import (
    ChannelCreated,
    Event,
    MessagePosted,
    Payload,
    ProfileSet,
    ThreadOpened,
)
from asynctui.core.ids import new_id
from asynctui.tui.screens._help import HelpScreen
from asynctui.tui.screens._search import SearchScreen

T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=3)
ANA, BOB = "m-ana", "m-bob"
HOSTILE_TITLE = "\x1b]52;c;aGFja2Vk\x07Plan [@click=app.quit]"
HOSTILE_BODY = "[b]pricing[/b] \x1b[2J\x1b[31mnow\u202e"


def screen_text(app: App[Any]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class Host(App[None]):
    """Pushes one screen on mount and keeps what it was dismissed with."""

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make = make
        self.results: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("main screen", id="main")

    def on_mount(self) -> None:
        self.push_screen(self.make(), self.results.append)


# -- help ---------------------------------------------------------------------


async def test_help_lists_every_group_and_the_reply_key() -> None:
    app = Host(lambda: HelpScreen())
    async with app.run_test(size=(100, 80)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for heading in ("Moving around", "Threads and messages", "Views", "Compose"):
            assert heading in text
        reply = next(line for line in text.splitlines() if "Reply" in line)
        assert reply.split("Reply")[0].strip(" │").endswith("r")
        assert "reply" in reply  # the id to remap it by


async def test_help_shows_the_keys_after_the_users_remapping() -> None:
    app = Host(lambda: HelpScreen({"reply": "r,R", "search": "?", "bogus": "z"}))
    async with app.run_test(size=(100, 80)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any("r, R" in line and "Reply" in line for line in lines)
        search = next(line for line in lines if "Search" in line and "search" in line)
        assert "?" in search and "/" not in search


@pytest.mark.parametrize("key", ["escape", "q", "question_mark"])
async def test_help_closes_with_escape_q_or_question_mark(key: str) -> None:
    app = Host(lambda: HelpScreen())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.results == [None]


async def test_help_scrolls_when_the_terminal_is_short() -> None:
    app = Host(lambda: HelpScreen())
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        assert "Moving around" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "Remap keys in config.toml" in screen_text(app)


# -- search -------------------------------------------------------------------


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def event(lamport: int, author: str, body: Payload) -> Event:
    moment = at(lamport)
    return Event(
        id=new_id(int(moment.timestamp() * 1000)),
        lamport=lamport,
        device=f"{author}-laptop",
        author=author,
        at=moment,
        body=body,
    )


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    """Ana and Bob: a launch thread, and a thread whose title and body are hostile."""
    rep = Replica(tmp_path / "replica.db")
    payloads: list[tuple[str, Payload]] = [
        (ANA, ProfileSet(name="Ana", handle="ana", tz="Europe/Berlin")),
        (BOB, ProfileSet(name="Bob", handle="bob", tz="America/New_York")),
        (ANA, ChannelCreated(channel="c-general", name="general")),
        (
            ANA,
            ThreadOpened(
                thread="T-LAUNCH",
                channel="c-general",
                title="Launch plan",
                message=new_id(),
                body="Draft with the launch dates",
            ),
        ),
        (BOB, MessagePosted(message=new_id(), thread="T-LAUNCH", body="Markets first?")),
        (
            BOB,
            ThreadOpened(
                thread="T-HOSTILE",
                channel="c-general",
                title=HOSTILE_TITLE,
                message=new_id(),
                body=HOSTILE_BODY,
            ),
        ),
    ]
    rep.apply([event(n, author, body) for n, (author, body) in enumerate(payloads, 1)])
    yield rep
    rep.close()


HANDLES = {ANA: "ana", BOB: "\x1b[2Jbob[red]"}


def search_host(replica: Replica) -> Host:
    return Host(
        lambda: SearchScreen(
            lambda text: search.find(replica.db, Team(replica.db), ANA, NOW, text, 200),
            lambda member: HANDLES.get(member, member),
            "Europe/Berlin",
            NOW,
        )
    )


async def type_and_wait(pilot: Pilot[None], text: str) -> SearchScreen:
    """Type into the search box and wait (without timing anything) for its results."""
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*text)
    for _ in range(200):
        await pilot.pause(0.02)
        if screen._shown == text and screen._timer is None:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert screen._shown == text, "the search never finished"
    return screen


async def test_search_finds_a_message_and_enter_opens_its_thread(replica: Replica) -> None:
    app = search_host(replica)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = await type_and_wait(pilot, "markets")
        assert [hit.thread for hit in screen.hits] == ["T-LAUNCH"]
        text = screen_text(app)
        assert "Launch plan — message · @" in text and "Markets first?" in text
        assert "1 result" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == ["T-LAUNCH"]


async def test_down_moves_to_the_results_and_enter_opens_the_highlighted_one(
    replica: Replica,
) -> None:
    app = search_host(replica)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = await type_and_wait(pilot, "launch")
        assert {hit.thread for hit in screen.hits} == {"T-LAUNCH"}
        await pilot.press("down")
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == ["T-LAUNCH"]


async def test_escape_closes_search_without_a_thread(replica: Replica) -> None:
    app = search_host(replica)
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_and_wait(pilot, "draft")
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_no_match_says_so(replica: Replica) -> None:
    app = search_host(replica)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = await type_and_wait(pilot, "zebra")
        assert screen.hits == []
        assert "Nothing matches." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []  # nothing to open: the search stays


async def test_hostile_titles_bodies_and_names_show_cleaned_and_literal(
    replica: Replica,
) -> None:
    app = search_host(replica)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        screen = await type_and_wait(pilot, "pricing")
        assert [hit.thread for hit in screen.hits] == ["T-HOSTILE"]
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "\x1b" not in prompt and "\x07" not in prompt and "\u202e" not in prompt
        assert "52;c" not in prompt and "[2J" not in prompt
        assert prompt.startswith("Plan [@click=app.quit] — message · @bob[red] · ")
        assert "[b]pricing[/b] now" in prompt
        text = screen_text(app)
        assert "Plan [@click=app.quit]" in text and "@bob[red]" in text
        assert "[b]pricing[/b]" in text
        # Clicking the result must not run the title's would-be action.
        await pilot.click(OptionList, offset=(6, 0))
        await pilot.pause()
        assert app.is_running
        assert app.results == ["T-HOSTILE"]
