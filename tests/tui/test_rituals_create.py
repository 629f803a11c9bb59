"""Making rituals in the TUI, as Ana (Berlin) on Wednesday 11:20: a new async
meeting (c in the Meetings view), closing one's own meeting (X) and a new
check-in (c in the Check-ins view).

Each test drives the app on ``ritual_harness``'s team with keys, then asserts on
what the screen shows and on the meetings, decisions and action items recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app_harness import screen_text, wait_until, widget_text
from ritual_harness import ANA, BOB, CHEN, DANA, NOW, OFFSITE, Q1, SIZE, RitualTeam
from ritual_harness import ritual_team as ritual_team  # the `rituals` fixture
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, TextArea

from asynctui.client import rituals as read
from asynctui.client.rituals import DEFAULT_QUESTIONS
from asynctui.core.hours import Window
from asynctui.core.schedule import format_schedule
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._close_meeting import CloseMeetingScreen
from asynctui.tui.screens._new_checkin import NewCheckinScreen
from asynctui.tui.screens._new_meeting import NewMeetingScreen
from asynctui.tui.screens._new_thread import NewThreadScreen
from asynctui.tui.widgets._ritual_list import RitualList
from asynctui.tui.widgets._status_bar import StatusBar


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


def words(text: str) -> str:
    return " ".join(text.split())


def fill(app: AsyncTuiApp, values: dict[str, str]) -> None:
    """Type into the dialog's boxes, by id (inputs and text areas alike)."""
    for id, value in values.items():
        widget = app.screen.query_one(f"#{id}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        else:
            assert isinstance(widget, Input)
            widget.value = value


async def meetings_view_on(pilot: Pilot[Any], app: AsyncTuiApp, key: str) -> RitualList:
    await pilot.press("M")
    await pilot.pause()
    ritual_list = app.query_one(RitualList)
    assert ritual_list.select_key(key)
    await pilot.pause()
    return ritual_list


# -- a new meeting ---------------------------------------------------------------------


async def test_c_in_the_meetings_view_asks_should_this_be_async_then_opens_the_meeting(
    rituals: RitualTeam,
) -> None:
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewMeetingScreen)
        # The usual case first: input wanted, no rush.
        assert "Run it async. Input is needed, but nothing is urgent" in words(screen_text(app))
        # The advice follows the answers as they change (space toggles the focused one).
        screen.query_one("#q-urgent", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert "Have a short call. An answer is needed within hours" in words(screen_text(app))
        await pilot.press("space")
        await pilot.pause()
        assert "Run it async." in screen_text(app)
        # The deadline's reading is shown as it is typed.
        assert "Due within 2 working days, counted on each participant's calendar." in words(
            screen_text(app)
        )
        fill(app, {"meeting-due": "soonish"})
        await pilot.pause()
        assert "not a time: 'soonish'" in screen_text(app)
        fill(
            app,
            {
                "meeting-title": "Pricing page",
                "meeting-channel": "#design",
                "meeting-goal": "Agree the new pricing page",
                "meeting-agenda": "Plans and names\n\nThe free tier\n",
                "meeting-with": "@bob, chen",
                "meeting-due": "within 2d",
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NewMeetingScreen)
        made = [m for m in read.meetings(rituals.db()) if m.title == "Pricing page"]
        assert len(made) == 1
        m = made[0]
        assert (m.channel_name, m.owner, m.goal) == ("design", ANA, "Agree the new pricing page")
        assert m.agenda == ("Plans and names", "The free tier")
        assert m.participants == (ANA, BOB, CHEN)  # the owner first
        assert (m.within, m.deadline, m.closed_at) == (Window(2, "d"), None, None)
        # Its thread is open, and the Meetings view lists it.
        assert await wait_until(pilot, lambda: app.main.thread_id == m.thread)
        assert "Pricing page" in widget_text(app, "#thread")
        await pilot.press("M")
        await pilot.pause()
        assert "Pricing page  #design · by you" in widget_text(app, "#rituals")


async def test_a_new_meeting_with_a_fixed_deadline(rituals: RitualTeam) -> None:
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        fill(
            app,
            {
                "meeting-title": "Hiring loop",
                "meeting-goal": "Settle the interview steps",
                "meeting-agenda": "Steps",
                "meeting-with": "@ana @bob",  # naming myself changes nothing
                "meeting-due": "fri 17:00",
            },
        )
        await pilot.pause()
        assert "Due Fri 17:00." in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        m = next(m for m in read.meetings(rituals.db()) if m.title == "Hiring loop")
        assert m.participants == (ANA, BOB)
        # Friday 20 November, 17:00 in Berlin; the channel the dialog started from.
        assert (m.deadline, m.within) == (datetime(2026, 11, 20, 16, 0, tzinfo=UTC), None)
        assert m.channel_name in ("design", "general")


async def test_a_new_meeting_needs_a_goal_an_agenda_and_known_people(rituals: RitualTeam) -> None:
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        fill(app, {"meeting-title": "Half done", "meeting-goal": "Something"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewMeetingScreen)
        assert "give the agenda: one item at least" in screen_text(app)
        fill(app, {"meeting-agenda": "One thing", "meeting-with": "@nobody"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewMeetingScreen)
        assert "no member @nobody" in screen_text(app)
        fill(app, {"meeting-with": "", "meeting-channel": "#nowhere"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "no channel #nowhere" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NewMeetingScreen)
        assert not [m for m in read.meetings(rituals.db()) if m.title == "Half done"]


async def test_c_outside_the_meetings_view_is_still_a_new_thread(rituals: RitualTeam) -> None:
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, NewThreadScreen)


# -- closing a meeting -----------------------------------------------------------------


async def test_X_closes_my_meeting_with_its_decisions_and_action_items_then_the_follow_up(
    rituals: RitualTeam,
) -> None:
    notes = Notes()
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settled(pilot)
        await meetings_view_on(pilot, app, f"meeting:{OFFSITE}")
        await pilot.press("X")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CloseMeetingScreen)
        assert "Close Offsite dates" in screen_text(app)
        fill(
            app,
            {
                "close-outcome": "Lisbon, the second week of March",
                "close-decisions": "The offsite is in Lisbon\nThe second week of March\n",
                "close-actions": "Book the flights @bob fri 17:00\nDraft the programme @chen\n",
            },
        )
        await pilot.pause()
        shown = words(screen_text(app))
        assert "· Book the flights → @bob · Due Fri 17:00" in shown
        assert "· Draft the programme → @chen · No due time." in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CloseMeetingScreen)
        db = rituals.db()
        m = read.meeting(db, OFFSITE)
        assert m is not None and m.closed_at is not None
        assert m.outcome == "Lisbon, the second week of March"
        decided = {(d.text, d.author) for d in read.decisions(db, thread=OFFSITE)}
        assert decided == {("The offsite is in Lisbon", ANA), ("The second week of March", ANA)}
        actions = {(a.text, a.owner, a.due) for a in read.action_items(db, NOW, thread=OFFSITE)}
        assert ("Book the flights", BOB, datetime(2026, 11, 20, 16, 0, tzinfo=UTC)) in actions
        assert ("Draft the programme", CHEN, None) in actions
        # The follow-up: every open action item of the meeting (two were there before).
        follow_up = notes.about("Follow-up: 4 open action item(s)")
        assert len(follow_up) == 1
        assert "Book the flights @bob, due Fri 17:00" in follow_up[0]
        assert "Collect city options @chen" in follow_up[0]
        # Closed now: the view says so, and it cannot be closed twice.
        await pilot.press("X")
        await pilot.pause()
        assert not isinstance(app.screen, CloseMeetingScreen)
        assert notes.about('"Offsite dates" is already closed (')


async def test_X_in_my_meetings_thread_closes_it_and_a_bad_action_line_is_refused(
    rituals: RitualTeam,
) -> None:
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.main.open_thread(OFFSITE)
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, CloseMeetingScreen)
        fill(app, {"close-actions": "Someone should do something\nCall @nobody\n"})
        await pilot.pause()
        shown = words(screen_text(app))
        assert "line 1: name its owner" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CloseMeetingScreen)  # refused
        m = read.meeting(rituals.db(), OFFSITE)
        assert m is not None and m.closed_at is None
        fill(app, {"close-actions": "", "close-outcome": "Postponed"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        m = read.meeting(rituals.db(), OFFSITE)
        assert m is not None and m.closed_at is not None and m.outcome == "Postponed"


async def test_only_the_owner_can_close_a_meeting(rituals: RitualTeam) -> None:
    notes = Notes()
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settled(pilot)
        # Chen's Q1 planning, from its thread and from the Meetings view.
        app.main.open_thread(Q1)
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        assert not isinstance(app.screen, CloseMeetingScreen)
        refusal = 'only @chen, who opened "Q1 planning", can close it'
        assert notes.about(refusal)
        await meetings_view_on(pilot, app, f"meeting:{Q1}")
        await pilot.press("X")
        await pilot.pause()
        assert not isinstance(app.screen, CloseMeetingScreen)
        assert len(notes.about(refusal)) == 2
        m = read.meeting(rituals.db(), Q1)
        assert m is not None and m.closed_at is None


# -- a new check-in --------------------------------------------------------------------


async def test_c_in_the_checkins_view_makes_a_checkin_with_the_usual_questions(
    rituals: RitualTeam,
) -> None:
    notes = Notes()
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settled(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewCheckinScreen)
        questions = screen.query_one("#checkin-questions", TextArea).text
        assert questions.splitlines() == list(DEFAULT_QUESTIONS)
        # The schedule's reading, or what is wrong with it, as it is typed.
        assert "Mon-Fri 09:30, each member's own time." in screen_text(app)
        fill(app, {"checkin-schedule": "soon"})
        await pilot.pause()
        assert "not a schedule: 'soon'" in screen_text(app)
        fill(app, {"checkin-title": "Friday wins"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewCheckinScreen)  # refused: no schedule
        fill(
            app,
            {
                "checkin-schedule": "every Friday at 16:00",
                "checkin-channel": "#general",
                "checkin-questions": "What went well this week?",
                "checkin-members": "@bob chen",
            },
        )
        await pilot.pause()
        assert "Fri 16:00, each member's own time." in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NewCheckinScreen)
        made = [c for c in read.checkins(rituals.db()) if c.title == "Friday wins"]
        assert len(made) == 1
        c = made[0]
        assert (c.channel_name, c.author, c.members) == ("general", ANA, (BOB, CHEN))
        assert c.questions == ("What went well this week?",)
        assert (format_schedule(c.schedule), c.within) == ("Fri 16:00", Window(4, "h"))
        (said,) = notes.about('"Friday wins" in #general: Fri 16:00 in each member\'s own time')
        assert said.startswith("Created check-in ")


async def test_a_new_checkin_without_members_asks_everyone(rituals: RitualTeam) -> None:
    app = rituals.app(reminded=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        fill(app, {"checkin-title": "Standup"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        c = next(c for c in read.checkins(rituals.db()) if c.title == "Standup")
        assert set(c.members) == {ANA, BOB, CHEN, DANA}
        assert c.questions == DEFAULT_QUESTIONS
        assert format_schedule(c.schedule) == "Mon-Fri 09:30"
