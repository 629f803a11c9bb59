"""The kept-promise record: how each person answers the asks made of them, in
their own working hours, shown to the team by name and never as a ranking.

Ana in Berlin, Bob in New York and Cy in Berlin (``three_people``), all Mon-Fri
09:00-17:00 in their own time, on one shared folder.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from three_people import WEDNESDAY_1120_BERLIN, Team

from asynctui.client import promises, queries
from asynctui.client.commands import ask_steps, asks, channels, threads
from asynctui.core.clock import FixedClock

MONDAY_1000_NEW_YORK = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path)


def _at(team: Team, when: datetime) -> None:
    for ws in team.ws.values():
        ws.clock = FixedClock(when)


def _ask_bob_and_answer(team: Team, asked: datetime, after: timedelta | None) -> str:
    """Ana asks Bob within 4h at ``asked``; Bob answers ``after`` later (None: never)."""
    _at(team, asked)
    thread = threads.post(team.ana, channel="#general", title="Question", body="?").id
    ask = asks.ask(team.ana, thread=thread, person="@bob", within="4h").id
    team.sync()
    if after is not None:
        _at(team, asked + after)
        threads.reply(team.bob, thread=thread, body="Here is the answer you wanted.")
        team.sync()
    return ask


def _record(team: Team, who: str, days: int = 30) -> promises.Record:
    ws = team.ana
    return promises.record(ws.db, ws.team(), f"m-{who}", "m-ana", WEDNESDAY_1120_BERLIN, days)


def test_bob_answers_in_his_own_working_hours_and_mostly_within_promise(team: Team) -> None:
    # Monday 10:00 in New York: answered after 1h and after 3h of his day, both within 4h.
    _ask_bob_and_answer(team, MONDAY_1000_NEW_YORK, timedelta(hours=1))
    _ask_bob_and_answer(team, MONDAY_1000_NEW_YORK, timedelta(hours=3))
    # Asked Monday 16:00 his time: 1h that day, the answer Tuesday 14:00 is 6 working
    # hours on, 2 hours past the window (due Tuesday 12:00).
    _ask_bob_and_answer(team, MONDAY_1000_NEW_YORK + timedelta(hours=6), timedelta(hours=22))
    # Asked Tuesday 09:00 his time, never answered: due 13:00, past due now.
    _ask_bob_and_answer(team, MONDAY_1000_NEW_YORK + timedelta(hours=23), None)
    bob = _record(team, "bob")
    assert (bob.answered, bob.kept, bob.counted) == (3, 2, 4)
    assert bob.median_working == timedelta(hours=3)
    assert bob.words() == "answers in 3 working hours; 50% within promise (2 of 4)"


def test_an_ask_not_yet_due_withdrawn_or_declined_is_not_counted(team: Team) -> None:
    _at(team, WEDNESDAY_1120_BERLIN)
    thread = threads.post(team.ana, channel="#general", title="Later", body="?").id
    for _ in range(3):
        asks.ask(team.ana, thread=thread, person="@bob", within="4h")
    team.sync()
    open_asks = queries.asks(team.bob.db, team.bob.team(), team.bob.now(), thread_id=thread)
    first, second, _third = [a.id for a in open_asks]
    ask_steps.decline(team.bob, ask=first, reason="Not mine")
    ask_steps.withdraw(team.ana, ask=second)
    team.sync()
    bob = _record(team, "bob")
    assert bob.counted == 0
    assert bob.words() == "no asks answered or due in the last 30 days"


def test_the_record_lists_everyone_by_name_not_by_how_well_they_do(team: Team) -> None:
    _ask_bob_and_answer(team, MONDAY_1000_NEW_YORK, timedelta(hours=1))
    ws = team.ana
    found = promises.records(ws.db, ws.team(), "m-ana", WEDNESDAY_1120_BERLIN, 30)
    assert [r.member for r in found] == ["m-ana", "m-bob", "m-cy"]


def test_the_last_30_days_leave_out_what_the_last_90_keep(team: Team) -> None:
    _ask_bob_and_answer(team, MONDAY_1000_NEW_YORK - timedelta(days=42), timedelta(hours=2))
    assert _record(team, "bob", 30).counted == 0
    assert _record(team, "bob", 90).words() == (
        "answers in 2 working hours; 100% within promise (1 of 1)"
    )


def test_an_ask_in_a_private_channel_counts_only_for_its_members(team: Team) -> None:
    _at(team, MONDAY_1000_NEW_YORK)
    channels.create(team.ana, name="deals", private=True, members=["@bob"])
    thread = threads.post(team.ana, channel="#deals", title="Q4", body="Discount?").id
    asks.ask(team.ana, thread=thread, person="@bob", within="4h")
    team.sync()
    cy = team.ws["cy"]
    seen_by_cy = promises.record(cy.db, cy.team(), "m-bob", "m-cy", WEDNESDAY_1120_BERLIN, 30)
    assert (_record(team, "bob").counted, seen_by_cy.counted) == (1, 0)


def test_the_team_panels_lines_are_worked_out_again_when_the_log_grows(team: Team) -> None:
    ws = team.ana
    panel = promises.PanelLines()
    before = panel.lines(ws.db, ws.team(), "m-ana", WEDNESDAY_1120_BERLIN, ws.replica.lamport)
    assert "m-bob" not in before
    _ask_bob_and_answer(team, MONDAY_1000_NEW_YORK, timedelta(hours=1))
    after = panel.lines(ws.db, ws.team(), "m-ana", WEDNESDAY_1120_BERLIN, ws.replica.lamport)
    assert after["m-bob"] == "answers in 1h; 100% within promise"
