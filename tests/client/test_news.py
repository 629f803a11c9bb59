"""A notification says what happened: who mentioned me, asked me (due when, my time),
wrote to me, or replied where I took part; several at once name the most pressing.

I am Ana in Berlin; it is Wednesday 18 November 2026, 11:20 my time. Maya and Sam
work in the #launch channel with me; Kenji writes to me directly from Tokyo.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client.following import Level
from asynctui.client.news import News, what_came
from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.core.events import (
    AskAcknowledged,
    AskCancelled,
    AskCreated,
    AskDeclined,
    AskHandedOff,
    AttentionSet,
    ChannelCreated,
    Event,
    MessagePosted,
    Payload,
    ProfileSet,
    ThreadOpened,
)
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.core.names import direct_channel_id

ANA, MAYA, SAM, KENJI = "m-ana", "m-maya", "m-sam", "m-kenji"
NOW = datetime(2026, 11, 18, 10, 20, tzinfo=UTC)
"""Wednesday 18 November 2026, 11:20 in Berlin."""
BERLIN = "Europe/Berlin"
LAUNCH = "c-launch"


class History:
    """The team's history in Ana's replica, and the events of one sync round."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.lamport = 0
        self.round: list[Event] = []
        """What the latest sync round brought (since ``new_round``)."""

    def add(self, author: str, body: Payload, minutes_ago: int = 0) -> Event:
        self.lamport += 1
        at = NOW - timedelta(minutes=minutes_ago)
        event = Event(
            id=new_id(int(at.timestamp() * 1000)),
            lamport=self.lamport,
            device=f"{author}-laptop",
            author=author,
            at=at,
            body=body,
        )
        self.replica.apply([event])
        self.round.append(event)
        return event

    def new_round(self) -> None:
        self.round = []

    def thread(self, author: str, title: str, channel: str = LAUNCH, body: str = "") -> str:
        tid = new_id()
        opened = ThreadOpened(
            thread=tid, channel=channel, title=title, message=new_id(), body=body or title
        )
        self.add(author, opened, minutes_ago=60)
        return tid

    def say(self, author: str, thread: str, body: str) -> None:
        self.add(author, MessagePosted(message=new_id(), thread=thread, body=body))

    def ask(self, asker: str, thread: str, asked: str, hours: int, minutes_ago: int = 0) -> str:
        aid = new_id()
        body = AskCreated(ask=aid, thread=thread, asked=asked, within=Window(hours, "h"))
        self.add(asker, body, minutes_ago)
        return aid

    def news(self, tz: str = BERLIN) -> str:
        """What the notification for the latest round says to Ana, in zone ``tz``."""
        return self.came().words(tz, NOW)

    def came(self) -> News:
        return what_came(self.replica.db, Team(self.replica.db), ANA, self.round)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[History]:
    history = History(Replica(tmp_path / "replica.db"))
    for member, name, tz in [
        (ANA, "ana", BERLIN),
        (MAYA, "maya", BERLIN),
        (SAM, "sam", "America/New_York"),
        (KENJI, "kenji", "Asia/Tokyo"),
    ]:
        history.add(member, ProfileSet(name=name.title(), handle=name, tz=tz), 60 * 24 * 30)
    history.add(ANA, ChannelCreated(channel=LAUNCH, name="launch"), 60 * 24 * 30)
    history.new_round()
    yield history
    history.replica.close()


def test_a_mention_names_who_mentioned_me_and_where(team: History) -> None:
    plan = team.thread(SAM, "Q1 launch")
    team.new_round()
    team.say(MAYA, plan, "@ana can you check the copy?")
    assert team.news() == "@maya mentioned you in Q1 launch"


def test_an_ask_of_me_says_by_when_in_my_own_time(team: History) -> None:
    plan = team.thread(MAYA, "Q1 launch")
    team.new_round()
    # Asked at 11:00 my time for 4 of my working hours: due at 15:00 in Berlin.
    team.ask(SAM, plan, ANA, hours=4, minutes_ago=20)
    assert team.news() == "@sam asked you in Q1 launch, due 15:00"
    # Were I in Tokyo, the same ask is due at 23:00 there.
    assert team.news("Asia/Tokyo") == "@sam asked you in Q1 launch, due 23:00"


def test_an_ask_with_its_message_is_one_notification_the_ask(team: History) -> None:
    plan = team.thread(MAYA, "Q1 launch")
    team.new_round()
    team.say(SAM, plan, "Which markets first?")
    team.ask(SAM, plan, ANA, hours=4, minutes_ago=20)
    assert team.news() == "@sam asked you in Q1 launch, due 15:00"


def test_an_ask_withdrawn_in_the_same_round_is_no_news(team: History) -> None:
    plan = team.thread(MAYA, "Q1 launch")
    team.new_round()
    asked = team.ask(SAM, plan, ANA, hours=4)
    team.add(SAM, AskCancelled(ask=asked))
    assert team.news() == ""


def test_an_ask_handed_to_me_says_who_handed_it_and_by_when(team: History) -> None:
    plan = team.thread(MAYA, "Q1 launch")
    asked = team.ask(SAM, plan, MAYA, hours=4)
    team.new_round()
    # Handed at 11:20 my time: 4 of my working hours from then.
    team.add(MAYA, AskHandedOff(ask=asked, to=ANA))
    assert team.news() == "@maya handed you an ask in Q1 launch, due 15:20"


def test_what_happens_to_my_ask_reaches_me(team: History) -> None:
    plan = team.thread(MAYA, "Q1 launch")
    to_sam, to_maya, to_kenji = (team.ask(ANA, plan, who, hours=4) for who in (SAM, MAYA, KENJI))
    team.new_round()
    team.add(SAM, AskDeclined(ask=to_sam, reason="Not mine"))
    assert team.news() == "@sam declined your ask in Q1 launch"
    team.new_round()
    team.add(MAYA, AskAcknowledged(ask=to_maya, by=NOW + timedelta(days=1)))
    assert team.news() == "@maya will reply in Q1 launch by tomorrow 11:20"
    team.new_round()
    team.add(KENJI, AskHandedOff(ask=to_kenji, to=MAYA))
    assert team.news() == "@kenji handed your ask in Q1 launch to @maya"


def test_a_step_someone_may_not_take_is_no_news(team: History) -> None:
    plan = team.thread(MAYA, "Q1 launch")
    asked = team.ask(ANA, plan, SAM, hours=4)
    team.new_round()
    team.add(KENJI, AskDeclined(ask=asked))  # only Sam may decline it
    assert team.news() == ""


def test_a_direct_message_says_who_wrote_to_me_and_its_title(team: History) -> None:
    direct = direct_channel_id({ANA, KENJI})
    team.add(KENJI, ChannelCreated(channel=direct, name="dm-ana-kenji", private=True,
                                   members=(ANA, KENJI)))  # fmt: skip
    team.new_round()
    lunch = team.thread(KENJI, "Lunch on Friday?", channel=direct)
    assert team.news() == "@kenji wrote to you: Lunch on Friday?"
    team.new_round()
    team.say(KENJI, lunch, "The ramen place?")
    assert team.news() == "@kenji wrote to you: Lunch on Friday?"


def test_a_reply_in_a_thread_i_started_or_wrote_in_says_so(team: History) -> None:
    mine = team.thread(ANA, "Onboarding empty states")
    theirs = team.thread(SAM, "Pricing page")
    team.say(ANA, theirs, "Looks good to me.")
    team.new_round()
    team.say(MAYA, mine, "Copy is in the doc.")
    assert team.news() == "@maya replied in Onboarding empty states"
    team.new_round()
    team.say(MAYA, theirs, "Agreed.")
    assert team.news() == "@maya replied in Pricing page"


def test_what_others_write_elsewhere_is_named_too(team: History) -> None:
    other = team.thread(SAM, "Pricing page")
    team.new_round()
    team.say(MAYA, other, "A thought on the tiers.")
    assert team.news() == "@maya wrote in Pricing page"
    team.new_round()
    team.thread(MAYA, "Hiring plan")
    assert team.news() == "@maya started Hiring plan in #launch"


def test_several_at_once_name_the_most_pressing_and_count_the_rest(team: History) -> None:
    plan = team.thread(SAM, "Q1 launch")
    pricing = team.thread(SAM, "Pricing page")
    team.new_round()
    team.say(SAM, pricing, "New tiers are up.")
    team.say(MAYA, plan, "@ana can you check the copy?")
    team.say(KENJI, pricing, "Looks fine.")
    assert team.news() == "3 new messages: @maya mentioned you in Q1 launch, and 2 more"


def test_my_own_events_from_another_device_are_not_news(team: History) -> None:
    plan = team.thread(SAM, "Q1 launch")
    team.new_round()
    team.say(ANA, plan, "@ana note to self")
    team.thread(ANA, "My own thread")
    assert team.news() == ""
    assert len(team.came()) == 0


def test_what_was_held_and_what_came_after_are_one_summary(team: History) -> None:
    plan = team.thread(SAM, "Q1 launch")
    team.new_round()
    team.say(SAM, plan, "First thought.")
    held = team.came()
    team.new_round()
    team.say(MAYA, plan, "@ana over to you")
    both = held + team.came()
    assert both.words(BERLIN, NOW) == (
        "2 new messages: @maya mentioned you in Q1 launch, and 1 more"
    )


def test_a_title_is_cleaned_and_a_long_one_shortened(team: History) -> None:
    plan = team.thread(SAM, "\x1b]52;c;bad\x07[b]Launch[/b] " + "very " * 20 + "long")
    team.new_round()
    team.say(MAYA, plan, "@ana look")
    said = team.news()
    assert "\x1b" not in said and "\x07" not in said
    assert said.startswith("@maya mentioned you in ") and said.endswith("…")
    assert len(said) <= len("@maya mentioned you in ") + 40


# -- how much reaches me: my level, and what I follow or muted ----------------------


def _level_news(team: History, level: Level) -> str:
    return what_came(team.replica.db, Team(team.replica.db), ANA, team.round, level).words(
        BERLIN, NOW
    )


def test_at_the_relevant_level_only_what_concerns_me_reaches_me(team: History) -> None:
    mine = team.thread(ANA, "Onboarding empty states")
    theirs = team.thread(SAM, "Pricing page")
    followed = team.thread(SAM, "Hiring plan")
    team.add(ANA, AttentionSet(target=followed, scope="thread", mode="follow"))
    team.new_round()
    team.say(MAYA, theirs, "A thought on the tiers.")
    assert _level_news(team, "all") == "@maya wrote in Pricing page"
    assert _level_news(team, "relevant") == ""
    for thread, said in ((mine, "@maya replied in Onboarding empty states"),
                         (followed, "@maya wrote in Hiring plan")):  # fmt: skip
        team.new_round()
        team.say(MAYA, thread, "Copy is in the doc.")
        assert _level_news(team, "relevant") == said
    team.new_round()
    team.say(MAYA, theirs, "@ana what do you think?")
    assert _level_news(team, "relevant") == "@maya mentioned you in Pricing page"


def test_at_the_asks_level_only_asks_of_me_and_direct_messages_reach_me(team: History) -> None:
    plan = team.thread(SAM, "Q1 launch")
    team.new_round()
    team.say(MAYA, plan, "@ana can you check the copy?")
    assert _level_news(team, "asks") == ""
    team.ask(SAM, plan, ANA, hours=4, minutes_ago=20)
    assert _level_news(team, "asks") == "@sam asked you in Q1 launch, due 15:00"


def test_a_muted_channel_keeps_only_asks_of_me(team: History) -> None:
    plan = team.thread(SAM, "Q1 launch")
    team.add(ANA, AttentionSet(target=LAUNCH, scope="channel", mode="mute"))
    team.new_round()
    team.say(MAYA, plan, "@ana can you check the copy?")
    assert _level_news(team, "all") == ""
    team.ask(SAM, plan, ANA, hours=4, minutes_ago=20)
    assert _level_news(team, "all") == "@sam asked you in Q1 launch, due 15:00"


def test_a_followed_thread_in_a_muted_channel_still_reaches_me(team: History) -> None:
    plan = team.thread(SAM, "Q1 launch")
    team.add(ANA, AttentionSet(target=LAUNCH, scope="channel", mode="mute"))
    team.add(ANA, AttentionSet(target=plan, scope="thread", mode="follow"))
    team.new_round()
    team.say(MAYA, plan, "Copy is in the doc.")
    assert _level_news(team, "asks") == "@maya wrote in Q1 launch"
