"""The ritual views, as Ana (Berlin) on Wednesday 11:20, on a team of our own.

Each test opens the app on ``ritual_harness``'s team and drives it with keys, then
asserts on what the screen shows and on what the app recorded in the replica.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app_harness import screen_text, wait_until, widget_text
from ritual_harness import (
    ANA,
    ANALYTICS,
    BOB,
    BUDGET,
    CHEN,
    DAILY,
    NOW,
    PICK,
    Q1,
    SIZE,
    RitualTeam,
    at,
)
from ritual_harness import ritual_team as ritual_team  # the `rituals` fixture
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from asynctui.client import queries
from asynctui.client.fold import ms
from asynctui.core.events import MessagePosted, StatusSet
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._action_item import ActionItemScreen
from asynctui.tui.screens._checkin_answer import CheckinAnswerScreen
from asynctui.tui.screens._decision import DecisionScreen
from asynctui.tui.screens._digest import DigestScreen
from asynctui.tui.widgets._compose import Compose
from asynctui.tui.widgets._ritual_list import RitualList
from asynctui.tui.widgets._sidebar import Sidebar
from asynctui.tui.widgets._status_bar import StatusBar
from asynctui.tui.widgets._thread_view import ThreadView


class Notes:
    """A message hook keeping the notifications the app shows."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._ids: set[int] = set()

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify) and id(message) not in self._ids:
            self._ids.add(id(message))
            self.seen.append(message.notification.message)

    def about(self, words: str) -> list[str]:
        return [note for note in self.seen if words in note]


async def settled(pilot: Pilot[Any]) -> AsyncTuiApp:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert await wait_until(pilot, lambda: app.ready and app.query_one(StatusBar).sync == "synced")
    await pilot.pause()
    return app


def focus_of(app: AsyncTuiApp) -> Widget | None:
    """The focused widget (a function, so each check reads it afresh)."""
    return app.focused


def list_text(app: AsyncTuiApp) -> str:
    return widget_text(app, "#rituals")


def thread_text(app: AsyncTuiApp) -> str:
    return widget_text(app, "#thread")


def thread_title(app: AsyncTuiApp) -> str:
    """The thread's title, from its title line (which goes on with where it lives
    and whether it is resolved: 'Icon set   #design · open')."""
    return thread_text(app).splitlines()[0].split("  ")[0].strip()


def words(text: str) -> str:
    return " ".join(text.split())


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


def sidebar_count(app: AsyncTuiApp, label: str) -> str:
    for line in widget_text(app, "#sidebar").splitlines():
        if line.startswith(label):
            return line[len(label) :].strip()
    raise AssertionError(f"{label!r} not in the sidebar")


# -- the sidebar and the views --------------------------------------------------------


async def test_the_sidebar_lists_the_rituals_with_what_waits_for_me(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        sidebar = widget_text(app, "#sidebar")
        assert sidebar.index("Mentions") < sidebar.index("Rituals") < sidebar.index("Channels")
        assert sidebar_count(app, "Check-ins") == "1"  # today's daily question
        assert sidebar_count(app, "Meetings") == "1"  # Q1 planning: hiring, markets
        assert sidebar_count(app, "Decisions") == ""
        assert sidebar_count(app, "Action items") == "3"  # open ones of mine


async def test_choosing_a_ritual_in_the_sidebar_shows_its_view(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        options = app.query_one(Sidebar).option_list
        options.focus()
        options.highlighted = options.get_option_index("meetings")
        await pilot.pause()
        assert "Open meetings" in list_text(app)
        assert not app.query_one("#threads").display
        await pilot.press("enter", "j")  # enter leaves the focus in the sidebar; on to decisions
        await pilot.pause()
        assert "Decisions · All channels" in list_text(app)
        app.main.action_inbox()
        await pilot.pause()
        assert app.query_one("#threads").display and not app.query_one(RitualList).display


async def test_the_checkins_view_shows_who_answered_who_not_and_why(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("C")
        await pilot.pause()
        assert focus_of(app) is app.query_one(RitualList)
        text = words(list_text(app))
        # Mine first, ready to answer; the due time is mine, in Berlin.
        assert text.startswith(
            "Waiting for your answer enter: answer ✎ Daily check-in you · 2h 10m left"
        )
        assert "Wed 18 Nov · due 13:30 · #general" in text
        assert "… you not yet · 2h 10m left" in text
        assert "✓ @chen answered 10:45" in text  # 09:45 in London
        assert "· @bob gets the question at 15:30" in text  # 09:30 in New York
        assert "– @dana skipped: time off" in text
        assert "Weekly plan #design Mon 16 Nov · 2 of 4 answered" in text
        assert "✓ @bob answered Mon 22:00 (late)" in text
        assert "! @chen overdue 1d 20h · was due Mon 15:00" in text


async def test_escape_from_a_ritual_view_goes_to_the_sidebar(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert focus_of(app) is app.query_one(ThreadView)
        await pilot.press("escape")
        assert focus_of(app) is app.query_one(RitualList)
        await pilot.press("escape")
        assert focus_of(app) is app.query_one(Sidebar).option_list


# -- check-ins -------------------------------------------------------------------------


async def test_enter_on_my_question_answers_it_and_shows_the_answers_side_by_side(
    rituals: RitualTeam,
) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinAnswerScreen)
        assert "Wed 18 Nov · due 13:30" in screen_text(app)
        await type_text(pilot, "The ritual views")
        await pilot.press("tab")
        await type_text(pilot, "Tests")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinAnswerScreen)
        rows = (
            rituals.db()
            .execute(
                "SELECT author, day, answers FROM checkin_answers WHERE checkin = ? AND author = ?",
                (DAILY, ANA),
            )
            .fetchall()
        )
        assert rows == [(ANA, "2026-11-18", '["The ritual views","Tests","—"]')]
        # The occurrence's thread: Chen's answers and mine, and who is still expected.
        assert focus_of(app) is app.query_one(ThreadView)
        shown = words(thread_text(app))
        assert shown.startswith("Daily check-in · Wed 18 Nov 2026")
        assert "✓ you answered 11:20" in shown and "✓ @chen answered 10:45" in shown
        assert "What did you finish? The release notes" in shown
        mine = shown[shown.index("Ana @ana · 11:20") :].replace("▌ ", "")
        assert "What did you finish? The ritual views What's next? Tests" in mine
        assert mine.endswith("Anything blocking you? —")
        # Nothing waits for me any more.
        assert sidebar_count(app, "Check-ins") == ""


async def test_an_answer_needs_at_least_one_box_filled(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CheckinAnswerScreen)
        assert "write at least one answer" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinAnswerScreen)
        count = rituals.db().execute(
            "SELECT count(*) FROM checkin_answers WHERE author = ?", (ANA,)
        )
        assert count.fetchone() == (1,)  # the weekly one only


async def test_the_reminder_comes_once_and_not_during_focus(rituals: RitualTeam) -> None:
    # In focus until 11:50 Berlin: nothing may interrupt.
    rituals.set_status(ANA, StatusSet(state="focus", until=at(2, 10, 50)), at(2, 10))
    notes = Notes()
    app = rituals.app()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settled(pilot)
        app.main.refresh_data()
        await pilot.pause()
        assert notes.about("your answers are waiting") == []
        rituals.clock.instant = at(2, 10, 55)
        app.main.refresh_data()
        await pilot.pause()
        assert notes.about("Daily check-in: your answers are waiting") == [
            "Daily check-in: your answers are waiting (What did you finish?) · C to answer"
        ]
        rituals.clock.instant = at(2, 11, 30)
        app.main.refresh_data()
        await pilot.pause()
        assert len(notes.about("your answers are waiting")) == 1
    # Nor again when the app is opened again on this device.
    notes = Notes()
    app = rituals.app()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settled(pilot)
        assert notes.about("your answers are waiting") == []


# -- meetings --------------------------------------------------------------------------


async def test_a_reply_in_a_meeting_contributes_to_the_agenda_item_picked_with_ctrl_g(
    rituals: RitualTeam,
) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("M")
        await pilot.pause()
        assert app.query_one(RitualList).select_key(f"meeting:{Q1}")
        await pilot.press("enter")
        await pilot.pause()
        header = words(thread_text(app))
        assert header.startswith(
            "Q1 planning #design · open Async meeting · by @chen you · 23h 40m left"
        )
        assert "Goal: Agree what Q1 is for" in header
        assert "✓ 1. Budget 2 of 3" in header
        assert "○ 2. Hiring expected from you · 1 of 3" in header
        await pilot.press("r")
        await pilot.pause()
        compose = app.query_one(Compose)
        title = words(widget_text(app, "#compose-title"))
        assert "item 2/3 (ctrl+g): Hiring" in title  # the first one still expected of me
        await pilot.press("ctrl+g")
        assert "item 3/3 (ctrl+g): Launch markets" in words(widget_text(app, "#compose-title"))
        await type_text(pilot, "Germany first")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = (
            rituals.db()
            .execute(
                "SELECT item FROM contributions WHERE thread = ? AND author = ? ORDER BY item",
                (Q1, ANA),
            )
            .fetchall()
        )
        assert rows == [(0,), (2,)]
        header = words(thread_text(app))
        assert "✓ 3. Launch markets" in header
        # The box now names the item still missing.
        assert compose.item == 1
        assert "item 2/3 (ctrl+g): Hiring" in words(widget_text(app, "#compose-title"))


async def test_ctrl_g_cycles_to_no_item_and_back(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("M")
        await pilot.pause()
        app.query_one(RitualList).select_key(f"meeting:{Q1}")
        await pilot.press("enter", "r")
        await pilot.pause()
        compose = app.query_one(Compose)
        seen = []
        for _ in range(4):
            await pilot.press("ctrl+g")
            seen.append(compose.item)
            if compose.item is None:
                assert "no agenda item (ctrl+g to pick one)" in widget_text(app, "#compose-title")
        assert seen == [2, None, 0, 1]


async def test_the_owner_of_a_meeting_sees_who_has_and_has_not_contributed(
    rituals: RitualTeam,
) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("M")
        await pilot.pause()
        text = words(list_text(app))
        assert "Offsite dates #general · by you 1 of 3 done" in text
        assert "1. Which week? 2 of 3 ✓ @bob, @chen waiting: @dana" in text
        assert "2. Which city? 1 of 3 ✓ @chen waiting: @bob, @dana" in text
        assert "Closed Retro: October #design · by @bob closed Tue 16:00" in text
        assert "Outcome: Smaller releases, every two weeks" in text


# -- decisions -------------------------------------------------------------------------


async def test_d_marks_the_selected_message_a_decision(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.main.open_thread(ANALYTICS)
        await pilot.pause()
        view = app.query_one(ThreadView)
        view.action_first()
        view.action_cursor_down()  # Bob's: "Plausible: simpler, and privacy-friendly."
        await pilot.pause()
        assert view.selected_message() is not None
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        text = app.screen.query_one("#decision-text", Input)
        assert text.value == "Plausible: simpler, and privacy-friendly."
        assert app.screen.query_one("#decision-deciders", Input).value == "@bob"
        text.value = "Plausible it is"
        app.screen.query_one("#decision-deciders", Input).value = "@bob, chen"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DecisionScreen)
        rows = (
            rituals.db()
            .execute(
                "SELECT thread, text, messages, deciders, author FROM decisions WHERE text = ?",
                ("Plausible it is",),
            )
            .fetchall()
        )
        assert rows == [(ANALYTICS, "Plausible it is", f'["{PICK}"]', f'["{BOB}","{CHEN}"]', ANA)]
        await pilot.press("D")
        await pilot.pause()
        shown = words(list_text(app))
        assert shown.index("Plausible it is") < shown.index("Ship smaller releases")
        assert 'by @bob, @chen · in "Pick the analytics tool" #general' in shown


async def test_an_unknown_decider_is_refused(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.main.open_thread(ANALYTICS)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        app.screen.query_one("#decision-deciders", Input).value = "@nobody"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        assert "no member @nobody" in screen_text(app)


async def test_F_shows_the_decisions_of_one_channel_after_another(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("D")
        await pilot.pause()
        heads = []
        for n in range(4):
            if n:
                await pilot.press("F")
                await pilot.pause()
            heads.append(list_text(app).splitlines()[0].split("  ")[0].strip())
            if "#general" in heads[-1]:
                assert "Go with Plausible" in list_text(app)
                assert "Ship smaller" not in list_text(app)
        assert heads == [
            "Decisions · All channels",
            "Decisions · #design",
            "Decisions · #general",
            "Decisions · All channels",
        ]
        # Enter opens the decision's thread.
        assert app.query_one(RitualList).select_key("decision:d-analytics")
        await pilot.press("enter")
        await pilot.pause()
        assert thread_title(app) == "Pick the analytics tool"


# -- action items ----------------------------------------------------------------------


async def test_the_action_items_view_cycles_mine_everyones_and_overdue(
    rituals: RitualTeam,
) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("T")
        await pilot.pause()
        mine = words(list_text(app))
        assert mine.startswith("Mine F: Everyone's · Overdue")
        order = ["Write the Q1 budget draft", "Book the offsite venue", "Update the onboarding"]
        order.append("Send the retro notes")
        assert [mine.index(t) for t in order] == sorted(mine.index(t) for t in order)
        assert "you · overdue 18h 20m" in mine and "you · 1h 10m left" in mine
        assert "done Tue 17:00" in mine
        assert "Draft the hiring plan" not in mine
        await pilot.press("F")
        await pilot.pause()
        everyone = words(list_text(app))
        assert "Draft the hiring plan" in everyone and "bob · overdue 12h 20m" in everyone
        assert "chen · no due time" in everyone
        await pilot.press("F")
        await pilot.pause()
        overdue = words(list_text(app))
        assert "Write the Q1 budget draft" in overdue and "Draft the hiring plan" in overdue
        assert "Book the offsite venue" not in overdue


async def test_space_marks_an_action_item_done_and_open_again(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("T")
        await pilot.pause()
        ritual_list = app.query_one(RitualList)
        assert ritual_list.entry is not None and ritual_list.entry.action == BUDGET

        def done() -> list[tuple[int, str]]:
            return (
                rituals.db()
                .execute("SELECT done, member FROM action_states WHERE action = ?", (BUDGET,))
                .fetchall()
            )

        await pilot.press("space")
        await pilot.pause()
        assert done() == [(1, ANA)]
        assert sidebar_count(app, "Action items") == "2"
        # Done ones go to the end; the cursor stays on it.
        assert ritual_list.entry is not None and ritual_list.entry.action == BUDGET
        assert ritual_list.entry.done
        assert "✓ Write the Q1 budget draft" in list_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert (0, ANA) in done()
        assert sidebar_count(app, "Action items") == "3"


async def test_w_makes_an_action_item_of_the_selected_message(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.main.open_thread(ANALYTICS)
        await pilot.pause()
        view = app.query_one(ThreadView)
        view.action_first()
        view.action_cursor_down()
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionItemScreen)
        screen.query_one("#action-text", Input).value = "Set up Plausible"
        screen.query_one("#action-owner", Input).value = "@chen"
        screen.query_one("#action-due", Input).value = "fri 17:00"
        await pilot.pause()
        # Friday 17:00 in Berlin is 16:00 in London.
        assert "Due Fri 17:00 (Fri 16:00 London time)." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ActionItemScreen)
        rows = (
            rituals.db()
            .execute(
                "SELECT thread, message, owner, author, due FROM actions WHERE text = ?",
                ("Set up Plausible",),
            )
            .fetchall()
        )
        due = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
        assert rows == [(ANALYTICS, PICK, CHEN, ANA, ms(due))]


async def test_a_due_window_is_counted_on_the_owners_calendar(rituals: RitualTeam) -> None:
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.main.open_thread(ANALYTICS)
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#action-text", Input).value = "Ask legal"
        screen.query_one("#action-owner", Input).value = "bob"
        screen.query_one("#action-due", Input).value = "2h"
        await pilot.pause()
        # Bob (New York) starts at 09:00 there, 15:00 here: two working hours, 17:00.
        assert "Due 17:00 (Wed 11:00 New York time)." in screen_text(app)
        screen.query_one("#action-due", Input).value = "soonish"
        await pilot.pause()
        assert "not a time: 'soonish'" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionItemScreen)  # refused
        screen.query_one("#action-due", Input).value = ""
        screen.query_one("#action-link").value = False  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        rows = (
            rituals.db()
            .execute("SELECT message, owner, due FROM actions WHERE text = 'Ask legal'")
            .fetchall()
        )
        assert rows == [(None, BOB, None)]


# -- the digest ------------------------------------------------------------------------


async def test_when_focus_ends_the_digest_of_what_came_meanwhile_is_shown(
    rituals: RitualTeam,
) -> None:
    rituals.set_status(ANA, StatusSet(state="focus", until=at(2, 10, 50)), at(2, 10))
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        # While I focus: Bob replies where I wrote, Chen records a decision.
        rituals.add(BOB, MessagePosted(message="msg-late", thread=ANALYTICS, body="Done!"),
                    at(2, 10, 30))  # fmt: skip
        assert await wait_until(
            pilot, lambda: any(m.id == "msg-late" for m in queries.messages(app.ws.db, ANALYTICS))
        )
        assert not isinstance(app.screen, DigestScreen)
        rituals.clock.instant = at(2, 10, 55)
        app.main.refresh_data()
        await pilot.pause()
        assert isinstance(app.screen, DigestScreen)
        text = screen_text(app)
        assert "While you were in focus · since 11:20" in text
        assert "Threads with new replies" in text
        assert '"Pick the analytics tool" (#general): 1 new reply' in text
        assert "Check-ins" in text and "your answer to Daily check-in" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DigestScreen)
        # Once: the next refresh shows nothing more; B shows it again.
        app.main.refresh_data()
        await pilot.pause()
        assert not isinstance(app.screen, DigestScreen)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, DigestScreen)
        assert "1 new reply" in screen_text(app)


async def test_while_i_type_the_digest_waits_behind_a_note(rituals: RitualTeam) -> None:
    rituals.set_status(ANA, StatusSet(state="focus", until=at(2, 10, 50)), at(2, 10))
    notes = Notes()
    app = rituals.app()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settled(pilot)
        rituals.add(BOB, MessagePosted(message="msg-late", thread=ANALYTICS, body="Done!"),
                    at(2, 10, 30))  # fmt: skip
        assert await wait_until(
            pilot, lambda: any(m.id == "msg-late" for m in queries.messages(app.ws.db, ANALYTICS))
        )
        app.main.open_thread(ANALYTICS)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        rituals.clock.instant = at(2, 10, 55)
        app.main.refresh_data()
        await pilot.pause()
        assert not isinstance(app.screen, DigestScreen)
        assert notes.about("is ready: press B")


async def test_a_focus_with_nothing_new_ends_without_a_digest(rituals: RitualTeam) -> None:
    rituals.set_status(ANA, StatusSet(state="focus", until=NOW + timedelta(minutes=30)), NOW)
    app = rituals.app()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        rituals.clock.instant = NOW + timedelta(minutes=35)
        app.main.refresh_data()
        await pilot.pause()
        assert not isinstance(app.screen, DigestScreen)
