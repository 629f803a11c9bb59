"""The pure rule of an ask's life: the same events give the same state, in any order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from asynctui.core.ask_life import FirstReply, Key, Reply, Step, StepKind, life, substantial
from asynctui.core.hours import Window

ANA, BOB, CY = "m-ana", "m-bob", "m-cy"
T = datetime(2026, 12, 2, 10, 20, tzinfo=UTC)
ASK: Key = (10, "ana-laptop", "ASK1")


@pytest.mark.parametrize(
    "body",
    ["Sure, writing it now", "On it 👍", "👍", "Looking, give me an hour", "will check tomorrow",
     "> your question\nlet me check"],
)  # fmt: skip
def test_a_reply_that_only_promises_an_answer_is_not_one(body: str) -> None:
    assert not substantial(body)


@pytest.mark.parametrize(
    "body",
    ["Yes.", "Ship it on Friday, the tests pass", "No: the free tier stays",
     "I'll say yes: two tiers, Free and Team, priced per seat as in the draft plan"],
)  # fmt: skip
def test_a_reply_that_says_something_answers(body: str) -> None:
    assert substantial(body)


def _replies(*found: tuple[str, int]) -> FirstReply:
    """Replies by (person, lamport): the first after a place in the log, per person."""

    def first(person: str, after: Key) -> Reply | None:
        for who, lamport in sorted(found, key=lambda r: r[1]):
            key = (lamport, "d", f"M{lamport}")
            if who == person and key > after:
                return Reply(key, f"M{lamport}", T + timedelta(minutes=lamport))
        return None

    return first


def _step(lamport: int, kind: StepKind, author: str, **more: Any) -> Step:
    return Step((lamport, "d", f"S{lamport}"), kind, author, T + timedelta(minutes=lamport), **more)


def test_the_first_substantial_reply_by_the_person_asked_answers_it() -> None:
    now = life(ANA, BOB, ASK, T, Window(4, "h"), [], _replies((CY, 11), (BOB, 12)))
    assert (now.state, now.answer) == ("answered", "M12")


def test_a_hand_off_before_the_reply_moves_the_debt_and_restarts_the_window() -> None:
    steps = [_step(11, "hand", BOB, person=CY, within=Window(2, "h"))]
    now = life(ANA, BOB, ASK, T, Window(4, "h"), steps, _replies((BOB, 12)))
    assert (now.state, now.owes, now.within, now.start) == (
        "open", CY, Window(2, "h"), T + timedelta(minutes=11)
    )  # fmt: skip


def test_a_step_dated_before_its_ask_in_the_log_is_ignored() -> None:
    steps = [_step(9, "decline", BOB)]
    assert life(ANA, BOB, ASK, T, Window(4, "h"), steps, _replies()).state == "open"


def test_the_asker_reopens_a_declined_ask_and_only_later_replies_answer_it() -> None:
    steps = [_step(11, "decline", BOB, note="busy"), _step(13, "reopen", ANA)]
    now = life(ANA, BOB, ASK, T, Window(4, "h"), steps, _replies((BOB, 12), (BOB, 14)))
    assert (now.state, now.answer, now.note) == ("answered", "M14", "")


def test_a_resolved_thread_settles_the_ask_but_not_one_already_answered() -> None:
    resolve = [_step(20, "resolve", CY)]
    assert life(ANA, BOB, ASK, T, Window(4, "h"), resolve, _replies()).state == "settled"
    assert life(ANA, BOB, ASK, T, Window(4, "h"), resolve, _replies((BOB, 12))).state == "answered"


def test_the_steps_are_walked_in_log_order_whatever_order_they_are_given_in() -> None:
    steps = [_step(12, "withdraw", ANA), _step(11, "ack", BOB, until=T + timedelta(days=1))]
    forward = life(ANA, BOB, ASK, T, Window(4, "h"), steps, _replies())
    backward = life(ANA, BOB, ASK, T, Window(4, "h"), steps[::-1], _replies())
    assert forward == backward
    assert (forward.state, forward.promised) == ("withdrawn", T + timedelta(days=1))
