"""A realistic history of a small team, and a dump of every state table of a replica.

Imported by the tests of this folder (pytest puts the folder on ``sys.path``).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from asynctui.client import queries
from asynctui.client.replica import Replica
from asynctui.core.events import (
    ActionCreated,
    ActionDone,
    AskAcknowledged,
    AskAnswered,
    AskCancelled,
    AskCreated,
    AskDeclined,
    AskHandedOff,
    AskReopened,
    AttentionSet,
    ChannelCreated,
    CheckinAnswered,
    CheckinCreated,
    CheckinStopped,
    DecisionMade,
    Event,
    HoursSet,
    MeetingClosed,
    MeetingOpened,
    MessageEdited,
    MessagePosted,
    Payload,
    ProfileSet,
    ReactionAdded,
    ReactionRemoved,
    ReadMarked,
    SnoozeSet,
    StatusSet,
    ThreadOpened,
    ThreadResolved,
)
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, Window
from asynctui.core.ids import new_id
from asynctui.core.schedule import Schedule

T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
"""A Monday morning in UTC."""

ANA, BOB, CY = "m-ana", "m-bob", "m-cy"


class Log:
    """Makes events the way devices would: one Lamport counter that every device bumps."""

    def __init__(self, start: datetime = T0) -> None:
        self.lamport = 0
        self.at = start
        self.events: list[Event] = []

    def add(
        self,
        author: str,
        device: str,
        body: Payload,
        *,
        lamport: int | None = None,
        minutes: int = 7,
    ) -> Event:
        """Append an event ``minutes`` after the previous one (Lamport ``lamport`` if given)."""
        self.at += timedelta(minutes=minutes)
        if lamport is None:
            self.lamport += 1
            lamport = self.lamport
        event = Event(
            id=new_id(int(self.at.timestamp() * 1000)),
            lamport=lamport,
            device=device,
            author=author,
            at=self.at,
            body=body,
        )
        self.events.append(event)
        return event


def event(
    author: str,
    device: str,
    lamport: int,
    body: Payload,
    at: datetime = T0,
) -> Event:
    """One event with an explicit Lamport counter."""
    return Event(
        id=new_id(int(at.timestamp() * 1000)),
        lamport=lamport,
        device=device,
        author=author,
        at=at,
        body=body,
    )


def realistic_history() -> list[Event]:
    """Three people on four devices over a few days: everything a team does."""
    log = Log()
    rules = (WeeklyRule(days=(0, 1, 2, 3, 4), start=9 * 60, end=17 * 60),)
    log.add(ANA, "ana-laptop", ProfileSet(name="Ana Ruiz", handle="ana", tz="Europe/Berlin"))
    log.add(ANA, "ana-laptop", HoursSet(hours=Hours(working=rules)))
    log.add(BOB, "bob-desk", ProfileSet(name="Bob Stone", handle="bob", tz="America/New_York"))
    log.add(BOB, "bob-desk", HoursSet(hours=Hours()))
    log.add(CY, "cy-laptop", ProfileSet(name="Cy Park", handle="cy", tz="Asia/Seoul"))
    # Ana renames herself from her phone, and changes her hours there.
    log.add(ANA, "ana-phone", ProfileSet(name="Ana R.", handle="ana", tz="Europe/Madrid"))
    log.add(
        ANA,
        "ana-phone",
        HoursSet(
            hours=Hours(
                working=rules,
                focus=(WeeklyRule(days=(1, 3), start=9 * 60, end=11 * 60),),
                always_off=(WeeklyRule(days=(0, 1, 2, 3, 4), start=12 * 60, end=13 * 60),),
                time_off=(
                    TimeOff(
                        first=datetime(2026, 12, 24).date(),
                        last=datetime(2027, 1, 2).date(),
                        note="Holidays",
                    ),
                ),
                promise=Window(4, "h"),
            )
        ),
    )
    log.add(CY, "cy-laptop", HoursSet(hours=Hours(promise=Window(1, "d"))))
    log.add(ANA, "ana-laptop", ChannelCreated(channel="c-general", name="general", topic="News"))
    log.add(BOB, "bob-desk", ChannelCreated(channel="c-design", name="design"))
    log.add(
        BOB,
        "bob-desk",
        ChannelCreated(channel="p-bob-cy", name="bob-cy", private=True, members=(CY,)),
    )
    log.add(
        BOB,
        "bob-desk",
        StatusSet(state="focus", text="Sketching", emoji="✏️", until=log.at + timedelta(hours=1)),
    )
    log.add(CY, "cy-laptop", StatusSet(state="off", until=log.at + timedelta(hours=20)))

    t1, m1 = new_id(), new_id()
    log.add(
        ANA,
        "ana-laptop",
        ThreadOpened(thread=t1, channel="c-general", title="Launch plan", message=m1, body="Draft"),
    )
    ask1, ask2 = new_id(), new_id()
    log.add(ANA, "ana-laptop", AskCreated(ask=ask1, thread=t1, asked=BOB, within=Window(8, "h")))
    log.add(ANA, "ana-laptop", AskCreated(ask=ask2, thread=t1, asked=CY, within=Window(1, "d")))
    # An ask's life: Cy promises a time, then hands it to Bob (to Ana, who asked: ignored).
    log.add(CY, "cy-laptop", MessagePosted(message=new_id(), thread=t1, body="On it, later"))
    log.add(CY, "cy-laptop", AskAcknowledged(ask=ask2, by=log.at + timedelta(days=1)))
    log.add(CY, "cy-laptop", AskHandedOff(ask=ask2, to=ANA))
    log.add(CY, "cy-laptop", AskHandedOff(ask=ask2, to=BOB, within=Window(2, "h")))
    log.add(CY, "cy-laptop", AskDeclined(ask=ask1))  # Cy does not owe it: ignored
    m2 = new_id()
    log.add(CY, "cy-laptop", MessagePosted(message=m2, thread=t1, body="Markets first?"))
    m3 = new_id()
    log.add(
        BOB,
        "bob-desk",
        MessagePosted(message=m3, thread=t1, body="Looks good to me", quote=m1),
        minutes=200,
    )
    log.add(ANA, "ana-laptop", MessageEdited(message=m1, body="Draft v2 with numbers"))
    log.add(ANA, "ana-phone", MessageEdited(message=m1, body="Draft v3 with pricing"))
    log.add(BOB, "bob-desk", MessageEdited(message=m1, body="Bob may not edit this"))
    log.add(CY, "cy-laptop", ReactionAdded(message=m3, emoji="👍"))
    log.add(ANA, "ana-phone", ReactionAdded(message=m3, emoji="🎉"))
    log.add(ANA, "ana-laptop", ReactionAdded(message=m3, emoji="👍"))
    log.add(ANA, "ana-laptop", ReactionRemoved(message=m3, emoji="👍"))
    log.add(ANA, "ana-laptop", ThreadResolved(thread=t1))
    log.add(BOB, "bob-desk", ThreadResolved(thread=t1, resolved=False))
    # Not answered yet, says Ana; Bob marks his reply again, then declines the other.
    log.add(ANA, "ana-laptop", AskReopened(ask=ask1))
    log.add(ANA, "ana-laptop", AskReopened(ask=ask2))
    log.add(BOB, "bob-desk", AskAnswered(ask=ask1, message=m3))
    log.add(BOB, "bob-desk", AskDeclined(ask=ask2, reason="Not mine after all"))
    # Following, muting and snoozing: the last word of each person wins.
    log.add(CY, "cy-laptop", AttentionSet(target=t1, scope="thread", mode="follow"))
    log.add(CY, "cy-phone", AttentionSet(target=t1, scope="thread", mode="mute"))
    log.add(ANA, "ana-laptop", AttentionSet(target="c-general", scope="channel", mode="mute"))
    log.add(BOB, "bob-desk", SnoozeSet(target=t1, until=log.at + timedelta(hours=3)))
    log.add(BOB, "bob-phone", SnoozeSet(target=t1, until=log.at + timedelta(days=1)))
    log.add(CY, "cy-laptop", SnoozeSet(target=ask2, until=log.at + timedelta(hours=1)))
    log.add(CY, "cy-laptop", SnoozeSet(target=ask2))
    log.add(ANA, "ana-laptop", ReadMarked(thread=t1, upto=log.at))
    log.add(ANA, "ana-phone", ReadMarked(thread=t1, upto=log.at - timedelta(hours=1)))

    t2, m4 = new_id(), new_id()
    log.add(
        BOB,
        "bob-desk",
        ThreadOpened(thread=t2, channel="c-design", title="Icons", message=m4, body="Outline?"),
        minutes=600,
    )
    ask3, ask4 = new_id(), new_id()
    log.add(BOB, "bob-desk", AskCreated(ask=ask3, thread=t2, asked=ANA, within=Window(4, "h")))
    log.add(BOB, "bob-desk", AskCreated(ask=ask4, thread=t2, asked=CY, within=Window(90, "m")))
    log.add(ANA, "ana-laptop", AskCancelled(ask=ask4))  # not Ana's ask: ignored
    log.add(BOB, "bob-desk", AskCancelled(ask=ask4))
    log.add(ANA, "ana-phone", MessagePosted(message=new_id(), thread=t2, body="Filled, please"))
    log.add(BOB, "bob-desk", ThreadResolved(thread=t2))
    log.add(BOB, "bob-desk", StatusSet(state="available", text="Back"))
    log.add(CY, "cy-laptop", ReadMarked(thread=t2, upto=log.at))
    # Bob's two devices at the same Lamport time: the device name breaks the tie.
    same = log.lamport + 1
    log.add(BOB, "bob-desk", StatusSet(state="away", text="Lunch"), lamport=same)
    log.add(BOB, "bob-phone", StatusSet(state="away", text="On the train"), lamport=same)
    log.lamport = same

    # The rituals: a check-in answered on two days, a meeting with
    # contributions, its decision and action items, one done and opened again.
    ci = new_id()
    day = datetime(2026, 11, 18).date()
    log.add(CY, "cy-laptop", CheckinAnswered(checkin=ci, day=day, message=new_id(),
                                             answers=("Early bird", "More")))  # fmt: skip
    log.add(
        ANA, "ana-laptop",
        CheckinCreated(checkin=ci, channel="c-general", title="Daily check-in",
                       questions=("What did you finish?", "What's next?"),
                       schedule=Schedule(at=9 * 60 + 30), members=(ANA, BOB, CY)),
    )  # fmt: skip
    log.add(BOB, "bob-desk", CheckinAnswered(checkin=ci, day=day, message=new_id(),
                                             answers=("Landing page", "Icons")))  # fmt: skip
    later = day.replace(day=19)
    log.add(BOB, "bob-desk", CheckinAnswered(checkin=ci, day=later, message=new_id(),
                                             answers=("Icons", "Rest")))  # fmt: skip
    log.add(ANA, "ana-laptop", CheckinStopped(checkin=ci))
    meet, goal = new_id(), new_id()
    log.add(
        ANA, "ana-laptop",
        MeetingOpened(thread=meet, channel="c-design", title="Q1 planning", message=goal,
                      goal="Agree Q1", agenda=("Themes", "Hiring"), participants=(ANA, BOB, CY),
                      within=Window(2, "d")),
    )  # fmt: skip
    idea = new_id()
    log.add(BOB, "bob-desk", MessagePosted(message=idea, thread=meet, body="Speed", item=0))
    log.add(CY, "cy-laptop", MessagePosted(message=new_id(), thread=meet, body="Two", item=1))
    decision, task = new_id(), new_id()
    log.add(ANA, "ana-laptop", DecisionMade(decision=decision, thread=meet, text="Speed first",
                                            messages=(idea,)))  # fmt: skip
    due = log.at + timedelta(days=2)
    log.add(ANA, "ana-laptop", ActionCreated(action=task, thread=meet, text="Write the plan",
                                             owner=BOB, due=due))  # fmt: skip
    log.add(BOB, "bob-desk", ActionDone(action=task))
    log.add(BOB, "bob-phone", ActionDone(action=task, done=False))
    log.add(ANA, "ana-laptop", MeetingClosed(thread=meet, outcome="Speed first; Bob writes it"))
    return log.events


def shuffled(events: list[Event], seed: int) -> list[Event]:
    copy = list(events)
    random.Random(seed).shuffle(copy)
    return copy


_DUMPS = {
    "members": "SELECT id, name, handle, tz, joined_at, lamport, device FROM members ORDER BY id",
    "hours": "SELECT member, doc, lamport, device FROM hours ORDER BY member",
    "statuses": "SELECT id, member, at, lamport, device, state, text, emoji, until"
    " FROM statuses ORDER BY id",
    "channels": "SELECT id, name, topic, created_at, lamport, device, private FROM channels"
    " ORDER BY id",
    "channel_members": "SELECT channel, member FROM channel_members ORDER BY channel, member",
    "threads": "SELECT id, channel, title, author, opened_at, last_at FROM threads ORDER BY id",
    "resolutions": "SELECT thread, resolved, lamport, device FROM resolutions ORDER BY thread",
    "edits": "SELECT message, author, body, at, lamport, device FROM edits"
    " ORDER BY message, lamport, device",
    "messages": "SELECT id, thread, author, at, lamport, device, body, quote, edited_at,"
    " e_lamport, e_device FROM messages ORDER BY id",
    "reactions": "SELECT message, member, emoji, present, lamport, device FROM reactions"
    " ORDER BY message, member, emoji",
    "asks": "SELECT * FROM asks ORDER BY id",
    "ask_steps": "SELECT * FROM ask_steps ORDER BY id",
    "thread_resolves": "SELECT * FROM thread_resolves ORDER BY id",
    "attention": "SELECT * FROM attention ORDER BY member, target",
    "snoozes": "SELECT * FROM snoozes ORDER BY member, target",
    "reads": "SELECT thread, member, upto FROM reads ORDER BY thread, member",
    "checkins": "SELECT * FROM checkins ORDER BY id",
    "checkin_stops": "SELECT * FROM checkin_stops ORDER BY checkin, member",
    "checkin_answers": "SELECT * FROM checkin_answers ORDER BY message",
    "meetings": "SELECT * FROM meetings ORDER BY thread",
    "meeting_closes": "SELECT * FROM meeting_closes ORDER BY thread, member",
    "contributions": "SELECT * FROM contributions ORDER BY message",
    "decisions": "SELECT * FROM decisions ORDER BY id",
    "actions": "SELECT * FROM actions ORDER BY id",
    "action_states": "SELECT * FROM action_states ORDER BY action",
}


SEARCH_WORDS = (
    "draft", "pricing", "numbers", "bob", "markets", "looks", "filled", "outline",
    "finish", "icons", "speed", "early",
)  # fmt: skip
"""Words of the history's messages, old and new text alike."""


def dump(replica: Replica) -> dict[str, list[tuple[Any, ...]]]:
    """Every state table, rows in a deterministic order (rowids left out), and what
    full-text search finds for each word of the history."""
    # Raises if the full-text index does not match the messages it indexes.
    replica.db.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    state = {name: replica.db.execute(sql).fetchall() for name, sql in _DUMPS.items()}
    state["search"] = [
        (word, *sorted(hit.message for hit in queries.search(replica.db, word)))
        for word in SEARCH_WORDS
    ]
    return state
