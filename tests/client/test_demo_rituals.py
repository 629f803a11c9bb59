"""The demo team's rituals, as Ana sees them in `asynctui demo`, whatever the hour.

The demo tells its story at the moment it is made, so each test builds it at
fixed clocks (journals in a folder, as `asynctui demo` writes them), syncs
Ana's replica from the folder and reads it through the read models.

A check-in reaches everyone at 09:30 on their own clock: Kenji in Tokyo first,
Priya in Kolkata, Ana in Berlin, Sam in New York, Maya in Los Angeles last. So
on a Berlin morning only Priya and Ana have today's question (Kenji is on time
off): Priya has answered and Ana has not; someone overdue shows in yesterday's
occurrence (Maya never answered it). Once New York has its question too (a
Berlin afternoon or evening), today's occurrence shows answered, pending,
overdue and skipped at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client import digest, rituals
from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.client.workspace import Workspace
from asynctui.core.clock import FixedClock
from asynctui.core.hours import Window
from asynctui.core.schedule import Schedule, occurs_on
from asynctui.demo.team import VIEWER, build, people, story
from asynctui.server.log import ServerLog
from asynctui.stores.folder import FolderStore

ANA = "m-" + VIEWER

DEMO_OWN = "2026-11-18T11:20+01:00"
"""The Wednesday 11:20 in Berlin the demo is told at when the clock is not fixed."""
MONDAY_MORNING = "2026-11-16T09:45+01:00"
FRIDAY_EVENING = "2026-11-20T19:00+01:00"
SUNDAY = "2026-11-22T15:00+01:00"
US_ON_SUMMER_TIME = "2026-03-11T16:00+01:00"
"""New York moved its clocks on 8 March, Berlin not until the 29th: 5 hours apart."""
AFTER_BERLIN_SWITCH = "2026-03-30T10:00+02:00"
"""The Monday after Berlin moved its clocks: the history spans the switch."""
MONDAY_NIGHT = "2026-11-16T02:10+01:00"
"""Only Tokyo's Monday question has come (to Kenji, who is away)."""

CLOCKS = (
    DEMO_OWN,
    MONDAY_MORNING,
    FRIDAY_EVENING,
    SUNDAY,
    US_ON_SUMMER_TIME,
    AFTER_BERLIN_SWITCH,
    MONDAY_NIGHT,
)


@dataclass
class Seen:
    """The demo as Ana's replica holds it at one clock."""

    db: sqlite3.Connection
    team: Team
    now: datetime

    def handle(self, member: str) -> str:
        return self.team.handle(member)

    def daily(self) -> rituals.Checkin:
        (found,) = [c for c in rituals.checkins(self.db) if c.title == "Daily check-in"]
        return found

    def occurrence(self, back: int = 0) -> rituals.Occurrence:
        """The daily check-in's current occurrence, or the one ``back`` before it."""
        ci = self.daily()
        day = rituals.current_day(ci, self.team, self.now)
        assert day is not None
        for _ in range(back):
            day -= timedelta(days=1)
            while not occurs_on(ci.schedule, day):
                day -= timedelta(days=1)
        return rituals.occurrence(self.db, self.team, ci, day, self.now)

    def states(self, back: int = 0) -> dict[str, str]:
        return {self.handle(p.member): p.state for p in self.occurrence(back).people}

    def meeting(self, title: str) -> rituals.Meeting:
        (found,) = [m for m in rituals.meetings(self.db) if m.title == title]
        return found

    def thread_messages(self, thread: str) -> set[str]:
        return {
            m for (m,) in self.db.execute("SELECT id FROM messages WHERE thread = ?", (thread,))
        }


@pytest.fixture(scope="module")
def demo_at(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Seen]]:
    """The demo built at a clock and synced into Ana's replica, once per clock."""
    made: dict[str, Seen] = {}
    replicas: list[Replica] = []

    def at(clock: str) -> Seen:
        if clock not in made:
            now = datetime.fromisoformat(clock).astimezone(UTC)
            base = tmp_path_factory.mktemp("demo")
            build(base / "folder", now)
            viewer = next(p for p in people(now) if p.handle == VIEWER)
            replica = Replica(base / "replica.db")
            replicas.append(replica)
            store = FolderStore(base / "folder", viewer.device)
            workspace = Workspace(replica, store, FixedClock(now), viewer.member, viewer.device)
            workspace.sync()
            made[clock] = Seen(replica.db, workspace.team(), now)
        return made[clock]

    yield at
    for replica in replicas:
        replica.close()


# -- check-ins ----------------------------------------------------------------------


@pytest.mark.parametrize("clock", CLOCKS)
def test_the_daily_check_in_runs_on_weekdays_at_half_past_nine_for_everyone(
    demo_at: Callable[[str], Seen], clock: str
) -> None:
    seen = demo_at(clock)
    daily = seen.daily()
    assert not daily.stopped and daily.channel_name == "check-ins"
    assert daily.questions == ("What did you finish?", "What's next?", "Anything blocking you?")
    assert daily.schedule == Schedule(at=9 * 60 + 30, days=(0, 1, 2, 3, 4))
    assert daily.within == Window(4, "h")
    assert {seen.handle(m) for m in daily.members} == {"ana", "kenji", "maya", "priya", "sam"}
    weekly = [c for c in rituals.checkins(seen.db, running_only=True) if c.title == "Weekly wins"]
    assert [c.schedule for c in weekly] == [Schedule(at=10 * 60, days=(0,))]


@pytest.mark.parametrize("clock", CLOCKS)
def test_earlier_working_days_have_everyones_answers_but_maya_missed_the_last_one(
    demo_at: Callable[[str], Seen], clock: str
) -> None:
    seen = demo_at(clock)
    before = seen.occurrence(back=1)
    assert before.day.weekday() < 5
    assert {seen.handle(p.member) for p in before.who("overdue")} == {"maya"}
    assert not before.who("pending", "upcoming")
    assert len(before.who("answered")) >= 3
    for back in (1, 2, 3):
        occurrence = seen.occurrence(back)
        assert occurrence.who("answered"), f"no answers {back} occurrences back"
        for person in occurrence.who("answered"):
            assert len(person.answers) == 3 and all(a.strip() for a in person.answers)
            assert person.starts <= person.answered_at <= seen.now  # type: ignore[operator]
    # Sam answered the one before that, but late.
    sam = next(p for p in seen.occurrence(back=2).people if seen.handle(p.member) == "sam")
    assert sam.state == "answered" and sam.late


CURRENT = {
    DEMO_OWN: dict(priya="answered", ana="pending", maya="upcoming", sam="upcoming"),
    MONDAY_MORNING: dict(priya="answered", ana="pending", maya="upcoming", sam="upcoming"),
    FRIDAY_EVENING: dict(priya="answered", maya="answered", sam="pending", ana="overdue"),
    SUNDAY: dict(priya="answered", maya="answered", ana="answered", sam="overdue"),
    US_ON_SUMMER_TIME: dict(priya="answered", sam="pending", ana="overdue", maya="upcoming"),
    AFTER_BERLIN_SWITCH: dict(priya="answered", ana="pending", maya="upcoming", sam="upcoming"),
    MONDAY_NIGHT: dict(priya="upcoming", ana="upcoming", maya="upcoming", sam="upcoming"),
}
"""Who stands where in the daily check-in's current occurrence (Kenji: skipped)."""


@pytest.mark.parametrize("clock", CLOCKS)
def test_the_current_occurrence_shows_what_the_hour_allows(
    demo_at: Callable[[str], Seen], clock: str
) -> None:
    seen = demo_at(clock)
    assert seen.states() == {**CURRENT[clock], "kenji": "skipped"}
    (kenji,) = seen.occurrence().who("skipped")
    assert kenji.reason == "time off"
    local = seen.now.astimezone(datetime.fromisoformat(clock).tzinfo)
    if local.weekday() >= 5:
        assert seen.occurrence().day.weekday() == 4  # the weekend shows Friday's


@pytest.mark.parametrize("clock", [FRIDAY_EVENING, US_ON_SUMMER_TIME])
def test_once_new_york_has_its_question_all_four_states_show(
    demo_at: Callable[[str], Seen], clock: str
) -> None:
    states = set(demo_at(clock).states().values())
    assert {"answered", "pending", "overdue", "skipped"} <= states


@pytest.mark.parametrize(
    ("clock", "waiting"),
    [
        (DEMO_OWN, {("Daily check-in", date(2026, 11, 18))}),
        (MONDAY_MORNING, {("Daily check-in", date(2026, 11, 16))}),
        (FRIDAY_EVENING, {("Daily check-in", date(2026, 11, 20))}),
        (US_ON_SUMMER_TIME, {("Daily check-in", date(2026, 3, 11))}),
        (
            AFTER_BERLIN_SWITCH,
            {("Daily check-in", date(2026, 3, 30)), ("Weekly wins", date(2026, 3, 30))},
        ),
        (SUNDAY, set()),
        (MONDAY_NIGHT, set()),
    ],
)
def test_ana_has_her_question_waiting_once_her_morning_has_come(
    demo_at: Callable[[str], Seen], clock: str, waiting: set[tuple[str, date]]
) -> None:
    seen = demo_at(clock)
    found = rituals.pending_checkins(seen.db, seen.team, ANA, seen.now)
    assert {(ci.title, day) for ci, _, day in found} == waiting


# -- meetings, decisions, action items ----------------------------------------------


@pytest.mark.parametrize("clock", CLOCKS)
def test_the_open_meeting_has_contributions_and_still_expects_ana(
    demo_at: Callable[[str], Seen], clock: str
) -> None:
    seen = demo_at(clock)
    roadmap = seen.meeting("Q1 roadmap")
    assert roadmap.closed_at is None and roadmap.channel_name == "product"
    assert len(roadmap.agenda) == 3 and len(roadmap.participants) == 4
    assert roadmap.within == Window(2, "d") and roadmap.deadline is None
    given = rituals.participation(seen.db, seen.team, roadmap, seen.now)
    parts = {seen.handle(p.member): p for p in given}
    assert all(any(p.items[n] for p in parts.values()) for n in range(3))
    assert parts["ana"].items[0] and parts["ana"].missing == [1, 2]
    assert parts["ana"].due is not None and parts["ana"].due > roadmap.opened_at
    waiting = rituals.waiting_meetings(seen.db, seen.team, ANA, seen.now)
    assert [m.title for m, _ in waiting] == ["Q1 roadmap"]


@pytest.mark.parametrize("clock", [DEMO_OWN, SUNDAY, AFTER_BERLIN_SWITCH])
def test_the_closed_meeting_has_an_outcome_decisions_and_action_items(
    demo_at: Callable[[str], Seen], clock: str
) -> None:
    seen = demo_at(clock)
    pricing = seen.meeting("Team plan pricing")
    assert pricing.closed_at is not None and pricing.outcome
    decided = rituals.decisions(seen.db, thread=pricing.thread)
    assert len(decided) == 3
    in_thread = seen.thread_messages(pricing.thread)
    for decision in decided:
        assert decision.messages and set(decision.messages) <= in_thread
        assert ANA in decision.deciders
    actions = rituals.action_items(seen.db, seen.now, thread=pricing.thread)
    assert any(a.done for a in actions)
    assert any(a.urgency == "overdue" and a.owner != ANA and a.author == ANA for a in actions)
    assert [a.urgency for a in actions if a.owner == ANA] == ["due_soon"]
    assert all(a.message is None or a.message in in_thread for a in actions)


@pytest.mark.parametrize("clock", [DEMO_OWN, FRIDAY_EVENING])
def test_a_decision_and_an_action_item_come_from_an_ordinary_message_elsewhere(
    demo_at: Callable[[str], Seen], clock: str
) -> None:
    seen = demo_at(clock)
    meeting_threads = {m.thread for m in rituals.meetings(seen.db)}
    meeting_channels = {m.channel_name for m in rituals.meetings(seen.db)}
    elsewhere = [d for d in rituals.decisions(seen.db) if d.thread not in meeting_threads]
    (decision,) = elsewhere
    assert decision.channel_name not in meeting_channels
    assert decision.messages and set(decision.messages) <= seen.thread_messages(decision.thread)
    (action,) = rituals.action_items(seen.db, seen.now, thread=decision.thread)
    assert action.message in decision.messages and not action.done
    assert len(rituals.decisions(seen.db)) >= 2


def test_anas_digest_lists_her_check_in_meeting_decisions_and_overdue_action(
    demo_at: Callable[[str], Seen],
) -> None:
    seen = demo_at(DEMO_OWN)
    since = seen.now - timedelta(days=5)
    found = digest.build(seen.db, seen.team, ANA, since, seen.now)
    text = digest.render(found, seen.team, "Europe/Berlin")
    assert "your answer to Daily check-in, Wed 18 Nov" in text
    assert 'your part of "Q1 roadmap": ' in text
    assert "\nOverdue to you (1)\n" in text
    assert "action item Update the pricing page" in text
    assert "Decisions (4)" in text


# -- valid for a server too ----------------------------------------------------------


@pytest.mark.parametrize("clock", [DEMO_OWN, SUNDAY, US_ON_SUMMER_TIME])
def test_a_server_accepts_every_event_of_the_demo(tmp_path: Path, clock: str) -> None:
    """Every id a decision, action item or answer names exists, in its thread's channel."""
    events = story(datetime.fromisoformat(clock).astimezone(UTC))
    assert all(e.at <= datetime.fromisoformat(clock) for e in events)
    log = ServerLog(tmp_path / "team.db")
    try:
        log.plan(events, ANA)  # raises Refused for the first event a server would refuse
    finally:
        log.close()
