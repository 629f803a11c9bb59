"""Every replica folds the same history into the same state, whatever the arrival order."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from replica_history import ANA, BOB, CY, T0, dump, event, realistic_history

from asynctui.client import following, later, queries, rituals
from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.core.events import (
    AskAnswered,
    AskCancelled,
    AskCreated,
    AskHandedOff,
    ChannelCreated,
    Event,
    MessageEdited,
    MessagePosted,
    ProfileSet,
    SnoozeSet,
    ThreadOpened,
    ThreadResolved,
    occurrence_thread,
)
from asynctui.core.hours import Window

HISTORY = realistic_history()
N = len(HISTORY)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    replica = Replica(tmp_path_factory.mktemp("reference") / "replica.db")
    replica.apply(HISTORY)
    state = dump(replica)
    replica.close()
    return state


def fresh(tmp_path_factory: pytest.TempPathFactory) -> Replica:
    return Replica(tmp_path_factory.mktemp("replica") / "replica.db")


SHUFFLED_BATCHES = {
    "order": st.permutations(range(N)),
    "sizes": st.lists(st.integers(1, 12), min_size=1, max_size=20),
    "repeats": st.lists(st.integers(0, N - 1), max_size=10),
}
"""The history in any order, some events again at the end, cut into batches."""


def cut(events: list[Event], sizes: list[int]) -> list[list[Event]]:
    """``events`` in consecutive batches of the given sizes, cycling through them."""
    batches, start, i = [], 0, 0
    while start < len(events):
        size = sizes[i % len(sizes)]
        batches.append(events[start : start + size])
        start += size
        i += 1
    return batches


def fold_in_batches(replica: Replica, batches: list[list[Event]]) -> dict[str, list[Any]]:
    for batch in batches:
        replica.apply(batch)
    state = dump(replica)
    replica.close()
    return state


def test_the_history_folds_into_what_the_team_did(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    replica.apply(HISTORY)
    team = Team(replica.db)
    assert (team.members[ANA].name, team.members[ANA].tz) == ("Ana R.", "Europe/Madrid")
    assert str(team.hours(ANA).promise) == "4h"
    status = team.status(BOB, HISTORY[-1].at)
    assert status is not None and status.text == "On the train"
    t1, t2 = (t.id for t in sorted(queries.threads(replica.db), key=lambda t: t.opened_at)[:2])
    first = queries.messages(replica.db, t1)[0]
    assert first.body == "Draft v3 with pricing"
    assert queries.thread(replica.db, t1) is not None
    assert not queries.thread(replica.db, t1).resolved  # type: ignore[union-attr]
    assert queries.thread(replica.db, t2).resolved  # type: ignore[union-attr]
    (reply,) = [m for m in queries.messages(replica.db, t1) if m.body == "Looks good to me"]
    assert reply.reactions == {"👍": [CY], "🎉": [ANA]}
    asks = queries.asks(replica.db, team, HISTORY[-1].at, open_only=False)
    by_asked = {(a.thread, a.origin): a for a in asks}
    # Re-opened by Ana, and Bob's reply marked again as the answer by Bob.
    assert by_asked[(t1, BOB)].state == "answered"
    assert by_asked[(t1, BOB)].answered_by == reply.id and by_asked[(t1, BOB)].marked
    # Cy's was handed to Bob (not to Ana, who asked), re-opened, then declined by Bob.
    handed = by_asked[(t1, CY)]
    assert (handed.state, handed.asked, handed.note) == ("declined", BOB, "Not mine after all")
    assert handed.within == Window(2, "h")
    assert following.mode_of(replica.db, CY, t1, "c-general") == "mute"  # her phone's, later
    assert following.mode_of(replica.db, ANA, t1, "c-general") == "mute"  # the channel's
    # Bob snoozed it on his desk, then for longer on his phone: the phone's is later.
    (phone,) = [
        e.body for e in HISTORY if isinstance(e.body, SnoozeSet) and e.device == "bob-phone"
    ]
    assert later.snoozed(replica.db, BOB, T0) == {t1: phone.until}
    assert later.snoozed(replica.db, CY, T0) == {}  # snoozed, then back
    assert by_asked[(t2, ANA)].answered_by is not None
    assert by_asked[(t2, CY)].cancelled
    assert [h.message for h in queries.search(replica.db, "pricing")] == [first.id]
    assert queries.search(replica.db, "numbers") == []


def test_the_rituals_fold_into_what_the_team_did(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    replica.apply(HISTORY)
    now = HISTORY[-1].at
    (ci,) = rituals.checkins(replica.db)
    assert ci.title == "Daily check-in" and ci.stopped
    # Cy answered before the check-in arrived: the answer still reads with its questions.
    day = date(2026, 11, 18)
    thread = queries.thread(replica.db, occurrence_thread(ci.id, day))
    assert thread is not None and thread.title == "Daily check-in · Wed 18 Nov 2026"
    bodies = [m.body for m in queries.messages(replica.db, thread.id)]
    assert bodies == [
        "What did you finish?\n  Early bird\nWhat's next?\n  More",
        "What did you finish?\n  Landing page\nWhat's next?\n  Icons",
    ]
    (meeting,) = rituals.meetings(replica.db)
    assert meeting.outcome == "Speed first; Bob writes it" and meeting.closed_at is not None
    (decision,) = rituals.decisions(replica.db)
    assert decision.text == "Speed first" and decision.deciders == (ANA,)
    (task,) = rituals.action_items(replica.db, now)
    assert task.owner == BOB and not task.done  # opened again from Bob's phone


@settings(max_examples=30, deadline=None)
@given(
    order=st.permutations(range(N)),
    repeats=st.lists(st.integers(0, N - 1), max_size=15),
)
def test_replicas_converge_whatever_the_order_within_one_batch(
    tmp_path_factory: pytest.TempPathFactory,
    reference: dict[str, list[Any]],
    order: list[int],
    repeats: list[int],
) -> None:
    batch = [HISTORY[i] for i in order] + [HISTORY[i] for i in repeats]
    assert fold_in_batches(fresh(tmp_path_factory), [batch]) == reference


def test_a_reversed_history_in_one_batch_converges(
    tmp_path_factory: pytest.TempPathFactory, reference: dict[str, list[Any]]
) -> None:
    assert fold_in_batches(fresh(tmp_path_factory), [HISTORY[::-1]]) == reference


def test_a_history_applied_twice_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, reference: dict[str, list[Any]]
) -> None:
    assert fold_in_batches(fresh(tmp_path_factory), [HISTORY, HISTORY]) == reference


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 12), min_size=1, max_size=40),
    overlaps=st.lists(st.integers(0, 4), min_size=40, max_size=40),
)
def test_replicas_converge_when_the_log_arrives_in_batches_of_any_size(
    tmp_path_factory: pytest.TempPathFactory,
    reference: dict[str, list[Any]],
    sizes: list[int],
    overlaps: list[int],
) -> None:
    """Batches follow the log order, and each may repeat the end of the one before."""
    batches, start, i = [], 0, 0
    while start < N:
        size = sizes[i % len(sizes)]
        back = overlaps[i % len(overlaps)]
        batches.append(HISTORY[max(0, start - back) : start + size])
        start += size
        i += 1
    assert fold_in_batches(fresh(tmp_path_factory), batches) == reference


@settings(max_examples=30, deadline=None, derandomize=True)
@given(**SHUFFLED_BATCHES)
def test_replicas_converge_when_shuffled_batches_of_any_size_arrive(
    tmp_path_factory: pytest.TempPathFactory,
    reference: dict[str, list[Any]],
    order: list[int],
    sizes: list[int],
    repeats: list[int],
) -> None:
    events = [HISTORY[i] for i in order] + [HISTORY[i] for i in repeats]
    batches = cut(events, sizes)
    assert fold_in_batches(fresh(tmp_path_factory), batches) == reference


def test_a_reversed_history_one_event_at_a_time_converges(
    tmp_path_factory: pytest.TempPathFactory, reference: dict[str, list[Any]]
) -> None:
    batches = [[e] for e in reversed(HISTORY)]
    assert fold_in_batches(fresh(tmp_path_factory), batches) == reference


# -- the order-dependent cases, one by one ------------------------------------------

T = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


def _opened(thread: str = "THREAD01", message: str = "MSG00001", lamport: int = 1) -> Event:
    return event(
        ANA,
        "ana-laptop",
        lamport,
        ThreadOpened(thread=thread, channel="c-x", title="Plan", message=message, body="old words"),
    )


def _both_orders(tmp_path: Path, first: Event, later: Event) -> tuple[Replica, Replica]:
    in_order = Replica(tmp_path / "in-order.db")
    in_order.apply([first])
    in_order.apply([later])
    reverse = Replica(tmp_path / "reverse.db")
    reverse.apply([later])
    reverse.apply([first])
    return in_order, reverse


def test_an_edit_that_arrives_before_its_message_still_applies(tmp_path: Path) -> None:
    edit = event(ANA, "ana-laptop", 2, MessageEdited(message="MSG00001", body="new words"))
    in_order, reverse = _both_orders(tmp_path, _opened(), edit)
    assert queries.messages(reverse.db, "THREAD01")[0].body == "new words"
    assert dump(reverse) == dump(in_order)


def test_a_resolve_that_arrives_before_its_thread_still_applies(tmp_path: Path) -> None:
    resolve = event(BOB, "bob-desk", 2, ThreadResolved(thread="THREAD01"))
    in_order, reverse = _both_orders(tmp_path, _opened(), resolve)
    assert queries.thread(reverse.db, "THREAD01") is not None
    assert queries.thread(reverse.db, "THREAD01").resolved  # type: ignore[union-attr]


def test_a_cancel_that_arrives_before_its_ask_still_applies(tmp_path: Path) -> None:
    ask = event(
        ANA,
        "ana-laptop",
        2,
        AskCreated(ask="ASK00001", thread="THREAD01", asked=BOB, within=Window(8, "h")),
    )
    cancel = event(ANA, "ana-laptop", 3, AskCancelled(ask="ASK00001"))
    in_order, reverse = _both_orders(tmp_path, ask, cancel)
    team = Team(reverse.db)
    (withdrawn,) = queries.asks(reverse.db, team, T, open_only=False)
    assert withdrawn.cancelled
    assert queries.asks(reverse.db, team, T) == []


def test_a_hand_off_that_arrives_before_its_ask_still_applies(tmp_path: Path) -> None:
    ask = event(
        ANA, "ana-laptop", 2,
        AskCreated(ask="ASK00001", thread="THREAD01", asked=BOB, within=Window(8, "h")),
    )  # fmt: skip
    hand = event(BOB, "bob-desk", 3, AskHandedOff(ask="ASK00001", to=CY))
    in_order, reverse = _both_orders(tmp_path, ask, hand)
    (handed,) = queries.asks(reverse.db, Team(reverse.db), T)
    assert (handed.origin, handed.asked, handed.state) == (BOB, CY, "open")
    assert dump(reverse) == dump(in_order)


def test_a_reply_that_arrives_after_the_hand_off_answers_for_the_new_person(
    tmp_path: Path,
) -> None:
    opened = _opened()
    ask = event(
        ANA, "ana-laptop", 2,
        AskCreated(ask="ASK00001", thread="THREAD01", asked=BOB, within=Window(8, "h")),
    )  # fmt: skip
    hand = event(BOB, "bob-desk", 3, AskHandedOff(ask="ASK00001", to=CY))
    said = MessagePosted(message="MSG00002", thread="THREAD01", body="Two tiers, yes")
    reply = event(CY, "cy-laptop", 4, said)
    later = MessagePosted(message="MSG00003", thread="THREAD01", body="Cy knows best")
    bob_after = event(BOB, "bob-desk", 5, later)
    late = Replica(tmp_path / "late.db")
    for e in (bob_after, reply, opened, hand, ask):
        late.apply([e])
    at_once = Replica(tmp_path / "at-once.db")
    at_once.apply([opened, ask, hand, reply, bob_after])
    (answered,) = queries.asks(late.db, Team(late.db), T, open_only=False)
    assert (answered.state, answered.answered_by) == ("answered", "MSG00002")
    assert dump(late) == dump(at_once)


def test_an_answer_named_from_another_thread_is_no_answer_whatever_the_order(
    tmp_path: Path,
) -> None:
    ask = event(
        ANA, "ana-laptop", 2,
        AskCreated(ask="ASK00001", thread="THREAD01", asked=BOB, within=Window(8, "h")),
    )  # fmt: skip
    elsewhere = event(
        BOB, "bob-desk", 3,
        ThreadOpened(thread="THREAD02", channel="c-x", title="Other", message="MSG00009",
                     body="Unrelated words here"),
    )  # fmt: skip
    mark = event(BOB, "bob-desk", 4, AskAnswered(ask="ASK00001", message="MSG00009"))
    step_first = Replica(tmp_path / "step-first.db")
    for e in (_opened(), ask, mark, elsewhere):
        step_first.apply([e])
    message_first = Replica(tmp_path / "message-first.db")
    message_first.apply([_opened(), ask, elsewhere, mark])
    for replica in (step_first, message_first):
        (still,) = queries.asks(replica.db, Team(replica.db), T, open_only=False)
        assert (still.state, still.answered_by) == ("open", None)
    assert dump(step_first) == dump(message_first)


def test_a_members_join_time_does_not_depend_on_arrival_order(tmp_path: Path) -> None:
    first = event(ANA, "ana-laptop", 1, ProfileSet(name="Ana", handle="ana", tz="UTC"), at=T)
    renamed = event(
        ANA,
        "ana-phone",
        9,
        ProfileSet(name="Ana R.", handle="ana", tz="UTC"),
        at=T.replace(hour=15),
    )
    in_order, reverse = _both_orders(tmp_path, first, renamed)
    assert dump(reverse)["members"] == dump(in_order)["members"]


def test_a_channel_created_by_two_people_at_once_is_the_same_everywhere(tmp_path: Path) -> None:
    by_ana = event(ANA, "ana-laptop", 3, ChannelCreated(channel="c-design", name="design"), at=T)
    by_bob = event(
        BOB, "bob-desk", 3, ChannelCreated(channel="c-design", name="design"), at=T.replace(hour=11)
    )
    in_order, reverse = _both_orders(tmp_path, by_ana, by_bob)
    assert dump(reverse)["channels"] == dump(in_order)["channels"]


def test_a_reply_that_arrives_before_its_thread_still_counts(tmp_path: Path) -> None:
    reply = event(
        BOB, "bob-desk", 5, MessagePosted(message="MSG00002", thread="THREAD01", body="late words")
    )
    in_order, reverse = _both_orders(tmp_path, _opened(), reply)
    assert dump(reverse) == dump(in_order)
    assert [m.id for m in queries.messages(reverse.db, "THREAD01")] == ["MSG00001", "MSG00002"]


# -- catching up: a first sync loads the history bare and builds the rest at the end --


def catch_up_in_batches(replica: Replica, batches: list[list[Event]]) -> dict[str, list[Any]]:
    replica.begin_catch_up()
    for batch in batches:
        replica.apply(batch)
    replica.finish_catch_up()
    assert not replica.catching_up
    return fold_in_batches(replica, [])


@settings(max_examples=30, deadline=None, derandomize=True)
@given(**SHUFFLED_BATCHES)
def test_catching_up_on_shuffled_batches_with_repeats_gives_the_same_state(
    tmp_path_factory: pytest.TempPathFactory,
    reference: dict[str, list[Any]],
    order: list[int],
    sizes: list[int],
    repeats: list[int],
) -> None:
    """Repeats stand for a conflicted copy of a journal read in a later batch."""
    events = [HISTORY[i] for i in order] + [HISTORY[i] for i in repeats]
    assert catch_up_in_batches(fresh(tmp_path_factory), cut(events, sizes)) == reference


def test_a_catch_up_begun_by_an_earlier_process_is_finished_by_the_next(
    tmp_path: Path, reference: dict[str, list[Any]]
) -> None:
    first = Replica(tmp_path / "replica.db")
    first.begin_catch_up()
    first.apply(HISTORY[::-1][: N // 2])
    first.close()  # the process ends part way, say killed

    second = Replica(tmp_path / "replica.db")
    assert second.catching_up
    second.apply(HISTORY[::-1][N // 2 :])
    second.finish_catch_up()
    assert not second.catching_up
    assert fold_in_batches(second, []) == reference


def test_after_catching_up_new_events_fold_as_usual(
    tmp_path: Path, reference: dict[str, list[Any]]
) -> None:
    replica = Replica(tmp_path / "replica.db")
    replica.begin_catch_up()
    replica.apply(HISTORY[: N // 3])
    replica.finish_catch_up()
    for event_ in HISTORY[N // 3 :]:
        replica.apply([event_])
    assert fold_in_batches(replica, []) == reference


def test_a_private_channel_keeps_its_people_the_creator_among_them(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    replica.apply(HISTORY)
    private = {c.id: c.private for c in queries.channels(replica.db)}
    assert private == {"c-general": False, "c-design": False, "p-bob-cy": True}
    assert queries.channel_members(replica.db, "p-bob-cy") == sorted([BOB, CY])
    assert queries.channel_members(replica.db, "c-general") == []
