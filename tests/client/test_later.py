"""Later: a thread or a thing owed, put off until a time on my own calendar, out of
my queues until then, back at the top after, and said once inside my hours.

Ana in Berlin, Bob in New York and Cy in Berlin (``three_people``), Mon-Fri
09:00-17:00 in their own time; it is Wednesday 2 December 2026, 11:20 in Berlin.
Ana asks Bob in "Pricing" for a reply within 4h.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from three_people import WEDNESDAY_1120_BERLIN, Team

from asynctui.client import later, obligations
from asynctui.client.commands import Refused, asks
from asynctui.client.commands import later as commands
from asynctui.client.views import INBOX, LATER, OWED_BY_ME, Views
from asynctui.core.clock import FixedClock

THURSDAY_0900_NEW_YORK = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


@pytest.fixture
def team(tmp_path: Path) -> Team:
    team = Team(tmp_path)
    asks.ask(team.ana, thread=team.thread, person="@bob", within="4h")
    team.sync()
    return team


def _at(team: Team, when: datetime) -> None:
    for ws in team.ws.values():
        ws.clock = FixedClock(when)


def _owed(team: Team, who: str) -> list[str]:
    ws = team.ws[who]
    return [o.thread for o in obligations.owed_by(ws.db, ws.team(), f"m-{who}", ws.now())]


def test_bob_snoozes_until_his_next_working_morning_and_it_leaves_his_queues(team: Team) -> None:
    done = commands.snooze(team.bob, target=team.thread)
    # 05:20 in New York: his working morning is today's, at 09:00 (15:00 in Berlin).
    assert done.said.endswith("until 09:00.")
    team.sync()
    assert _owed(team, "bob") == []
    views = Views(team.bob.db, team.bob.team(), "m-bob", team.bob.now())
    assert views.thread_ids(OWED_BY_ME) == [] and team.thread not in views.thread_ids(INBOX)
    assert views.thread_ids(LATER) == [team.thread]
    (put_off,) = later.listing(team.bob.db, "m-bob", team.bob.now())
    assert put_off.until == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


def test_snoozed_in_the_afternoon_morning_is_the_next_working_day(team: Team) -> None:
    _at(team, datetime(2026, 12, 4, 20, 0, tzinfo=UTC))  # Friday 15:00 in New York
    done = commands.snooze(team.bob, target=team.thread, until="morning")
    assert done.said.endswith("until Mon 09:00.")


def test_in_two_working_hours_counts_on_my_calendar(team: Team) -> None:
    _at(team, datetime(2026, 12, 2, 21, 0, tzinfo=UTC))  # Wednesday 16:00 in New York
    done = commands.snooze(team.bob, target=team.thread, until="2 working hours")
    # One hour today, one tomorrow from 09:00.
    assert done.said.endswith("until tomorrow 10:00.")


def test_when_its_time_comes_it_is_back_at_the_top_and_says_so_once(team: Team) -> None:
    commands.snooze(team.bob, target=team.thread, until="thu 09:00")
    team.sync()
    _at(team, THURSDAY_0900_NEW_YORK)
    assert _owed(team, "bob") == [team.thread]
    views = Views(team.bob.db, team.bob.team(), "m-bob", team.bob.now())
    assert views.thread_ids(INBOX)[0] == team.thread
    (wake,) = later.due_wakes(team.bob.db, team.bob.team(), "m-bob", team.bob.now())
    assert wake.text() == "Back from later: Pricing"
    later.mark_woken(team.bob.db, wake, team.bob.now())
    assert later.due_wakes(team.bob.db, team.bob.team(), "m-bob", team.bob.now()) == []


def test_what_comes_back_at_night_waits_for_my_hours_to_say_so(team: Team) -> None:
    commands.snooze(team.bob, target=team.thread, until="in 3h")  # 08:20 in New York
    _at(team, WEDNESDAY_1120_BERLIN + timedelta(hours=3, minutes=10))
    assert later.due_wakes(team.bob.db, team.bob.team(), "m-bob", team.bob.now()) == []
    _at(team, WEDNESDAY_1120_BERLIN + timedelta(hours=3, minutes=45))  # 09:05 there
    assert len(later.due_wakes(team.bob.db, team.bob.team(), "m-bob", team.bob.now())) == 1


def test_snoozing_one_ask_keeps_the_rest_of_the_thread_in_the_queue(team: Team) -> None:
    (ask,) = [o.id for o in obligations.owed_by(team.bob.db, team.bob.team(), "m-bob",
                                                 team.bob.now())]  # fmt: skip
    commands.snooze(team.bob, target=ask[-6:], until="tomorrow")
    assert _owed(team, "bob") == []
    assert commands.wake(team.bob, target=ask[-6:]).said.startswith("Back from later: ask")
    assert _owed(team, "bob") == [team.thread]


def test_a_time_already_gone_or_unreadable_is_refused(team: Team) -> None:
    with pytest.raises(Refused, match="has already passed"):
        commands.snooze(team.bob, target=team.thread, until="2026-12-01 09:00")
    with pytest.raises(Refused, match="not a time"):
        commands.snooze(team.bob, target=team.thread, until="whenever")
    with pytest.raises(Refused, match="no thread, ask or action item 'zzzzzz'"):
        commands.snooze(team.bob, target="zzzzzz")


def test_bobs_snooze_is_his_alone(team: Team) -> None:
    commands.snooze(team.bob, target=team.thread, until="thu 09:00")
    team.sync()
    # Ana sees nothing of Bob's snooze in her own queues.
    assert later.listing(team.ana.db, "m-ana", team.ana.now()) == []
    assert [s.target for s in later.listing(team.bob.db, "m-bob", team.bob.now())] == [team.thread]
