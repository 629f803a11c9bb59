"""An ask has a life of its own: answered, acknowledged with a time, declined,
handed to someone else, withdrawn, re-opened; and a resolved thread settles it.

Ana in Berlin, Bob in New York and Cy in Berlin (``three_people``), on one shared
folder; it is Wednesday 2 December 2026, 11:20 in Berlin (05:20 in New York).
Ana asks Bob in "Pricing" for a reply within 4h: his day starts at 09:00, so it
is due 13:00 New York time (19:00 Berlin).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from three_people import Team

from asynctui.client import obligations, queries
from asynctui.client.commands import Refused, ask_steps, asks, threads
from asynctui.client.outbox import short
from asynctui.client.queries import AskRow
from asynctui.client.words import ask_line
from asynctui.core.events import AskCancelled, AskDeclined, AskHandedOff

DUE_1300_NEW_YORK = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def _ask_bob(team: Team) -> str:
    ask = asks.ask(team.ana, thread=team.thread, person="@bob", within="4h").id
    team.sync()
    return ask


def _as_seen_by(team: Team, who: str, ask: str) -> AskRow:
    ws = team.ws[who]
    found = queries.ask(ws.db, ws.team(), ws.now(), ask)
    assert found is not None
    return found


def _reply(team: Team, who: str, body: str) -> str:
    mid = threads.reply(team.ws[who], thread=team.thread, body=body).id
    team.sync()
    return mid


def _owed_ids(team: Team, who: str) -> list[str]:
    ws = team.ws[who]
    return [o.id for o in obligations.owed_by(ws.db, ws.team(), f"m-{who}", ws.now())]


def _owed_to_ids(team: Team, who: str) -> list[str]:
    ws = team.ws[who]
    return [o.id for o in obligations.owed_to(ws.db, ws.team(), f"m-{who}", ws.now())]


def test_sure_writing_it_now_does_not_answer_the_ask_the_reply_after_it_does(team: Team) -> None:
    ask = _ask_bob(team)
    _reply(team, "bob", "Sure, writing it now")
    assert _as_seen_by(team, "ana", ask).state == "open"
    answer = _reply(team, "bob", "Two tiers: Free and Team at 8 euros a seat.")
    seen = _as_seen_by(team, "ana", ask)
    assert (seen.state, seen.answered_by, seen.marked) == ("answered", answer, False)
    assert _owed_to_ids(team, "ana") == []


def test_either_side_can_mark_another_message_as_the_answer(team: Team) -> None:
    ask = _ask_bob(team)
    first = _reply(team, "bob", "Yes.")
    assert _as_seen_by(team, "ana", ask).answered_by == first
    better = _reply(team, "bob", "More: Free and Team, priced per seat")
    ask_steps.answer_with(team.ana, ask=ask[-6:], message=better[-6:])
    team.sync()
    seen = _as_seen_by(team, "bob", ask)
    assert (seen.state, seen.answered_by, seen.marked) == ("answered", better, True)


def test_the_asker_reopens_an_answered_ask_and_it_is_owed_again(team: Team) -> None:
    ask = _ask_bob(team)
    _reply(team, "bob", "Yes.")
    ask_steps.reopen(team.ana, ask=ask[-6:])
    team.sync()
    seen = _as_seen_by(team, "bob", ask)
    assert (seen.state, seen.answered_by, seen.due) == ("open", None, DUE_1300_NEW_YORK)
    assert ask in _owed_ids(team, "bob") and ask in _owed_to_ids(team, "ana")
    # Only what Bob says after the re-opening answers it.
    answer = _reply(team, "bob", "Per seat, with a free tier for up to five.")
    assert _as_seen_by(team, "ana", ask).answered_by == answer


def test_bob_acknowledges_with_a_new_time_and_the_ask_is_due_then(team: Team) -> None:
    ask = _ask_bob(team)
    done = ask_steps.acknowledge(team.bob, ask=ask[-6:], by="thu 12:00", note="need the figures")
    assert done.said == f"Told @ana you will reply by tomorrow 12:00 (ask {short(ask)})."
    team.sync()
    seen = _as_seen_by(team, "ana", ask)
    # Thursday 12:00 in New York, Bob's zone, where he typed it: 18:00 in Berlin.
    assert seen.due == seen.promised == datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    assert ask_line(team.ana.team(), seen, "Europe/Berlin", team.ana.now()) == (
        "Asked @bob · promised tomorrow 18:00 · 1d 6h left (need the figures)"
    )
    assert ask in _owed_to_ids(team, "ana")


def test_bob_declines_and_the_ask_leaves_both_queues(team: Team) -> None:
    ask = _ask_bob(team)
    ask_steps.decline(team.bob, ask=ask[-6:], reason="Sam owns pricing")
    team.sync()
    seen = _as_seen_by(team, "ana", ask)
    assert ask_line(team.ana.team(), seen, "Europe/Berlin", team.ana.now()) == (
        "Asked @bob · declined: Sam owns pricing"
    )
    assert _owed_ids(team, "bob") == [] and _owed_to_ids(team, "ana") == []


def test_handed_to_cy_the_window_starts_again_on_cys_calendar(team: Team) -> None:
    ask = _ask_bob(team)
    done = ask_steps.hand_off(team.bob, ask=ask[-6:], to="@cy")
    assert done.said == (
        f"Handed ask {short(ask)} to @cy (within 4 working hours): Cy is working now;"
        " a 4h ask is due 09:20 (Wed 15:20 Berlin time)."
    )
    team.sync()
    seen = _as_seen_by(team, "ana", ask)
    # Cy works in Berlin now: 4h from 11:20 is 15:20 there.
    assert (seen.origin, seen.asked, seen.due) == (
        "m-bob", "m-cy", datetime(2026, 12, 2, 14, 20, tzinfo=UTC)
    )  # fmt: skip
    assert ask in _owed_ids(team, "cy") and _owed_ids(team, "bob") == []
    assert ask_line(team.ana.team(), seen, "Europe/Berlin", team.ana.now()).startswith(
        "Asked @bob, handed to @cy · due 15:20"
    )
    # Bob's word no longer answers it; Cy's does.
    _reply(team, "bob", "Cy knows the figures better than I do")
    assert _as_seen_by(team, "ana", ask).state == "open"
    answer = _reply(team, "cy", "Free and Team, per seat.")
    assert _as_seen_by(team, "ana", ask).answered_by == answer


def test_resolving_the_thread_settles_its_open_asks_and_reopening_it_does_not_revive_them(
    team: Team,
) -> None:
    ask = _ask_bob(team)
    threads.resolve(team.ana, thread=team.thread)
    team.sync()
    assert _as_seen_by(team, "ana", ask).state == "settled"
    assert _owed_to_ids(team, "ana") == [] and _owed_ids(team, "bob") == []
    threads.reopen(team.ana, thread=team.thread)
    team.sync()
    assert _as_seen_by(team, "bob", ask).state == "settled"


def test_an_ask_is_withdrawn_by_the_short_id_that_owed_prints(team: Team) -> None:
    ask = _ask_bob(team)
    (short_id,) = [short(o.id) for o in obligations.owed_to(
        team.ana.db, team.ana.team(), "m-ana", team.ana.now())]  # fmt: skip
    assert ask_steps.withdraw(team.ana, ask=short_id).said == f"Withdrew ask {short_id}."
    team.sync()
    assert _as_seen_by(team, "bob", ask).state == "withdrawn"
    with pytest.raises(Refused, match="withdrawn already"):
        ask_steps.withdraw(team.ana, ask=short_id)


def test_what_only_the_other_side_may_do_is_refused_with_a_reason(team: Team) -> None:
    ask = _ask_bob(team)[-6:]
    with pytest.raises(Refused, match="only @bob, who owes the reply, can decline"):
        ask_steps.decline(team.ana, ask=ask)
    with pytest.raises(Refused, match="only the person who asked can withdraw"):
        ask_steps.withdraw(team.bob, ask=ask)
    with pytest.raises(Refused, match="@ana asked it: withdraw the ask instead"):
        ask_steps.hand_off(team.bob, ask=ask, to="@ana")
    with pytest.raises(Refused, match="is open already"):
        ask_steps.reopen(team.ana, ask=ask)
    with pytest.raises(Refused, match="already passed"):
        ask_steps.acknowledge(team.bob, ask=ask, by="2026-12-01 09:00")


def test_steps_by_someone_who_may_not_take_them_are_ignored_on_a_folder(team: Team) -> None:
    """A shared folder has nobody to refuse them: every reader ignores them alike."""
    ask = _ask_bob(team)
    cy = team.ws["cy"]
    cy.emit(AskCancelled(ask=ask))  # only Ana may withdraw it
    cy.emit(AskDeclined(ask=ask, reason="Not Bob's"))  # only Bob may decline it
    cy.emit(AskHandedOff(ask=ask, to="m-cy"))  # only Bob or Ana may hand it on
    team.sync()
    for who in ("ana", "bob", "cy"):
        seen = _as_seen_by(team, who, ask)
        assert (seen.state, seen.asked) == ("open", "m-bob")


def test_the_steps_offered_are_the_ones_each_side_may_take(team: Team) -> None:
    ask = _ask_bob(team)
    reply = _reply(team, "bob", "Yes.")
    other = _reply(team, "bob", "Or rather: two tiers, priced per seat.")
    offered = [(c.step, c.label) for c in ask_steps.choices(team.ana, team.thread, other)]
    assert offered == [
        ("answer", "The selected message answers my ask of @bob"),
        ("reopen", "Not answered yet: re-open my ask of @bob"),
    ]
    # Ana's own message cannot be the answer to her ask of Bob.
    mine = _reply(team, "ana", "Thanks!")
    assert [c.step for c in ask_steps.choices(team.ana, team.thread, mine)] == ["reopen"]
    ask_steps.reopen(team.ana, ask=ask)
    team.sync()
    steps = [c.step for c in ask_steps.choices(team.bob, team.thread, reply)]
    assert steps == ["answer", "ack", "decline", "hand"]
