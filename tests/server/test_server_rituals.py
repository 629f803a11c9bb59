"""The server checks every id a ritual event names, as it does for threads and asks:
a private channel's check-ins, meetings, decisions and action items are its
members' alone, and nothing may point into a channel its author cannot see."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec
import pytest

from asynctui.core.events import (
    ActionCreated,
    ActionDone,
    ChannelCreated,
    CheckinAnswered,
    CheckinCreated,
    DecisionMade,
    Event,
    MeetingClosed,
    MeetingOpened,
    MessagePosted,
    Payload,
    ThreadOpened,
    occurrence_thread,
)
from asynctui.core.ids import new_id
from asynctui.core.schedule import Schedule
from asynctui.server.log import Refused, ServerLog


def _event(author: str, body: Payload) -> Event:
    return Event(
        id=new_id(), lamport=1, device=f"{author}-laptop", author=author,
        at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC), body=body,
    )  # fmt: skip


@pytest.fixture
def log(tmp_path: Path) -> Iterator[ServerLog]:
    """Ana and Bob share the private channel p; everyone sees the public channel c."""
    log = ServerLog(tmp_path / "team.db")
    log.cache_scopes()
    store(log, "ana", ChannelCreated(channel="p", name="p", private=True, members=("bob",)))
    store(log, "ana", ChannelCreated(channel="c", name="c"))
    yield log
    log.close()


def store(log: ServerLog, author: str, body: Payload) -> list[int]:
    event = _event(author, body)
    (out,) = log.append_checked([[event]], [log.plan([event], author)])
    assert isinstance(out, list), out
    return out


def refused(log: ServerLog, author: str, body: Payload) -> int:
    with pytest.raises(Refused) as caught:
        log.plan([_event(author, body)], author)
    return caught.value.status


def checkin(channel: str) -> CheckinCreated:
    return CheckinCreated(
        checkin=f"ci-{channel}", channel=channel, title="Daily", questions=("Done?",),
        schedule=Schedule(at=570), members=("ana", "bob"),
    )  # fmt: skip


def answer(ci: str, day: int = 7) -> CheckinAnswered:
    return CheckinAnswered(checkin=ci, day=date(2026, 12, day), message=new_id(), answers=("x",))


def test_a_private_check_in_is_answered_by_its_members_and_hidden_from_others(
    log: ServerLog,
) -> None:
    store(log, "ana", checkin("p"))
    store(log, "bob", answer("ci-p"))
    assert refused(log, "cy", answer("ci-p")) == 404
    assert refused(log, "cy", checkin("p")) == 404
    # Replies in the occurrence's thread are scoped to the private channel too.
    monday = occurrence_thread("ci-p", date(2026, 12, 7))
    reply = MessagePosted(message=new_id(), thread=monday, body="nice")
    assert refused(log, "cy", reply) == 404
    store(log, "ana", reply)
    assert log.plan([_event("bob", answer("ci-p", 8))], "bob").scopes == ["p"]


def test_an_answer_to_a_check_in_nobody_created_is_refused(log: ServerLog) -> None:
    assert refused(log, "bob", answer("ci-nowhere")) == 404


def test_a_meeting_in_a_private_channel_is_its_members_alone(log: ServerLog) -> None:
    meeting = MeetingOpened(
        thread="m1", channel="p", title="Plan", message=new_id(), goal="Agree",
        agenda=("One",), participants=("ana", "bob"),
    )  # fmt: skip
    store(log, "ana", meeting)
    store(log, "bob", MessagePosted(message=new_id(), thread="m1", body="idea", item=0))
    assert refused(log, "cy", MessagePosted(message=new_id(), thread="m1", body="x")) == 404
    assert refused(log, "cy", MeetingClosed(thread="m1")) == 404
    assert refused(log, "ana", msgspec.structs.replace(meeting, channel="c")) == 409


def test_a_decision_may_only_rest_on_messages_of_its_own_channel(log: ServerLog) -> None:
    secret, public = new_id(), new_id()
    store(log, "ana", ThreadOpened(thread="tp", channel="p", title="t", message=secret, body="s"))
    store(log, "ana", ThreadOpened(thread="tc", channel="c", title="t", message=public, body="p"))
    # Pointing a public decision at a private message would reveal that it exists.
    leak = DecisionMade(decision=new_id(), thread="tc", text="x", messages=(secret,))
    assert refused(log, "ana", leak) == 404
    store(log, "cy", DecisionMade(decision=new_id(), thread="tc", text="ok", messages=(public,)))
    assert refused(log, "cy", DecisionMade(decision=new_id(), thread="tp", text="x")) == 404


def test_action_items_live_in_their_thread_and_only_those_who_see_it_tick_them_off(
    log: ServerLog,
) -> None:
    store(log, "ana", ThreadOpened(thread="tp", channel="p", title="t", message=new_id(), body="s"))
    store(log, "ana", ActionCreated(action="a1", thread="tp", text="Do it", owner="bob"))
    store(log, "bob", ActionDone(action="a1"))
    assert refused(log, "cy", ActionDone(action="a1")) == 404
    assert refused(log, "cy", ActionDone(action="a-unknown")) == 404
    assert refused(log, "ana", ActionCreated(action="a1", thread="tc", text="x", owner="b")) == 404
