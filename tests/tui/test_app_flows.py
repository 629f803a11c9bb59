"""The whole app on the demo team: every key and flow, as Ana (Berlin) on Wednesday 11:20.

Each test opens ``AsyncTuiApp`` the way ``asynctui demo`` does (see app_harness.py) and
asserts on what the screen shows, on the replica the app wrote to, or on the
notifications the app sent.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from app_harness import (
    ANA,
    API_REVIEW,
    CRASH,
    FRIDAY,
    HIRING,
    ICONS,
    KENJI,
    LAUNCH,
    MAYA,
    NOW,
    ONBOARDING,
    PAYMENT,
    PRIYA,
    SAM,
    SIZE,
    DemoTeam,
    screen_text,
    status_bar_text,
    synced,
    wait_until,
    widget_text,
)
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.app import App
from textual.command import CommandPalette
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from asynctui.client import queries
from asynctui.client.fold import ms
from asynctui.client.replica import Replica
from asynctui.config import save
from asynctui.core.events import Event, MessagePosted, StatusSet
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._ask import AskScreen
from asynctui.tui.screens._help import HelpScreen
from asynctui.tui.screens._hours import HoursScreen
from asynctui.tui.screens._new_thread import NewThreadScreen
from asynctui.tui.screens._react import ReactScreen
from asynctui.tui.screens._search import SearchScreen
from asynctui.tui.screens._status import StatusScreen
from asynctui.tui.widgets._compose import Compose
from asynctui.tui.widgets._sidebar import Sidebar
from asynctui.tui.widgets._thread_list import ThreadList
from asynctui.tui.widgets._thread_view import ThreadView

INBOX_BY_URGENCY = [HIRING, LAUNCH, PAYMENT, ONBOARDING, ICONS, CRASH]
"""The top of the inbox, most urgent first (the book club thread, unread, comes last)."""


class Recorder:
    """A message hook: keeps every message the app's nodes receive."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._seen: set[int] = set()

    def __call__(self, message: Message) -> None:
        # A bubbling message reaches several nodes: keep it once.
        if id(message) not in self._seen:
            self._seen.add(id(message))
            self.messages.append(message)

    def notes(self) -> list[str]:
        """The notifications shown so far ("Resolved.", "Hours saved.", ...)."""
        return [m.notification.message for m in self.messages if isinstance(m, Notify)]

    def highlighted(self) -> list[str]:
        """The threads the list cursor moved onto, in order."""
        return [m.thread_id for m in self.messages if isinstance(m, ThreadList.Highlighted)]


@contextmanager
def replica_of(demo: DemoTeam) -> Iterator[Replica]:
    replica = Replica(demo.replica_path)
    try:
        yield replica
    finally:
        replica.close()


def focus_of(app: App[Any]) -> Widget | None:
    """The focused widget (a function, so each check reads it afresh)."""
    return app.focused


def sidebar_count(app: AsyncTuiApp, label: str) -> str:
    """The count the sidebar shows beside a view ('' when it shows none)."""
    for line in widget_text(app, "#sidebar").splitlines():
        if line.startswith(label):
            return line[len(label) :].strip()
    raise AssertionError(f"{label!r} not in the sidebar")


def thread_text(app: AsyncTuiApp) -> str:
    return widget_text(app, "#thread")


def thread_title(app: AsyncTuiApp) -> str:
    """The thread's title, from its title line (which goes on with where it lives
    and whether it is resolved: 'Icon set   #design · open')."""
    return thread_text(app).splitlines()[0].split("  ")[0].strip()


def words_of(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def list_text(app: AsyncTuiApp) -> str:
    return widget_text(app, "#threads")


def list_titles(app: AsyncTuiApp, titles: list[str]) -> list[str]:
    """The given titles in the order the thread list shows them."""
    text = list_text(app)
    shown = [t for t in titles if t in text]
    return sorted(shown, key=text.index)


async def show_view(pilot: Pilot[None], view_id: str) -> None:
    """Highlight a view in the sidebar, as moving onto it does; the list shows it."""
    app = pilot.app
    options = app.query_one(Sidebar).option_list
    options.highlighted = options.get_option_index(view_id)
    await pilot.pause()
    assert app.query_one(Sidebar).selected == view_id


async def open_thread(
    pilot: Pilot[None], demo: DemoTeam, title: str, view: str | None = None
) -> str:
    """Put the list cursor on a thread (in ``view`` if given) and press enter; its id."""
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    thread_id = demo.thread_id(title)
    if view is not None:
        await show_view(pilot, view)
    app.query_one(ThreadList).focus()
    assert app.query_one(ThreadList).select_id(thread_id), f"{title!r} is not listed"
    await pilot.press("enter")
    await pilot.pause()
    assert thread_title(app) == title
    return thread_id


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


# -- the thread list ----------------------------------------------------------------


async def test_the_inbox_lists_the_demo_threads_most_urgent_first(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        assert list_titles(app, INBOX_BY_URGENCY) == INBOX_BY_URGENCY
        assert "overdue 1d 18h" in list_text(app)
        # One of them a check-in occurrence: Ana has read those of earlier days.
        assert sidebar_count(app, "Inbox") == "8"
        # Four asks of Ana, her action item, her meeting part and today's check-in.
        assert sidebar_count(app, "Owed by me") == "7"
        # Two asks of hers, and the action item she gave Sam.
        assert sidebar_count(app, "Owed to me") == "3"
        assert "● available" in status_bar_text(app)
        assert focus_of(app) is app.query_one(ThreadList)


async def test_j_k_g_G_and_the_arrows_move_the_cursor_over_the_threads(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        ids = {demo.thread_id(title): title for title in INBOX_BY_URGENCY}
        rows = app.query_one(ThreadList).row_count
        assert rows == 8
        for key in ("j", "j", "down", "k", "up", "G", "g", "end", "home"):
            await pilot.press(key)
        await pilot.pause()
        moved = [ids.get(t, "last") for t in hook.highlighted()]
        # The list is filled with the cursor on the first thread, then each key moves it.
        assert moved == [
            HIRING,
            *(LAUNCH, PAYMENT, ONBOARDING, PAYMENT, LAUNCH),  # j j down k up
            *("last", HIRING, "last", HIRING),  # G g end home
        ]


async def test_pagedown_and_pageup_move_a_page_and_stop_at_the_ends(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        hiring, book_club = demo.thread_id(HIRING), app.query_one(ThreadList)._ids[-1]
        await pilot.press("pagedown")
        await pilot.pause()
        assert hook.highlighted()[-1] == book_club  # 7 threads fit on one page
        await pilot.press("pageup")
        await pilot.pause()
        assert hook.highlighted()[-1] == hiring


async def test_enter_opens_the_thread_and_shows_its_messages(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        shown = thread_text(app)
        assert thread_title(app) == LAUNCH
        assert shown.splitlines()[0].split()[-3:] == ["#product", "·", "open"]
        for words in ("Draft plan is in the doc", "US + IN gives us", "3 weeks, no surprises"):
            assert words in shown
        assert "Asked @ana · due Tue 11:45 · overdue 23h" in shown
        assert focus_of(app) is app.query_one(ThreadView)


async def test_escape_goes_back_from_the_thread_to_the_list_to_the_sidebar(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert focus_of(app) is app.query_one(ThreadView)
        await pilot.press("escape")
        assert focus_of(app) is app.query_one(ThreadList)
        await pilot.press("escape")
        assert focus_of(app) is app.query_one(Sidebar).option_list


async def test_tab_and_shift_tab_move_between_the_panes(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_list = app.query_one(ThreadList)
        thread_view = app.query_one(ThreadView)
        compose = app.query_one(Compose).text_area
        sidebar = app.query_one(Sidebar).option_list
        order = [thread_view, compose, sidebar, thread_list]
        for widget in order:
            await pilot.press("tab")
            assert focus_of(app) is widget
        for widget in reversed([thread_list, *order[:-1]]):
            await pilot.press("shift+tab")
            assert focus_of(app) is widget


async def test_opening_a_thread_marks_it_read_in_the_sidebar(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        assert sidebar_count(app, "#general") == "1"
        await open_thread(pilot, demo, HIRING)
        await pilot.pause()
        assert sidebar_count(app, "#general") == ""


# -- writing ----------------------------------------------------------------------------


async def test_r_then_typing_and_ctrl_s_posts_a_reply_that_answers_the_ask(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, LAUNCH)
        await pilot.press("r")
        assert focus_of(app) is app.query_one(Compose).text_area
        await type_text(pilot, "DE and JP, numbers attached.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "DE and JP, numbers attached." in thread_text(app)
        assert "Asked @ana · answered 11:20 (late)" in thread_text(app)
        assert app.query_one(Compose).text_area.text == ""
        assert focus_of(app) is app.query_one(ThreadView)
        with replica_of(demo) as replica:
            bodies = [(m.author, m.body) for m in queries.messages(replica.db, thread_id)]
            assert bodies[-1] == (ANA, "DE and JP, numbers attached.")
            team = demo.team()
            (mine,) = queries.asks(replica.db, team, NOW, thread_id=thread_id, asked=ANA,
                                   open_only=False)  # fmt: skip
            assert mine.answered_at == NOW
            assert mine.answered_by == queries.messages(replica.db, thread_id)[-1].id
        assert sidebar_count(app, "Owed by me") == "6"


async def test_while_typing_a_reply_the_footer_offers_no_key_that_would_be_typed(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, LAUNCH)
        shown = {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"react", "search", "reply"} <= shown
        await pilot.press("r")
        typing = {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"send", "editor"} <= typing
        assert not typing & {"react", "search", "reply", "quit", "help"}
        await type_text(pilot, "+1 /me")
        assert app.query_one(Compose).text_area.text == "+1 /me"


async def test_an_empty_reply_is_not_sent(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, LAUNCH)
        await pilot.press("r", "space", "enter", "ctrl+s")
        await pilot.pause()
        assert "The message is empty." in hook.notes()
        with replica_of(demo) as replica:
            assert len(queries.messages(replica.db, thread_id)) == 4


async def test_r_without_an_open_thread_says_to_open_one(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert "Open a thread first (enter on a thread)." in hook.notes()
        assert focus_of(app) is app.query_one(ThreadList)


async def _post_new_thread(pilot: Pilot[None], title: str, body: str) -> None:
    app = pilot.app
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, NewThreadScreen)
    assert focus_of(app) is app.screen.query_one("#new-title", Input)
    await type_text(pilot, title)
    await pilot.press("enter")  # to the body
    assert isinstance(focus_of(app), TextArea)
    await type_text(pilot, body)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_c_in_a_channel_posts_a_new_thread_there(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        # Choose #random in the sidebar: the new thread screen starts in it.
        sidebar = app.query_one(Sidebar)
        sidebar.focus()
        sidebar.option_list.highlighted = sidebar.option_list.get_option_index("channel:c-random")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert sidebar.selected == "channel:c-random"
        await _post_new_thread(pilot, "Lunch and learn", "Who wants to talk on Friday?")
        assert not isinstance(app.screen, NewThreadScreen)
        assert thread_title(app) == "Lunch and learn"
        assert "Who wants to talk on Friday?" in thread_text(app)
        assert "Lunch and learn" in list_text(app)
        with replica_of(demo) as replica:
            (row,) = [t for t in queries.threads(replica.db) if t.title == "Lunch and learn"]
            assert row.channel == "c-random"
            assert row.author == ANA


async def test_c_from_the_inbox_asks_for_a_channel_then_posts(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, NewThreadScreen)
        select = app.screen.query_one("#new-channel", Select)
        # Not in a channel's view, a new thread goes to #general unless told.
        assert select.value == "c-general"
        # #check-ins, #design, #engineering, #general: one up is #engineering, and back.
        await pilot.press("shift+tab", "enter", "up", "enter")
        assert select.value == "c-engineering"
        await pilot.press("enter", "down", "enter")
        assert select.value == "c-general"
        await pilot.press("tab")
        await type_text(pilot, "Office plants")
        await pilot.press("enter")
        await type_text(pilot, "Who waters them?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert thread_title(app) == "Office plants"


async def test_a_shows_what_the_ask_means_for_each_person_and_enter_records_it(
    demo: DemoTeam,
) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, ONBOARDING)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AskScreen)
        preview = screen.query_one("#ask-preview")
        # Kenji first: on time off, so the clock waits until he is back.
        text = words_of(widget_text(app, "#ask-preview"))
        # Every time is mine; his own clock is named once, where it says why he is off.
        assert "Kenji is off until Fri 01:30 (Fri 09:30 Tokyo time, in 1d 14h)" in text
        assert text.endswith("an 8h ask is due Fri 09:30"), text
        await pilot.press("down", "down")  # Priya, in Kolkata, working now
        await pilot.pause()
        shown = words_of(widget_text(app, "#ask-preview"))
        assert preview.region.height > 0
        assert "Priya is working now" in shown
        assert "Kolkata time)" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AskScreen)
        with replica_of(demo) as replica:
            (ask,) = queries.asks(replica.db, demo.team(), NOW, thread_id=thread_id, asked=PRIYA)
            assert ask.asker == ANA
            assert ask.within == Window(1, "d")  # her promise, as the field was empty
        assert any("Priya is working now" in note for note in hook.notes())
        assert "Asked @priya" in thread_text(app)


async def test_a_with_a_typed_window_asks_within_it(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, ONBOARDING)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "90m")
        await pilot.pause()
        assert "a 90m ask is due" in words_of(widget_text(app, "#ask-preview"))
        await pilot.press("enter")
        await pilot.pause()
        with replica_of(demo) as replica:
            (ask,) = queries.asks(replica.db, demo.team(), NOW, thread_id=thread_id, asked=KENJI)
            assert ask.within == Window(90, "m")


async def test_plus_then_1_reacts_with_a_thumbs_up(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, ONBOARDING)
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, ReactScreen)
        await pilot.press("1")
        await pilot.pause()
        assert not isinstance(app.screen, ReactScreen)
        with replica_of(demo) as replica:
            newest = queries.messages(replica.db, thread_id)[-1]
            assert newest.author == MAYA
            assert newest.reactions == {"👍": [ANA]}
        assert "👍" in thread_text(app)


async def test_plus_then_a_typed_word_reacts_with_it(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, ONBOARDING)
        await pilot.press("plus")
        await pilot.pause()
        await type_text(pilot, "agreed")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReactScreen)
        with replica_of(demo) as replica:
            assert queries.messages(replica.db, thread_id)[-1].reactions == {"agreed": [ANA]}
        assert "agreed" in thread_text(app)


async def test_e_edits_my_own_message(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, FRIDAY, view="channel:c-general")
        # The newest message, selected on opening, is Ana's.
        await pilot.press("e")
        compose = app.query_one(Compose)
        assert compose.mode == "edit"
        assert "Editing your message in" in widget_text(app, "#compose")
        assert compose.text_area.text.startswith("I'll share the onboarding prototype")
        await type_text(pilot, " Link soon.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = "I'll share the onboarding prototype (with the new empty states). Link soon."
        with replica_of(demo) as replica:
            messages = queries.messages(replica.db, thread_id)
            assert [m.body for m in messages].count(edited) == 1
            assert len(messages) == 3
        assert "Link soon." in thread_text(app)
        assert app.query_one(Compose).mode == "reply"


async def test_e_on_someone_elses_message_says_no(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, FRIDAY, view="channel:c-general")
        await pilot.press("k", "e")
        await pilot.pause()
        assert "Select one of your own messages to edit it." in hook.notes()
        assert app.query_one(Compose).mode == "reply"


async def test_x_resolves_and_reopens_a_thread(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, ONBOARDING, view="channel:c-design")
        await pilot.press("x")
        await pilot.pause()
        with replica_of(demo) as replica:
            row = queries.thread(replica.db, thread_id)
            assert row is not None and row.resolved
        assert "✓ Onboarding empty states" in list_text(app)
        await pilot.press("x")
        await pilot.pause()
        with replica_of(demo) as replica:
            row = queries.thread(replica.db, thread_id)
            assert row is not None and not row.resolved
        assert "✓ Onboarding" not in list_text(app)
        # The words of `asynctui resolve` and `resolve --reopen`.
        title = "(Onboarding empty states)."
        assert hook.notes()[-2:] == [f"Resolved {thread_id[-6:].lower()} {title}",
                                     f"Reopened {thread_id[-6:].lower()} {title}"]  # fmt: skip


# -- me -------------------------------------------------------------------------------------


async def test_s_then_a_preset_sets_my_status(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("a")  # away for an hour
        await pilot.pause()
        assert not isinstance(app.screen, StatusScreen)
        assert status_bar_text(app).startswith("● away")
        status = demo.team().status(ANA, NOW)
        assert status is not None and status.state == "away"
        assert status.until == NOW + timedelta(hours=1)


async def test_s_with_typed_text_sets_it_and_the_status_bar_shows_it(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#status-text", Input).focus()
        await type_text(pilot, "Reviewing the plan")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Reviewing the plan" in status_bar_text(app)


async def test_f_then_2_starts_fifty_minutes_of_focus(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        assert "Focus 50 min" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, StatusScreen)
        bar = status_bar_text(app)
        assert "focus" in bar
        assert "50 min left" in bar


async def test_h_opens_my_hours_and_ctrl_s_saves_them(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        assert demo.team().hours(ANA).promise == Window(8, "h")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HoursScreen)
        assert "Mon-Fri 09:00-17:00" in screen_text(app)
        promise = app.screen.query_one("#hours-promise", Input)
        promise.focus()
        promise.value = ""
        await type_text(pilot, "4h")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, HoursScreen)
        assert "Hours saved." in hook.notes()
        assert demo.team().hours(ANA).promise == Window(4, "h")


# -- views --------------------------------------------------------------------------------------


async def test_o_O_and_i_switch_views(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        sidebar = app.query_one(Sidebar)

        def highlighted() -> str | None:
            index = sidebar.option_list.highlighted
            return None if index is None else sidebar.option_list.get_option_at_index(index).id

        await pilot.press("o")
        await pilot.pause()
        assert sidebar.selected == highlighted() == "owed-by-me"
        assert list_titles(app, INBOX_BY_URGENCY) == [HIRING, LAUNCH, PAYMENT, ICONS]
        assert "overdue 1d 18h" in list_text(app)
        assert "overdue 23h" in list_text(app)
        await pilot.press("O")
        await pilot.pause()
        assert sidebar.selected == highlighted() == "owed-to-me"
        assert list_titles(app, INBOX_BY_URGENCY) == [ONBOARDING, CRASH]
        assert "due 20:00" in list_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert sidebar.selected == highlighted() == "inbox"
        assert list_titles(app, INBOX_BY_URGENCY) == INBOX_BY_URGENCY
        assert focus_of(app) is app.query_one(ThreadList)


async def test_choosing_a_channel_in_the_sidebar_lists_its_threads(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("shift+tab")  # to the sidebar
        assert focus_of(app) is app.query_one(Sidebar).option_list
        # Owed by me, Owed to me, Mentions, Later, (Rituals) Check-ins, Meetings,
        # Decisions, Action items, (Channels) #check-ins, #design
        for _ in range(10):
            await pilot.press("j")
        await pilot.pause()
        assert app.query_one(Sidebar).selected == "channel:c-design"
        assert list_titles(app, [*INBOX_BY_URGENCY, API_REVIEW]) == [ONBOARDING, ICONS]
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(Sidebar).selected == "channel:c-design"


async def test_n_opens_the_next_unread_thread(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert thread_title(app) == HIRING
        await pilot.press("n")
        await pilot.pause()
        assert thread_title(app) == LAUNCH
        assert app.query_one(ThreadList).thread_id == demo.thread_id(LAUNCH)


async def test_shift_a_marks_all_read_and_the_inbox_keeps_what_i_owe(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        assert sidebar_count(app, "Inbox") == "8"
        await pilot.press("A")
        await pilot.pause()
        assert "Marked 8 thread(s) read." in hook.notes()
        assert sidebar_count(app, "Inbox") == "4"  # the asks of me stay
        assert "●" not in list_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "No unread threads here." in hook.notes()


async def test_t_toggles_the_sort_between_urgency_and_activity(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert "Sorted by activity." in hook.notes()
        by_activity = [ICONS, ONBOARDING, PAYMENT, CRASH, LAUNCH, HIRING]
        assert list_titles(app, INBOX_BY_URGENCY) == by_activity
        await pilot.press("t")
        await pilot.pause()
        assert "Sorted by urgency." in hook.notes()
        assert list_titles(app, INBOX_BY_URGENCY) == INBOX_BY_URGENCY


async def test_slash_searches_and_enter_opens_the_thread(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "pagination")
        # The review's title and first message, and two check-in answers that name it.
        assert await wait_until(pilot, lambda: "4 results · enter opens" in screen_text(app))
        assert "Review: events API pagination" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert thread_title(app) == API_REVIEW
        # `offset` is code: drawn in the code colour, without its backticks.
        assert "Keep offset one release" in thread_text(app)


async def test_question_mark_opens_the_help_listing_reply(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Reply" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_ctrl_t_toggles_the_team_panel(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        assert "Kenji" not in screen_text(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        panel = widget_text(app, "#team")
        assert "Kenji" in panel
        assert "out of office" in panel
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Kenji" not in screen_text(app)


async def test_ctrl_p_opens_the_command_palette(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "owed by me")
        assert await wait_until(pilot, lambda: "Owed by me" in screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)


async def test_q_quits(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_the_dialogs_close_with_escape_and_change_nothing(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, ONBOARDING)
        for key in ("a", "plus", "s", "f", "h", "slash"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is not app.screen_stack[0], key
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0], key
        with replica_of(demo) as replica:
            assert len(queries.asks(replica.db, demo.team(), NOW, thread_id=thread_id)) == 1
            assert queries.messages(replica.db, thread_id)[-1].reactions == {}
        assert demo.team().status(ANA, NOW) is None


# -- drafts and settings ------------------------------------------------------------------


async def test_a_draft_comes_back_after_opening_another_thread(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, LAUNCH)
        await pilot.press("r")
        await type_text(pilot, "Half a thought")
        await pilot.press("escape")  # leave the compose box; the draft is kept
        await open_thread(pilot, demo, PAYMENT)
        assert app.query_one(Compose).text_area.text == ""
        await open_thread(pilot, demo, LAUNCH)
        assert app.query_one(Compose).text_area.text == "Half a thought"
        assert "Half a thought" in widget_text(app, "#compose")


async def test_a_draft_survives_switching_threads_with_the_mouse_at_once(
    demo: DemoTeam, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        compose = app.query_one(Compose)
        # The click must land within the draft's debounce (0.4 s): stretch it so that
        # it does however slow the machine is.
        stretched = compose.set_timer
        monkeypatch.setattr(compose, "set_timer", lambda delay, callback: stretched(60.0, callback))
        await open_thread(pilot, demo, LAUNCH)
        await pilot.press("r")
        await type_text(pilot, "Typed fast")
        await pilot.click(ThreadList, offset=(5, 0))  # Hiring, the first thread
        await pilot.pause()
        assert thread_title(app) == HIRING
        await open_thread(pilot, demo, LAUNCH)
        assert compose.text_area.text == "Typed fast"


async def test_a_draft_comes_back_when_the_app_is_opened_again(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, ICONS)
        await pilot.press("r")
        await type_text(pilot, "Filled, at 16px")
        await pilot.press("escape")
        await pilot.pause()
    again = demo.app()
    async with again.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, ICONS)
        assert again.query_one(Compose).text_area.text == "Filled, at 16px"


async def test_a_sent_reply_leaves_no_draft(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, ICONS)
        await pilot.press("r")
        await type_text(pilot, "Filled")
        await pilot.pause(0.6)
        await pilot.press("ctrl+s")
        await pilot.pause(0.6)
        await open_thread(pilot, demo, PAYMENT)
        # Answered and read, the thread has left the inbox: open it from its channel.
        await open_thread(pilot, demo, ICONS, view="channel:c-design")
        assert app.query_one(Compose).text_area.text == ""


async def test_a_key_remapped_in_the_config_file_runs_its_action(demo: DemoTeam) -> None:
    config = demo.config
    config.keys = {"reply": "R", "sort": "ctrl+o"}
    save(config, demo.config_path)
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Sorted by activity." in hook.notes()
        await open_thread(pilot, demo, LAUNCH)
        await pilot.press("r")
        assert focus_of(app) is app.query_one(ThreadView)
        await pilot.press("R")
        assert focus_of(app) is app.query_one(Compose).text_area


async def test_next_pane_remapped_in_the_config_file_moves_the_focus(demo: DemoTeam) -> None:
    config = demo.config
    config.keys = {"next-pane": "ctrl+right"}
    save(config, demo.config_path)
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+right")
        assert focus_of(app) is app.query_one(ThreadView)


async def test_switching_the_theme_saves_it_to_the_config_file(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        assert app.theme == "asynctui-dark"
        app.theme = "asynctui-light"
        await pilot.pause()
    saved = tomllib.loads(demo.config_path.read_text(encoding="utf-8"))
    assert saved["ui"]["theme"] == "asynctui-light"
    again = demo.app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "asynctui-light"


# -- syncing ------------------------------------------------------------------------------------


def maya_replies(demo: DemoTeam, title: str, body: str) -> None:
    """Maya's laptop writes a reply straight into the shared folder."""
    thread_id = demo.thread_id(title)
    with replica_of(demo) as replica:
        lamport = replica.lamport
    at = NOW + timedelta(seconds=5)
    event = Event(
        id=new_id(ms(at)),
        lamport=lamport + 10,
        device="maya-laptop",
        author=MAYA,
        at=at,
        body=MessagePosted(message=new_id(ms(at)), thread=thread_id, body=body),
    )
    FolderStore(demo.folder, "maya-laptop").append([event])


async def test_a_reply_from_another_device_shows_up_within_seconds(demo: DemoTeam) -> None:
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, ONBOARDING)
        await pilot.press("escape")
        assert sidebar_count(app, "#design") == "1"
        maya_replies(demo, ONBOARDING, "Real copy is in the doc now.")
        assert await wait_until(
            pilot, lambda: "Real copy is in the doc now." in thread_text(app), seconds=10
        )
        assert "@maya replied in Onboarding empty states" in hook.notes()


async def test_a_new_message_elsewhere_raises_the_unread_counts(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        assert sidebar_count(app, "#general") == "1"
        await open_thread(pilot, demo, HIRING)
        await pilot.pause()
        assert sidebar_count(app, "#general") == ""
        await pilot.press("escape")
        maya_replies(demo, FRIDAY, "Mine is the Q1 plan walkthrough.")
        assert await wait_until(pilot, lambda: sidebar_count(app, "#general") == "1")


async def test_opened_without_the_folder_a_reply_is_kept_and_sent_when_it_is_back(
    demo: DemoTeam, tmp_path: Path
) -> None:
    folder = demo.folder
    away = tmp_path / "folder-away"
    folder.rename(away)
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_until(pilot, lambda: "offline" in status_bar_text(app))
        thread_id = await open_thread(pilot, demo, ICONS)
        await pilot.press("r")
        await type_text(pilot, "Filled.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Filled." in thread_text(app)  # recorded locally at once
        assert await wait_until(
            pilot, lambda: "offline" in status_bar_text(app) and "queued" in status_bar_text(app)
        )
        # Nothing froze: keys still work.
        await pilot.press("t")
        await pilot.pause()
        assert app.main.sort == "activity"
        with replica_of(demo) as replica:
            assert queries.messages(replica.db, thread_id)[-1].body == "Filled."
            assert replica.outbox("pending")
        away.rename(folder)
        # The next thing done wakes the sync worker (alone it retries within 10 s).
        await pilot.press("r")
        await type_text(pilot, "Back online.")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: status_bar_text(app).endswith("synced"))
        with replica_of(demo) as replica:
            assert replica.outbox("pending") == []
        journal = (folder / "journals" / "ana-laptop.jsonl").read_text(encoding="utf-8")
        assert "Filled." in journal and "Back online." in journal


async def test_when_the_folder_goes_away_a_reply_is_kept_and_sent_when_it_is_back(
    demo: DemoTeam, tmp_path: Path
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await open_thread(pilot, demo, ICONS)
        folder = demo.folder
        away = tmp_path / "folder-away"
        folder.rename(away)
        await pilot.pause(1.0)  # the worker is watching the folder meanwhile
        await pilot.press("r")
        await type_text(pilot, "Filled.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Filled." in thread_text(app)
        assert await wait_until(
            pilot, lambda: "offline" in status_bar_text(app) and "queued" in status_bar_text(app)
        )
        away.rename(folder)
        await pilot.press("x")
        assert await wait_until(pilot, lambda: status_bar_text(app).endswith("synced"))
        with replica_of(demo) as replica:
            assert queries.messages(replica.db, thread_id)[-1].body == "Filled."
            assert replica.outbox("pending") == []


async def test_hostile_status_text_in_an_ask_notification_is_shown_literally(
    demo: DemoTeam,
) -> None:
    with replica_of(demo) as replica:
        lamport = replica.lamport
    at = NOW - timedelta(minutes=1)
    hostile = "[b]Back Friday[/b] [@click=app.quit]"
    FolderStore(demo.folder, "priya-laptop").append(
        [
            Event(
                id=new_id(ms(at)),
                lamport=lamport + 1,
                device="priya-laptop",
                author=PRIYA,
                at=at,
                body=StatusSet(state="away", text=hostile),
            )
        ]
    )
    hook = Recorder()
    app = demo.app()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await synced(pilot)
        await open_thread(pilot, demo, ONBOARDING)
        await pilot.press("a", "down", "down")
        await pilot.pause()
        assert hostile in words_of(widget_text(app, "#ask-preview"))
        await pilot.press("enter")
        await pilot.pause()
        (note,) = [m.notification for m in hook.messages if isinstance(m, Notify)
                   and m.notification.message.startswith("Asked @priya")]  # fmt: skip
        assert hostile in note.message
        # Shown as text, not read as Textual markup.
        assert not note.markup
        assert app.is_running


def test_the_demo_team_is_who_the_tests_expect(demo: DemoTeam) -> None:
    team = demo.team()
    assert [m.handle for m in team.sorted_members()] == ["ana", "kenji", "maya", "priya", "sam"]
    assert {ANA, KENJI, MAYA, PRIYA, SAM} == set(team.members)
