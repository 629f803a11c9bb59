"""One queue of what a person owes, of every kind, most urgent first.

Ana in Berlin, Bob in New York and Cy in Berlin (``three_people``); it is
Wednesday 2 December 2026, 11:20 in Berlin (05:20 in New York).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from three_people import WEDNESDAY_1120_BERLIN, Team

from asynctui.client import obligations
from asynctui.client.commands import actions, asks, checkins, meetings, threads
from asynctui.client.obligations import Obligation
from asynctui.client.views import OWED_BY_ME, OWED_TO_ME, Views
from asynctui.client.words import obligation_what


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


WEDNESDAY_1600_NEW_YORK = datetime(2026, 12, 2, 21, 0, tzinfo=UTC)


def _queue(rows: list[Obligation]) -> list[tuple[str, str, str]]:
    return [(o.kind, o.urgency, obligation_what(o)) for o in rows]


def _bob_owes_one_of_each(team: Team) -> str:
    """A reply within 4h, both parts of a meeting due in 2d, an action item within
    1h, and the daily check-in at 09:30 in each one's zone, all of it asked of Bob
    at 05:20 his time: his day starts at 09:00."""
    asks.ask(team.ana, thread=team.thread, person="@bob", within="4h")
    meeting = meetings.create(
        team.ana, channel="#general", title="Q1 roadmap", goal="Agree", due="2d",
        agenda=["Themes", "Hiring"], participants=["@bob"],
    ).id  # fmt: skip
    actions.add(team.ana, thread=team.thread, text="Send the figures", owner="@bob",
                due="within 1h")  # fmt: skip
    checkins.create(team.ana, channel="general", title="Daily", schedule="weekdays 09:30")
    team.sync()
    return meeting


def test_what_bob_owes_is_one_queue_of_every_kind_overdue_first(team: Team) -> None:
    _bob_owes_one_of_each(team)
    owed = obligations.owed_by(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK)
    assert _queue(owed) == [
        # Due 10:00, 13:00 and 13:30 New York: it is 16:00 there.
        ("action", "overdue", "Send the figures (in Pricing)"),
        ("ask", "overdue", "Pricing (within 4 working hours)"),
        ("checkin", "overdue", "Daily, Wed 2 Dec"),
        # Two of Bob's working days: Thursday 17:00 his time.
        ("meeting", "open", "Q1 roadmap: Themes; Hiring"),
    ]
    assert all(o.creditor == "m-ana" and o.debtor == "m-bob" for o in owed)


def test_what_ana_is_owed_holds_bobs_part_of_every_kind(team: Team) -> None:
    _bob_owes_one_of_each(team)
    owed_to_ana = obligations.owed_to(
        team.ana.db, team.ana.team(), "m-ana", WEDNESDAY_1600_NEW_YORK
    )
    by_bob = [o for o in owed_to_ana if o.debtor == "m-bob"]
    owed_by_bob = obligations.owed_by(
        team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK
    )
    assert [(o.kind, o.id, o.due) for o in by_bob] == [(o.kind, o.id, o.due) for o in owed_by_bob]
    # Cy owes Ana today's check-in answer too; nobody owes a thing to themselves.
    assert {(o.kind, o.debtor) for o in owed_to_ana} - {(o.kind, "m-bob") for o in by_bob} == {
        ("checkin", "m-cy")
    }


def test_a_meeting_part_given_and_an_action_done_leave_the_queue(team: Team) -> None:
    meeting = _bob_owes_one_of_each(team)
    meetings.contribute(team.bob, meeting=meeting, item=1, text="Speed first")
    meetings.contribute(team.bob, meeting=meeting, item=2, text="One engineer")
    owed = obligations.owed_by(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK)
    (item,) = [o for o in owed if o.kind == "action"]
    actions.done(team.bob, action=item.id[-6:])
    team.sync()
    left = obligations.owed_by(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK)
    assert [o.kind for o in left] == ["ask", "checkin"]


def test_a_reply_answers_the_ask_and_only_the_ask(team: Team) -> None:
    _bob_owes_one_of_each(team)
    threads.reply(team.bob, thread=team.thread, body="Two tiers: free and team, at €8.")
    team.sync()
    left = obligations.owed_by(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK)
    assert "ask" not in {o.kind for o in left} and len(left) == 3
    with_answered = obligations.owed_by(
        team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK, answered=True
    )
    assert (with_answered[-1].kind, with_answered[-1].urgency) == ("ask", "answered")


def test_before_bobs_check_in_time_his_answer_is_not_owed_yet(team: Team) -> None:
    _bob_owes_one_of_each(team)
    # 05:20 in New York: today's question reaches Bob at 09:30 his time.
    owed = obligations.owed_by(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1120_BERLIN)
    assert "checkin" not in {o.kind for o in owed}


def test_cy_is_owed_nothing_and_owes_nothing_of_the_private_core(team: Team) -> None:
    core = threads.post(team.ana, channel="core", title="Salaries", body="Bands?").id
    actions.add(team.ana, thread=core, text="Draft the bands", owner="@bob", due="fri")
    asks.ask(team.ana, thread=core, person="@bob", within="1d")
    team.sync()
    cy = team.ws["cy"]
    everything = obligations.owed_by(cy.db, cy.team(), "m-cy", WEDNESDAY_1600_NEW_YORK)
    everything += obligations.owed_to(cy.db, cy.team(), "m-cy", WEDNESDAY_1600_NEW_YORK)
    assert everything == []
    bobs = obligations.owed_by(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK)
    assert {o.thread for o in bobs} == {core}


def test_the_queue_as_scripts_read_it_keeps_the_asks_fields(team: Team) -> None:
    _bob_owes_one_of_each(team)
    owed = obligations.owed_by(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK)
    ask = next(o for o in owed if o.kind == "ask").json()
    assert {"id", "asker", "asked", "within", "answered_by", "kind", "debtor", "due"} <= set(ask)
    assert "ask" not in ask
    action = next(o for o in owed if o.kind == "action").json()
    assert action["kind"] == "action" and action["what"] == "Send the figures"


def test_bobs_owed_by_me_view_lists_each_thread_once_and_counts_what_it_lists(team: Team) -> None:
    meeting = _bob_owes_one_of_each(team)
    views = Views(team.bob.db, team.bob.team(), "m-bob", WEDNESDAY_1600_NEW_YORK)
    # The ask and the action item share "Pricing"; nobody has answered the check-in
    # yet, so its day has no thread to list.
    assert views.thread_ids(OWED_BY_ME, "urgency") == [team.thread, meeting]
    assert {v.id: v.count for v in views.sidebar()}[OWED_BY_ME] == 2
    # One badge per person, the most pressing: the action item, due 10:00 his time.
    (pricing,) = views.badges(team.thread)
    assert pricing.text == "you · overdue 6h"
    (part,) = views.badges(meeting)
    assert part.text == "you · 1d 1h left"
    ana = Views(team.ana.db, team.ana.team(), "m-ana", WEDNESDAY_1600_NEW_YORK)
    assert ana.thread_ids(OWED_TO_ME, "urgency") == [team.thread, meeting]
