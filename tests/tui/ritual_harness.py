"""A small team of our own with running rituals, for the ritual views' tests.

Not the demo (asynctui/demo changes on its own): four people, two channels, two
check-ins, three async meetings, two decisions and six action items, every time
fixed, in an in-memory store. The app is built as ``asynctui tui`` builds it
(two workspaces over one replica file) on a clock the test can move.

The viewer is Ana, Berlin. The clock: Wednesday 18 November 2026, 10:20 UTC
(11:20 Berlin, 05:20 New York, 10:20 London, 19:20 Tokyo). Everyone keeps the
default hours (Mon-Fri 09:00-17:00, their own time); Dana (Tokyo) has today off.

Test modules take the ``rituals`` fixture with
``from ritual_harness import ritual_team as ritual_team``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client.replica import Replica
from asynctui.client.session import Session
from asynctui.client.workspace import Workspace
from asynctui.config import Config
from asynctui.core.events import (
    ActionCreated,
    ActionDone,
    ChannelCreated,
    CheckinAnswered,
    CheckinCreated,
    DecisionMade,
    Event,
    HoursSet,
    MeetingClosed,
    MeetingOpened,
    MessagePosted,
    Payload,
    ProfileSet,
    StatusSet,
    ThreadOpened,
)
from asynctui.core.hours import Hours, TimeOff, Window
from asynctui.core.ids import new_id
from asynctui.core.schedule import Schedule
from asynctui.stores.base import Store
from asynctui.stores.memory import MemoryStore
from asynctui.tui.app import AsyncTuiApp

NOW = datetime(2026, 11, 18, 10, 20, tzinfo=UTC)
"""Wednesday 18 November 2026, 11:20 in Berlin (Ana's zone)."""
TODAY = date(2026, 11, 18)
MON = datetime(2026, 11, 16, tzinfo=UTC)

SIZE = (160, 45)

ANA, BOB, CHEN, DANA = "m-ana", "m-bob", "m-chen", "m-dana"

DAILY, WEEKLY = "ci-daily", "ci-weekly"
QUESTIONS = ("What did you finish?", "What's next?", "Anything blocking you?")
Q1, OFFSITE, RETRO = "t-q1", "t-offsite", "t-retro"
Q1_AGENDA = ("Budget", "Hiring", "Launch markets")
ANALYTICS = "t-analytics"
PICK = "msg-pick"
"""Bob's message in the analytics thread: "Plausible: simpler, and privacy-friendly"."""
BUDGET, VENUE, ONBOARDING, NOTES, HIRING, CITIES = (
    "a-budget",
    "a-venue",
    "a-onboarding",
    "a-notes",
    "a-hiring",
    "a-cities",
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in UTC, ``day`` days after Monday 16 November 2026, 00:00 UTC."""
    return MON + timedelta(days=day, hours=hour, minutes=minute)


class MovableClock:
    """A clock the test sets: both of the app's workspaces read it."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def now(self) -> datetime:
        return self.instant


class Log:
    """Events the way the team's devices made them, in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, author: str, body: Payload, when: datetime) -> Event:
        event = Event(
            id=new_id(int(when.timestamp() * 1000)),
            lamport=len(self.events) + 1,
            device=f"{author}-old-laptop",
            author=author,
            at=when,
            body=body,
        )
        self.events.append(event)
        return event

    def say(self, author: str, thread: str, when: datetime, body: str, **kw: object) -> str:
        mid = str(kw.pop("message", new_id()))
        self.add(author, MessagePosted(message=mid, thread=thread, body=body, **kw), when)  # type: ignore[arg-type]
        return mid


def history() -> Log:
    """The team's story up to Wednesday morning."""
    log = Log()
    start = at(-30, 0)
    for member, name, tz in (
        (ANA, "Ana", "Europe/Berlin"),
        (BOB, "Bob", "America/New_York"),
        (CHEN, "Chen", "Europe/London"),
        (DANA, "Dana", "Asia/Tokyo"),
    ):
        log.add(member, ProfileSet(name=name, handle=name.lower(), tz=tz), start)
    log.add(DANA, HoursSet(hours=Hours(time_off=(TimeOff(TODAY, TODAY, "dentist"),))), start)
    log.add(ANA, ChannelCreated(channel="c-general", name="general"), start)
    log.add(BOB, ChannelCreated(channel="c-design", name="design"), start)

    # Check-ins: the daily one asks today's question (Ana's is waiting), the weekly
    # one Monday's (Chen and Dana never answered: overdue).
    weekdays = Schedule(at=9 * 60 + 30)
    log.add(
        CHEN,
        CheckinCreated(checkin=DAILY, channel="c-general", title="Daily check-in",
                       questions=QUESTIONS, schedule=weekdays, members=(ANA, BOB, CHEN, DANA),
                       within=Window(4, "h")),
        at(-3, 8),
    )  # fmt: skip
    log.add(
        ANA,
        CheckinCreated(checkin=WEEKLY, channel="c-design", title="Weekly plan",
                       questions=("What will you ship this week?",),
                       schedule=Schedule(at=10 * 60, days=(0,)), members=(ANA, BOB, CHEN, DANA),
                       within=Window(4, "h")),
        at(-3, 9),
    )  # fmt: skip
    log.add(
        CHEN,
        CheckinAnswered(checkin=DAILY, day=TODAY, message="msg-chen-daily",
                        answers=("The release notes", "Q1 budget review", "Nothing")),
        at(2, 9, 45),
    )  # fmt: skip
    log.add(
        ANA,
        CheckinAnswered(checkin=WEEKLY, day=date(2026, 11, 16), message="msg-ana-weekly",
                        answers=("The onboarding flow",)),
        at(0, 9, 15),
    )  # fmt: skip
    log.add(
        BOB,
        CheckinAnswered(checkin=WEEKLY, day=date(2026, 11, 16), message="msg-bob-weekly",
                        answers=("Pagination for the events API",)),
        at(0, 21, 0),
    )  # fmt: skip

    # Async meetings: Chen's (Ana has given the budget only), Ana's own, a closed one.
    log.add(
        CHEN,
        MeetingOpened(thread=Q1, channel="c-design", title="Q1 planning", message="msg-q1",
                      goal="Agree what Q1 is for", agenda=Q1_AGENDA,
                      participants=(ANA, BOB, CHEN), within=Window(3, "d")),
        at(0, 10),
    )  # fmt: skip
    log.say(ANA, Q1, at(1, 9), "Budget: keep it flat, move 10% to hiring.", item=0)
    log.say(BOB, Q1, at(1, 15), "Budget: flat is fine by me.", item=0)
    log.say(BOB, Q1, at(1, 15, 5), "Hiring: one backend engineer first.", item=1)
    log.add(
        ANA,
        MeetingOpened(thread=OFFSITE, channel="c-general", title="Offsite dates",
                      message="msg-offsite", goal="Pick the week and the city of the offsite",
                      agenda=("Which week?", "Which city?"), participants=(BOB, CHEN, DANA),
                      deadline=at(4, 16)),
        at(1, 9),
    )  # fmt: skip
    log.say(CHEN, OFFSITE, at(1, 11), "Week: the second of March.", item=0)
    log.say(CHEN, OFFSITE, at(1, 11, 5), "City: Lisbon.", item=1)
    log.say(BOB, OFFSITE, at(1, 16), "Week: any but the first.", item=0)
    log.add(
        BOB,
        MeetingOpened(thread=RETRO, channel="c-design", title="Retro: October",
                      message="msg-retro", goal="What to keep, what to change",
                      agenda=("Keep", "Change"), participants=(ANA, BOB)),
        at(-2, 14),
    )  # fmt: skip
    log.say(ANA, RETRO, at(-1, 10), "Keep: the written updates.", item=0)
    log.say(ANA, RETRO, at(-1, 10, 5), "Change: smaller releases.", item=1)
    log.say(BOB, RETRO, at(0, 15), "Keep: the same. Change: yes, smaller.", item=0)
    log.say(BOB, RETRO, at(0, 15, 1), "Change: every two weeks.", item=1)

    # A plain thread, with the message that becomes a decision in a test.
    log.add(
        CHEN,
        ThreadOpened(thread=ANALYTICS, channel="c-general", title="Pick the analytics tool",
                     message="msg-analytics", body="Plausible or Matomo?"),
        at(0, 11),
    )  # fmt: skip
    log.say(BOB, ANALYTICS, at(0, 16), "Plausible: simpler, and privacy-friendly.", message=PICK)
    log.say(ANA, ANALYTICS, at(1, 8), "Agreed, Plausible.")

    log.add(
        BOB,
        DecisionMade(decision="d-releases", thread=RETRO,
                     text="Ship smaller releases, every two weeks", deciders=(BOB, ANA)),
        at(1, 15),
    )  # fmt: skip
    log.add(
        BOB, MeetingClosed(thread=RETRO, outcome="Smaller releases, every two weeks"), at(1, 15)
    )
    log.add(
        CHEN,
        DecisionMade(decision="d-analytics", thread=ANALYTICS, text="Go with Plausible",
                     messages=(PICK,), deciders=(CHEN,)),
        at(0, 17),
    )  # fmt: skip

    # Action items: Ana's overdue, due soon, open and done ones; Bob's overdue one;
    # Chen's without a due time.
    for action, thread, text, owner, due, author, when in (
        (BUDGET, Q1, "Write the Q1 budget draft", ANA, at(1, 16), CHEN, at(0, 11)),
        (VENUE, OFFSITE, "Book the offsite venue", ANA, at(2, 11, 30), ANA, at(1, 9, 30)),
        (ONBOARDING, ANALYTICS, "Update the onboarding doc", ANA, at(7, 16), BOB, at(1, 10)),
        (NOTES, RETRO, "Send the retro notes", ANA, at(1, 12), BOB, at(1, 15)),
        (HIRING, Q1, "Draft the hiring plan", BOB, at(1, 22), CHEN, at(0, 12)),
        (CITIES, OFFSITE, "Collect city options", CHEN, None, ANA, at(1, 9, 40)),
    ):
        log.add(
            author,
            ActionCreated(action=action, thread=thread, text=text, owner=owner, due=due),
            when,
        )
    log.add(ANA, ActionDone(action=NOTES), at(1, 16))
    return log


@dataclass
class RitualTeam:
    """The team's log in a memory store, and apps opened on it as Ana."""

    base: Path
    store: MemoryStore
    clock: MovableClock = field(default_factory=lambda: MovableClock(NOW))
    _replicas: list[Replica] = field(default_factory=list)

    @property
    def replica_path(self) -> Path:
        return self.base / "replica.db"

    def app(self, keys: dict[str, str] | None = None, *, reminded: bool = False) -> AsyncTuiApp:
        """``reminded``: as if this device had already reminded Ana of today's daily
        check-in (its notification would sit over every snapshot)."""
        if reminded:
            replica = Replica(self.replica_path)
            key = f"checkin:{DAILY}:{TODAY.isoformat()}"
            replica.db.execute("INSERT OR IGNORE INTO reminders (key, at) VALUES (?, 0)", (key,))
            replica.close()
        config = Config(
            member=ANA, device="ana-laptop", handle="ana", replica=str(self.replica_path),
            keys=dict(keys or {}),
        )  # fmt: skip
        ui_replica = Replica(self.replica_path)
        sync_replica = Replica(self.replica_path)
        self._replicas += [ui_replica, sync_replica]
        ui = Workspace(ui_replica, None, self.clock, ANA, config.device)
        sync = Workspace(sync_replica, self.store, self.clock, ANA, config.device)

        def reopen() -> Store:
            return self.store

        return AsyncTuiApp(Session(ui, sync, reopen, config, lambda _: None))

    def db(self) -> sqlite3.Connection:
        """A connection of the test's own to the replica."""
        replica = Replica(self.replica_path)
        self._replicas.append(replica)
        return replica.db

    def add(self, author: str, body: Payload, when: datetime) -> None:
        """Someone else's event, arriving through the store."""
        event = Event(
            id=new_id(int(when.timestamp() * 1000)),
            lamport=10_000 + len(self.store.events),
            device=f"{author}-phone",
            author=author,
            at=when,
            body=body,
        )
        self.store.append([event])

    def set_status(self, member: str, status: StatusSet, when: datetime) -> None:
        self.add(member, status, when)

    def close(self) -> None:
        for replica in self._replicas:
            replica.close()
        self._replicas.clear()


@pytest.fixture(name="rituals")
def ritual_team(tmp_path: Path) -> Iterator[RitualTeam]:
    team = RitualTeam(tmp_path, MemoryStore(history().events))
    yield team
    team.close()
