"""What the TUI shows: the views and their counts, the thread lists and each row's badges.

The viewer is Ana in Berlin. Bob works in New York, Chen in London, Dana in
Tokyo; everyone keeps the default hours (Mon-Fri 09:00-17:00, their own time).
November 2026: Berlin is UTC+1, New York UTC-5, London UTC, Tokyo UTC+9.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client import views as views_module
from asynctui.client.queries import asks, open_asks_in_order
from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.client.views import (
    INBOX,
    LATER,
    MENTIONS,
    OWED_BY_ME,
    OWED_TO_ME,
    SortOrder,
    ViewInfo,
    Views,
    channel_view,
    latest_at,
    read_mark,
)
from asynctui.core.events import (
    AskCancelled,
    AskCreated,
    ChannelCreated,
    Event,
    MessageEdited,
    MessagePosted,
    Payload,
    ProfileSet,
    ReadMarked,
    ThreadOpened,
    ThreadResolved,
)
from asynctui.core.hours import Window
from asynctui.core.ids import new_id

ANA, BOB, CHEN, DANA = "m-ana", "m-bob", "m-chen", "m-dana"
MON = datetime(2026, 11, 16, tzinfo=UTC)
"""Monday 16 November 2026, 00:00 UTC."""


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in UTC, ``day`` days after Monday 16 November 2026."""
    return MON + timedelta(days=day, hours=hour, minutes=minute)


class History:
    """Events the way the team's devices make them, applied to a real replica file."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.lamport = 0

    def add(self, author: str, body: Payload, when: datetime) -> Event:
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
        return e

    def thread(
        self, author: str, when: datetime, title: str = "Plan", channel: str = "c-general"
    ) -> str:
        tid = new_id()
        body = ThreadOpened(thread=tid, channel=channel, title=title, message=new_id(), body="?")
        self.add(author, body, when)
        return tid

    def say(self, author: str, thread: str, when: datetime, body: str = "ok") -> str:
        mid = new_id()
        self.add(author, MessagePosted(message=mid, thread=thread, body=body), when)
        return mid

    def ask(self, asker: str, thread: str, asked: str, within: str, when: datetime) -> str:
        aid = new_id()
        window = Window(int(within[:-1]), within[-1])  # type: ignore[arg-type]
        self.add(asker, AskCreated(ask=aid, thread=thread, asked=asked, within=window), when)
        return aid

    def read(self, member: str, thread: str, upto: datetime) -> None:
        self.add(member, ReadMarked(thread=thread, upto=upto), upto)

    def views(self, now: datetime, me: str = ANA) -> Views:
        return Views(self.replica.db, Team(self.replica.db), me, now)


@pytest.fixture
def team(tmp_path: Path) -> History:
    history = History(Replica(tmp_path / "replica.db"))
    start = at(-30, 0)
    for member, name, tz in (
        (ANA, "ana", "Europe/Berlin"),
        (BOB, "bob", "America/New_York"),
        (CHEN, "chen", "Europe/London"),
        (DANA, "dana", "Asia/Tokyo"),
    ):
        history.add(member, ProfileSet(name=name.title(), handle=name, tz=tz), start)
    history.add(ANA, ChannelCreated(channel="c-general", name="general"), start)
    history.add(BOB, ChannelCreated(channel="c-design", name="design"), start)
    return history


def texts(views: Views, thread: str) -> list[str]:
    return [badge.text for badge in views.badges(thread)]


# -- badges: who owes a reply, by when, in my time --------------------------------------


def test_a_thread_where_bob_owes_a_reply_shows_bob_due_monday_16_00(team: History) -> None:
    # Friday 10:00 in New York: 7 of Bob's 8 hours are left on Friday, the last
    # one runs Monday 09:00-10:00 his time, which is 16:00 in Berlin.
    tid = team.thread(ANA, at(4, 14))
    team.ask(ANA, tid, BOB, "8h", at(4, 15))
    views = team.views(now=at(4, 16))
    (badge,) = views.badges(tid)
    assert badge.text == "bob · due Mon 16:00"
    assert (badge.who, badge.tone, badge.urgency) == ("bob", "open", "open")
    assert badge.due == at(7, 15)
    assert badge.asked == BOB


def test_an_ask_chen_let_pass_shows_chen_overdue_5h(team: History) -> None:
    tid = team.thread(ANA, at(4, 9))
    team.ask(ANA, tid, CHEN, "1h", at(4, 10))
    (badge,) = team.views(now=at(4, 16)).badges(tid)
    assert badge.text == "chen · overdue 5h"
    assert (badge.tone, badge.urgency) == ("overdue", "overdue")


def test_an_ask_of_me_shows_the_time_i_have_left(team: History) -> None:
    # Monday 09:00 in Berlin, 8 hours: due at the day's close, 17:00 (16:00 UTC).
    tid = team.thread(BOB, at(0, 7))
    team.ask(BOB, tid, ANA, "8h", at(0, 8))
    (badge,) = team.views(now=at(0, 13)).badges(tid)
    assert (badge.who, badge.text, badge.tone) == ("you", "you · 3h left", "open")


def test_an_ask_of_me_due_within_two_hours_is_due_soon(team: History) -> None:
    tid = team.thread(BOB, at(0, 7))
    team.ask(BOB, tid, ANA, "8h", at(0, 8))
    (badge,) = team.views(now=at(0, 14, 30)).badges(tid)
    assert (badge.text, badge.tone) == ("you · 1h 30m left", "due_soon")


def test_an_ask_of_me_i_let_pass_shows_me_overdue(team: History) -> None:
    tid = team.thread(BOB, at(0, 7))
    team.ask(BOB, tid, ANA, "8h", at(0, 8))
    (badge,) = team.views(now=at(0, 21)).badges(tid)
    assert (badge.text, badge.tone) == ("you · overdue 5h", "overdue")


def test_when_dana_is_off_her_badge_says_until_when_and_when_she_is_due(
    team: History,
) -> None:
    # Tuesday 14:00 in Tokyo, 8 hours: 3 on Tuesday, 5 on Wednesday, due Wednesday
    # 14:00 there. At 19:00 Tokyo time she is off until Wednesday 09:00 there;
    # Ana reads both in Berlin time.
    tid = team.thread(ANA, at(1, 4))
    team.ask(ANA, tid, DANA, "8h", at(1, 5))
    (badge,) = team.views(now=at(1, 10)).badges(tid)
    assert badge.text == "dana · off until tomorrow 01:00, due tomorrow 06:00"
    assert (badge.tone, badge.urgency) == ("off", "open")


def test_an_overdue_ask_of_someone_off_stays_coloured_overdue(team: History) -> None:
    tid = team.thread(ANA, at(0, 5))
    team.ask(ANA, tid, DANA, "4h", at(0, 6))  # due Tuesday 11:00 Tokyo, 02:00 UTC
    (badge,) = team.views(now=at(1, 10)).badges(tid)
    assert badge.text == "dana · off until tomorrow 01:00, overdue 8h"
    assert badge.tone == "overdue"


def test_badges_show_times_in_the_viewers_zone(team: History) -> None:
    tid = team.thread(ANA, at(4, 14))
    team.ask(ANA, tid, BOB, "8h", at(4, 15))
    (mine,) = team.views(now=at(4, 16), me=ANA).badges(tid)
    (chens,) = team.views(now=at(4, 16), me=CHEN).badges(tid)
    assert mine.text == "bob · due Mon 16:00"
    assert chens.text == "bob · due Mon 15:00"


def test_badges_come_most_urgent_first(team: History) -> None:
    tid = team.thread(ANA, at(4, 9))
    team.ask(ANA, tid, BOB, "8h", at(4, 15))
    team.ask(ANA, tid, CHEN, "1h", at(4, 10))
    assert texts(team.views(now=at(4, 16)), tid) == ["chen · overdue 5h", "bob · due Mon 16:00"]


def test_two_asks_of_one_person_in_a_thread_show_one_badge_the_most_urgent(
    team: History,
) -> None:
    tid = team.thread(ANA, at(4, 9))
    team.ask(ANA, tid, CHEN, "8h", at(4, 11))
    team.ask(BOB, tid, CHEN, "1h", at(4, 10))
    assert texts(team.views(now=at(4, 16)), tid) == ["chen · overdue 5h"]


def test_a_reply_by_the_asked_person_takes_the_badge_away(team: History) -> None:
    tid = team.thread(ANA, at(4, 9))
    team.ask(ANA, tid, CHEN, "1h", at(4, 10))
    team.say(CHEN, tid, at(4, 12), "done")
    assert team.views(now=at(4, 16)).badges(tid) == ()


def test_an_ask_withdrawn_by_the_asker_shows_no_badge(team: History) -> None:
    tid = team.thread(ANA, at(4, 9))
    aid = team.ask(ANA, tid, CHEN, "1h", at(4, 10))
    team.add(BOB, AskCancelled(ask=aid), at(4, 11))  # not Bob's to withdraw
    assert texts(team.views(now=at(4, 16)), tid) == ["chen · overdue 5h"]
    team.add(ANA, AskCancelled(ask=aid), at(4, 12))
    assert team.views(now=at(4, 16)).badges(tid) == ()


# -- the inbox and unread counts ----------------------------------------------------


def test_a_thread_where_others_wrote_is_in_my_inbox_with_its_unread_count(
    team: History,
) -> None:
    tid = team.thread(BOB, at(0, 9))
    team.say(CHEN, tid, at(0, 10))
    views = team.views(now=at(0, 12))
    assert views.thread_ids(INBOX) == [tid]
    assert views.unread(tid) == 2
    assert views.summary(tid).unread == 2


def test_marking_a_thread_read_takes_it_out_of_the_inbox(team: History) -> None:
    tid = team.thread(BOB, at(0, 9))
    team.say(CHEN, tid, at(0, 10))
    mark = read_mark(team.replica.db, tid)
    assert mark is not None and mark.upto == latest_at(team.replica.db, tid) == at(0, 10)
    team.add(ANA, mark, at(0, 11))
    views = team.views(now=at(0, 12))
    assert views.thread_ids(INBOX) == []
    assert views.unread(tid) == 0


def test_only_messages_after_my_read_mark_are_unread(team: History) -> None:
    tid = team.thread(BOB, at(0, 9))
    team.read(ANA, tid, at(0, 9, 30))
    team.say(CHEN, tid, at(0, 10))
    team.say(BOB, tid, at(0, 11))
    assert team.views(now=at(0, 12)).unread(tid) == 2


def test_my_own_messages_are_never_unread(team: History) -> None:
    tid = team.thread(ANA, at(0, 9))
    team.say(ANA, tid, at(0, 10))
    views = team.views(now=at(0, 12))
    assert views.thread_ids(INBOX) == []
    assert views.unread(tid) == 0


def test_replying_in_a_thread_counts_as_having_read_it(team: History) -> None:
    tid = team.thread(BOB, at(0, 9))
    team.say(CHEN, tid, at(0, 10))
    team.say(ANA, tid, at(0, 11), "On it")
    assert team.views(now=at(0, 12)).thread_ids(INBOX) == []
    team.say(BOB, tid, at(0, 13), "Thanks")
    views = team.views(now=at(0, 14))
    assert views.thread_ids(INBOX) == [tid]
    assert views.unread(tid) == 1


def test_a_thread_with_an_ask_of_me_stays_in_my_inbox_after_i_read_it(team: History) -> None:
    tid = team.thread(BOB, at(0, 9))
    team.ask(BOB, tid, ANA, "8h", at(0, 9))
    team.read(ANA, tid, at(0, 10))
    views = team.views(now=at(0, 11))
    assert views.thread_ids(INBOX) == [tid]
    assert views.unread(tid) == 0


def test_the_sidebar_counts_what_is_new_and_the_threads_owing_something(
    team: History,
) -> None:
    new = team.thread(BOB, at(0, 9), "New")
    read = team.thread(BOB, at(0, 9), "Read", channel="c-design")
    team.read(ANA, read, at(0, 9, 30))
    owed = team.thread(BOB, at(0, 8), "Owed by me")
    team.read(ANA, owed, at(0, 9, 30))
    team.ask(BOB, owed, ANA, "8h", at(0, 8))
    team.ask(BOB, owed, ANA, "4h", at(0, 8))
    waiting = team.thread(ANA, at(0, 9), "Owed to me")
    team.ask(ANA, waiting, CHEN, "4h", at(0, 9))
    views = team.views(now=at(0, 10))
    assert views.sidebar() == [
        ViewInfo(INBOX, "Inbox", 2),  # new, and owed (an open ask of me)
        # Two asks of me in one thread: the view lists one thread, and says 1.
        ViewInfo(OWED_BY_ME, "Owed by me", 1),
        ViewInfo(OWED_TO_ME, "Owed to me", 1),
        ViewInfo(MENTIONS, "Mentions", 0),
        ViewInfo(LATER, "Later", 0),  # nothing snoozed
        ViewInfo(channel_view("c-design"), "#design", 0),
        ViewInfo(channel_view("c-general"), "#general", 1),
    ]
    assert set(views.thread_ids(INBOX)) == {new, owed}
    assert views.unread_threads() == {new}


# -- owed views ---------------------------------------------------------------------


def test_owed_by_me_lists_threads_where_i_owe_a_reply(team: History) -> None:
    mine = team.thread(BOB, at(0, 8))
    team.ask(BOB, mine, ANA, "8h", at(0, 8))
    other = team.thread(BOB, at(0, 8))
    team.ask(BOB, other, CHEN, "8h", at(0, 8))
    answered = team.thread(BOB, at(0, 8))
    team.ask(BOB, answered, ANA, "8h", at(0, 8))
    team.say(ANA, answered, at(0, 9))
    views = team.views(now=at(0, 10))
    assert views.thread_ids(OWED_BY_ME) == [mine]
    assert views.thread_ids(OWED_TO_ME) == []


def test_owed_to_me_lists_threads_where_others_owe_me_a_reply(team: History) -> None:
    first = team.thread(ANA, at(0, 8))
    team.ask(ANA, first, BOB, "8h", at(0, 8))
    second = team.thread(ANA, at(0, 9))
    team.ask(ANA, second, CHEN, "8h", at(0, 9))
    views = team.views(now=at(0, 10))
    assert views.thread_ids(OWED_TO_ME) == [second, first]


# -- mentions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["@ana can you look?", "Thoughts, @Ana?", "cc @ANA.", "(@ana)", "@ana - soon", "ping\n@ana"],
)
def test_a_message_naming_me_puts_its_thread_in_my_mentions(team: History, body: str) -> None:
    tid = team.thread(BOB, at(0, 9))
    team.say(BOB, tid, at(0, 10), body)
    assert team.views(now=at(0, 11)).thread_ids(MENTIONS) == [tid]


@pytest.mark.parametrize(
    "body",
    ["@anabel can you look?", "mail ana@example.com", "ana, can you look?", "@ana_b", "@ana.bel"],
)
def test_a_message_not_naming_me_is_not_a_mention(team: History, body: str) -> None:
    tid = team.thread(BOB, at(0, 9))
    team.say(BOB, tid, at(0, 10), body)
    assert team.views(now=at(0, 11)).thread_ids(MENTIONS) == []


def test_naming_myself_is_not_a_mention(team: History) -> None:
    tid = team.thread(ANA, at(0, 9))
    team.say(ANA, tid, at(0, 10), "note to self @ana")
    assert team.views(now=at(0, 11)).thread_ids(MENTIONS) == []


def test_an_edit_that_adds_my_name_makes_a_mention(team: History) -> None:
    tid = team.thread(BOB, at(0, 9))
    mid = team.say(BOB, tid, at(0, 10), "can someone look?")
    team.add(BOB, MessageEdited(message=mid, body="can @ana look?"), at(0, 10, 5))
    assert team.views(now=at(0, 11)).thread_ids(MENTIONS) == [tid]


def test_the_mentions_count_is_of_threads_with_a_mention_i_have_not_read(
    team: History,
) -> None:
    seen = team.thread(BOB, at(0, 9))
    team.say(BOB, seen, at(0, 10), "@ana seen this?")
    team.read(ANA, seen, at(0, 10, 30))
    new = team.thread(CHEN, at(0, 9))
    team.say(CHEN, new, at(0, 10, 5), "@ana new one")
    views = team.views(now=at(0, 11))
    assert views.thread_ids(MENTIONS) == [new, seen]
    (mentions,) = [v for v in views.sidebar() if v.id == MENTIONS]
    assert mentions.count == 1


# -- channels -------------------------------------------------------------------------


def test_a_channel_view_lists_that_channels_threads_latest_first(team: History) -> None:
    older = team.thread(BOB, at(0, 9), channel="c-design")
    newer = team.thread(BOB, at(0, 10), channel="c-design")
    team.thread(BOB, at(0, 11), channel="c-general")
    assert team.views(now=at(0, 12)).thread_ids(channel_view("c-design")) == [newer, older]


def test_a_thread_in_a_channel_not_yet_synced_is_still_listed(team: History) -> None:
    tid = team.thread(BOB, at(0, 9), channel="c-later")
    views = team.views(now=at(0, 12))
    assert ViewInfo(channel_view("c-later"), "#c-later", 1) in views.sidebar()
    assert views.thread_ids(channel_view("c-later")) == [tid]


def test_an_unknown_view_is_an_error(team: History) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        team.views(now=at(0, 12)).thread_ids("starred")


# -- sorting --------------------------------------------------------------------------


def test_by_activity_the_latest_thread_comes_first(team: History) -> None:
    quiet = team.thread(BOB, at(0, 8))
    busy = team.thread(BOB, at(0, 9))
    team.say(CHEN, quiet, at(0, 10))
    views = team.views(now=at(0, 11))
    assert views.thread_ids(INBOX) == [quiet, busy]
    assert views.thread_ids(INBOX, "activity") == [quiet, busy]


def test_by_urgency_threads_with_open_asks_come_first_most_urgent_first(
    team: History,
) -> None:
    plain = team.thread(BOB, at(4, 13))
    later = team.thread(BOB, at(4, 9))
    team.ask(BOB, later, CHEN, "8h", at(4, 9))  # due at 17:00
    overdue = team.thread(BOB, at(4, 8))
    team.ask(BOB, overdue, CHEN, "1h", at(4, 10))  # was due at 11:00
    soon = team.thread(BOB, at(4, 7))
    team.ask(BOB, soon, ANA, "2h", at(4, 12))  # due at 14:00
    views = team.views(now=at(4, 13, 30))
    assert views.thread_ids(INBOX, "activity") == [plain, later, overdue, soon]
    assert views.thread_ids(INBOX, "urgency") == [overdue, soon, later, plain]


def test_owed_views_sort_by_the_asks_that_make_them(team: History) -> None:
    # In "Owed by me" a thread ranks by what I owe, not by what others owe there.
    relaxed = team.thread(BOB, at(4, 7))
    team.ask(BOB, relaxed, ANA, "8h", at(4, 9))  # mine: due Monday
    team.ask(BOB, relaxed, CHEN, "1h", at(4, 9))  # Chen's: overdue
    pressing = team.thread(BOB, at(4, 6))
    team.ask(BOB, pressing, ANA, "1h", at(4, 12))  # mine: due soon
    views = team.views(now=at(4, 12, 30))
    assert views.thread_ids(OWED_BY_ME, "urgency") == [pressing, relaxed]
    assert views.thread_ids(INBOX, "urgency") == [relaxed, pressing]


# -- rows -----------------------------------------------------------------------------


def test_a_row_shows_title_channel_people_last_activity_and_a_clean_preview(
    team: History,
) -> None:
    tid = team.thread(BOB, at(0, 9), title="Launch\x1b[31m plan")
    team.say(CHEN, tid, at(0, 9, 30))
    team.say(BOB, tid, at(0, 10))
    team.say(ANA, tid, at(0, 10, 30), "Sounds \x1b]8;;http://x\x07good\x1b]8;;\x07\nto me")
    team.add(BOB, ThreadResolved(thread=tid), at(0, 11))
    row = team.views(now=at(0, 12, 30)).summary(tid)
    assert (row.title, row.channel_name) == ("Launch plan", "general")
    assert row.participants == ("bob", "chen", "ana")
    assert (row.last_at, row.last_activity) == (at(0, 10, 30), "2h ago")
    assert (row.last_author, row.preview) == ("ana", "Sounds good to me")
    assert row.resolved is True
    assert row.unread == 0


def test_a_row_is_built_once_per_refresh(team: History) -> None:
    tid = team.thread(BOB, at(0, 9))
    views = team.views(now=at(0, 10))
    first = views.summary(tid)
    team.say(CHEN, tid, at(0, 9, 30))
    assert views.summary(tid) is first
    assert team.views(now=at(0, 10)).summary(tid).unread == 2


def test_a_row_for_an_unknown_thread_is_a_key_error(team: History) -> None:
    with pytest.raises(KeyError):
        team.views(now=at(0, 10)).summary("NOPE")


def test_a_thread_without_messages_has_no_read_mark(team: History) -> None:
    assert latest_at(team.replica.db, "NOPE") is None
    assert read_mark(team.replica.db, "NOPE") is None


# -- a long history -------------------------------------------------------------------


def test_an_inbox_of_5000_threads_lists_them_all_and_builds_only_the_rows_asked_for(
    team: History,
) -> None:
    events = []
    lamport = 1000
    for n in range(5000):
        tid, when = f"T{n:05d}", at(0, 0) + timedelta(minutes=n)
        for author, body in (
            (
                BOB,
                ThreadOpened(
                    thread=tid, channel="c-general", title=f"#{n}", message=f"M{n:05d}a", body="hi"
                ),
            ),
            (CHEN, MessagePosted(message=f"M{n:05d}b", thread=tid, body="ok")),
        ):
            lamport += 1
            events.append(
                Event(id=new_id(), lamport=lamport, device="d", author=author, at=when, body=body)
            )
        if n % 10 == 0:
            lamport += 1
            ask = AskCreated(ask=f"A{n:05d}", thread=tid, asked=ANA, within=Window(8, "h"))
            events.append(
                Event(id=new_id(), lamport=lamport, device="d", author=BOB, at=when, body=ask)
            )
        if n % 2 == 0:
            lamport += 1
            events.append(
                Event(
                    id=new_id(),
                    lamport=lamport,
                    device="d",
                    author=ANA,
                    at=when,
                    body=ReadMarked(thread=tid, upto=when),
                )
            )
    team.replica.apply(events)
    views = team.views(now=at(4, 12))
    inbox = views.thread_ids(INBOX)
    assert len(inbox) == 2500 + 500  # the unread half, and read threads with an ask of me
    assert inbox == [f"T{n:05d}" for n in range(4999, -1, -1) if n % 2 or n % 10 == 0]
    urgent = views.thread_ids(INBOX, "urgency")
    assert sorted(urgent) == sorted(inbox) and urgent[0] == "T00000"
    assert views.sidebar()[0] == ViewInfo(INBOX, "Inbox", 3000)
    assert [views.summary(t).unread for t in inbox[:6]] == [2, 2, 2, 2, 2, 0]
    assert views.summary("T04990").badges[0].text == "you · overdue 50 min"


# -- the first frame: the visible rows without reading every thread ------------------


def _busy_inbox(team: History, seed: int) -> None:
    """Threads by everyone with replies, asks (some answered, some withdrawn) and my
    read marks and replies, in a random but repeatable mix."""
    import random

    rnd = random.Random(seed)
    people = [ANA, BOB, CHEN, DANA]
    threads: list[str] = []
    for i in range(150):
        when = at(rnd.randint(-20, 4), rnd.randint(0, 23), rnd.randint(0, 59))
        if not threads or rnd.random() < 0.3:
            threads.append(team.thread(rnd.choice(people), when, f"t{i}", "c-general"))
            continue
        tid = rnd.choice(threads)
        roll = rnd.random()
        if roll < 0.4:
            team.say(rnd.choice(people), tid, when)
        elif roll < 0.6:
            window = rnd.choice(["1h", "8h", "2d"])
            aid = team.ask(rnd.choice(people), tid, rnd.choice(people), window, when)
            if rnd.random() < 0.2:
                team.add(ANA, AskCancelled(ask=aid), when)
        elif roll < 0.8:
            team.read(ANA, tid, when)
        else:
            team.say(ANA, tid, when)


@pytest.mark.parametrize("batch", [3, 64])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("sort", ["urgency", "activity"])
def test_the_first_rows_of_the_inbox_are_the_first_rows_of_the_whole_inbox(
    team: History, seed: int, sort: SortOrder, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_module, "_BATCH", batch)
    _busy_inbox(team, seed)
    now = at(5, 12)
    whole = team.views(now).thread_ids(INBOX, sort)
    assert len(whole) > 20
    for count in (1, 5, 20, len(whole), len(whole) + 10):
        assert team.views(now).first_ids(INBOX, sort, count) == whole[:count]


def test_the_first_rows_of_other_views_are_theirs_too(team: History) -> None:
    _busy_inbox(team, 4)
    now = at(5, 12)
    for view in (OWED_BY_ME, OWED_TO_ME, MENTIONS, channel_view("c-general")):
        whole = team.views(now).thread_ids(view, "urgency")
        assert team.views(now).first_ids(view, "urgency", 3) == whole[:3]


def test_the_sidebar_without_counts_lists_the_same_views_at_zero(team: History) -> None:
    _busy_inbox(team, 5)
    views = team.views(at(5, 12))
    counted = views.sidebar()
    assert views.sidebar(counts=False) == [ViewInfo(v.id, v.label, 0) for v in counted]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("day", [-10, 0, 5, 30])
def test_the_open_asks_in_order_come_as_sorted_by_urgency(
    team: History, seed: int, day: int
) -> None:
    _busy_inbox(team, seed)
    db, now = team.replica.db, at(day, 12)
    lazily = list(open_asks_in_order(db, Team(db), now))
    assert lazily == asks(db, Team(db), now)
