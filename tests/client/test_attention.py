"""The client never nags me outside my hours: when it may notify, and the digest of what waited.

I am Ana in Berlin (UTC+1 in November), working Mon-Fri 09:00-17:00 with a focus
block on Tuesdays 09:00-11:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client import digest
from asynctui.client.attention import (
    Digest,
    QuietEnded,
    QuietTime,
    digest_since,
    may_notify,
    quiet_until,
)
from asynctui.client.news import what_came
from asynctui.client.replica import Replica
from asynctui.client.team import Status, Team
from asynctui.core.events import (
    AskCancelled,
    AskCreated,
    Event,
    HoursSet,
    MessagePosted,
    Payload,
    ProfileSet,
    StatusSet,
    StatusState,
    ThreadOpened,
)
from asynctui.core.hours import Hours, WeeklyRule, Window
from asynctui.core.ids import new_id

ANA, BOB, CHEN = "m-ana", "m-bob", "m-chen"
MON = datetime(2026, 11, 16, tzinfo=UTC)
"""Monday 16 November 2026, 00:00 UTC (01:00 in Berlin)."""


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    """``day`` days after Monday 16 November 2026, at a Berlin wall-clock time, in UTC."""
    return MON + timedelta(days=day, hours=hour - 1, minutes=minute)


class History:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.lamport = 0
        self.events: list[Event] = []

    def add(self, author: str, body: Payload, when: datetime) -> None:
        self.lamport += 1
        e = Event(
            id=new_id(int(when.timestamp() * 1000)),
            lamport=self.lamport,
            device=f"{author}-laptop",
            author=author,
            at=when,
            body=body,
        )
        self.replica.apply([e])
        self.events.append(e)

    def thread(self, author: str, when: datetime) -> str:
        tid = new_id()
        body = ThreadOpened(thread=tid, channel="c", title="Plan", message=new_id(), body="?")
        self.add(author, body, when)
        return tid

    def say(self, author: str, thread: str, when: datetime) -> None:
        self.add(author, MessagePosted(message=new_id(), thread=thread, body="ok"), when)

    def ask(self, asker: str, thread: str, asked: str, within: Window, when: datetime) -> str:
        aid = new_id()
        self.add(asker, AskCreated(ask=aid, thread=thread, asked=asked, within=within), when)
        return aid

    def status(self, state: StatusState, when: datetime, until: datetime | None = None) -> None:
        self.add(ANA, StatusSet(state=state, until=until), when)

    def me(self, now: datetime) -> tuple[Team, Status | None]:
        team = Team(self.replica.db)
        return team, team.status(ANA, now)


@pytest.fixture
def ana(tmp_path: Path) -> History:
    history = History(Replica(tmp_path / "replica.db"))
    start = MON - timedelta(days=30)
    history.add(ANA, ProfileSet(name="Ana", handle="ana", tz="Europe/Berlin"), start)
    history.add(BOB, ProfileSet(name="Bob", handle="bob", tz="Europe/Berlin"), start)
    history.add(CHEN, ProfileSet(name="Chen", handle="chen", tz="Europe/Berlin"), start)
    tuesday_focus = WeeklyRule(days=(1,), start=9 * 60, end=11 * 60)
    history.add(ANA, HoursSet(hours=Hours(focus=(tuesday_focus,))), start)
    return history


def notify(history: History, now: datetime) -> bool:
    team, status = history.me(now)
    return may_notify(team.calendar(ANA), status, now)


def quiet(history: History, now: datetime) -> datetime | None:
    team, status = history.me(now)
    return quiet_until(team.calendar(ANA), status, now)


# -- may the client interrupt me? -------------------------------------------------------


def test_during_my_working_hours_the_client_may_notify_me(ana: History) -> None:
    assert notify(ana, berlin(0, 10))


@pytest.mark.parametrize(
    "now",
    [berlin(0, 8, 59), berlin(0, 17), berlin(0, 23), berlin(5, 12)],
    ids=["before work", "at the end of the day", "at night", "on Saturday"],
)
def test_outside_my_hours_the_client_holds_notifications(ana: History, now: datetime) -> None:
    assert not notify(ana, now)


def test_in_my_focus_block_the_client_holds_notifications(ana: History) -> None:
    assert not notify(ana, berlin(1, 10))
    assert notify(ana, berlin(1, 11))


@pytest.mark.parametrize("state", ["focus", "off", "ooo"])
def test_a_focus_off_or_out_of_office_status_holds_notifications(
    ana: History, state: StatusState
) -> None:
    ana.status(state, berlin(0, 10), until=berlin(0, 12))
    assert not notify(ana, berlin(0, 11))
    assert notify(ana, berlin(0, 12))


def test_an_open_ended_off_status_holds_notifications_until_i_change_it(ana: History) -> None:
    ana.status("off", berlin(0, 10))
    assert not notify(ana, berlin(2, 10))
    ana.status("available", berlin(2, 11))
    assert notify(ana, berlin(2, 11))


def test_an_away_status_does_not_hold_notifications(ana: History) -> None:
    ana.status("away", berlin(0, 10))
    assert notify(ana, berlin(0, 11))


def test_an_expired_focus_status_given_directly_no_longer_holds_anything(ana: History) -> None:
    team = Team(ana.replica.db)
    ended = Status("focus", "", "", until=berlin(0, 10), set_at=berlin(0, 9))
    assert may_notify(team.calendar(ANA), ended, berlin(0, 11))


# -- when notifications resume -------------------------------------------------------


def test_when_notifications_are_allowed_there_is_no_quiet_time(ana: History) -> None:
    assert quiet(ana, berlin(0, 10)) is None


def test_a_focus_status_ends_quiet_time_when_it_ends(ana: History) -> None:
    ana.status("focus", berlin(0, 10), until=berlin(0, 11, 30))
    assert quiet(ana, berlin(0, 10, 48)) == berlin(0, 11, 30)


def test_a_focus_status_running_past_my_day_ends_quiet_time_next_working_morning(
    ana: History,
) -> None:
    # Tuesday morning is a focus block: notifications resume at 11:00.
    ana.status("focus", berlin(0, 16), until=berlin(0, 18))
    assert quiet(ana, berlin(0, 16, 30)) == berlin(1, 11)


def test_after_hours_on_friday_quiet_time_ends_on_monday_morning(ana: History) -> None:
    assert quiet(ana, berlin(4, 18)) == berlin(7, 9)


def test_in_my_focus_block_quiet_time_ends_with_the_block(ana: History) -> None:
    assert quiet(ana, berlin(1, 9, 15)) == berlin(1, 11)


def test_off_until_a_set_time_ends_quiet_time_then_or_at_my_next_hours(ana: History) -> None:
    ana.status("off", berlin(0, 12), until=berlin(0, 14))
    assert quiet(ana, berlin(0, 13)) == berlin(0, 14)


def test_an_open_ended_status_has_no_known_end(ana: History) -> None:
    ana.status("focus", berlin(0, 10))
    assert quiet(ana, berlin(0, 11)) is None
    assert not notify(ana, berlin(0, 11))


# -- the digest ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digest", "text"),
    [
        (Digest(5, 2, 1, "off"), "While you were off: 5 replies, 2 asks of you, 1 overdue"),
        (Digest(1, 1, 0, "in focus"), "While you were in focus: 1 reply, 1 ask of you"),
        (Digest(0, 0, 3, "off"), "While you were off: 3 overdue"),
        (Digest(), "Nothing new while you were away."),
        (Digest(lead="in focus"), "Nothing new while you were in focus."),
    ],
)
def test_the_digest_says_what_waited_in_one_line(digest: Digest, text: str) -> None:
    assert digest.text == text
    assert digest.empty == (text.startswith("Nothing"))


def test_the_digest_counts_replies_new_asks_and_what_i_let_pass(ana: History) -> None:
    since, now = berlin(0, 17), berlin(1, 11)
    mine = ana.thread(ANA, berlin(0, 9))  # I wrote here
    asked = ana.thread(BOB, berlin(0, 9))  # I was asked here
    ana.ask(BOB, asked, ANA, Window(30, "m"), berlin(0, 16))  # due at 16:30
    elsewhere = ana.thread(BOB, berlin(0, 9))  # nothing to do with me

    ana.say(BOB, mine, berlin(0, 16))  # before I went off
    ana.say(BOB, mine, berlin(0, 18))
    ana.say(CHEN, mine, berlin(0, 19))
    ana.say(ANA, mine, berlin(0, 20))  # my own, from my phone
    ana.say(CHEN, asked, berlin(1, 8))
    ana.say(BOB, elsewhere, berlin(0, 18))
    new = ana.thread(BOB, berlin(0, 18))  # a new thread asking me: its message counts too
    ana.ask(BOB, new, ANA, Window(8, "h"), berlin(0, 18))
    withdrawn = ana.ask(CHEN, new, ANA, Window(8, "h"), berlin(0, 18))
    ana.add(CHEN, AskCancelled(ask=withdrawn), berlin(0, 19))
    ana.say(BOB, mine, berlin(1, 12))  # after now

    team = Team(ana.replica.db)
    digest = digest_since(ana.replica.db, team, ANA, since, now, lead="off")
    assert (digest.replies, digest.asks_of_me, digest.overdue) == (4, 1, 1)
    assert digest.text == "While you were off: 4 replies, 1 ask of you, 1 overdue"


def test_a_quiet_stretch_with_nothing_for_me_says_so(ana: History) -> None:
    ana.thread(BOB, berlin(0, 18))
    team = Team(ana.replica.db)
    digest = digest_since(ana.replica.db, team, ANA, berlin(0, 17), berlin(1, 9))
    assert digest == Digest(0, 0, 0)
    assert digest.text == "Nothing new while you were away."


# -- a running client: held, then the digest -----------------------------------------------


def test_a_message_arriving_during_my_focus_block_is_held_and_the_digest_is_offered_when_it_ends(
    ana: History,
) -> None:
    watch = QuietTime()
    team = Team(ana.replica.db)
    assert watch.look(team, ANA, berlin(1, 9, 5)) is None  # Tuesday, in my focus block
    mine = ana.thread(ANA, berlin(0, 10))
    ana.say(BOB, mine, berlin(1, 9, 30))
    came = what_came(ana.replica.db, team, ANA, ana.events[-1:])
    assert not watch.arrived(came, team, ANA, berlin(1, 9, 30))  # held, not told
    assert watch.held == 1

    ended = watch.look(team, ANA, berlin(1, 11))
    assert ended == QuietEnded(since=berlin(1, 9, 5), lead="in focus", held=1, news=came)
    found = digest.build(ana.replica.db, team, ANA, ended.since, berlin(1, 11))
    assert ended.digest_due(found)
    assert watch.held == 0 and watch.since is None
    # The digest key shows that quiet time from then on.
    assert watch.digest_window(berlin(1, 15)) == (berlin(1, 9, 5), "in focus")


def test_news_during_my_working_hours_is_told_at_once(ana: History) -> None:
    watch = QuietTime()
    team = Team(ana.replica.db)
    assert watch.look(team, ANA, berlin(0, 10)) is None
    mine = ana.thread(ANA, berlin(0, 9))
    ana.say(BOB, mine, berlin(0, 9, 55))
    came = what_came(ana.replica.db, team, ANA, ana.events[-1:])
    assert watch.arrived(came, team, ANA, berlin(0, 10))
    assert watch.held == 0


def test_a_quiet_night_with_nothing_for_me_offers_no_digest(ana: History) -> None:
    watch = QuietTime()
    team = Team(ana.replica.db)
    watch.look(team, ANA, berlin(0, 18))
    ended = watch.look(team, ANA, berlin(1, 11))  # Tuesday after my focus block
    assert ended is not None and ended.lead == "off"
    found = digest.build(ana.replica.db, team, ANA, ended.since, berlin(1, 11))
    assert not ended.digest_due(found)


def test_before_any_quiet_time_the_digest_key_looks_back_a_day(ana: History) -> None:
    assert QuietTime().digest_window(berlin(0, 10)) == (berlin(-1, 10), "")
