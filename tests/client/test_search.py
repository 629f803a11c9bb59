"""Search like a tool people use daily: titles, messages, decisions, action items and
agendas, narrowed by operators, best first, the matched words marked.

Ana in Berlin, Bob in New York and Cy in Berlin (``three_people``), on one shared
folder; it is Wednesday 2 December 2026, 11:20 in Berlin.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from three_people import Team

from asynctui.client import search
from asynctui.client.commands import actions, asks, channels, meetings, threads
from asynctui.client.search import Found, SearchError


@pytest.fixture
def team(tmp_path: Path) -> Team:
    team = Team(tmp_path)
    crash = threads.post(team.ana, channel="#general", title="Crash on Android 15 when resuming",
                         body="Steps are in the ticket.").id  # fmt: skip
    team.sync()
    threads.reply(team.bob, thread=crash, body="I can reproduce the crash on a Pixel.")
    actions.decide(team.ana, thread=crash, text="Ship the fix in 2.4.1")
    actions.add(team.ana, thread=crash, text="Write the release notes", owner="@bob")
    meetings.create(
        team.ana, channel="#general", title="Q1 roadmap", goal="Agree on themes", due="2d",
        agenda=["Hiring plan", "Payments provider"], participants=["@bob"],
    )  # fmt: skip
    team.sync()
    return team


def _find(team: Team, who: str, text: str) -> list[Found]:
    ws = team.ws[who]
    return search.find(ws.db, ws.team(), f"m-{who}", ws.now(), text)


def _kinds(found: list[Found]) -> list[tuple[str, str]]:
    return [(f.kind, f.thread_title) for f in found]


def test_a_thread_is_found_by_a_word_of_its_title(team: Team) -> None:
    (hit,) = _find(team, "cy", "resuming")
    assert (hit.kind, hit.thread_title) == ("title", "Crash on Android 15 when resuming")
    assert hit.snippet == "Crash on Android 15 when »resuming«"


def test_decisions_action_items_and_agendas_are_found_too(team: Team) -> None:
    assert _kinds(_find(team, "cy", "fix")) == [("decision", "Crash on Android 15 when resuming")]
    assert _kinds(_find(team, "cy", "release notes")) == [
        ("action", "Crash on Android 15 when resuming")
    ]
    assert _kinds(_find(team, "cy", "payments")) == [("agenda", "Q1 roadmap")]


def test_the_best_match_comes_first(team: Team) -> None:
    found = _find(team, "cy", "crash")
    # Bob's reply says "crash" once in a short text; the title says it too.
    assert {f.kind for f in found} == {"title", "message"}
    assert found == sorted(found, key=lambda f: f.rank)


def test_from_and_in_narrow_it_to_one_person_and_one_channel(team: Team) -> None:
    assert _kinds(_find(team, "cy", "crash from:@bob")) == [
        ("message", "Crash on Android 15 when resuming")
    ]
    channels.create(team.ana, name="design")
    threads.post(team.ana, channel="#design", title="Crash screen art", body="Sketches")
    team.sync()
    assert _kinds(_find(team, "cy", "crash in:#design")) == [("title", "Crash screen art")]


def test_before_and_after_are_days_in_my_zone(team: Team) -> None:
    assert _find(team, "cy", "crash before:2026-12-02") == []
    assert _find(team, "cy", "crash after:2026-12-02") == []
    assert len(_find(team, "cy", "crash after:2026-12-01 before:2026-12-03")) == 2


def test_is_open_is_owed_and_has_decision(team: Team) -> None:
    crash = _find(team, "ana", "resuming")[0].thread
    assert len(_find(team, "ana", "crash has:decision")) == 2
    assert _find(team, "ana", "roadmap has:decision") == []
    # The action item in the crash thread is Bob's: it is owed by him, not by Cy.
    assert len(_find(team, "bob", "crash is:owed")) == 2
    assert _find(team, "cy", "crash is:owed") == []
    threads.resolve(team.ana, thread=crash)
    assert _find(team, "ana", "crash is:open") == []


def test_operators_alone_list_the_newest_first(team: Team) -> None:
    found = _find(team, "cy", "from:@bob")
    assert [f.snippet for f in found] == ["I can reproduce the crash on a Pixel."]


def test_a_quoted_phrase_is_matched_as_written(team: Team) -> None:
    assert len(_find(team, "cy", '"crash on a pixel"')) == 1
    assert _find(team, "cy", '"pixel crash"') == []


def test_a_private_channel_is_searched_only_by_its_members(team: Team) -> None:
    channels.create(team.ana, name="deals", private=True, members=["@bob"])
    threads.post(team.ana, channel="#deals", title="Walrus discount", body="Secret")
    team.sync()
    assert len(_find(team, "bob", "walrus")) == 1
    assert _find(team, "cy", "walrus") == []


def test_what_cannot_be_read_is_a_one_line_error(team: Team) -> None:
    for text, said in (
        ("crash before:friday", "before: wants a day like 2026-12-01 (not 'friday')"),
        ("is:late", "is: takes open or owed (not 'late')"),
        ("in:#nowhere", "in: no channel #nowhere"),
        ("from:@zoe", "from: no member @zoe"),
        ("from:", "from: needs a value (from:@ana)"),
    ):
        with pytest.raises(SearchError) as caught:
            _find(team, "cy", text)
        assert str(caught.value) == said


def test_a_word_with_a_colon_that_is_no_operator_is_a_word(team: Team) -> None:
    asks.ask(team.ana, thread=_find(team, "ana", "resuming")[0].thread, person="@bob")
    threads.post(team.ana, channel="#general", title="Notes", body="TODO: write tests")
    team.sync()
    assert _kinds(_find(team, "cy", "TODO: tests")) == [("message", "Notes")]
